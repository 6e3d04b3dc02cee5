#!/usr/bin/env node
// Times the projector's write statements alone, method against method, alternated on one
// connection so a busy machine slows every method alike (issue 16):
//   node scripts/dev/store-probe.js --from DB --rounds N [--batch 10000] [--journeys 3000]
// DB is a database a catch-up filled (projector-catchup.js run): its stored events and
// journeys are the data. Each round writes one batch of those events (with fresh eventIds)
// through EventStore.insert by every method (insert, copy; order rotated each round),
// and upserts one set of its journeys through JourneyStore.upsert by every method, each in a
// transaction set as the projector sets it (after one uncounted warm-up round), into a scratch database (recreated, migrated:
// ips_bench_store_probe). Prints one JSON line per measurement, and the medians.
require('./../register-aliases.js');
const { randomUUID } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { join, resolve } = require('node:path');
const { Client } = require('pg');
const { DataSource } = require('typeorm');

const repo = resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : args[i + 1];
};
const pg = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const from = opt('from');
const rounds = Number(opt('rounds', 6));
const batch = Number(opt('batch', 10000));
const journeyCount = Number(opt('journeys', 3000));
const scratch = 'ips_bench_store_probe';
const { EventStore } = require(
  join(repo, 'dist', 'apps', 'projector', 'src', 'event-store', 'event-store.js'),
);
const { JourneyStore } = require(
  join(repo, 'dist', 'apps', 'projector', 'src', 'event-store', 'journey-store.js'),
);

async function rows(db, text, params = []) {
  const c = new Client({ connectionString: `${pg}/${db}` });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

(async () => {
  if (!from) throw new Error('--from DB is required');
  const events = (
    await rows(from, `SELECT event::text AS e FROM participant_events ORDER BY seq LIMIT $1`, [batch])
  ).map((r) => JSON.parse(r.e));
  const journeys = (
    await rows(from, `SELECT journey::text AS j FROM journeys ORDER BY site_id, participant_id LIMIT $1`, [
      journeyCount,
    ])
  ).map((r) => JSON.parse(r.j));
  await rows('postgres', `DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  await rows('postgres', `CREATE DATABASE "${scratch}"`);
  execFileSync(
    process.execPath,
    [
      '-r',
      join(repo, 'scripts', 'register-aliases.js'),
      join(repo, 'dist', 'libs', 'persistence', 'src', 'cli', 'migrate.js'),
    ],
    {
      env: { PATH: process.env.PATH, DATABASE_URL: `${pg}/${scratch}` },
      stdio: 'ignore',
    },
  );
  const ds = new DataSource({ type: 'postgres', url: `${pg}/${scratch}`, extra: { max: 1 } });
  await ds.initialize();
  const inTx = (work) =>
    ds.transaction('READ COMMITTED', async (tx) => {
      await tx.query(`SET LOCAL synchronous_commit = off; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`);
      const t0 = process.hrtime.bigint();
      await work(tx);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    });
  const eventMethods = ['insert', 'copy'];
  const journeyMethods = ['insert', 'copy'];
  const times = {};
  let counting = false;
  const note = (what, ms) =>
    counting &&
    ((times[what] ??= []).push(ms),
    process.stdout.write(`${JSON.stringify({ what, ms: Math.round(ms) })}\n`));
  // round 0 is a warm-up (the journeys' first write inserts them; later ones update), not counted
  for (let r = 0; r <= rounds; r++) {
    counting = r > 0;
    for (let k = 0; k < eventMethods.length; k++) {
      const how = eventMethods[(k + r) % eventMethods.length];
      const fresh = events.map((e, i) => ({
        event: { ...e, eventId: randomUUID() },
        topic: 'probe',
        partition: 0,
        offset: String(i),
      }));
      note(`events ${how}`, await inTx((tx) => EventStore.insert(tx, fresh, how)));
    }
    for (let k = 0; k < journeyMethods.length; k++) {
      const how = journeyMethods[(k + r) % journeyMethods.length];
      note(`journeys ${how}`, await inTx((tx) => JourneyStore.upsert(tx, journeys, how)));
    }
  }
  await ds.destroy();
  const medians = Object.fromEntries(
    Object.entries(times).map(([k, v]) => [
      k,
      { median: Math.round(median(v)), min: Math.round(Math.min(...v)), max: Math.round(Math.max(...v)) },
    ]),
  );
  process.stdout.write(`${JSON.stringify({ batch, journeys: journeys.length, rounds, medians })}\n`);
})().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});

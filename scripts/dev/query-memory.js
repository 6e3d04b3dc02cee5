#!/usr/bin/env node
// The query service's copy of a trial's journeys on its own (issue 16, "Query memory"): its
// heap per journey, and bench 5's outcomes query computed through the same handler, without
// HTTP. For A/B runs of JourneyReader; BENCHMARKS.md has the results.
//
//   node -r ./scripts/register-aliases.js scripts/dev/query-memory.js fill --db NAME [--participants N]
//     recreates the database NAME (its name must contain "bench"), migrates it, simulates the
//     bench's trial A (seed 1, no mess, N participants, default 100,000), folds each
//     participant's events with foldJourney, as the projector does, and stores the journeys
//   IPS_DIST_DIR=DIR node --expose-gc -r ./scripts/register-aliases.js scripts/dev/query-memory.js run --db NAME [--trial T] [--rounds R]
//     loads the trial (default bench-a, the one fill stores) into DIR's JourneyReader (default:
//     this checkout's dist), measures the heap and RSS before and after (each after a full
//     GC), then times R rounds (default 40; 0: none) of bench 5's two cuts at a different
//     as-of date each (version 1), through DIR's GetTrialOutcomesHandler; prints one JSON
//     line. npm run bench runs it with --rounds 0 on its own database for bench 5's memory
//     figure (--url instead of --db: any database URL)
//
// Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432).
require('reflect-metadata');
const { join, resolve } = require('node:path');
const { loadavg } = require('node:os');
const { Client } = require('pg');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : args[i + 1];
};
const pg = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const db = opt('db');
const url = opt('url') ?? `${pg}/${db}`;
if (!opt('url') && (!db || !/bench/.test(db)))
  throw new Error('--db NAME (containing "bench") or --url is required');
const trialId = opt('trial', 'bench-a');
const dist = resolve(process.env.IPS_DIST_DIR || join(__dirname, '..', '..', 'dist'));

async function fill() {
  if (!db || !/bench/.test(db)) throw new Error('fill needs --db NAME, and NAME must contain "bench"');
  const participants = Number(opt('participants', '100000'));
  const admin = new Client(`${pg}/postgres`);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${db}"`);
  await admin.query(`CREATE DATABASE "${db}"`);
  await admin.end();
  const { createDataSource } = require('@ips/persistence');
  const dataSource = createDataSource({ url, poolSize: 1 });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  const { TrialSimulation, foldUploads, defaultSites, NO_MESS } = require('@ips/simulation');
  const sim = new TrialSimulation({
    participants,
    seed: 1,
    sites: defaultSites(`${trialId}-`),
    mess: NO_MESS,
  });
  const journeys = [...foldUploads(sim.uploads(), trialId).values()];
  const client = new Client(url);
  await client.connect();
  await client.query(`INSERT INTO trials (trial_id, name, start_date) VALUES ($1, $1, $2)`, [
    trialId,
    sim.config.startDate,
  ]);
  for (let i = 0; i < journeys.length; i += 5000) {
    const part = journeys.slice(i, i + 5000);
    await client.query(
      `INSERT INTO journeys (site_id, participant_id, trial_id, journey, event_count, finding_count)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::json[], $5::int[], $6::int[])`,
      [
        part.map((j) => j.siteId),
        part.map((j) => j.participantId),
        part.map((j) => j.trialId),
        part.map((j) => JSON.stringify(j)),
        part.map((j) => j.eventCount),
        part.map((j) => j.findings.length),
      ],
    );
  }
  await client.end();
  console.log(JSON.stringify({ db, trialId, journeys: journeys.length }));
}

function settled() {
  if (typeof global.gc !== 'function') throw new Error('run needs node --expose-gc');
  global.gc();
  global.gc();
  return process.memoryUsage();
}

async function run() {
  const rounds = Number(opt('rounds', '40'));
  const { createDataSource, JourneyReader } = require('@ips/persistence');
  const query = (file) => require(join(dist, 'apps', 'query', 'src', 'outcomes', file));
  const { GetTrialOutcomesHandler } = query('get-trial-outcomes/get-trial-outcomes.handler.js');
  const { GetTrialOutcomes } = query('get-trial-outcomes/get-trial-outcomes.query.js');
  const { CutTallies } = query('cut-tallies.js');
  const dataSource = createDataSource({ url, poolSize: 4 });
  await dataSource.initialize();
  await dataSource.query('SELECT 1');
  const reader = new JourneyReader(dataSource);
  const before = settled();
  const started = process.hrtime.bigint();
  const journeys = (await reader.journeysOf(trialId)).length;
  const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
  const rssAtLoad = process.memoryUsage().rss;
  const after = settled();
  const per100k = (bytes) => Math.round(((bytes / journeys) * 100_000) / 1048576);

  const handler = new GetTrialOutcomesHandler(reader, new CutTallies());
  // as bench 5: a different as-of date every round, so every answer is computed
  const asOf = (round) => new Date(Date.UTC(2019, 5, 30) - round * 86_400_000).toISOString().slice(0, 10);
  const ask = async (groupBy, round) => {
    const t = process.hrtime.bigint();
    await handler.execute(new GetTrialOutcomes(trialId, asOf(round), groupBy.split(','), {}, 'quarter', 1));
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  for (let i = 0; i < (rounds > 0 ? 3 : 0); i++) await ask('arm,condition', rounds + 1 + i);
  const cuts = { 'arm,condition': [], 'site,arm,cohort': [] };
  for (let i = 0; i < rounds; i++) for (const cut of Object.keys(cuts)) cuts[cut].push(await ask(cut, i));
  const percentile = (xs, p) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return (
      Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10
    );
  };
  await dataSource.destroy();
  console.log(
    JSON.stringify({
      dist,
      journeys,
      loadMs: Math.round(loadMs),
      heapBytesPerJourney: Math.round((after.heapUsed - before.heapUsed) / journeys),
      heapMiBPer100k: per100k(after.heapUsed - before.heapUsed),
      rssMiBPer100kAtLoad: per100k(rssAtLoad - before.rss),
      rssMiBPer100kAfterGc: per100k(after.rss - before.rss),
      p95: Object.fromEntries(Object.entries(cuts).map(([cut, xs]) => [cut, percentile(xs, 95)])),
      p50: Object.fromEntries(Object.entries(cuts).map(([cut, xs]) => [cut, percentile(xs, 50)])),
      loadAverage: loadavg()[0],
    }),
  );
}

const command = args[0];
(command === 'fill' ? fill() : command === 'run' ? run() : Promise.reject(new Error('fill or run'))).catch(
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

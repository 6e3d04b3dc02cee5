#!/usr/bin/env node
// Bench 3 on its own, for A/B runs of the projector (the full `npm run bench` takes ~15 min).
//
//   node scripts/dev/projector-catchup.js fill --prefix P --participants N [--participants-b N]
//     simulates the bench's two trials (same seeds) and produces them, as the ingest would,
//     to P.ips.participant-events (6 partitions) with a bare producer
//   node scripts/dev/projector-catchup.js run --prefix P --db NAME [--dist DIR] [--profile DIR] [--instances N]
//     recreates the database NAME (its name must contain "bench"), migrates it with DIR's
//     build, starts DIR's projector (default: this checkout's dist) on the full topic and
//     times it from start to the last offset stored in Postgres; prints one JSON line.
//   --profile DIR writes a V8 CPU profile of the projector there (profile-summary.js reads it)
//   --instances N starts N projectors in one consumer group (ports --port, --port+1, …); the
//     phases and transactions are their sums
//   the JSON line has each projector's peak resident memory (peakRssMiB, Linux only)
//
// Environment: KAFKA_BROKERS (default 127.0.0.1:9092), BENCH_PG (default
// postgres://postgres@127.0.0.1:5432), and any PROJECTOR_* setting, passed to the projector.
const { spawn, execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { Kafka, logLevel, Partitioners } = require('kafkajs');
const { Client } = require('pg');

const repo = resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : args[i + 1];
};
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const pg = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const prefix = opt('prefix');
if (!prefix) throw new Error('--prefix is required');
const topic = `${prefix}.ips.participant-events`;
const log = (s) => process.stderr.write(`${s}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function fill() {
  require(join(repo, 'scripts', 'register-aliases.js'));
  const { simulateTrial, batches } = require(join(repo, 'dist', 'apps', 'bench', 'src', 'trial-data.js'));
  const { participantKey } = require(join(repo, 'dist', 'libs', 'contracts', 'src', 'index.js'));
  const a = Number(opt('participants', 100000));
  const b = Number(opt('participants-b', a));
  const kafka = new Kafka({ clientId: 'catchup-fill', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 6, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let total = 0;
  for (const [suffix, n, seed] of [
    ['a', a, 1],
    ['b', b, 2],
  ]) {
    log(`simulating trial ${suffix} (${n} participants)`);
    const trial = await simulateTrial(`${prefix}-${suffix}`, `${prefix}-${suffix}-`, n, seed);
    const recordedAt = new Date().toISOString();
    for (const batch of batches(trial, 500)) {
      await producer.send({
        topic,
        acks: -1,
        messages: batch.events.map((e) => ({
          key: participantKey(e.siteId, e.participantId),
          value: JSON.stringify({ ...e, trialId: trial.trialId, recordedAt }),
          headers: { type: e.type, schemaVersion: '1' },
        })),
      });
      total += batch.events.length;
    }
    log(`  produced ${total} events so far`);
  }
  await producer.disconnect();
  log(`filled ${topic} with ${total} events`);
}

async function sql(db, text, params = []) {
  const client = new Client({ connectionString: `${pg}/${db}` });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function run() {
  const db = opt('db');
  if (!/bench/.test(db ?? '')) throw new Error('--db must name a database whose name contains "bench"');
  const dist = resolve(opt('dist', repo));
  const profile = opt('profile');
  const aliases = join(dist, 'scripts', 'register-aliases.js');
  await sql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await sql('postgres', `CREATE DATABASE "${db}"`);
  const env = {
    PATH: process.env.PATH,
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('PROJECTOR_'))),
    DATABASE_URL: `${pg}/${db}`,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: `${prefix}.`,
    KAFKA_TOPIC_PARTITIONS: '6',
    PROJECTOR_GROUP_ID: `${prefix}-${db}-${Date.now()}`,
    PROJECTOR_PORT: opt('port', '39180'),
    ADMIN_API_KEY: 'x'.repeat(40),
    LOG_LEVEL: 'warn',
  };
  execFileSync(
    process.execPath,
    ['-r', aliases, join(dist, 'dist', 'libs', 'persistence', 'src', 'cli', 'migrate.js')],
    {
      env,
      stdio: 'ignore',
    },
  );
  const kafka = new Kafka({ clientId: 'catchup-run', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const total = (await admin.fetchTopicOffsets(topic)).reduce(
    (s, o) => s + Number(o.high) - Number(o.low),
    0,
  );
  await admin.disconnect();
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const instances = Number(opt('instances', 1));
  const basePort = Number(env.PROJECTOR_PORT);
  const started = process.hrtime.bigint();
  const children = Array.from({ length: instances }, (_, i) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs, '-r', aliases, join(dist, 'dist', 'apps', 'projector', 'src', 'main.js')],
      {
        env: { ...env, PROJECTOR_PORT: String(basePort + i) },
        stdio: ['ignore', 'ignore', 'inherit'],
        cwd: dist,
      },
    );
    child.exited = false;
    child.on('exit', () => (child.exited = true));
    return child;
  });
  let done = 0;
  let lastLog = 0;
  for (;;) {
    if (children.some((c) => c.exited)) throw new Error('a projector exited before catching up');
    const [row] = await sql(
      db,
      `SELECT coalesce(sum(next_offset), 0) AS n FROM projector_offsets WHERE topic = $1`,
      [topic],
    ).catch(() => [{ n: 0 }]);
    done = Number(row.n);
    if (done >= total) break;
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`  ${done} / ${total}`);
    }
    await sleep(100);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [{ journeys }] = await sql(db, `SELECT count(*)::int AS journeys FROM journeys`);
  // the work done: every journey write takes a new version from this sequence
  const [{ journeyWrites }] = await sql(
    db,
    `SELECT last_value::int AS "journeyWrites" FROM journey_version_seq`,
  );
  // the projectors' own account of where the time went (projector_phase_seconds, summed)
  const phases = {};
  let transactions = 0;
  const peakRssMiB = [];
  for (const [i, child] of children.entries()) {
    const metrics = await fetch(`http://127.0.0.1:${basePort + i}/metrics`)
      .then((r) => r.text())
      .catch(() => '');
    for (const m of metrics.matchAll(/^projector_phase_seconds_sum\{phase="(\w+)"\} ([\d.e+-]+)$/gm))
      phases[m[1]] = Math.round(((phases[m[1]] ?? 0) + Number(m[2])) * 10) / 10;
    transactions += Number(/^projector_batch_seconds_count (\d+)$/m.exec(metrics)?.[1] ?? NaN);
    // each projector's peak resident memory (the kernel's high-water mark), to weigh caches
    try {
      const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      peakRssMiB.push(kb ? Math.round(Number(kb) / 1024) : null);
    } catch {
      peakRssMiB.push(null); // not Linux, or already gone
    }
  }
  for (const child of children) {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exited ? r() : child.on('exit', r)));
  }
  process.stdout.write(
    `${JSON.stringify({ dist, instances, events: total, journeys, seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round(total / seconds), transactions, journeyWrites, peakRssMiB: instances === 1 ? peakRssMiB[0] : peakRssMiB, phases })}\n`,
  );
}

(args[0] === 'fill' ? fill() : args[0] === 'run' ? run() : Promise.reject(new Error('fill or run'))).catch(
  (err) => {
    log(err.stack ?? String(err));
    process.exit(1);
  },
);

#!/usr/bin/env node
// `npm start`: brings up Postgres and Kafka, migrates, starts the four apps and (unless
// --no-demo) sets up and streams a simulated demo trial. Ctrl-C stops what it started.
// `npm start -- --kafka-nodes 3` (or KAFKA_NODES=3) runs Kafka as a three-node cluster
// (infra/kafka/start.sh) and the apps' topics with three replicas.
const { spawn, spawnSync } = require('child_process');
const { startMailSink } = require('./mail-sink.js');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { parseArgs } = require('util');

const repo = path.resolve(__dirname, '..');
const runDir = process.env.IPS_RUN_DIR || path.join(repo, '.run');
const logDir = path.join(runDir, 'logs');
fs.mkdirSync(logDir, { recursive: true });

// INGEST_PORT, QUERY_PORT, REPORTING_PORT, PROJECTOR_PORT move them, as the apps read them too
const APPS = [
  { name: 'ingest', port: Number(process.env.INGEST_PORT || 3001) },
  { name: 'query', port: Number(process.env.QUERY_PORT || 3002) },
  { name: 'reporting', port: Number(process.env.REPORTING_PORT || 3003) },
  { name: 'projector', port: Number(process.env.PROJECTOR_PORT || 3004) },
];

function step(title) {
  process.stdout.write(`\n▶ ${title}\n`);
}

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`✖ ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(1);
  }
}

/** A secret generated once and kept in .run/ (mode 0600), so a second start reuses it. */
function localSecret(name, make) {
  const file = path.join(runDir, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, `${make()}\n`, { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

const adminKey = () =>
  process.env.ADMIN_API_KEY ||
  localSecret('admin-api-key', () => `ipsk_${crypto.randomBytes(32).toString('base64url')}`);
// seals webhook secrets at rest in the reporting service
const reportingSecret = () =>
  process.env.REPORTING_SECRET_KEY ||
  localSecret('reporting-secret-key', () => crypto.randomBytes(32).toString('hex'));

async function waitForHealth(url, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url}/health did not answer within ${timeoutMs / 1000} s`);
}

/** The command line (util.parseArgs): `--no-demo`, `--kafka-nodes N`; anything else is refused. */
function commandLine() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: { 'no-demo': { type: 'boolean', default: false }, 'kafka-nodes': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    console.error(`✖ ${err.message}\n  usage: npm start [-- --no-demo] [-- --kafka-nodes N]`);
    process.exit(2);
  }
}
const args = commandLine();

/** `--kafka-nodes N` or KAFKA_NODES (1–5, default 1). */
function kafkaNodes() {
  const raw = args['kafka-nodes'] ?? process.env.KAFKA_NODES ?? '1';
  if (!/^[1-5]$/.test(raw)) {
    console.error(`✖ --kafka-nodes (KAFKA_NODES) must be a whole number from 1 to 5 (got "${raw}")`);
    process.exit(1);
  }
  return Number(raw);
}

async function main() {
  const nodes = kafkaNodes();
  // infra/kafka/start.sh: one node's pid file is .run/kafka/kafka.pid, a cluster's .run/kafka/node-<i>/kafka.pid
  const kafkaPidFiles =
    nodes === 1
      ? [path.join(runDir, 'kafka', 'kafka.pid')]
      : Array.from({ length: nodes }, (_, i) => path.join(runDir, 'kafka', `node-${i + 1}`, 'kafka.pid'));
  const kafkaWasRunning = kafkaPidFiles.every(
    (file) => fs.existsSync(file) && isAlive(Number(fs.readFileSync(file, 'utf8'))),
  );
  // the same ports as infra/kafka/start.sh: node i listens on KAFKA_PORT + 2(i-1)
  const basePort = Number(process.env.KAFKA_PORT ?? 9092);
  const kafkaEnv = { KAFKA_NODES: String(nodes) };
  if (nodes > 1) {
    kafkaEnv.KAFKA_BROKERS =
      process.env.KAFKA_BROKERS ??
      Array.from({ length: nodes }, (_, i) => `127.0.0.1:${basePort + 2 * i}`).join(',');
    kafkaEnv.KAFKA_REPLICATION_FACTOR = process.env.KAFKA_REPLICATION_FACTOR ?? String(Math.min(3, nodes));
  }

  step(nodes === 1 ? 'Postgres and Kafka' : `Postgres and Kafka (${nodes} nodes)`);
  run('bash', ['infra/up.sh'], kafkaEnv);
  step('build');
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  run(process.execPath, ['scripts/build-pages.js']);
  step('migrations');
  run(process.execPath, ['-r', './scripts/register-aliases.js', 'dist/libs/persistence/src/cli/migrate.js']);

  const env = {
    ...process.env,
    ...kafkaEnv,
    ADMIN_API_KEY: adminKey(),
    REPORTING_SECRET_KEY: reportingSecret(),
  };
  // Reports by e-mail: without an SMTP server of your own (SMTP_URL), a local one that
  // writes every message to .run/mail/ and says where
  let mail = null;
  if (!process.env.SMTP_URL) {
    step('mail');
    const received = [];
    const waiting = new Set();
    const sink = await startMailSink({
      dir: path.join(runDir, 'mail'),
      onMessage(message) {
        received.push(message);
        console.log(`  ✉ "${message.parsed.subject}" → ${path.relative(repo, message.file)}`);
        for (const w of waiting) w();
      },
    });
    env.SMTP_URL = sink.url;
    mail = {
      dir: path.join(runDir, 'mail'),
      /** the first message (received so far or later) for which `match` is true */
      waitFor(match, timeoutMs = 120_000) {
        return new Promise((resolve, reject) => {
          const check = () => {
            const found = received.find(match);
            if (!found) return;
            waiting.delete(check);
            clearTimeout(timer);
            resolve(found);
          };
          const timer = setTimeout(() => {
            waiting.delete(check);
            reject(new Error(`no such e-mail arrived within ${timeoutMs / 1000} s`));
          }, timeoutMs);
          waiting.add(check);
          check();
        });
      },
    };
    console.log(`  ✔ mail sink ${sink.url} → ${path.relative(repo, mail.dir)}/`);
  }
  env.EMAIL_FROM ??= 'IPS reports (demo) <reports@ips-outcomes.example>';
  step('apps');
  const children = APPS.map((app) => {
    const log = fs.openSync(path.join(logDir, `${app.name}.log`), 'a');
    const child = spawn(
      process.execPath,
      ['-r', './scripts/register-aliases.js', `dist/apps/${app.name}/src/main.js`],
      {
        cwd: repo,
        env,
        stdio: ['ignore', log, log],
      },
    );
    child.on('exit', (code, signal) => {
      if (!stopping)
        console.error(
          `✖ ${app.name} exited (${signal ?? code}); see ${path.relative(repo, path.join(logDir, `${app.name}.log`))}`,
        );
    });
    return { ...app, child };
  });

  let stopping = false;
  const stop = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\n■ stopping apps…\n');
    await Promise.all(
      children.map(
        ({ child }) =>
          new Promise((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', resolve);
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
          }),
      ),
    );
    if (!kafkaWasRunning) run('bash', ['infra/kafka/stop.sh']);
    process.exit(exitCode);
  };
  process.on('SIGINT', () => stop());
  process.on('SIGTERM', () => stop());

  for (const app of children) {
    try {
      await waitForHealth(`http://127.0.0.1:${app.port}`);
    } catch (err) {
      console.error(`✖ ${err.message}; see ${path.relative(repo, path.join(logDir, `${app.name}.log`))}`);
      await stop(1);
    }
    console.log(`  ✔ ${app.name.padEnd(10)} http://127.0.0.1:${app.port}`);
  }

  if (!args['no-demo']) {
    try {
      await require('./demo.js').runDemo({ repo, runDir, adminKey: env.ADMIN_API_KEY, mail });
    } catch (err) {
      console.error(`✖ demo: ${err.message}`);
      await stop(1);
    }
  }

  console.log(`
Running: ${APPS.map((a) => `${a.name} :${a.port}`).join(', ')}. Logs in ${path.relative(repo, logDir)}/.
Admin key in ${path.relative(repo, path.join(runDir, 'admin-api-key'))} (or ADMIN_API_KEY). Press Ctrl-C to stop.`);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

main().catch((err) => {
  console.error(`✖ ${err.message}`);
  process.exit(1);
});

#!/usr/bin/env node
// Runs one phase of `npm test` with a time limit, so a phase that hangs fails the run within
// minutes instead of holding CI until its own limit (issue 10).
//   node scripts/test-watchdog.js <minutes> <command> [args…]
// The command runs in a process group of its own; past the limit the whole group gets
// SIGTERM, then SIGKILL 15 s later, and this exits 124 (as coreutils `timeout` does).
// Otherwise it exits with the command's own code. A limit of 0 means none.
'use strict';
const { spawn } = require('node:child_process');
const { constants } = require('node:os');

const [minutesArg, command, ...args] = process.argv.slice(2);
const minutes = Number(minutesArg);
if (!command || !Number.isFinite(minutes) || minutes < 0) {
  process.stderr.write('usage: node scripts/test-watchdog.js <minutes> <command> [args…]\n');
  process.exit(2);
}

const child = spawn(command, args, { stdio: 'inherit', detached: true });
const group = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
};
let timedOut = false;
const limit =
  minutes > 0 &&
  setTimeout(() => {
    timedOut = true;
    process.stderr.write(
      `\n[test-watchdog] "${[command, ...args].join(' ')}" still running after ${minutes} min: ` +
        `stopping it (SIGTERM, then SIGKILL) and failing with 124\n`,
    );
    group('SIGTERM');
    setTimeout(() => group('SIGKILL'), 15_000).unref();
  }, minutes * 60_000);

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => group(signal));

child.on('error', (err) => {
  process.stderr.write(`[test-watchdog] could not run ${command}: ${err.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  if (limit) clearTimeout(limit);
  // (what the command started and left running on purpose, such as the broker that
  // `npm run infra:up` starts, stays: only a timed-out group is stopped)
  process.exit(timedOut ? 124 : (code ?? 128 + (constants.signals[signal] ?? 0)));
});

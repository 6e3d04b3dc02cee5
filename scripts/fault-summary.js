#!/usr/bin/env node
// Summarises test-output/fault-runs.ndjson (written by the fault-injection suite) as the
// Markdown table RELIABILITY.md shows: one row per scenario over every recorded run.
//   node scripts/fault-summary.js [file]
const { readFileSync } = require('fs');
const { join } = require('path');

const file = process.argv[2] ?? join(__dirname, '..', 'test-output', 'fault-runs.ndjson');
const runs = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line))
  .filter((r) => r.scenario);

const range = (xs) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const other5xx = (byStatus) =>
  sum(
    Object.entries(byStatus)
      .filter(([s]) => Number(s) >= 500 && s !== '503')
      .map(([, n]) => n),
  );

function faultsOf(r) {
  const f = r.faults ?? {};
  if (f.kills !== undefined) return [`${f.kills} kill -9`];
  if (typeof f.actions === 'string') {
    const count = (what) => f.actions.split(' ').filter((a) => a.startsWith(what)).length;
    return [
      `${count('add')} added, ${count('kill')} killed, ${count('term')} stopped (≤ ${f.mostInstances})`,
    ];
  }
  if (f.outages) return f.outages.map((o) => `${o.how ? `${o.how} ` : ''}${o.outageSeconds} s`);
  return Object.entries(f).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
}

const byScenario = new Map();
for (const r of runs) byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), r]);

console.log(
  '| scenario | runs | seconds | events acknowledged (per run) | ingest 503s / dropped connections, retried | other 5xx | faults injected (per run) | poison → DLQ | problems |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, rs] of byScenario) {
  console.log(
    `| ${name} | ${rs.length} | ${range(rs.map((r) => r.seconds))} | ${range(rs.map((r) => r.report.acknowledged))} | ` +
      `${range(rs.map((r) => r.load.byStatus?.['503'] ?? 0))} / ${range(rs.map((r) => r.load.byStatus?.['0'] ?? 0))} | ${sum(rs.map((r) => other5xx(r.load.byStatus ?? {})))} | ${rs.map((r) => faultsOf(r).join(', ')).join('; ')} | ` +
      `${sum(rs.map((r) => r.report.poison))} → ${sum(rs.map((r) => r.report.dlqMessages))} | ${sum(rs.map((r) => r.report.problems))} |`,
  );
}

#!/usr/bin/env node
// Summarises a V8 .cpuprofile: self time by function and by package/file (top N).
// Usage: node scripts/dev/profile-summary.js <file.cpuprofile> [N]
const fs = require('fs');
const [file, nArg] = process.argv.slice(2);
const top = Number(nArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++)
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fnTotals = new Map();
const fileTotals = new Map();
for (const [id, us] of self) {
  const cf = byId.get(id).callFrame;
  const where = cf.url.replace(/^.*node_modules\//, 'nm:').replace(/^file:\/\/.*\/(dist|work\/main)\//, '');
  const pkg = where.startsWith('nm:')
    ? where
        .split('/')
        .slice(0, where.startsWith('nm:@') ? 2 : 1)
        .join('/')
    : where || `(${cf.functionName || 'native'})`;
  const fn = `${cf.functionName || '(anon)'} ${where}:${cf.lineNumber}`;
  fnTotals.set(fn, (fnTotals.get(fn) ?? 0) + us);
  fileTotals.set(pkg, (fileTotals.get(pkg) ?? 0) + us);
}
const show = (m, title) => {
  console.log(`\n${title} (total ${(total / 1e6).toFixed(2)} s)`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
};
show(fileTotals, 'self time by package/file');
show(fnTotals, 'self time by function');

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The lint guard of issue 10 (npm run lint): no test asserts on elapsed wall-clock time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findElapsedTimeAssertions } = require('./elapsed-time-assertions') as {
  findElapsedTimeAssertions: (text: string, fileName?: string) => { line: number; text: string }[];
};
const lines = (text: string) => findElapsedTimeAssertions(text).map((f) => f.line);

describe('elapsed-time-assertions lint guard', () => {
  it.each([
    ['a clock read in the subject', `const t = Date.now();\nexpect(Date.now() - t).toBeLessThan(50);`, [2]],
    [
      'a variable computed from the clock',
      `const t0 = performance.now();\nwork();\nconst ms = performance.now() - t0;\nexpect(ms).toBeLessThanOrEqual(100);`,
      [4],
    ],
    [
      'through a second variable',
      `const t = process.hrtime.bigint();\nconst ns = process.hrtime.bigint() - t;\nconst s = Number(ns) / 1e9;\nexpect(s).toBeGreaterThan(0.5);`,
      [4],
    ],
    [
      'a comparison inside the subject',
      `const started = Date.now();\nconst elapsed = Date.now() - started;\nexpect(elapsed < 2000).toBe(true);`,
      [3],
    ],
    [
      'a helper that returns the elapsed time',
      `async function timed(work) { const t = Date.now(); await work(); return Date.now() - t; }\nit('x', async () => {\n  const ms = await timed(go);\n  expect(ms).toBeLessThan(10);\n});`,
      [4],
    ],
    [
      'destructured from a helper',
      `const timed = async (w) => { const t = Date.now(); const v = await w(); return [v, Date.now() - t]; };\nit('x', async () => {\n  const [res, ms] = await timed(go);\n  expect([res.status, ms]).toEqual([200, expect.any(Number)]);\n  expect(ms).not.toBeGreaterThan(300);\n});`,
      [5],
    ],
    [
      'the clock on the matcher side',
      `const deadline = Date.now() + 10;\nexpect(finishedAt).toBeLessThan(deadline);`,
      [2],
    ],
  ])('fires on %s', (_what, text, expected) => {
    expect(lines(text)).toEqual(expected);
  });

  it.each([
    [
      'a deadline for waiting',
      `const deadline = Date.now() + 30_000;\nwhile (Date.now() < deadline) { if (await ready()) break; }\nexpect(await ready()).toBe(true);`,
    ],
    [
      'a time printed, not asserted',
      `const t = Date.now();\nconst res = await go();\nexpect(res.status).toBe(201);\nconsole.log(Date.now() - t);`,
    ],
    [
      'a timestamp handed to the code under test',
      `expect(verify(secret, headers, body, Math.floor(Date.now() / 1000))).toBe(true);`,
    ],
    [
      'a count compared with a number',
      `const started = Date.now();\nconst n = items.length;\nexpect(n).toBeGreaterThan(5);`,
    ],
    [
      'the injected clock',
      `const wait = Date.parse(next) - app.clock.now().getTime();\nexpect(wait).toBeGreaterThanOrEqual(60_000);`,
    ],
    [
      'a same-named variable in another scope',
      `it('a', () => { const ms = Date.now() - t; log(ms); });\nit('b', () => { const ms = sizes.length; expect(ms).toBeLessThan(3); });`,
    ],
  ])('lets %s pass', (_what, text) => {
    expect(lines(text)).toEqual([]);
  });

  it('run as `npm run lint` runs it: exits 1 naming the file and line of a planted example, 0 on the repo', () => {
    const script = join(__dirname, 'elapsed-time-assertions.js');
    const dir = mkdtempSync(join(tmpdir(), 'elapsed-lint-'));
    try {
      writeFileSync(
        join(dir, 'planted.spec.ts'),
        `it('is quick', () => {\n  const t = Date.now();\n  run();\n  expect(Date.now() - t).toBeLessThan(50);\n});\n`,
      );
      writeFileSync(
        join(dir, 'helper.ts'),
        `export const x = () => expect(Date.now() - t).toBeLessThan(1);\n`,
      );
      const planted = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
      expect(planted.status).toBe(1);
      expect(planted.stderr).toContain('planted.spec.ts:4: asserts on elapsed time');
      expect(planted.stderr).not.toContain('helper.ts'); // only test files are read
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // the repository itself is clean (throws, with the findings, if not)
    execFileSync(process.execPath, [script], { encoding: 'utf8', stdio: 'pipe' });
    const pkg = require('../../package.json') as { scripts: Record<string, string> };
    expect(pkg.scripts.lint).toContain('node scripts/lint/elapsed-time-assertions.js');
  });
});

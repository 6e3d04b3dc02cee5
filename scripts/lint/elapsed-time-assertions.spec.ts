import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The lint guard of issue 10 (npm run lint): no test asserts on elapsed wall-clock time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findElapsedTimeAssertions } = require('./elapsed-time-assertions') as {
  findElapsedTimeAssertions: (text: string, fileName?: string) => { line: number; text: string }[];
};
// The planted examples are data (scripts/lint/fixtures), not code of this test: each `fires`
// case is a test that asserts on elapsed time, with the line the guard must name.
const cases = JSON.parse(readFileSync(join(__dirname, 'fixtures/elapsed-time-cases.json'), 'utf8')) as {
  fires: { what: string; text: string; lines: number[] }[];
  passes: { what: string; text: string }[];
  planted: Record<string, string>;
};
const lines = (text: string) => findElapsedTimeAssertions(text).map((f) => f.line);

describe('elapsed-time-assertions lint guard', () => {
  it.each(cases.fires.map((c) => [c.what, c.text, c.lines] as const))(
    'fires on %s',
    (_what, text, expected) => {
      expect(lines(text)).toEqual(expected);
    },
  );

  it.each(cases.passes.map((c) => [c.what, c.text] as const))('lets %s pass', (_what, text) => {
    expect(lines(text)).toEqual([]);
  });

  it('run as `npm run lint` runs it: exits 1 naming the file and line of a planted example, 0 on the repo', () => {
    const script = join(__dirname, 'elapsed-time-assertions.js');
    const dir = mkdtempSync(join(tmpdir(), 'elapsed-lint-'));
    try {
      for (const [name, text] of Object.entries(cases.planted)) writeFileSync(join(dir, name), text);
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

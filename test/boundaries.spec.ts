import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// The boundary rules must really fire on this repo's file names (the model repo's never
// did). Each violation is planted in a scratch tree laid out like this one.
const repo = resolve(__dirname, '..');
const depcruise = join(repo, 'node_modules', '.bin', 'depcruise');
const config = join(repo, '.dependency-cruiser.js');
const sqlInApps = join(repo, 'scripts', 'lint', 'sql-in-apps.js');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function cruise(cwd: string, paths: string[]): Violation[] {
  let out: string;
  try {
    out = execFileSync(depcruise, ['--config', config, '--output-type', 'json', ...paths], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    // depcruise exits non-zero when it finds errors; the JSON is still on stdout
    out = (err as { stdout: string }).stdout;
  }
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

function plant(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('architecture boundaries (dependency-cruiser)', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'ips-boundaries-'));
    plant(scratch, {
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          baseUrl: '.',
          paths: { '@ips/other': ['libs/other/src'], '@ips/domain': ['libs/domain/src'] },
        },
      }),
      'apps/alpha/src/main.ts': `import { beta } from '../../beta/src/beta';\nexport const alpha = beta;\n`,
      'apps/beta/src/beta.ts': `export const beta = 1;\n`,
      'apps/gamma/src/deep.ts': `import { inner } from '../../../libs/other/src/inner';\nexport const gamma = inner;\n`,
      'apps/delta/src/ok.ts': `import { other } from '@ips/other';\nexport const delta = other;\n`,
      'libs/other/src/index.ts': `import { beta } from '../../../apps/beta/src/beta';\nexport const other = beta;\n`,
      'libs/other/src/inner.ts': `export const inner = 2;\nexport interface Shape { a: number }\n`,
      // SQL in an app: through TypeORM, and through anything with a .query( (no driver import)
      'apps/epsilon/src/store.ts':
        `import { DataSource } from 'typeorm';\n` +
        `export const count = (ds: DataSource) => ds.query('SELECT count(*) FROM trials');\n`,
      'apps/zeta/src/handler.ts':
        `export const drop = (db: { query(sql: string): Promise<unknown> }) =>\n` +
        `  db.query('DELETE FROM journeys');\n`,
      // the listed exceptions (the projector, the bench) may, until their SQL moves
      'apps/projector/src/batch.ts': `import { Pool } from 'pg';\nexport const ping = (pool: Pool) => pool.query('SELECT 1');\n`,
      'libs/persistence/src/store.ts': `import { DataSource } from 'typeorm';\nexport const one = (ds: DataSource) => ds.query('SELECT 1');\n`,
      'libs/domain/src/index.ts':
        `import { Injectable } from '@nestjs/common';\nimport { readFileSync } from 'node:fs';\n` +
        `import { other } from '@ips/other';\nimport type { Shape } from '@ips/other';\n` +
        `export const d = [Injectable, readFileSync, other];\nexport type S = Shape;\n`,
    });
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('fires on every planted violation and nothing else', () => {
    const found = cruise(scratch, ['apps', 'libs']).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(found.sort()).toEqual([
      'app-imports-database-driver: apps/epsilon/src/store.ts -> typeorm',
      'app-imports-other-app: apps/alpha/src/main.ts -> apps/beta/src/beta.ts',
      'deep-import-of-lib: apps/gamma/src/deep.ts -> libs/other/src/inner.ts',
      'domain-imports-framework: libs/domain/src/index.ts -> @nestjs/common',
      'domain-imports-node-builtin: libs/domain/src/index.ts -> fs',
      'domain-value-imports-other-libs: libs/domain/src/index.ts -> libs/other/src/index.ts',
      'lib-imports-app: libs/other/src/index.ts -> apps/beta/src/beta.ts',
    ]);
    // not flagged: an app importing a library through its alias, and domain's `import type`,
    // the projector's pg import (a listed exception), libs/persistence's TypeORM
  });

  it('no .query( in apps outside the listed exceptions: exits 1 naming each planted line', () => {
    const planted = spawnSync(process.execPath, [sqlInApps, scratch], { encoding: 'utf8' });
    expect(planted.status).toBe(1);
    const named = planted.stderr
      .split('\n')
      .filter((l) => l.startsWith('apps/'))
      .map((l) => l.slice(0, l.indexOf(': ')));
    expect(named).toEqual(['apps/epsilon/src/store.ts:2', 'apps/zeta/src/handler.ts:2']);
    // not flagged: the projector (an exception), libs/persistence (where SQL belongs)
  });

  it('no .query( in the real apps outside the exceptions, and npm run lint runs the check', () => {
    const real = spawnSync(process.execPath, [sqlInApps], { encoding: 'utf8' });
    expect(real.stderr).toBe('');
    expect(real.status).toBe(0);
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.lint).toContain('node scripts/lint/sql-in-apps.js');
  });

  it('passes on the real tree', () => {
    expect(cruise(repo, ['apps', 'libs'])).toEqual([]);
  });
});

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { TEST_DATABASE_URL } from '../../support/test-env';

export interface Needle {
  /** what it is, for the failure message (never the value itself) */
  label: string;
  value: string;
}

/**
 * Reads a stream once and tells which needles occur in it, without holding it whole: each
 * chunk is searched together with the tail of the previous one, so a needle split across
 * chunks is still found.
 */
export async function findNeedles(stream: Readable, needles: Needle[]): Promise<Set<string>> {
  const found = new Set<string>();
  const wanted = needles
    .filter((n) => n.value.length > 0)
    .map((n) => ({ ...n, bytes: Buffer.from(n.value, 'utf8') }));
  const overlap = Math.max(0, ...wanted.map((n) => n.bytes.length)) - 1;
  let tail = Buffer.alloc(0);
  for await (const chunk of stream) {
    const window = Buffer.concat([tail, chunk as Buffer]);
    for (const n of wanted) if (!found.has(n.label) && window.includes(n.bytes)) found.add(n.label);
    tail = window.subarray(Math.max(0, window.length - overlap));
  }
  return found;
}

export function scanFile(path: string, needles: Needle[]): Promise<Set<string>> {
  return findNeedles(createReadStream(path, { highWaterMark: 1 << 20 }), needles);
}

/**
 * `pg_dump` of the whole test database (every table, every row, the schema), scanned as it
 * streams. It holds other test files' data too; the needles are this test's own.
 */
export async function scanDatabaseDump(needles: Needle[]): Promise<{ found: Set<string>; bytes: number }> {
  const url = new URL(TEST_DATABASE_URL);
  const dump = spawn(
    'pg_dump',
    [
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username || 'postgres'),
      '--no-password',
      decodeURIComponent(url.pathname.slice(1)),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let bytes = 0;
  dump.stdout.on('data', (c: Buffer) => (bytes += c.length));
  let stderr = '';
  dump.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => dump.once('close', resolve));
  const found = await findNeedles(dump.stdout, needles);
  const code = await exited;
  if (code !== 0) throw new Error(`pg_dump exited with ${code}: ${stderr.slice(0, 500)}`);
  return { found, bytes };
}

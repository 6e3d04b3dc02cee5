import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';

/** One column value in COPY's text format (null as \N; backslash, tab, newline and CR escaped). */
export function copyText(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const s = typeof value === 'string' ? value : String(value);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : s;
}

/**
 * Runs `COPY … FROM STDIN` (text format) on the transaction's own connection with these
 * rows, each already a line of tab-separated `copyText` values ending in a newline.
 */
export async function copyIn(tx: EntityManager, statement: string, lines: string[]): Promise<void> {
  const client = (tx.queryRunner as unknown as { databaseConnection?: PoolClient } | undefined)
    ?.databaseConnection;
  if (!client) throw new Error('COPY needs the connection of a transaction (tx.queryRunner)');
  // one chunk of about 1 MiB at a time, so a large batch is not one giant string
  const chunks: string[] = [];
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 1 << 20) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  if (chunk) chunks.push(chunk);
  await pipeline(Readable.from(chunks), client.query(copyFrom(statement)));
}

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}

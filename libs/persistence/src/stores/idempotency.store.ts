import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';

/**
 * Its own small pool with asynchronous commit: the record only decides how a resend is
 * reported (duplicate vs accepted again) and catches reused ids; the events themselves are
 * durable in Kafka before anyone is told "accepted". A Postgres crash can forget the last
 * few hundred milliseconds of reservations: a resend of those is produced again (the
 * projector dedupes by eventId) and reported as accepted, not as a duplicate.
 */
export const IDEMPOTENCY_POOL = Symbol('IDEMPOTENCY_POOL');

export function idempotencyPool(
  databaseUrl: string,
  size: number,
  onIdleError: (err: Error) => void = () => undefined,
): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: size,
    application_name: 'ips-ingest-idempotency',
    options: '-c synchronous_commit=off',
    connectionTimeoutMillis: 5_000,
  });
  // An idle connection that dies (Postgres restarted or stopped) is reported here and
  // dropped by the pool; the next query opens a new one. Without a listener the 'error'
  // event would be unhandled and take the whole process down.
  pool.on('error', onIdleError);
  return pool;
}

export type Reservation = 'new' | 'retry' | 'duplicate' | 'conflict';

/**
 * The ingest's memory of what it accepted (eventId → content hash), in Postgres so it holds
 * across restarts and instances. An id is reserved before it is produced and marked
 * acknowledged after Kafka acknowledged it; a pending id with the same content is
 * produced again on retry (the projector dedupes), a different content is a conflict.
 */
@Injectable()
export class IdempotencyStore implements OnApplicationShutdown {
  constructor(@Inject(IDEMPOTENCY_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  /**
   * Reserves the eventIds of one chunk. Ids seen before are judged by content: a conflict,
   * a duplicate (its chunk was acknowledged), or a retry of a reservation whose produce never
   * completed — those are moved into this chunk, to be acknowledged with it.
   */
  async reserve(
    chunkId: string,
    entries: { eventId: string; hash: Buffer }[],
  ): Promise<Map<string, Reservation>> {
    const out = new Map<string, Reservation>();
    if (entries.length === 0) return out;
    const { rows: inserted } = await this.pool.query<{ event_id: string }>(
      `INSERT INTO accepted_events (event_id, content_hash, chunk_id)
       SELECT e, h, $3::uuid FROM unnest($1::uuid[], $2::bytea[]) AS u(e, h)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [entries.map((e) => e.eventId), entries.map((e) => e.hash), chunkId],
    );
    for (const row of inserted) out.set(row.event_id, 'new');
    const known = entries.filter((e) => !out.has(e.eventId));
    if (known.length === 0) return out;

    const { rows } = await this.pool.query<{ event_id: string; content_hash: Buffer; acknowledged: boolean }>(
      `SELECT e.event_id, e.content_hash, (e.acknowledged OR c.chunk_id IS NOT NULL) AS acknowledged
         FROM accepted_events e LEFT JOIN acknowledged_chunks c ON c.chunk_id = e.chunk_id
        WHERE e.event_id = ANY($1::uuid[])`,
      [known.map((e) => e.eventId)],
    );
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const retried: string[] = [];
    for (const entry of known) {
      const row = byId.get(entry.eventId);
      if (!row || !row.content_hash.equals(entry.hash)) out.set(entry.eventId, row ? 'conflict' : 'retry');
      else if (row.acknowledged) out.set(entry.eventId, 'duplicate');
      else {
        out.set(entry.eventId, 'retry');
        retried.push(entry.eventId);
      }
    }
    if (retried.length > 0) {
      await this.pool.query(`UPDATE accepted_events SET chunk_id = $2 WHERE event_id = ANY($1::uuid[])`, [
        retried,
        chunkId,
      ]);
    }
    return out;
  }

  /** Kafka acknowledged the chunk: every eventId reserved in it is now accepted. */
  async acknowledge(chunkId: string): Promise<void> {
    await this.pool.query(`INSERT INTO acknowledged_chunks (chunk_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
      chunkId,
    ]);
  }
}

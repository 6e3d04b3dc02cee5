import { Injectable } from '@nestjs/common';
import { Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { TOPIC_PARTICIPANT_EVENTS, type AnalysisExportMetadata } from '@ips/contracts';
import type { Journey } from '@ips/domain';

/** about a megabyte a row: big enough to be cheap, small enough to hold in memory */
const CHUNK_BYTES = 1024 * 1024;
/** journeys fetched at a time from the export's cursor */
const JOURNEY_BATCH = 500;

export interface StoredExport {
  metadata: AnalysisExportMetadata;
  createdBy: string;
  chunkCount: number;
}

/**
 * The stored analysis exports (DESIGN §6d): metadata rows and archives in chunks. Reading a
 * trial for an export and storing the export happen in one REPEATABLE READ transaction
 * (ExportTransaction), so the archive is exactly the journeys and offsets of one snapshot
 * and appears whole or not at all.
 */
@Injectable()
export class AnalysisExportStore {
  constructor(private readonly dataSource: DataSource) {}

  async begin(): Promise<ExportTransaction> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    } catch (err) {
      await runner.release();
      throw err;
    }
    return new ExportTransaction(runner);
  }

  async find(exportId: string): Promise<StoredExport | null> {
    const rows: { metadata: AnalysisExportMetadata; created_by: string; chunk_count: number }[] =
      await this.dataSource.query(
        `SELECT metadata, created_by, chunk_count FROM analysis_exports WHERE export_id = $1`,
        [exportId],
      );
    const row = rows[0];
    return row ? { metadata: row.metadata, createdBy: row.created_by, chunkCount: row.chunk_count } : null;
  }

  /** The archive's bytes, a few chunks at a time, in order. */
  async *archive(exportId: string, chunkCount: number): AsyncIterable<Buffer> {
    for (let seq = 0; seq < chunkCount; seq += 4) {
      const rows: { data: Buffer }[] = await this.dataSource.query(
        `SELECT data FROM analysis_export_chunks WHERE export_id = $1 AND seq >= $2 AND seq < $3 ORDER BY seq`,
        [exportId, seq, seq + 4],
      );
      for (const row of rows) yield row.data;
    }
  }
}

export class ExportTransaction {
  private done = false;

  constructor(private readonly runner: QueryRunner) {}

  async trial(trialId: string): Promise<{ trialId: string } | null> {
    const rows: { trial_id: string }[] = await this.runner.query(
      `SELECT trial_id FROM trials WHERE trial_id = $1`,
      [trialId],
    );
    return rows[0] ? { trialId: rows[0].trial_id } : null;
  }

  /**
   * The trial's stored events and the projector group's offsets on the participant-events
   * topic (under any prefix), from this snapshot: the offsets say which events the journeys hold.
   */
  async provenance(
    trialId: string,
    consumerGroup: string,
  ): Promise<{ eventCount: number; offsets: { topic: string; partition: number; nextOffset: string }[] }> {
    const offsets: { topic: string; partition: number; next_offset: string }[] = await this.runner.query(
      `SELECT topic, partition, next_offset::text AS next_offset FROM projector_offsets
        WHERE consumer_group = $1 AND (topic = $2 OR topic LIKE '%.' || $2) ORDER BY topic, partition`,
      [consumerGroup, TOPIC_PARTICIPANT_EVENTS],
    );
    const [{ count }]: { count: string }[] = await this.runner.query(
      `SELECT count(*)::bigint AS count FROM participant_events WHERE trial_id = $1`,
      [trialId],
    );
    return {
      eventCount: Number(count),
      offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, nextOffset: o.next_offset })),
    };
  }

  /**
   * One pass over the trial's journeys through a cursor, in an order drawn from `salt` (a
   * per-export random value): rows are not in the sites' id order, which would say something
   * about the participants, and every pass of one export meets them in the same order.
   */
  async *journeys(trialId: string, salt: string, pass: number): AsyncIterable<Journey[]> {
    const cursor = `analysis_export_pass_${pass}`;
    await this.runner.query(
      `DECLARE ${cursor} NO SCROLL CURSOR FOR
         SELECT journey FROM journeys WHERE trial_id = $1
          ORDER BY md5($2 || site_id || ':' || participant_id), site_id, participant_id`,
      [trialId, salt],
    );
    try {
      for (;;) {
        const rows: { journey: Journey }[] = await this.runner.query(`FETCH ${JOURNEY_BATCH} FROM ${cursor}`);
        if (rows.length === 0) return;
        yield rows.map((r) => r.journey);
      }
    } finally {
      await this.runner.query(`CLOSE ${cursor}`);
    }
  }

  /** A sink for the archive: stores it in chunks as it comes, counting and hashing it. */
  archiveSink(exportId: string): ArchiveSink {
    return new ArchiveSink(this.runner, exportId);
  }

  async commit(metadata: AnalysisExportMetadata, createdBy: string, chunkCount: number): Promise<void> {
    await this.runner.query(
      `INSERT INTO analysis_exports (export_id, trial_id, as_of, shift_dates, created_at, created_by, archive_bytes, archive_sha256, chunk_count, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        metadata.id,
        metadata.trialId,
        metadata.asOf,
        metadata.shiftDates,
        metadata.createdAt,
        createdBy,
        metadata.archive.bytes,
        metadata.archive.sha256,
        chunkCount,
        JSON.stringify(metadata),
      ],
    );
    await this.runner.query('COMMIT');
    this.done = true;
  }

  async release(): Promise<void> {
    if (!this.done) await this.runner.query('ROLLBACK').catch(() => undefined);
    await this.runner.release();
  }
}

export class ArchiveSink extends Writable {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly hash = createHash('sha256');
  bytes = 0;
  chunks = 0;

  constructor(
    private readonly runner: QueryRunner,
    private readonly exportId: string,
  ) {
    super({ highWaterMark: CHUNK_BYTES });
  }

  get sha256(): string {
    return this.hash.copy().digest('hex');
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < CHUNK_BYTES) return callback();
    this.flush().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush().then(() => callback(), callback);
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.runner.query(`INSERT INTO analysis_export_chunks (export_id, seq, data) VALUES ($1, $2, $3)`, [
      this.exportId,
      this.chunks++,
      data,
    ]);
  }
}

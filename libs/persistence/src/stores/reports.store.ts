import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { ReportType } from '@ips/contracts';

export type StoredReportTrigger = 'schedule' | 'on_demand';

/** The projector's offsets a report was computed from. */
export type StoredReportOffsets = { partition: number; nextOffset: string }[];

/** What the archive reads of a report's content to file it (the rest is the service's). */
export interface StorableReportContent {
  trialId: string;
  type: ReportType;
  asOf: string;
  definitionsVersion: number;
  provenance: { eventCount: number; offsets: StoredReportOffsets };
}

export interface ScheduledRunClaim {
  runId: string;
  claimedBy: string;
}

export interface StoreReport<C extends StorableReportContent> {
  content: C;
  contentHash: string;
  createdAt: Date;
  trigger: StoredReportTrigger;
  requestedBy: string | null;
  run: ScheduledRunClaim | null;
  /**
   * Settles the content inside the transaction, before it is written (the monitoring table,
   * DESIGN §6c, depends on the looks already frozen): returns the content and hash to store.
   */
  finalise?: (tx: EntityManager) => Promise<{ content: C; contentHash: string }>;
  /** more writes that belong with the report (its monitoring look, DESIGN §6c), in its transaction */
  alsoWrite?: (tx: EntityManager, reportId: string) => Promise<void>;
}

/** A stored report's metadata as the archive keeps it (the service adds its links). */
export interface StoredReportMetadata {
  id: string;
  trialId: string;
  type: ReportType;
  asOf: string;
  version: number;
  createdAt: string;
  trigger: StoredReportTrigger;
  scheduledFor: string | null;
  definitionsVersion: number;
  contentHash: string;
  eventCount: number;
  offsets: StoredReportOffsets;
}

/** The run was taken over by another instance (its lease ran out): this one's work is dropped. */
export class LostClaimError extends Error {
  constructor(readonly runId: string) {
    super(`run ${runId} is no longer claimed by this instance`);
  }
}

interface ReportRow {
  report_id: string;
  trial_id: string;
  type: ReportType;
  as_of: string;
  version: number;
  created_at: Date;
  trigger: StoredReportTrigger;
  scheduled_for: Date | null;
  definitions_version: number;
  content_hash: string;
  event_count: string;
  offsets: StoredReportOffsets;
}

const METADATA_COLUMNS = `r.report_id, r.trial_id, r.type, to_char(r.as_of, 'YYYY-MM-DD') AS as_of, r.version, r.created_at, r.trigger,
  run.scheduled_for, r.definitions_version, r.content_hash, r.event_count::text AS event_count, r.offsets`;

/**
 * The report archive's tables: reports are written once (a database trigger refuses
 * changes) with the next version number for their trial, type and as-of date. Storing a
 * report also queues it for every matching webhook subscription and confirmed e-mail
 * subscriber and, for a scheduled run, marks the run done — all in one transaction, so a
 * report exists exactly when those do.
 */
@Injectable()
export class ReportsStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the report and everything that goes with it; returns its id. */
  async store<C extends StorableReportContent>(input: StoreReport<C>): Promise<string> {
    const reportId = randomUUID();
    await this.dataSource.transaction(async (tx) => {
      const { trialId, type, asOf } = input.content;
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`ips:report:${trialId}:${type}:${asOf}`]);
      const [{ next }]: { next: number }[] = await tx.query(
        `SELECT coalesce(max(version), 0) + 1 AS next FROM reports WHERE trial_id = $1 AND type = $2 AND as_of = $3`,
        [trialId, type, asOf],
      );
      if (input.run) await this.completeRun(tx, input.run, input.createdAt);
      const { content, contentHash } = input.finalise
        ? await input.finalise(tx)
        : { content: input.content, contentHash: input.contentHash };
      await tx.query(
        `INSERT INTO reports (report_id, trial_id, type, as_of, version, created_at, trigger, run_id, requested_by,
                              definitions_version, event_count, offsets, content, content_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          reportId,
          content.trialId,
          content.type,
          content.asOf,
          next,
          input.createdAt,
          input.trigger,
          input.run?.runId ?? null,
          input.requestedBy,
          content.definitionsVersion,
          content.provenance.eventCount,
          JSON.stringify(content.provenance.offsets),
          JSON.stringify(content),
          contentHash,
        ],
      );
      if (input.alsoWrite) await input.alsoWrite(tx, reportId);
      if (input.run)
        await tx.query(`UPDATE report_runs SET report_id = $2 WHERE run_id = $1`, [
          input.run.runId,
          reportId,
        ]);
      await tx.query(
        `INSERT INTO report_deliveries (delivery_id, subscription_id, report_id, status, attempts, next_attempt_at, created_at)
         SELECT gen_random_uuid(), subscription_id, $1, 'pending', 0, $3, $3
           FROM report_subscriptions
          WHERE revoked_at IS NULL AND (trial_id IS NULL OR trial_id = $2)`,
        [reportId, content.trialId, input.createdAt],
      );
      // and for every confirmed e-mail subscriber: one message per (subscription, report)
      await tx.query(
        `INSERT INTO email_deliveries (delivery_id, subscription_id, kind, report_id, status, attempts, next_attempt_at, created_at)
         SELECT gen_random_uuid(), subscription_id, 'report', $1, 'pending', 0, $3, $3
           FROM email_subscriptions
          WHERE status = 'confirmed' AND (trial_id IS NULL OR trial_id = $2)`,
        [reportId, content.trialId, input.createdAt],
      );
    });
    return reportId;
  }

  async exists(reportId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM reports WHERE report_id = $1`, [
      reportId,
    ]);
    return rows.length > 0;
  }

  async metadata(reportId: string): Promise<StoredReportMetadata | null> {
    const rows: ReportRow[] = await this.dataSource.query(
      `SELECT ${METADATA_COLUMNS} FROM reports r LEFT JOIN report_runs run ON run.run_id = r.run_id WHERE r.report_id = $1`,
      [reportId],
    );
    return rows.length === 0 ? null : toMetadata(rows[0]);
  }

  /** The report's metadata and its content, as stored (the service knows the content's type). */
  async document<C>(reportId: string): Promise<{ metadata: StoredReportMetadata; content: C } | null> {
    const rows: (ReportRow & { content: C })[] = await this.dataSource.query(
      `SELECT ${METADATA_COLUMNS}, r.content FROM reports r LEFT JOIN report_runs run ON run.run_id = r.run_id WHERE r.report_id = $1`,
      [reportId],
    );
    return rows.length === 0 ? null : { metadata: toMetadata(rows[0]), content: rows[0].content };
  }

  async list(filter: {
    trialId?: string;
    type?: ReportType;
    limit: number;
  }): Promise<StoredReportMetadata[]> {
    const rows: ReportRow[] = await this.dataSource.query(
      `SELECT ${METADATA_COLUMNS} FROM reports r LEFT JOIN report_runs run ON run.run_id = r.run_id
        WHERE ($1::text IS NULL OR r.trial_id = $1) AND ($2::text IS NULL OR r.type = $2)
        ORDER BY r.created_at DESC, r.as_of DESC, r.version DESC, r.report_id
        LIMIT $3`,
      [filter.trialId ?? null, filter.type ?? null, filter.limit],
    );
    return rows.map(toMetadata);
  }

  /**
   * Locks up to `limit` reports not yet announced (skipping rows another instance holds),
   * hands them to `announce`, and marks them announced when it succeeds.
   */
  async announcePending(
    now: Date,
    limit: number,
    trialIdLike: string,
    announce: (reports: StoredReportMetadata[]) => Promise<void>,
  ): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: ReportRow[] = await tx.query(
        `SELECT ${METADATA_COLUMNS} FROM reports r LEFT JOIN report_runs run ON run.run_id = r.run_id
          WHERE r.published_at IS NULL AND r.trial_id LIKE $2 ORDER BY r.created_at LIMIT $1 FOR UPDATE OF r SKIP LOCKED`,
        [limit, trialIdLike],
      );
      if (rows.length === 0) return 0;
      await announce(rows.map(toMetadata));
      await tx.query(`UPDATE reports SET published_at = $2 WHERE report_id = ANY($1::uuid[])`, [
        rows.map((r) => r.report_id),
        now,
      ]);
      return rows.length;
    });
  }

  private async completeRun(tx: EntityManager, run: ScheduledRunClaim, at: Date): Promise<void> {
    const result: unknown[] = await tx.query(
      `UPDATE report_runs SET status = 'done', updated_at = $3, last_error = NULL
        WHERE run_id = $1 AND claimed_by = $2 AND status = 'claimed'
        RETURNING run_id`,
      [run.runId, run.claimedBy, at],
    );
    const rows = Array.isArray(result[0]) ? (result[0] as unknown[]) : result;
    if (rows.length === 0) throw new LostClaimError(run.runId);
  }
}

function toMetadata(row: ReportRow): StoredReportMetadata {
  return {
    id: row.report_id,
    trialId: row.trial_id,
    type: row.type,
    asOf: row.as_of,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    trigger: row.trigger,
    scheduledFor: row.scheduled_for ? new Date(row.scheduled_for).toISOString() : null,
    definitionsVersion: row.definitions_version,
    contentHash: row.content_hash,
    eventCount: Number(row.event_count),
    offsets: row.offsets,
  };
}

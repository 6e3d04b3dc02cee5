import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ReportType } from '@ips/contracts';

/** A report the schedule says is due. */
export interface DueRun {
  trialId: string;
  type: ReportType;
  scheduledFor: Date;
  asOf: string;
}

export interface RunRecord {
  runId: string;
  type: ReportType;
  scheduledFor: string;
  asOf: string;
  status: 'claimed' | 'done' | 'failed';
  attempts: number;
  reportId: string | null;
  lastError: string | null;
}

/**
 * Scheduled runs, one row per (trial, type, scheduled time). Claiming a run inserts that
 * row, so when two instances see the same due run only one gets it; a claim whose lease
 * ran out (its instance died) or that failed can be claimed again, a limited number of
 * times. Times come from the injected clock, never the database's.
 */
@Injectable()
export class ReportRuns {
  constructor(private readonly dataSource: DataSource) {}

  async claim(
    run: DueRun,
    instanceId: string,
    now: Date,
    leaseMs: number,
    maxAttempts: number,
  ): Promise<{ runId: string; attempts: number } | null> {
    const result = await this.dataSource.query(
      `INSERT INTO report_runs (run_id, trial_id, type, scheduled_for, as_of, status, claimed_by, lease_until, attempts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'claimed', $6, $7, 1, $8, $8)
       ON CONFLICT (trial_id, type, scheduled_for) DO UPDATE
         SET status = 'claimed', claimed_by = EXCLUDED.claimed_by, lease_until = EXCLUDED.lease_until,
             attempts = report_runs.attempts + 1, updated_at = EXCLUDED.updated_at
       WHERE report_runs.status <> 'done' AND report_runs.lease_until <= EXCLUDED.updated_at AND report_runs.attempts < $9
       RETURNING run_id, attempts`,
      [
        randomUUID(),
        run.trialId,
        run.type,
        run.scheduledFor,
        run.asOf,
        instanceId,
        new Date(now.getTime() + leaseMs),
        now,
        maxAttempts,
      ],
    );
    const rows = (Array.isArray(result[0]) ? result[0] : result) as { run_id: string; attempts: number }[];
    return rows.length === 0 ? null : { runId: rows[0].run_id, attempts: rows[0].attempts };
  }

  async markFailed(
    runId: string,
    instanceId: string,
    now: Date,
    retryAt: Date,
    error: string,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE report_runs SET status = 'failed', lease_until = $3, last_error = $4, updated_at = $5
        WHERE run_id = $1 AND claimed_by = $2 AND status = 'claimed'`,
      [runId, instanceId, retryAt, error.slice(0, 500), now],
    );
  }

  /**
   * Where a trial's runs of one type stand after `after`: the scheduled times that need no
   * more work (done, or out of attempts), the latest of them, and the runs still to be
   * retried (claimed or failed, attempts left).
   */
  async state(
    trialId: string,
    type: ReportType,
    after: Date,
    maxAttempts: number,
  ): Promise<{
    settled: Set<number>;
    latestSettled: Date | null;
    unfinished: { scheduledFor: Date; asOf: string }[];
  }> {
    const rows: { scheduled_for: Date; as_of: string; settled: boolean }[] = await this.dataSource.query(
      `SELECT scheduled_for, to_char(as_of, 'YYYY-MM-DD') AS as_of, (status = 'done' OR attempts >= $4) AS settled
         FROM report_runs WHERE trial_id = $1 AND type = $2 AND scheduled_for > $3 ORDER BY scheduled_for`,
      [trialId, type, after, maxAttempts],
    );
    const settled = new Set<number>();
    let latestSettled: Date | null = null;
    const unfinished: { scheduledFor: Date; asOf: string }[] = [];
    for (const row of rows) {
      const at = new Date(row.scheduled_for);
      if (row.settled) {
        settled.add(at.getTime());
        latestSettled = at;
      } else unfinished.push({ scheduledFor: at, asOf: row.as_of });
    }
    return { settled, latestSettled, unfinished };
  }

  async recent(trialId: string, limit: number): Promise<RunRecord[]> {
    const rows: {
      run_id: string;
      type: ReportType;
      scheduled_for: Date;
      as_of: string;
      status: RunRecord['status'];
      attempts: number;
      report_id: string | null;
      last_error: string | null;
    }[] = await this.dataSource.query(
      `SELECT run_id, type, scheduled_for, to_char(as_of, 'YYYY-MM-DD') AS as_of, status, attempts, report_id, last_error
         FROM report_runs WHERE trial_id = $1 ORDER BY scheduled_for DESC LIMIT $2`,
      [trialId, limit],
    );
    return rows.map((r) => ({
      runId: r.run_id,
      type: r.type,
      scheduledFor: new Date(r.scheduled_for).toISOString(),
      asOf: r.as_of,
      status: r.status,
      attempts: r.attempts,
      reportId: r.report_id,
      lastError: r.last_error,
    }));
  }
}

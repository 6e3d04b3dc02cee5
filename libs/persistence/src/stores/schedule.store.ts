import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TRIAL_SCOPE, trialIdLike, type TrialScope } from './trial-scope';

export const SCHEDULE_DEFAULTS = Symbol('SCHEDULE_DEFAULTS');
export interface ScheduleDefaults {
  cron: string;
  timezone: string;
}

export interface TrialSchedule {
  trialId: string;
  startDate: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  /** occurrences at or before this are never made up */
  activeFrom: Date;
  updatedAt: Date;
  /** key id of whoever set it, or `default` */
  updatedBy: string;
}

interface ScheduleRow {
  trial_id: string;
  start_date: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  active_from: Date;
  updated_at: Date;
  updated_by: string;
}

const COLUMNS = `s.trial_id, to_char(t.start_date, 'YYYY-MM-DD') AS start_date, s.cron, s.timezone, s.enabled, s.active_from, s.updated_at, s.updated_by`;

/**
 * Report schedules, one per trial, in Postgres so every instance sees a change at its
 * next tick (no restart). A trial gets the default schedule the first time the service
 * sees it; occurrences before that moment are not "missed".
 */
@Injectable()
export class ScheduleStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SCHEDULE_DEFAULTS) private readonly defaults: ScheduleDefaults,
    @Inject(TRIAL_SCOPE) private readonly scope: TrialScope,
  ) {}

  /** Gives every trial in scope without a schedule the default one, starting now (or just `trialId`'s). */
  async ensureDefaults(now: Date, trialId?: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO report_schedules (trial_id, cron, timezone, enabled, active_from, updated_at, updated_by)
       SELECT trial_id, $1, $2, true, $3, $3, 'default' FROM trials
        WHERE ($4::text IS NULL AND trial_id LIKE $5) OR trial_id = $4
       ON CONFLICT (trial_id) DO NOTHING`,
      [this.defaults.cron, this.defaults.timezone, now, trialId ?? null, trialIdLike(this.scope)],
    );
  }

  /** Every schedule of the trials in scope. */
  async all(): Promise<TrialSchedule[]> {
    const rows: ScheduleRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM report_schedules s JOIN trials t USING (trial_id) WHERE s.trial_id LIKE $1 ORDER BY s.trial_id`,
      [trialIdLike(this.scope)],
    );
    return rows.map(toSchedule);
  }

  /** The trial's schedule (the default one if it had none); null when there is no such trial. */
  async get(trialId: string, now: Date): Promise<TrialSchedule | null> {
    await this.ensureDefaults(now, trialId);
    const rows: ScheduleRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM report_schedules s JOIN trials t USING (trial_id) WHERE s.trial_id = $1`,
      [trialId],
    );
    return rows.length === 0 ? null : toSchedule(rows[0]);
  }

  /** Replaces the schedule; runs are due only from now on, so a change never triggers a burst of "missed" runs. */
  async put(
    trialId: string,
    change: { cron: string; timezone: string; enabled: boolean },
    now: Date,
    by: string,
  ): Promise<TrialSchedule | null> {
    const rows: { trial_id: string }[] = await this.dataSource.query(
      `INSERT INTO report_schedules (trial_id, cron, timezone, enabled, active_from, updated_at, updated_by)
       SELECT trial_id, $2, $3, $4, $5, $5, $6 FROM trials WHERE trial_id = $1
       ON CONFLICT (trial_id) DO UPDATE
         SET cron = EXCLUDED.cron, timezone = EXCLUDED.timezone, enabled = EXCLUDED.enabled,
             active_from = EXCLUDED.active_from, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
       RETURNING trial_id`,
      [trialId, change.cron, change.timezone, change.enabled, now, by],
    );
    return rows.length === 0 ? null : this.get(trialId, now);
  }
}

function toSchedule(row: ScheduleRow): TrialSchedule {
  return {
    trialId: row.trial_id,
    startDate: row.start_date,
    cron: row.cron,
    timezone: row.timezone,
    enabled: row.enabled,
    activeFrom: new Date(row.active_from),
    updatedAt: new Date(row.updated_at),
    updatedBy: row.updated_by,
  };
}

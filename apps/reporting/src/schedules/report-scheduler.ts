import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { CLOCK, LOGGER, Metrics, type Clock, type Logger } from '@ips/platform';
import { LostClaimError } from '../reports/report-archive';
import { GenerateReport } from '../reports/generate-report/generate-report.command';
import type { ReportMetadata } from '../reports/report-types';
import { ReportRuns, type DueRun, ScheduleStore } from '@ips/persistence';
import { firstAnniversary, localDate, occurrencesBetween } from './schedule-calendar';

export const SCHEDULER_SETTINGS = Symbol('SCHEDULER_SETTINGS');
export interface SchedulerSettings {
  /** 0: no timer; something else calls tick() (tests) */
  tickSeconds: number;
  /** missed interim runs older than this are not made up */
  catchUpDays: number;
}

export interface TickOutcome {
  produced: ReportMetadata[];
  failed: { run: DueRun; error: string }[];
}

const LEASE_MS = 15 * 60_000;
const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 5 * 60_000;
/** at most this many missed interim runs of one trial are made up in one tick */
const MAX_MAKE_UP = 12;

/**
 * The scheduler: a tick (every REPORTING_TICK_SECONDS through @nestjs/schedule, and once
 * at start-up, which makes up runs missed while the service was down) works out every
 * due run from each trial's schedule and the injected clock, claims it (only one
 * instance can) and generates it. Interim reports fall due on each occurrence of the
 * trial's cron expression, as of that occurrence's calendar date in the schedule's time
 * zone; the first-year report once, when the date reaches the first anniversary.
 */
@Injectable()
export class ReportScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly instanceId = `reporting-${process.pid}-${randomUUID().slice(0, 8)}`;
  private ticking: Promise<TickOutcome> | null = null;
  private stopped = false;
  private readonly produced;

  constructor(
    private readonly schedules: ScheduleStore,
    private readonly runs: ReportRuns,
    private readonly commands: CommandBus,
    private readonly registry: SchedulerRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SCHEDULER_SETTINGS) private readonly settings: SchedulerSettings,
    metrics: Metrics,
  ) {
    this.produced = metrics.counter({
      name: 'reporting_scheduled_runs_total',
      help: 'scheduled runs by outcome',
      labelNames: ['type', 'outcome'],
    });
  }

  onApplicationBootstrap(): void {
    if (this.settings.tickSeconds <= 0) return;
    const timer = setInterval(() => void this.tickSafely(), this.settings.tickSeconds * 1000);
    this.registry.addInterval('report-scheduler', timer);
    // make up whatever fell due while the service was down, without holding up start-up
    setImmediate(() => void this.tickSafely());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', 'report-scheduler'))
      this.registry.deleteInterval('report-scheduler');
    await this.ticking?.catch(() => undefined);
  }

  /** One pass: every due run claimed and generated. Overlapping calls share the pass in progress. */
  tick(): Promise<TickOutcome> {
    this.ticking ??= this.runTick().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  /** The runs due now that no instance has settled yet, oldest first. */
  async dueRuns(now: Date): Promise<DueRun[]> {
    await this.schedules.ensureDefaults(now);
    const due: DueRun[] = [];
    for (const schedule of await this.schedules.all()) {
      if (!schedule.enabled) continue;
      const spec = { cron: schedule.cron, timezone: schedule.timezone };
      const windowStart = new Date(
        Math.max(schedule.activeFrom.getTime(), now.getTime() - this.settings.catchUpDays * 86_400_000),
      );
      const interim = await this.runs.state(schedule.trialId, 'interim', windowStart, MAX_ATTEMPTS);
      const seen = new Set<number>(interim.settled);
      for (const run of interim.unfinished) {
        seen.add(run.scheduledFor.getTime());
        due.push({
          trialId: schedule.trialId,
          type: 'interim',
          scheduledFor: run.scheduledFor,
          asOf: run.asOf,
        });
      }
      // occurrences are walked from the latest settled run on (each step of CronTime costs
      // a millisecond or two; an hourly schedule has 2,000 in the catch-up window)
      const walkFrom =
        interim.latestSettled && interim.latestSettled > windowStart ? interim.latestSettled : windowStart;
      for (const at of occurrencesBetween(spec, walkFrom, now, MAX_MAKE_UP)) {
        if (!seen.has(at.getTime()))
          due.push({
            trialId: schedule.trialId,
            type: 'interim',
            scheduledFor: at,
            asOf: localDate(at, schedule.timezone),
          });
      }
      const anniversary = firstAnniversary(schedule.startDate);
      if (localDate(now, schedule.timezone) >= anniversary) {
        // keyed on the date alone (00:00 UTC), so a later change of time zone cannot make it due twice
        const scheduledFor = new Date(`${anniversary}T00:00:00.000Z`);
        const firstYear = await this.runs.state(
          schedule.trialId,
          'first_year',
          new Date(scheduledFor.getTime() - 1),
          MAX_ATTEMPTS,
        );
        if (!firstYear.settled.has(scheduledFor.getTime()))
          due.push({ trialId: schedule.trialId, type: 'first_year', scheduledFor, asOf: anniversary });
      }
    }
    return due.sort(
      (a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime() || a.trialId.localeCompare(b.trialId),
    );
  }

  private async runTick(): Promise<TickOutcome> {
    const outcome: TickOutcome = { produced: [], failed: [] };
    const due = await this.dueRuns(this.clock.now());
    for (const run of due) {
      if (this.stopped) break;
      const now = this.clock.now();
      const claim = await this.runs.claim(run, this.instanceId, now, LEASE_MS, MAX_ATTEMPTS);
      if (!claim) continue;
      try {
        const report = await this.commands.execute(
          new GenerateReport(run.trialId, run.type, run.asOf, 'schedule', null, {
            runId: claim.runId,
            claimedBy: this.instanceId,
          }),
        );
        outcome.produced.push(report);
        this.produced.inc({ type: run.type, outcome: 'produced' });
      } catch (err) {
        const message = (err as Error).message;
        if (err instanceof LostClaimError) {
          this.logger.warn(
            { trialId: run.trialId, type: run.type, asOf: run.asOf },
            'scheduled run was taken over by another instance',
          );
          continue;
        }
        const retryAt = new Date(now.getTime() + RETRY_BASE_MS * 2 ** (claim.attempts - 1));
        await this.runs
          .markFailed(claim.runId, this.instanceId, this.clock.now(), retryAt, message)
          .catch(() => undefined);
        outcome.failed.push({ run, error: message });
        this.produced.inc({ type: run.type, outcome: 'failed' });
        this.logger.error(
          { trialId: run.trialId, type: run.type, asOf: run.asOf, attempt: claim.attempts, err: message },
          'scheduled report failed',
        );
      }
    }
    return outcome;
  }

  private async tickSafely(): Promise<void> {
    try {
      const { produced, failed } = await this.tick();
      if (produced.length > 0 || failed.length > 0)
        this.logger.info({ produced: produced.length, failed: failed.length }, 'scheduler tick');
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'scheduler tick failed');
    }
  }
}

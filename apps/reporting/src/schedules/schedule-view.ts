import type { RunRecord, TrialSchedule } from '@ips/persistence';
import { firstAnniversary, localDate, nextOccurrences } from './schedule-calendar';

export interface ScheduleView {
  trialId: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  updatedAt: string;
  updatedBy: string;
  /** the next interim reports: when they run and the as-of date they will have */
  nextInterimReports: { at: string; asOf: string }[];
  firstYear: { asOf: string; due: boolean };
  recentRuns?: RunRecord[];
}

export function scheduleView(schedule: TrialSchedule, now: Date, recentRuns?: RunRecord[]): ScheduleView {
  const spec = { cron: schedule.cron, timezone: schedule.timezone };
  const anniversary = firstAnniversary(schedule.startDate);
  return {
    trialId: schedule.trialId,
    cron: schedule.cron,
    timezone: schedule.timezone,
    enabled: schedule.enabled,
    updatedAt: schedule.updatedAt.toISOString(),
    updatedBy: schedule.updatedBy,
    nextInterimReports: schedule.enabled
      ? nextOccurrences(spec, now, 3).map((at) => ({
          at: at.toISOString(),
          asOf: localDate(at, schedule.timezone),
        }))
      : [],
    firstYear: { asOf: anniversary, due: localDate(now, schedule.timezone) >= anniversary },
    ...(recentRuns ? { recentRuns } : {}),
  };
}

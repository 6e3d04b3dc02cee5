import { CronTime } from 'cron';

// When reports are due, worked out from a trial's cron expression and the injected clock
// (never the wall clock), so tests move time instead of waiting. The cron package is the
// one @nestjs/schedule runs on; every call passes the time zone explicitly, because
// CronTime.getNextDateFrom ignores the zone the CronTime was made with.

export interface ScheduleSpec {
  cron: string;
  timezone: string;
}

// a CronTime step costs a millisecond or two: bound the walk (92 days of an hourly schedule is 2,208)
const MAX_STEPS = 5_000;

/** Why a cron expression and zone cannot be a schedule, or null when they can. */
export function validateSchedule(
  cron: string,
  timezone: string,
  options: { minIntervalSeconds?: number; now?: Date } = {},
): string | null {
  if (!isTimeZone(timezone)) return `timezone "${timezone}" is not an IANA time zone (e.g. Europe/London)`;
  const fields = cron.trim().split(/\s+/);
  if (!cron.trim().startsWith('@') && (fields.length < 5 || fields.length > 6)) {
    return 'cron must have 5 fields (minute hour day-of-month month day-of-week) or 6 (with seconds first)';
  }
  let next: Date[];
  try {
    next = nextOccurrences({ cron, timezone }, options.now ?? new Date(), 6);
  } catch (err) {
    return `cron "${cron}" is not valid: ${firstLine((err as Error).message)}`;
  }
  if (next.length === 0) return `cron "${cron}" never fires`;
  const min = options.minIntervalSeconds ?? 0;
  for (let i = 1; i < next.length; i++) {
    if ((next[i].getTime() - next[i - 1].getTime()) / 1000 < min) {
      return `cron "${cron}" fires more often than once every ${describeSeconds(min)}`;
    }
  }
  return null;
}

/** The next `count` occurrences strictly after `after`. */
export function nextOccurrences(spec: ScheduleSpec, after: Date, count: number): Date[] {
  const time = new CronTime(spec.cron, spec.timezone);
  const out: Date[] = [];
  let at = after;
  for (let i = 0; i < count; i++) {
    at = time.getNextDateFrom(at, spec.timezone).toJSDate();
    out.push(at);
  }
  return out;
}

/**
 * Occurrences in (after, until], oldest first; at most the latest `limit`. A schedule
 * that fires every second would make millions in a long window: only the last ones are
 * kept, and the walk stops after a bounded number of steps.
 */
export function occurrencesBetween(spec: ScheduleSpec, after: Date, until: Date, limit: number): Date[] {
  if (until.getTime() <= after.getTime()) return [];
  const time = new CronTime(spec.cron, spec.timezone);
  const kept: Date[] = [];
  let at = after;
  for (let step = 0; step < MAX_STEPS; step++) {
    at = time.getNextDateFrom(at, spec.timezone).toJSDate();
    if (at.getTime() > until.getTime()) break;
    kept.push(at);
    if (kept.length > limit) kept.shift();
  }
  return kept;
}

/** The calendar date of an instant in a time zone, YYYY-MM-DD. */
export function localDate(instant: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The first anniversary of a trial's start date: the same day a year later; a start on
 * 29 February reaches it on 1 March (a full year has then passed).
 */
export function firstAnniversary(startDate: string): string {
  const [y, m, d] = startDate.split('-').map(Number);
  const t = new Date(Date.UTC(y + 1, m - 1, d));
  return t.toISOString().slice(0, 10);
}

function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone });
    return timezone.length > 0;
  } catch {
    return false;
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

function describeSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

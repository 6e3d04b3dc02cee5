import { fromDayNumber, toDayNumber } from '@ips/domain';

// Simulated time is whole days (days since 1970-01-01, UTC), like libs/domain. ISO strings
// are made once per distinct day: a trial spans about a thousand days but millions of
// events.

export { toDayNumber };

const SUNDAY = 0;
const SATURDAY = 6;
const FRIDAY = 5;

const isoCache = new Map<number, string>();

export function isoDay(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = fromDayNumber(day);
    isoCache.set(day, iso);
  }
  return iso;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The day itself on Monday–Friday, else the following Monday. Non-decreasing in `day`. */
export function onOrNextWeekday(day: number): number {
  const wd = weekday(day);
  if (wd === SATURDAY) return day + 2;
  if (wd === SUNDAY) return day + 1;
  return day;
}

export function onOrNextFriday(day: number): number {
  return day + ((FRIDAY - weekday(day) + 7) % 7);
}

export function onOrNextMonday(day: number): number {
  return day + ((1 - weekday(day) + 7) % 7);
}

/** The same day of the month `months` later (clamped to the month's last day). */
export function addMonths(day: number, months: number): number {
  const date = new Date(day * 86_400_000);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(y, m, Math.min(date.getUTCDate(), lastDay)) / 86_400_000);
}

/** Today's date in UTC as a day number (the ingest accepts up to UTC+14, so UTC is safe). */
export function utcTodayDay(now: Date): number {
  return Math.floor(now.getTime() / 86_400_000);
}

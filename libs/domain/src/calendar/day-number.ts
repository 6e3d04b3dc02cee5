import { floor } from '../intrinsics';
import { InvalidCalendarDateError } from './calendar-date-error';

// Whole days as integers (days since 1970-01-01, UTC), so that follow-up windows are
// integer arithmetic and never meet time zones or daylight saving. The conversion is
// done by hand rather than through Date because computeOutcomes calls it several
// times per participant and must stay fast for 100,000 journeys.

const DASH = 45;
const ZERO = 48;
/** days before the first of each month (1-based) in a common year */
const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_1970 = 719162; // days from 0001-01-01 to 1970-01-01, proleptic Gregorian

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month] ?? 0);
}

/** Days since 1970-01-01 of an ISO date `YYYY-MM-DD`; throws on anything that is not a real day. */
export function toDayNumber(isoDate: string): number {
  if (isoDate.length !== 10 || isoDate.charCodeAt(4) !== DASH || isoDate.charCodeAt(7) !== DASH) {
    throw new InvalidCalendarDateError(isoDate);
  }
  // `>>> 0` turns a character below '0' into a huge number, so one test per digit suffices
  const y0 = isoDate.charCodeAt(0) - ZERO;
  const y1 = isoDate.charCodeAt(1) - ZERO;
  const y2 = isoDate.charCodeAt(2) - ZERO;
  const y3 = isoDate.charCodeAt(3) - ZERO;
  const m0 = isoDate.charCodeAt(5) - ZERO;
  const m1 = isoDate.charCodeAt(6) - ZERO;
  const d0 = isoDate.charCodeAt(8) - ZERO;
  const d1 = isoDate.charCodeAt(9) - ZERO;
  if (
    y0 >>> 0 > 9 ||
    y1 >>> 0 > 9 ||
    y2 >>> 0 > 9 ||
    y3 >>> 0 > 9 ||
    m0 >>> 0 > 9 ||
    m1 >>> 0 > 9 ||
    d0 >>> 0 > 9 ||
    d1 >>> 0 > 9
  ) {
    throw new InvalidCalendarDateError(isoDate);
  }
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InvalidCalendarDateError(isoDate);
  }
  const before = year - 1;
  const leapDaysBefore = floor(before / 4) - floor(before / 100) + floor(before / 400);
  const leapDayThisYear = month > 2 && isLeapYear(year) ? 1 : 0;
  return (
    365 * before +
    leapDaysBefore -
    DAYS_BEFORE_1970 +
    (DAYS_BEFORE_MONTH[month] ?? 0) +
    leapDayThisYear +
    day -
    1
  );
}

/** The ISO date of a day number (inverse of toDayNumber). */
export function fromDayNumber(dayNumber: number): string {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`day number must be an integer: ${dayNumber}`);
  const { year, month, day } = civilFromDays(dayNumber);
  if (year < 0 || year > 9999) throw new RangeError(`day number outside years 0000-9999: ${dayNumber}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `isoDate` moved by `days` whole days (negative moves back). */
export function addDays(isoDate: string, days: number): string {
  return fromDayNumber(toDayNumber(isoDate) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

// Proleptic Gregorian, after H. Hinnant, "chrono-Compatible Low-Level Date Algorithms":
// exact for every year, with no floating point.
function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

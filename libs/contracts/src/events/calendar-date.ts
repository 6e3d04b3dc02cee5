// Whole-day calendar dates as ISO strings (YYYY-MM-DD). Pure helpers shared by the
// validators; the domain keeps its own day arithmetic.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is YYYY-MM-DD and names a real day (2017-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * The latest `occurredOn` accepted at instant `now`: today's date where it is already
 * latest on Earth (UTC+14). A site in England sending at 00:30 BST is not told its
 * today is "in the future" because UTC is still on yesterday.
 */
export function latestAcceptableDate(now: Date): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

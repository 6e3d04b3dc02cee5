// Number formats for people, not machines: percentages with a fixed number of decimals,
// counts with thousands separators, and the disclosure-control marks passed through.

/** A published figure: a number, `null` (not estimable) or `*` (withheld). */
export type DisplayValue = number | null | string;

export interface FormatOptions {
  /** shown for null (nothing to estimate) */
  missing?: string;
}

/** 0.4234 → "42.3%"; null → "–"; "*" stays "*". */
export function formatPercent(value: DisplayValue, decimals = 1, options: FormatOptions = {}): string {
  if (value === null || value === undefined) return options.missing ?? '–';
  if (typeof value === 'string') return value;
  return `${(value * 100).toFixed(decimals)}%`;
}

/** A difference of proportions in percentage points, signed: 0.123 → "+12.3". */
export function formatPoints(value: DisplayValue, decimals = 1, options: FormatOptions = {}): string {
  if (value === null || value === undefined) return options.missing ?? '–';
  if (typeof value === 'string') return value;
  const points = value * 100;
  const text = Math.abs(points).toFixed(decimals);
  if (Number(text) === 0) return (0).toFixed(decimals);
  return `${points > 0 ? '+' : '−'}${text}`;
}

/** 12345 → "12,345"; "*" stays "*". */
export function formatCount(value: DisplayValue, options: FormatOptions = {}): string {
  if (value === null || value === undefined) return options.missing ?? '–';
  if (typeof value === 'string') return value;
  return value.toLocaleString('en-GB');
}

/** A number with fixed decimals: 41.25 → "41.3". */
export function formatNumber(value: DisplayValue, decimals = 1, options: FormatOptions = {}): string {
  if (value === null || value === undefined) return options.missing ?? '–';
  if (typeof value === 'string') return value;
  return value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

// Statistical disclosure control for everything the reporting service publishes
// (DESIGN §8: the NHS Digital method for hospital statistics). The evaluator API is not
// suppressed; these rules apply only to published reports.

/** What a suppressed count, or a figure withheld because of one, is shown as. */
export const SUPPRESSED = '*' as const;
export type Suppressed = typeof SUPPRESSED;

/** Counts from 1 to this are suppressed (primary suppression). */
export const LARGEST_SUPPRESSED_COUNT = 7;
/** Every other count is rounded to the nearest multiple of this. */
export const COUNT_ROUNDING_BASE = 5;

/** Published precision of proportions, cumulative incidences, their limits and risk differences. */
export const PROPORTION_DECIMALS = 3;
/** Published precision of means (days employed, hours a week). */
export const MEAN_DECIMALS = 1;

/** True for a count that primary suppression hides. */
export function isSmallCount(value: number): boolean {
  return value >= 1 && value <= LARGEST_SUPPRESSED_COUNT;
}

/**
 * A count as published when it is not suppressed: 0 stays 0 (a true zero discloses no
 * one), everything else goes to the nearest multiple of 5. With integers there is never a
 * tie. Counts 1–7 never reach here.
 */
export function roundCount(value: number): number {
  return Math.round(value / COUNT_ROUNDING_BASE) * COUNT_ROUNDING_BASE;
}

/** The interval a reader can infer for a count published as `shown` (≥ 8 once rounded). */
export function roundedCountRange(shown: number): [number, number] {
  if (shown === 0) return [0, 0];
  const half = Math.floor(COUNT_ROUNDING_BASE / 2);
  return [Math.max(LARGEST_SUPPRESSED_COUNT + 1, shown - half), shown + half];
}

/** Fixed published precision; never returns -0. */
export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  const rounded = Math.round(value * scale) / scale;
  return rounded === 0 ? 0 : rounded;
}

/** Published precision of hazard ratios, their limits and chi-square statistics. */
export const RATIO_DECIMALS = 3;
/** Published significant digits of p-values (a p of 0.00004 stays 4e-5, not 0). */
export const P_VALUE_DIGITS = 3;

/** A p-value (or any positive figure) to `digits` significant digits; never returns -0. */
export function roundSignificant(value: number, digits: number): number {
  if (value === 0 || !Number.isFinite(value)) return value === 0 ? 0 : value;
  const rounded = Number(value.toPrecision(digits));
  return rounded === 0 ? 0 : rounded;
}

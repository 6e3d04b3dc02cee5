import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

// Student's t from @stdlib (a maintained port of the Boost/Cephes algorithms), not our own.

/** R: qt(0.975, df) */
export function tQuantile975(df: number): number {
  return tQuantile(0.975, df);
}

/** Two-sided p of a t statistic. R: 2 * pt(abs(t), df, lower.tail = FALSE) */
export function twoSidedTP(t: number, df: number): number {
  return 2 * tCdf(-Math.abs(t), df);
}

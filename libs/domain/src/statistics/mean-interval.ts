import { sqrt } from './sqrt';
import { tQuantile975 } from './t-distribution';

export interface MeanInterval {
  n: number;
  mean: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * Mean with its 95% t interval on n − 1 degrees of freedom: R `t.test(x)$conf.int`.
 * mean null when n = 0, interval null when n < 2. Where every value is equal the interval
 * is the point itself (R's t.test stops with "data are essentially constant").
 * The values are summed in the order given: callers pass them sorted, so the answer does
 * not depend on the order participants were read in.
 */
export function meanInterval(values: readonly number[]): MeanInterval {
  const n = values.length;
  if (n === 0) return { n, mean: null, lower: null, upper: null };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { n, mean, lower: null, upper: null };
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  const halfWidth = tQuantile975(n - 1) * sqrt(squares / (n - 1) / n);
  return { n, mean, lower: mean - halfWidth, upper: mean + halfWidth };
}

import { Z_95 } from './normal-quantile';
import { StatisticsInputError } from './statistics-input-error';

export interface ProportionInterval {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * 95% Wilson score interval without continuity correction (Newcombe 1998 single
 * proportion, method 3), written as R's prop.test(x, n, correct = FALSE) writes it so
 * the two agree to the last digits, including the exact 0 and 1 at x = 0 and x = n.
 * null when there are no trials: a rate over nobody is unknown, not 0.
 */
export function wilsonInterval(successes: number, trials: number): ProportionInterval | null {
  assertCounts(successes, trials);
  if (trials === 0) return null;
  const z = Z_95;
  const p = successes / trials;
  const z22n = (z * z) / (2 * trials);
  const spread = (q: number) => z * Math.sqrt((q * (1 - q)) / trials + z22n / (2 * trials));
  const lower = successes === 0 ? 0 : (p + z22n - spread(p)) / (1 + 2 * z22n);
  const upper = successes === trials ? 1 : (p + z22n + spread(p)) / (1 + 2 * z22n);
  return { estimate: p, lower, upper };
}

export function assertCounts(successes: number, trials: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new StatisticsInputError(`not a count of successes out of trials: ${successes}/${trials}`);
  }
}

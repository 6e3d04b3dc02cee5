import { wilsonInterval } from './wilson';

export interface DifferenceInterval {
  difference: number;
  lower: number;
  upper: number;
}

/**
 * Difference of two independent proportions p1 − p2 with the 95% hybrid score interval
 * (Newcombe 1998, method 10), built from each arm's Wilson interval. Unlike the Wald
 * interval it stays inside [−1, 1] and behaves at 0/n and n/n, which small interim
 * cuts of a trial produce. null when either arm has no one.
 */
export function newcombeDifference(
  successes1: number,
  trials1: number,
  successes2: number,
  trials2: number,
): DifferenceInterval | null {
  const a = wilsonInterval(successes1, trials1);
  const b = wilsonInterval(successes2, trials2);
  if (a === null || b === null) return null;
  const difference = a.estimate - b.estimate;
  return {
    difference,
    lower: difference - Math.sqrt((a.estimate - a.lower) ** 2 + (b.upper - b.estimate) ** 2),
    upper: difference + Math.sqrt((a.upper - a.estimate) ** 2 + (b.estimate - b.lower) ** 2),
  };
}

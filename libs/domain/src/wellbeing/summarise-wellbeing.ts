import type { WellbeingSummary } from '@ips/contracts';
import { meanInterval } from '../statistics/mean-interval';
import { HIGHER_IS_BETTER, INSTRUMENTS } from './instruments';
import { canonicalPairs, type WellbeingTally } from './wellbeing-tally';

/**
 * DESIGN §6b per group: every instrument in contract order. Means over those with a
 * measurement; the change over those with both, with a 95% t interval (R `t.test`).
 */
export function summariseWellbeing(
  randomised: number,
  tallies: readonly WellbeingTally[],
): WellbeingSummary[] {
  return INSTRUMENTS.map((instrument, i) => {
    const t = tallies[i];
    const changes = canonicalPairs(t.pairs).map((p) => p.followUp - p.baseline);
    const change = meanInterval(changes);
    return {
      instrument,
      higherIsBetter: HIGHER_IS_BETTER[instrument],
      randomised,
      withBaseline: t.withBaseline,
      due: t.due,
      withFollowUp: t.withFollowUp,
      baselineMean: t.withBaseline === 0 ? null : t.baselineTotal / t.withBaseline,
      followUpMean: t.withFollowUp === 0 ? null : t.followUpTotal / t.withFollowUp,
      change: { n: change.n, mean: change.mean, lower: change.lower, upper: change.upper },
    };
  });
}

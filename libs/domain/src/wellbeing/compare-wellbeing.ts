import type { WellbeingComparison } from '@ips/contracts';
import { leastSquaresCoefficient } from '../statistics/least-squares';
import { HIGHER_IS_BETTER, INSTRUMENTS } from './instruments';
import { canonicalPairs, type WellbeingPair, type WellbeingTally } from './wellbeing-tally';

/** Arm is the second column of the design: intercept, arm (IPS = 1), baseline, site dummies. */
const ARM_COLUMN = 1;

/**
 * DESIGN §6b per comparison: for each instrument, over the participants with a baseline
 * and a follow-up, the IPS − usual care difference in follow-up adjusted for baseline (and
 * for site as a factor when more than one site is present), by least squares:
 * R `lm(followUp ~ arm + baseline + factor(site))`, or without the site term for one site.
 * `tallies` are the instrument tallies of every group of the comparison's key that has an arm.
 */
export function compareWellbeing(tallies: readonly (readonly WellbeingTally[])[]): WellbeingComparison[] {
  return INSTRUMENTS.map((instrument, i) => {
    const pairs = canonicalPairs(tallies.flatMap((t) => t[i].pairs));
    const nIps = pairs.filter((p) => p.arm === 'ips').length;
    const nUsualCare = pairs.length - nIps;
    const fit = nIps < 2 || nUsualCare < 2 ? null : adjustedDifference(pairs);
    return {
      instrument,
      higherIsBetter: HIGHER_IS_BETTER[instrument],
      n: pairs.length,
      nIps,
      nUsualCare,
      adjustedDifference: fit?.estimate ?? null,
      lower: fit?.lower ?? null,
      upper: fit?.upper ?? null,
      p: fit?.p ?? null,
    };
  });
}

function adjustedDifference(pairs: readonly WellbeingPair[]) {
  const n = pairs.length;
  // R's factor levels are the sorted sites; the first is the reference (treatment contrasts)
  const sites = [...new Set(pairs.map((p) => p.site))].sort();
  const columns: Float64Array[] = [
    new Float64Array(n).fill(1),
    Float64Array.from(pairs, (p) => (p.arm === 'ips' ? 1 : 0)),
    Float64Array.from(pairs, (p) => p.baseline),
    ...sites.slice(1).map((site) => Float64Array.from(pairs, (p) => (p.site === site ? 1 : 0))),
  ];
  return leastSquaresCoefficient(
    columns,
    Float64Array.from(pairs, (p) => p.followUp),
    ARM_COLUMN,
  );
}

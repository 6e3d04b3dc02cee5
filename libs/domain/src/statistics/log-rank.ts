import { chiSquareUpperTail } from './distributions';
import { armSize, riskSetsAtEvents, type TwoArmStratum } from './two-arm-survival';

export interface StratifiedLogRank {
  observedTreated: number;
  observedControl: number;
  /** null when either arm has nobody or the variance is 0 (DESIGN §6a) */
  expectedTreated: number | null;
  expectedControl: number | null;
  chiSquare: number | null;
  p: number | null;
}

/**
 * The stratified log-rank test of two arms, as R's
 * `survdiff(Surv(time, status) ~ arm + strata(site))` (rho = 0): observed and expected
 * events per arm and the variance of O − E summed over strata, chi-square on 1 df.
 * Each stratum compares only its own risk sets, so a stratum holding one arm adds
 * observed = expected and no variance.
 */
export function stratifiedLogRank(strata: readonly TwoArmStratum[]): StratifiedLogRank {
  let observedTreated = 0;
  let observedControl = 0;
  let expectedTreated = 0;
  let expectedControl = 0;
  let variance = 0;
  let varianceIsPositive = false;
  let nTreated = 0;
  let nControl = 0;
  for (const stratum of strata) {
    nTreated += armSize(stratum.treated);
    nControl += armSize(stratum.control);
    for (const r of riskSetsAtEvents(stratum)) {
      const n = r.atRiskTreated + r.atRiskControl;
      const d = r.eventsTreated + r.eventsControl;
      observedTreated += r.eventsTreated;
      observedControl += r.eventsControl;
      expectedTreated += (r.atRiskTreated * d) / n;
      expectedControl += (r.atRiskControl * d) / n;
      if (n > 1) {
        // Decided on integers, so a variance that is 0 in exact arithmetic is never a rounding residue.
        if (r.atRiskTreated > 0 && r.atRiskControl > 0 && d < n) varianceIsPositive = true;
        variance += (r.atRiskTreated * r.atRiskControl * d * (n - d)) / (n * n * (n - 1));
      }
    }
  }
  if (nTreated === 0 || nControl === 0 || !varianceIsPositive) {
    return {
      observedTreated,
      observedControl,
      expectedTreated: null,
      expectedControl: null,
      chiSquare: null,
      p: null,
    };
  }
  const chiSquare = (observedTreated - expectedTreated) ** 2 / variance;
  return {
    observedTreated,
    observedControl,
    expectedTreated,
    expectedControl,
    chiSquare,
    p: chiSquareUpperTail(chiSquare, 1),
  };
}

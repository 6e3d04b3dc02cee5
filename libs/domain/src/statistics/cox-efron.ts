import { Z_95 } from './normal-quantile';
import { chiSquareUpperTail } from './distributions';
import { armSize, riskSetsAtEvents, type RiskSetAtEvent, type TwoArmStratum } from './two-arm-survival';

export interface HazardRatioEstimate {
  /** exp(β), treated vs control */
  estimate: number;
  lower: number;
  upper: number;
  /** Wald p */
  p: number;
  beta: number;
  standardError: number;
  iterations: number;
}

/** R's coxph.control() defaults. */
export const COX_MAX_ITERATIONS = 20;
export const COX_EPSILON = 1e-9;

interface PartialLikelihood {
  logLik: number;
  score: number;
  information: number;
}

/**
 * Hazard ratio of treated vs control from a Cox model with Efron ties stratified by
 * site, as R's `coxph(Surv(time, status) ~ arm + strata(site), ties = "efron")`: the
 * Newton–Raphson of survival's coxfit6.c from β = 0, with its step halving and its stop
 * (|1 − ℓ_best/ℓ_new| ≤ 1e-9, at most 20 iterations); 95% Wald interval and Wald p.
 *
 * null (DESIGN §6a) when, among the strata holding both arms, either arm has no event
 * (the partial likelihood is monotone and β runs to ±∞), when the information at
 * β = 0 is 0, or when the iteration has not converged within 20 steps.
 */
export function coxHazardRatio(strata: readonly TwoArmStratum[]): HazardRatioEstimate | null {
  const mixed = strata.filter((s) => armSize(s.treated) > 0 && armSize(s.control) > 0);
  const riskSets = mixed.map(riskSetsAtEvents);
  let eventsTreated = 0;
  let eventsControl = 0;
  let informative = false;
  for (const stratum of riskSets) {
    for (const r of stratum) {
      eventsTreated += r.eventsTreated;
      eventsControl += r.eventsControl;
      // the information at β = 0 is positive exactly when some event's risk set holds both arms
      if (r.atRiskTreated > 0 && r.atRiskControl > 0) informative = true;
    }
  }
  if (eventsTreated === 0 || eventsControl === 0 || !informative) return null;

  // coxfit6.c: the first step from β = 0 is always taken; then iterate.
  let beta = 0;
  const start = partialLikelihood(riskSets, beta);
  let best = start.logLik;
  let newBeta = beta + start.score / start.information;
  let halving = 0;
  for (let iteration = 1; iteration <= COX_MAX_ITERATIONS; iteration++) {
    const at = partialLikelihood(riskSets, newBeta);
    const finite = Number.isFinite(at.logLik) && Number.isFinite(at.score) && Number.isFinite(at.information);
    if (finite && Math.abs(1 - best / at.logLik) <= COX_EPSILON) {
      if (!(at.information > 0)) return null;
      return waldSummary(newBeta, at.information, iteration);
    }
    if (!finite || at.logLik < best) {
      halving++;
      newBeta = (newBeta + halving * beta) / (halving + 1);
    } else {
      halving = 0;
      best = at.logLik;
      beta = newBeta;
      newBeta = newBeta + at.score / at.information;
    }
  }
  return null;
}

function waldSummary(beta: number, information: number, iterations: number): HazardRatioEstimate {
  const standardError = Math.sqrt(1 / information);
  return {
    estimate: Math.exp(beta),
    lower: Math.exp(beta - Z_95 * standardError),
    upper: Math.exp(beta + Z_95 * standardError),
    p: chiSquareUpperTail((beta / standardError) ** 2, 1),
    beta,
    standardError,
    iterations,
  };
}

/**
 * Log partial likelihood, score and information at β for a 0/1 covariate, Efron's
 * approximation for tied events: with d events at a time, the k-th of d terms (k = 0…d−1)
 * takes the risk set less k/d of the events' risk.
 */
function partialLikelihood(strata: readonly RiskSetAtEvent[][], beta: number): PartialLikelihood {
  const risk = Math.exp(beta);
  let logLik = 0;
  let score = 0;
  let information = 0;
  for (const stratum of strata) {
    for (const r of stratum) {
      const d = r.eventsTreated + r.eventsControl;
      const s1 = r.atRiskTreated * risk;
      const s0 = s1 + r.atRiskControl;
      const d1 = r.eventsTreated * risk;
      const d0 = d1 + r.eventsControl;
      logLik += beta * r.eventsTreated;
      score += r.eventsTreated;
      for (let k = 0; k < d; k++) {
        const f = k / d;
        const denominator = s0 - f * d0;
        const mean = (s1 - f * d1) / denominator;
        logLik -= Math.log(denominator);
        score -= mean;
        information += mean - mean * mean;
      }
    }
  }
  return { logLik, score, information };
}

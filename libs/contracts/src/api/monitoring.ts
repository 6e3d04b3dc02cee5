import type { EffectMetric } from './outcomes';

// DESIGN §6c: `GET /v1/trials/{trialId}/monitoring?asOf=` as its JSON carries it. The
// reporting service answers it, and the query service answers the same shape at the same
// path for the dashboard (docs/decisions.md); both build it with libs/domain's
// monitoringResponse, so the two cannot drift apart.

/** The trial's monitoring plan as set with `PUT /v1/trials/{trialId}/monitoring`. */
export interface MonitoringPlanView {
  trialId: string;
  primaryOutcome: EffectMetric;
  plannedParticipants: number;
  alpha: number;
  /** ISO timestamp of when the plan was last set */
  setAt: string;
}

/** One look: a published interim or first-year report (or, as `next`, the look a report at `asOf` would be). */
export interface MonitoringLookView {
  /** the report the look was taken with; null for `next` */
  reportId: string | null;
  /** YYYY-MM-DD */
  asOf: string;
  /** t = min(1, followUpComplete / plannedParticipants) */
  informationFraction: number;
  /** the site-stratified risk difference of the primary outcome over its standard error */
  z: number;
  /** the O'Brien–Fleming boundary cₖ for |Z| at this look */
  boundary: number;
  /** 2(1 − Φ(cₖ)): the two-sided p a look must beat */
  nominalP: number;
  /** 2·α₁(tₖ): the false-positive allowance spent by this look (cumulative) */
  alphaSpent: number;
  /** |Z| ≥ cₖ */
  crossed: boolean;
}

export interface MonitoringResponse {
  plan: MonitoringPlanView;
  /** the looks published so far, in publication order */
  looks: MonitoringLookView[];
  /** the look a report at `asOf` would be; null when it would not be a look */
  next: MonitoringLookView | null;
}

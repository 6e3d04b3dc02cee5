import type { MonitoringLookView, MonitoringResponse } from '@ips/contracts';
import type { OutcomeJourney } from '../journey/outcome-journey';
import { interimLook, primaryEstimate, type InterimLook, type MonitoringPlan } from './interim-looks';

// DESIGN §6c: the answer of `GET /v1/trials/{trialId}/monitoring?asOf=`, from the stored plan,
// the frozen looks and the trial's journeys. The reporting service and the query service
// (which serves it to the dashboard) both answer with this, so the two agree exactly.

export interface StoredMonitoringPlan extends MonitoringPlan {
  trialId: string;
  setAt: Date;
}

export interface StoredMonitoringLook extends InterimLook {
  reportId: string;
  asOf: string;
  /** 1, 2, … in publication order */
  look: number;
  publishedAt: Date;
}

export function lookView(look: InterimLook, reportId: string | null, asOf: string): MonitoringLookView {
  return {
    reportId,
    asOf,
    informationFraction: look.informationFraction,
    z: look.z,
    boundary: look.boundary,
    nominalP: look.nominalP,
    alphaSpent: look.alphaSpent,
    crossed: look.crossed,
  };
}

export function monitoringView(
  plan: StoredMonitoringPlan,
  looks: readonly StoredMonitoringLook[],
  next: MonitoringLookView | null,
): MonitoringResponse {
  return {
    plan: {
      trialId: plan.trialId,
      primaryOutcome: plan.primaryOutcome,
      plannedParticipants: plan.plannedParticipants,
      alpha: plan.alpha,
      setAt: plan.setAt.toISOString(),
    },
    looks: looks.map((l) => lookView(l, l.reportId, l.asOf)),
    next,
  };
}

/**
 * The plan, the looks published so far, and the look a report at `asOf` would be, computed
 * from the trial's journeys as they stand (each judged as of `asOf`).
 */
export function monitoringResponse(
  plan: StoredMonitoringPlan,
  looks: readonly StoredMonitoringLook[],
  at: { asOf: string; journeys: Iterable<OutcomeJourney> },
): MonitoringResponse {
  const estimate = primaryEstimate(
    { trialId: plan.trialId, asOf: at.asOf, journeys: at.journeys },
    plan.primaryOutcome,
  );
  const next = interimLook(
    plan,
    looks.map((l) => l.informationFraction),
    estimate,
  );
  return monitoringView(plan, looks, next === null ? null : lookView(next, null, at.asOf));
}

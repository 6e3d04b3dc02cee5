import type { InterimLook } from '@ips/domain';
import type { StoredLook, StoredPlan } from './monitoring.store';

/** DESIGN §6c: `GET /v1/trials/{trialId}/monitoring` */
export interface MonitoringView {
  plan: {
    trialId: string;
    primaryOutcome: string;
    plannedParticipants: number;
    alpha: number;
    setAt: string;
  };
  looks: LookView[];
  next: LookView | null;
}

export interface LookView {
  reportId: string | null;
  asOf: string;
  informationFraction: number;
  z: number;
  boundary: number;
  nominalP: number;
  alphaSpent: number;
  crossed: boolean;
}

export function lookView(look: InterimLook, reportId: string | null, asOf: string): LookView {
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

export function monitoringView(plan: StoredPlan, looks: StoredLook[], next: LookView | null): MonitoringView {
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

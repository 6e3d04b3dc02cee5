import type { EffectMetric } from '@ips/contracts';
import type { InterimLook, MonitoringPlan } from '@ips/domain';

/** One look as a published report shows it (DESIGN §6c): the information fraction to two decimals. */
export interface ReportLook {
  look: number;
  asOf: string;
  informationFraction: number;
  z: number;
  boundary: number;
  nominalP: number;
  alphaSpent: number;
  crossed: boolean;
}

/** The monitoring table of an interim or first-year report, present when the trial has a plan (DESIGN §6c, §8). */
export interface ReportMonitoring {
  primaryOutcome: EffectMetric;
  plannedParticipants: number;
  alpha: number;
  /** the looks published before this report, then this report's own look if it is one */
  looks: ReportLook[];
  /** this report's look number, or null when this report is not a look */
  thisLook: number | null;
  /** the plain-words verdict for this report */
  verdict: string;
}

export const VERDICT_CROSSED =
  'The O’Brien–Fleming boundary was crossed at this look: the difference between the arms is strong enough to act on.';
export const VERDICT_NOT_CROSSED =
  'The O’Brien–Fleming boundary was not crossed at this look: the difference is not yet strong enough to act on.';
export const VERDICT_NOT_A_LOOK =
  'This report is not a look of the monitoring plan (too early for a look: too little new information since the last one, ' +
  'or no estimate yet), so it says nothing about whether the difference is strong enough to act on.';

const twoDecimals = (t: number) => Math.round(t * 100) / 100;

export function reportLook(look: number, asOf: string, l: InterimLook): ReportLook {
  return {
    look,
    asOf,
    informationFraction: twoDecimals(l.informationFraction),
    z: l.z,
    boundary: l.boundary,
    nominalP: l.nominalP,
    alphaSpent: l.alphaSpent,
    crossed: l.crossed,
  };
}

/** The report's monitoring section from the plan, the looks before it and its own look (null: not a look). */
export function reportMonitoring(
  plan: MonitoringPlan,
  previous: readonly { asOf: string; look: InterimLook }[],
  own: { asOf: string; look: InterimLook | null },
): ReportMonitoring {
  const looks = previous.map((p, i) => reportLook(i + 1, p.asOf, p.look));
  if (own.look !== null) looks.push(reportLook(looks.length + 1, own.asOf, own.look));
  return {
    primaryOutcome: plan.primaryOutcome,
    plannedParticipants: plan.plannedParticipants,
    alpha: plan.alpha,
    looks,
    thisLook: own.look === null ? null : looks.length,
    verdict:
      own.look === null ? VERDICT_NOT_A_LOOK : own.look.crossed ? VERDICT_CROSSED : VERDICT_NOT_CROSSED,
  };
}

import type { EffectMetric } from '@ips/contracts';
import { normalUpperTail } from '../statistics/distributions';
import { obrienFlemingBoundaries } from '../statistics/group-sequential';
import { comparisonCuts } from '../outcomes/comparison-cuts';
import { stratifiedEstimate } from '../outcomes/arm-comparisons';
import { tallyGroups, type OutcomesQuery } from '../outcomes/tally-groups';

// DESIGN §6c: the looks of a monitoring plan. Pure: the reporting service decides when a
// report is published and stores each look frozen with it; these functions say whether a
// report is a look and what its figures are.

export interface MonitoringPlan {
  primaryOutcome: EffectMetric;
  plannedParticipants: number;
  alpha: number;
}

/** The primary outcome over the whole trial at one as-of date: the inputs of a look. */
export interface PrimaryEstimate {
  followUpComplete: number;
  /** Z = stratified risk difference / its standard error; null when either is unavailable or the error is 0 */
  z: number | null;
}

export interface InterimLook {
  informationFraction: number;
  z: number;
  boundary: number;
  nominalP: number;
  alphaSpent: number;
  crossed: boolean;
}

/** Looks need t ≥ 0.1 and a step of at least 0.1 (DESIGN §6c); compared with this slack for rounding. */
const MIN_FRACTION = 0.1;
const SLACK = 1e-12;

export function informationFraction(plan: MonitoringPlan, followUpComplete: number): number {
  return Math.min(1, followUpComplete / plan.plannedParticipants);
}

/**
 * Whether a report at information fraction t is a look, given the fractions of the looks
 * published before it: t ≥ 0.1 and at least 0.1 above the previous look's, or t = 1 while
 * the previous was below 1. So a trial has at most 11 looks.
 */
export function isLookAt(t: number, previous: readonly number[]): boolean {
  if (t < MIN_FRACTION - SLACK) return false;
  const last = previous[previous.length - 1];
  if (last === undefined) return true;
  if (last >= 1) return false;
  return t >= last + MIN_FRACTION - SLACK || t === 1;
}

/**
 * The primary outcome's Z over the whole trial (§6c): the site-stratified risk difference
 * of §6a divided by its standard error, from the journeys as they stood at `asOf`.
 */
export function primaryEstimate(
  query: Omit<OutcomesQuery, 'groupBy' | 'filters'>,
  outcome: EffectMetric,
): PrimaryEstimate {
  const tallied = tallyGroups({ ...query, groupBy: ['arm'] });
  const followUpComplete = tallied.groups.reduce((n, g) => n + g.tally.flow.followUpComplete, 0);
  const [cut] = comparisonCuts(tallied.groupBy, tallied.groups);
  const estimate = cut === undefined ? null : stratifiedEstimate(cut, outcome);
  const z =
    estimate === null || !(estimate.standardError > 0)
      ? null
      : estimate.riskDifference / estimate.standardError;
  return { followUpComplete, z };
}

/**
 * The look a report would be, or null when it is not one (too early, too close to the
 * previous look, after the final look, or no Z). `previous` are the information fractions
 * of the looks already published, in publication order.
 */
export function interimLook(
  plan: MonitoringPlan,
  previous: readonly number[],
  estimate: PrimaryEstimate,
): InterimLook | null {
  const t = informationFraction(plan, estimate.followUpComplete);
  if (estimate.z === null || !isLookAt(t, previous)) return null;
  const looks = obrienFlemingBoundaries(plan.alpha, [...previous, t]);
  const look = looks[looks.length - 1];
  return {
    informationFraction: t,
    z: estimate.z,
    boundary: look.boundary,
    nominalP: 2 * normalUpperTail(look.boundary),
    alphaSpent: look.alphaSpent,
    crossed: Math.abs(estimate.z) >= look.boundary,
  };
}

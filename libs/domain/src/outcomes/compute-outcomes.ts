import type { DEFINITIONS_VERSION, GroupKey, OutcomesResponse } from '@ips/contracts';
import type { KaplanMeierCurve } from '../statistics/kaplan-meier';
import { firstJobCurve } from './first-job-curve';
import { keyObject } from './group-key';
import { summariseGroup } from './summarise-group';
import { tallyGroups, type OutcomesQuery, type TalliedQuery } from './tally-groups';
import { treatmentEffects } from './treatment-effects';

// The contract's DEFINITIONS_VERSION, restated because the domain may import only types;
// the type ties the two together, so a new version there fails to compile here.
const DEFINITIONS_VERSION_1: typeof DEFINITIONS_VERSION = 1;

/** The outcome tables of DESIGN §7 for one trial at one as-of date. */
export function computeOutcomes(query: OutcomesQuery): OutcomesResponse {
  return outcomesFromTally(query, tallyGroups(query));
}

/** computeOutcomes from a tally already made of the same query (a caller that shares one). */
export function outcomesFromTally(
  query: Pick<OutcomesQuery, 'trialId' | 'asOf'>,
  { groupBy, groups }: TalliedQuery,
): OutcomesResponse {
  return {
    trialId: query.trialId,
    asOf: query.asOf,
    definitionsVersion: DEFINITIONS_VERSION_1,
    groupBy,
    groups: groups.map(({ values, tally }) => summariseGroup(keyObject(groupBy, values), tally)),
    effects: treatmentEffects(groupBy, groups),
  };
}

export interface FirstJobCurve {
  key: GroupKey;
  curve: KaplanMeierCurve;
}

/** The full time-to-first-job curve of each group of computeOutcomes, same keys and order, for charts. */
export function computeFirstJobCurves(query: OutcomesQuery): FirstJobCurve[] {
  return firstJobCurvesFromTally(tallyGroups(query));
}

/** computeFirstJobCurves from a tally already made of the same query. */
export function firstJobCurvesFromTally({ groupBy, groups }: TalliedQuery): FirstJobCurve[] {
  return groups.map(({ values, tally }) => ({
    key: keyObject(groupBy, values),
    curve: firstJobCurve(tally),
  }));
}

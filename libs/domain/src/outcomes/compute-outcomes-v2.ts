import type { ArmComparison, OutcomesResponseV2, TreatmentEffectV2 } from '@ips/contracts';
import { wellbeingSections } from '../wellbeing/wellbeing-sections';
import { firstJobComparison, stratifiedEffect } from './arm-comparisons';
import { comparisonCuts, type ComparisonCut } from './comparison-cuts';
import { keyObject } from './group-key';
import { summariseGroup } from './summarise-group';
import { tallyGroups, type OutcomesQuery, type TalliedQuery } from './tally-groups';
import { treatmentEffects } from './treatment-effects';

// The contract's version literal, restated because the domain may import only types.
const DEFINITIONS_VERSION_2: OutcomesResponseV2['definitionsVersion'] = 2;

/**
 * The outcome tables of definitions version 2 (DESIGN §6–§6b, §7) from one tally pass:
 * every version-1 number unchanged, each section's additions composed beside it —
 * `groups[].wellbeing` (§6b), `effects[].stratified` (§6a), and `comparisons`, whose
 * entries take `firstJob` (§6a) and `wellbeing` (§6b) from the same comparison cuts.
 */
export function computeOutcomesV2(query: OutcomesQuery): OutcomesResponseV2 {
  return outcomesV2FromTally(query, tallyGroups(query));
}

/** computeOutcomesV2 from a tally already made of the same query (a caller that shares one). */
export function outcomesV2FromTally(
  query: Pick<OutcomesQuery, 'trialId' | 'asOf'>,
  tallied: TalliedQuery,
): OutcomesResponseV2 {
  const { groupBy, groups } = tallied;
  const wellbeing = wellbeingSections(tallied);
  const cuts = comparisonCuts(groupBy, groups);
  const cutByKey = new Map<string, ComparisonCut>(cuts.map((cut) => [JSON.stringify(cut.key), cut]));

  const effects: TreatmentEffectV2[] = treatmentEffects(groupBy, groups).map((effect) => {
    const cut = cutByKey.get(JSON.stringify(effect.key));
    if (cut === undefined) throw new Error('an effect without its comparison cut');
    return { ...effect, stratified: stratifiedEffect(cut, effect.metric) };
  });

  const comparisons: ArmComparison[] = cuts.map((cut, i) => ({
    key: { ...cut.key },
    firstJob: firstJobComparison(cut),
    wellbeing: wellbeing.comparisons[i].wellbeing,
  }));

  return {
    trialId: query.trialId,
    asOf: query.asOf,
    definitionsVersion: DEFINITIONS_VERSION_2,
    groupBy,
    groups: groups.map(({ values, tally }, i) => ({
      ...summariseGroup(keyObject(groupBy, values), tally),
      wellbeing: wellbeing.groups[i],
    })),
    effects,
    comparisons,
  };
}

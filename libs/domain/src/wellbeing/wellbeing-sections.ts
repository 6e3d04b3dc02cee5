import type { GroupKey, WellbeingComparison, WellbeingSummary } from '@ips/contracts';
import { comparisonCuts } from '../outcomes/comparison-cuts';
import type { TalliedQuery } from '../outcomes/tally-groups';
import { compareWellbeing } from './compare-wellbeing';
import { summariseWellbeing } from './summarise-wellbeing';

/** The wellbeing parts of a definitions-version-2 answer (§6b, §7), from the one tally pass. */
export interface WellbeingSections {
  /** one per group, in group order: the group's `wellbeing` */
  groups: WellbeingSummary[][];
  /** one per comparison cut, in comparison order: the comparison's `wellbeing` */
  comparisons: { key: GroupKey; wellbeing: WellbeingComparison[] }[];
}

export function wellbeingSections({ groupBy, groups }: TalliedQuery): WellbeingSections {
  return {
    groups: groups.map(({ tally }) => summariseWellbeing(tally.flow.randomised, tally.wellbeing)),
    comparisons: comparisonCuts(groupBy, groups).map((cut) => ({
      key: cut.key,
      wellbeing: compareWellbeing(cut.armed.map(({ group }) => group.tally.wellbeing)),
    })),
  };
}

import type { CohortGranularity, GroupDimension, OutcomeFilters } from '@ips/contracts';
import { toDayNumber } from '../calendar/day-number';
import type { OutcomeJourney } from '../journey/outcome-journey';
import { evaluateParticipantOnDay } from './evaluate-participant';
import { compareKeyValues, matchesFilters } from './group-key';
import { GroupIndex } from './group-index';
import { addToTally, emptyTally } from './group-tally';
import type { TalliedGroup } from './treatment-effects';

export interface OutcomesQuery {
  trialId: string;
  /** ISO date; only events dated on or before it count */
  asOf: string;
  groupBy?: readonly GroupDimension[];
  filters?: OutcomeFilters;
  cohortBy?: CohortGranularity;
  journeys: Iterable<OutcomeJourney>;
}

export interface TalliedQuery {
  groupBy: GroupDimension[];
  /** in the stable group order */
  groups: TalliedGroup[];
}

/**
 * One pass over the journeys: each participant is evaluated once and counted into its
 * group. Journeys of another trial are skipped, so a caller's over-broad load cannot
 * leak into this trial's figures.
 */
export function tallyGroups(query: OutcomesQuery): TalliedQuery {
  const asOfDay = toDayNumber(query.asOf);
  const groupBy = [...new Set(query.groupBy ?? [])];
  const filters = query.filters ?? {};
  const cohortBy = query.cohortBy ?? 'quarter';

  const index = new GroupIndex(groupBy);
  for (const journey of query.journeys) {
    if (journey.trialId !== query.trialId) continue;
    const outcome = evaluateParticipantOnDay(journey, query.asOf, asOfDay, cohortBy);
    if (outcome === null || !matchesFilters(outcome.dimensions, filters)) continue;
    addToTally(index.groupOf(outcome.dimensions).tally, outcome);
  }

  const groups = index.groups();
  // Without groupBy the whole trial is one group, reported even when no one is in it yet.
  if (groupBy.length === 0 && groups.length === 0) groups.push({ values: [], tally: emptyTally() });
  groups.sort((a, b) => compareKeyValues(a.values, b.values));
  return { groupBy, groups };
}

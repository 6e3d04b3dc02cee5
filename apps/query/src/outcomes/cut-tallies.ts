import { Injectable } from '@nestjs/common';
import type { CohortGranularity, GroupDimension, OutcomeFilters } from '@ips/contracts';
import { tallyGroups, type OutcomeJourney, type TalliedQuery } from '@ips/domain';

/** One cut of one trial at one as-of date: what a tally is made of, besides the journeys. */
export interface TallyCut {
  trialId: string;
  asOf: string;
  groupBy: readonly GroupDimension[];
  filters: OutcomeFilters;
  cohortBy: CohortGranularity;
}

/** tallies kept per copy of a trial's journeys, the most recently used first to stay */
const TALLIES_PER_COPY = 4;

/**
 * The one tally of a cut that the outcomes, the curves chart and the curves as JSON are all
 * computed from (a dashboard refresh asks for the three): made once per copy of the
 * journeys and cut, not once per endpoint. JourneyReader replaces the copy (a new array)
 * whenever a journey changes and never alters one it handed out, so a tally is shared only
 * among requests about exactly the same journeys; it goes when the copy goes (a WeakMap).
 * Only the few most recent cuts of a copy are kept: a tally holds a figure per participant.
 */
@Injectable()
export class CutTallies {
  private readonly byCopy = new WeakMap<readonly OutcomeJourney[], Map<string, TalliedQuery>>();
  private count = 0;

  /** how many tallies were made (not taken from the cache) since start */
  get made(): number {
    return this.count;
  }

  tallyOf(journeys: readonly OutcomeJourney[], cut: TallyCut): TalliedQuery {
    const key = JSON.stringify([cut.trialId, cut.asOf, cut.groupBy, cut.filters, cut.cohortBy]);
    let tallies = this.byCopy.get(journeys);
    const known = tallies?.get(key);
    if (tallies && known) {
      // most recently used last, so the oldest is the first to go
      tallies.delete(key);
      tallies.set(key, known);
      return known;
    }
    const tallied = tallyGroups({ ...cut, journeys });
    this.count++;
    if (!tallies) this.byCopy.set(journeys, (tallies = new Map<string, TalliedQuery>()));
    tallies.set(key, tallied);
    if (tallies.size > TALLIES_PER_COPY) tallies.delete(tallies.keys().next().value as string);
    return tallied;
  }
}

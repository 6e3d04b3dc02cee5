import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AnyOutcomesResponse } from '@ips/contracts';
import { outcomesFromTally, outcomesV2FromTally, type OutcomeJourney } from '@ips/domain';
import { JourneyReader } from '@ips/persistence';
import { CutTallies } from '../cut-tallies';
import { GetTrialOutcomes } from './get-trial-outcomes.query';

/** distinct cuts remembered per copy of a trial's journeys */
const MAX_CUTS_PER_COPY = 64;

@QueryHandler(GetTrialOutcomes)
export class GetTrialOutcomesHandler implements IQueryHandler<GetTrialOutcomes, AnyOutcomesResponse> {
  /**
   * Answers already computed from one copy of a trial's journeys. JourneyReader replaces the
   * copy (a new array) whenever a journey changes and never alters one it handed out, so an
   * answer is reused only for exactly the journeys it was computed from; requests that
   * shared a refresh and ask for the same cut share one computation. When the copy is
   * dropped, its answers go with it (a WeakMap).
   */
  private readonly answers = new WeakMap<readonly OutcomeJourney[], Map<string, AnyOutcomesResponse>>();

  constructor(
    private readonly journeys: JourneyReader,
    private readonly tallies: CutTallies,
  ) {}

  async execute(query: GetTrialOutcomes): Promise<AnyOutcomesResponse> {
    const journeys = await this.journeys.journeysOf(query.trialId, query.filters.site);
    const cut = JSON.stringify([
      query.trialId,
      query.asOf,
      query.groupBy,
      query.filters,
      query.cohortBy,
      query.definitionsVersion,
    ]);
    let answers = this.answers.get(journeys);
    const known = answers?.get(cut);
    if (known) return known;
    // the tally is shared with the curves of the same cut (CutTallies); version 1 is
    // computed from it by its own, unchanged code, so its answer cannot drift
    const tallied = this.tallies.tallyOf(journeys, query);
    const answer =
      query.definitionsVersion === 1
        ? outcomesFromTally(query, tallied)
        : outcomesV2FromTally(query, tallied);
    if (!answers) this.answers.set(journeys, (answers = new Map()));
    if (answers.size < MAX_CUTS_PER_COPY) answers.set(cut, answer);
    return answer;
  }
}

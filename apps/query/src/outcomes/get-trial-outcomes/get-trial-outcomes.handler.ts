import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { OutcomesResponse } from '@ips/contracts';
import { computeOutcomes } from '@ips/domain';
import { JourneyReader } from '@ips/persistence';
import { GetTrialOutcomes } from './get-trial-outcomes.query';

@QueryHandler(GetTrialOutcomes)
export class GetTrialOutcomesHandler implements IQueryHandler<GetTrialOutcomes, OutcomesResponse> {
  constructor(private readonly journeys: JourneyReader) {}

  async execute(query: GetTrialOutcomes): Promise<OutcomesResponse> {
    const journeys = await this.journeys.journeysOf(query.trialId, query.filters.site);
    return computeOutcomes({
      trialId: query.trialId,
      asOf: query.asOf,
      groupBy: query.groupBy,
      filters: query.filters,
      cohortBy: query.cohortBy,
      journeys,
    });
  }
}

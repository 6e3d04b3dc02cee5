import { Query } from '@nestjs/cqrs';
import type { CohortGranularity, GroupDimension, OutcomeFilters, OutcomesResponse } from '@ips/contracts';

/** What are the trial's outcomes at this as-of date, for this cut? */
export class GetTrialOutcomes extends Query<OutcomesResponse> {
  constructor(
    readonly trialId: string,
    readonly asOf: string,
    readonly groupBy: GroupDimension[],
    readonly filters: OutcomeFilters,
    readonly cohortBy: CohortGranularity,
  ) {
    super();
  }
}

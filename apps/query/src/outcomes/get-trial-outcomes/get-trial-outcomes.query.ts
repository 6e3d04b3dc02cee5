import { Query } from '@nestjs/cqrs';
import {
  CURRENT_DEFINITIONS_VERSION,
  type AnyOutcomesResponse,
  type CohortGranularity,
  type DefinitionsVersion,
  type GroupDimension,
  type OutcomeFilters,
} from '@ips/contracts';

/** What are the trial's outcomes at this as-of date, for this cut, under these definitions? */
export class GetTrialOutcomes extends Query<AnyOutcomesResponse> {
  constructor(
    readonly trialId: string,
    readonly asOf: string,
    readonly groupBy: GroupDimension[],
    readonly filters: OutcomeFilters,
    readonly cohortBy: CohortGranularity,
    readonly definitionsVersion: DefinitionsVersion = CURRENT_DEFINITIONS_VERSION,
  ) {
    super();
  }
}

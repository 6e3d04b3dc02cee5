import { Query } from '@nestjs/cqrs';
import type { CohortGranularity, GroupDimension, OutcomeFilters } from '@ips/contracts';
import type { FirstJobCurve } from '@ips/domain';

/** The full Kaplan–Meier curves of one cut, in the outcomes endpoint's group order. */
export interface FirstJobCurves {
  trialId: string;
  asOf: string;
  groupBy: GroupDimension[];
  curves: FirstJobCurve[];
  /** the trial's site names by site id, for labels */
  siteNames: Record<string, string>;
}

/** How soon did each group's participants find a first job, day by day, at this as-of date? */
export class GetFirstJobCurves extends Query<FirstJobCurves> {
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

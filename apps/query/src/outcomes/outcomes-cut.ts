import {
  isCalendarDate,
  latestAcceptableDate,
  type CohortGranularity,
  type GroupDimension,
  type OutcomeFilters,
} from '@ips/contracts';
import { ApiError, utcToday, type Clock } from '@ips/platform';
import type { TrialScope } from '../trials/trial-access';
import type { OutcomesRequestDto } from './get-trial-outcomes/outcomes-request.dto';

/** One cut of a trial at one as-of date, as the outcome-style queries take it. */
export interface OutcomesCut {
  asOf: string;
  groupBy: GroupDimension[];
  filters: OutcomeFilters;
  cohortBy: CohortGranularity;
}

/**
 * The cut a request asks for, read the way GET …/outcomes reads it: as-of date defaults to
 * today (UTC), must exist and must not be in the future; repeated groupBy dimensions count
 * once; a site key is held to its own site whatever it asked for.
 */
export function outcomesCut(request: OutcomesRequestDto, scope: TrialScope, clock: Clock): OutcomesCut {
  const asOf = request.asOf ?? utcToday(clock);
  if (!isCalendarDate(asOf))
    throw new ApiError(400, 'request is invalid', [
      { path: 'asOf', message: `asOf must be a real calendar date (${asOf} does not exist)` },
    ]);
  if (asOf > latestAcceptableDate(clock.now()))
    throw new ApiError(400, 'request is invalid', [
      { path: 'asOf', message: 'asOf must not be in the future' },
    ]);
  const groupBy = request.groupBy ? ([...new Set(request.groupBy.split(','))] as GroupDimension[]) : [];
  const filters: OutcomeFilters = {
    site: scope.ownSite ?? request.site,
    condition: request.condition,
    arm: request.arm,
    cohort: request.cohort,
    employmentStatus: request.employmentStatus,
  };
  for (const name of Object.keys(filters) as (keyof OutcomeFilters)[])
    if (filters[name] === undefined) delete filters[name];
  return { asOf, groupBy, filters, cohortBy: request.cohortBy ?? 'quarter' };
}

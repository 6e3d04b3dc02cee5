import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { firstJobCurvesFromTally } from '@ips/domain';
import { JourneyReader, TrialsStore } from '@ips/persistence';
import { CutTallies } from '../cut-tallies';
import { GetFirstJobCurves, type FirstJobCurves } from './get-first-job-curves.query';

@QueryHandler(GetFirstJobCurves)
export class GetFirstJobCurvesHandler implements IQueryHandler<GetFirstJobCurves, FirstJobCurves> {
  constructor(
    private readonly journeys: JourneyReader,
    private readonly trials: TrialsStore,
    private readonly tallies: CutTallies,
  ) {}

  async execute(query: GetFirstJobCurves): Promise<FirstJobCurves> {
    // the same journeys and the same grouping as GetTrialOutcomes, so the groups match
    const [journeys, sites] = await Promise.all([
      this.journeys.journeysOf(query.trialId, query.filters.site),
      this.trials.sitesOf(query.trialId),
    ]);
    // the one tally of this cut, shared with the outcomes (and the chart) of the same journeys
    const curves = firstJobCurvesFromTally(this.tallies.tallyOf(journeys, query));
    return {
      trialId: query.trialId,
      asOf: query.asOf,
      groupBy: [...new Set(query.groupBy)],
      curves,
      siteNames: Object.fromEntries(sites.map((s) => [s.siteId, s.name])),
    };
  }
}

import type { GroupDimension, OutcomeFilters } from '@ips/contracts';
import {
  computeFirstJobCurves,
  computeOutcomes,
  computeOutcomesV2,
  monitoringResponse,
  outcomeJourney,
  SharedJourneyParts,
  type Journey,
  type StoredMonitoringPlan,
} from '@ips/domain';
import { foldUploads, TrialSimulation, type SimulatedSite } from '@ips/simulation';

// The query service answers from JourneyReader's slim copy of each journey (OutcomeJourney,
// docs/decisions.md "Issue 16: query memory"). On simulated trials, mess included, every
// answer the copy feeds (outcomes of both definitions versions, the first-job curves, the
// monitoring look) must equal the answer from the whole journeys, for several seeds, cuts
// and dates. Dropping a field that an outcome reads makes one of them differ.

const SITES: SimulatedSite[] = [
  { siteId: 'north', name: 'North', profile: 'sheffield', share: 0.55 },
  { siteId: 'south', name: 'South', profile: 'west-midlands', share: 0.4 },
  { siteId: 'pilot', name: 'Pilot', profile: 'sheffield', share: 0.05 },
];

const CUTS: { groupBy: GroupDimension[]; filters: OutcomeFilters }[] = [
  { groupBy: [], filters: {} },
  { groupBy: ['arm', 'condition'], filters: {} },
  { groupBy: ['site', 'arm', 'cohort'], filters: {} },
  { groupBy: ['employmentStatus', 'arm'], filters: { site: 'south' } },
  { groupBy: ['cohort'], filters: { arm: 'ips', condition: 'mental_health' } },
];
const AS_OF = ['2017-12-31', '2018-09-15', '2019-06-30', '2020-12-31'];

const PLAN: StoredMonitoringPlan = {
  trialId: 'sim',
  primaryOutcome: 'jobStart12m',
  plannedParticipants: 400,
  alpha: 0.05,
  setAt: new Date('2017-07-01T00:00:00Z'),
};

function simulatedTrial(seed: number): Journey[] {
  const simulation = new TrialSimulation(
    { participants: 600, seed, startDate: '2017-07-01', sites: SITES },
    new Date('2019-06-30T12:00:00Z'),
  );
  return [...foldUploads(simulation.uploads(), 'sim').values()];
}

describe.each([1, 2, 3, 4, 5])('a simulated trial (seed %i) read into the slim copy', (seed) => {
  const journeys = simulatedTrial(seed);
  const parts = new SharedJourneyParts();
  const slim = journeys.map((j) => outcomeJourney(j, parts));

  it('has wellbeing scores, jobs and withdrawals to lose (the data can show a dropped field)', () => {
    expect(journeys.some((j) => j.wellbeing !== undefined)).toBe(true);
    expect(journeys.some((j) => j.jobs.some((job) => job.endedOn !== null))).toBe(true);
    expect(journeys.some((j) => j.withdrawal !== null)).toBe(true);
  });

  it.each(AS_OF)(
    'gives the same outcomes (versions 1 and 2) and curves as the whole journeys at %s',
    (asOf) => {
      for (const { groupBy, filters } of CUTS) {
        for (const cohortBy of ['quarter', 'month'] as const) {
          const whole = { trialId: 'sim', asOf, groupBy, filters, cohortBy, journeys };
          const copy = { ...whole, journeys: slim };
          expect(computeOutcomes(copy)).toEqual(computeOutcomes(whole));
          expect(computeOutcomesV2(copy)).toEqual(computeOutcomesV2(whole));
          expect(computeFirstJobCurves(copy)).toEqual(computeFirstJobCurves(whole));
        }
      }
    },
  );

  it('gives the same monitoring look', () => {
    for (const asOf of AS_OF)
      expect(monitoringResponse(PLAN, [], { asOf, journeys: slim })).toEqual(
        monitoringResponse(PLAN, [], { asOf, journeys }),
      );
  });
});

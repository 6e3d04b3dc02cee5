import type { ConsortFlow, GroupDimension } from '@ips/contracts';
import fc from 'fast-check';
import { addDays } from '../calendar/day-number';
import { foldJourney } from '../journey/fold-journey';
import { FIRST_DAY, buildEvents, eventSpecsArb } from '../testing/journey-arbitraries';
import { computeOutcomes } from './compute-outcomes';

const SITES = ['site-a', 'site-b'];
const DIMENSIONS: GroupDimension[] = ['site', 'arm', 'condition', 'cohort', 'employmentStatus'];

const journeysArb = fc
  .array(fc.tuple(eventSpecsArb({ maxNoise: 4 }), fc.constantFrom(...SITES)), { maxLength: 25 })
  .map((people) =>
    people.map(([specs, siteId], i) =>
      foldJourney(buildEvents(specs, { trialId: 'trial-1', siteId, participantId: `P-${i}` }, i * 1000)),
    ),
  );

function sumFlows(flows: ConsortFlow[]): ConsortFlow {
  const total = { ...flows[0]! };
  for (const key of Object.keys(total) as (keyof ConsortFlow)[])
    total[key] = flows.reduce((sum, f) => sum + f[key], 0);
  return total;
}

describe('computeOutcomes properties', () => {
  it('splits the participants into groups without losing or double-counting anyone', () => {
    fc.assert(
      fc.property(
        journeysArb,
        fc.subarray(DIMENSIONS),
        fc.integer({ min: 0, max: 1300 }),
        (journeys, groupBy, offset) => {
          const asOf = addDays(FIRST_DAY, offset);
          const whole = computeOutcomes({ trialId: 'trial-1', asOf, journeys }).groups[0]!;
          const split = computeOutcomes({ trialId: 'trial-1', asOf, groupBy, journeys }).groups;
          if (split.length === 0) {
            expect(Object.values(whole.flow).every((n) => n === 0)).toBe(true);
            return;
          }
          expect(sumFlows(split.map((g) => g.flow))).toEqual(whole.flow);
          expect(split.reduce((n, g) => n + g.firstJob.n, 0)).toBe(whole.firstJob.n);
          expect(split.reduce((n, g) => n + g.jobStart12m.denominator, 0)).toBe(
            whole.jobStart12m.denominator,
          );
          expect(split.reduce((n, g) => n + g.worked13wIn12m.numerator, 0)).toBe(
            whole.worked13wIn12m.numerator,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order the journeys come in', () => {
    fc.assert(
      fc.property(
        journeysArb.chain((journeys) =>
          fc.tuple(
            fc.constant(journeys),
            fc.shuffledSubarray(journeys, { minLength: journeys.length, maxLength: journeys.length }),
          ),
        ),
        fc.integer({ min: 0, max: 1300 }),
        ([journeys, shuffled], offset) => {
          const query = {
            trialId: 'trial-1',
            asOf: addDays(FIRST_DAY, offset),
            groupBy: ['arm', 'site'] as GroupDimension[],
          };
          expect(computeOutcomes({ ...query, journeys: shuffled })).toEqual(
            computeOutcomes({ ...query, journeys }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never reports a rate or mean over an empty denominator', () => {
    fc.assert(
      fc.property(journeysArb, fc.integer({ min: 0, max: 1300 }), (journeys, offset) => {
        const { groups } = computeOutcomes({
          trialId: 'trial-1',
          asOf: addDays(FIRST_DAY, offset),
          groupBy: ['arm', 'cohort'],
          journeys,
        });
        for (const g of groups) {
          for (const p of [g.jobStart12m, g.sustained13w, g.sustained26w, g.hours16Plus, g.worked13wIn12m]) {
            expect(p.rate === null).toBe(p.denominator === 0);
            expect(p.lower === null).toBe(p.denominator === 0);
          }
          expect(g.hours16Plus.meanHours === null).toBe(g.hours16Plus.denominator === 0);
          expect(g.daysEmployed12m.mean === null).toBe(g.daysEmployed12m.n === 0);
          for (const point of g.firstJob.at) {
            if (point.atRisk === 0) expect(point.cumulativeIncidence).toBeNull();
            else expect(point.cumulativeIncidence).not.toBeNull();
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

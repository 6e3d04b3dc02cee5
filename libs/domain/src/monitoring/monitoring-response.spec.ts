import fc from 'fast-check';
import { addDays } from '../calendar/day-number';
import { foldJourney } from '../journey/fold-journey';
import { FIRST_DAY, buildEvents, eventSpecsArb } from '../testing/journey-arbitraries';
import { interimLook, primaryEstimate } from './interim-looks';
import {
  monitoringResponse,
  type StoredMonitoringLook,
  type StoredMonitoringPlan,
} from './monitoring-response';

// DESIGN §6c: the answer both services give to GET …/monitoring (reporting, and query for the dashboard).

const PLAN: StoredMonitoringPlan = {
  trialId: 'trial-1',
  primaryOutcome: 'jobStart12m',
  plannedParticipants: 20,
  alpha: 0.05,
  setAt: new Date('2018-01-02T09:00:00Z'),
};

function stored(look: number, asOf: string, t: number): StoredMonitoringLook {
  return {
    reportId: `00000000-0000-4000-8000-00000000000${look}`,
    look,
    asOf,
    informationFraction: t,
    z: 1.1 * look,
    boundary: 4 - look,
    nominalP: 0.001 * look,
    alphaSpent: 0.002 * look,
    crossed: false,
    publishedAt: new Date('2019-01-01T00:00:00Z'),
  };
}

const journeysArb = fc
  .array(fc.tuple(eventSpecsArb({ maxNoise: 2 }), fc.constantFrom('site-a', 'site-b')), { maxLength: 30 })
  .map((people) =>
    people.map(([specs, siteId], i) =>
      foldJourney(buildEvents(specs, { trialId: 'trial-1', siteId, participantId: `P-${i}` }, i * 1000)),
    ),
  );

describe('the monitoring answer', () => {
  it('carries the plan, the stored looks as stored, and next = the look a report at asOf would be', () => {
    fc.assert(
      fc.property(
        journeysArb,
        fc.integer({ min: 0, max: 1300 }),
        fc.constantFrom<number[]>([], [0.1], [0.1, 0.35], [0.5, 1]),
        (journeys, offset, fractions) => {
          const asOf = addDays(FIRST_DAY, offset);
          const looks = fractions.map((t, i) => stored(i + 1, '2018-06-30', t));
          const answer = monitoringResponse(PLAN, looks, { asOf, journeys });
          expect(answer.plan).toEqual({
            trialId: 'trial-1',
            primaryOutcome: 'jobStart12m',
            plannedParticipants: 20,
            alpha: 0.05,
            setAt: '2018-01-02T09:00:00.000Z',
          });
          expect(answer.looks).toEqual(looks.map(({ look: _look, publishedAt: _at, ...view }) => view));
          const next = interimLook(
            PLAN,
            fractions,
            primaryEstimate({ trialId: 'trial-1', asOf, journeys }, 'jobStart12m'),
          );
          expect(answer.next).toEqual(next === null ? null : { reportId: null, asOf, ...next });
          if (fractions[fractions.length - 1] === 1) expect(answer.next).toBeNull();
        },
      ),
      { numRuns: 100 },
    );
  });
});

import fc from 'fast-check';
import { addDays } from '../calendar/day-number';
import { foldJourney } from '../journey/fold-journey';
import { computeOutcomesV2 } from '../outcomes/compute-outcomes-v2';
import { obrienFlemingBoundaries } from '../statistics/group-sequential';
import { FIRST_DAY, buildEvents, eventSpecsArb } from '../testing/journey-arbitraries';
import {
  informationFraction,
  interimLook,
  isLookAt,
  primaryEstimate,
  type MonitoringPlan,
} from './interim-looks';

const PLAN: MonitoringPlan = { primaryOutcome: 'worked13wIn12m', plannedParticipants: 200, alpha: 0.05 };

describe('which reports are looks (DESIGN §6c)', () => {
  it.each([
    [0.05, [], false, 'too early'],
    [0.1, [], true, 'the first at 0.1'],
    [0.15, [0.1], false, 'less than 0.1 above the previous'],
    [0.2, [0.1], true, '0.1 above the previous'],
    [0.99, [0.9], false, '0.09 above'],
    [1, [0.95], true, 'the final look right after 0.95'],
    [1, [0.9, 1], false, 'nothing after the final look'],
  ] as [number, number[], boolean, string][])('t = %p after %j: %p (%s)', (t, previous, expected) => {
    expect(isLookAt(t, previous)).toBe(expected);
  });

  it('gives a trial at most 11 looks however often it reports', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 250 }), { maxLength: 200 }), (counts) => {
        const looks: number[] = [];
        for (const followUpComplete of [...counts].sort((a, b) => a - b)) {
          const t = informationFraction(PLAN, followUpComplete);
          if (isLookAt(t, looks)) looks.push(t);
        }
        expect(looks.length).toBeLessThanOrEqual(11);
        looks.forEach((t, k) => k > 0 && expect(t).toBeGreaterThan(looks[k - 1]));
      }),
    );
  });
});

describe('a look', () => {
  it('is the boundary of the whole sequence so far, and crossed when |Z| reaches it', () => {
    const previous = [0.3, 0.55];
    const look = interimLook(PLAN, previous, { followUpComplete: 160, z: -3.1 })!;
    const expected = obrienFlemingBoundaries(0.05, [0.3, 0.55, 0.8])[2];
    expect(look).toEqual({
      informationFraction: 0.8,
      z: -3.1,
      boundary: expected.boundary,
      nominalP: expected.nominalP,
      alphaSpent: expected.alphaSpent,
      crossed: 3.1 >= expected.boundary,
    });
    expect(look.crossed).toBe(true);
    expect(interimLook(PLAN, previous, { followUpComplete: 160, z: 1.2 })!.crossed).toBe(false);
  });

  it('is no look without a Z or too early', () => {
    expect(interimLook(PLAN, [], { followUpComplete: 100, z: null })).toBeNull();
    expect(interimLook(PLAN, [], { followUpComplete: 10, z: 2 })).toBeNull();
    expect(interimLook(PLAN, [], { followUpComplete: 500, z: 2 })!.informationFraction).toBe(1);
  });
});

describe('the primary estimate', () => {
  const journeysArb = fc
    .array(fc.tuple(eventSpecsArb({ maxNoise: 2 }), fc.constantFrom('site-a', 'site-b')), { maxLength: 30 })
    .map((people) =>
      people.map(([specs, siteId], i) =>
        foldJourney(buildEvents(specs, { trialId: 'trial-1', siteId, participantId: `P-${i}` }, i * 1000)),
      ),
    );

  it('is the whole trial’s stratified risk difference over its standard error, with its follow-up count', () => {
    fc.assert(
      fc.property(journeysArb, fc.integer({ min: 0, max: 1300 }), (journeys, offset) => {
        const asOf = addDays(FIRST_DAY, offset);
        const estimate = primaryEstimate({ trialId: 'trial-1', asOf, journeys }, 'jobStart12m');
        const v2 = computeOutcomesV2({ trialId: 'trial-1', asOf, groupBy: ['arm'], journeys });
        expect(estimate.followUpComplete).toBe(v2.groups.reduce((n, g) => n + g.flow.followUpComplete, 0));
        const s = v2.effects.find((e) => e.metric === 'jobStart12m')?.stratified;
        if (estimate.z === null) {
          expect(s === undefined || s.lower === null).toBe(true);
        } else {
          // the interval is estimate ± 1.96·se, so Z is recovered from it
          const se = (s!.upper! - s!.lower!) / (2 * 1.959963984540054);
          expect(Math.abs(estimate.z - s!.riskDifference! / se)).toBeLessThan(
            1e-9 * Math.max(1, Math.abs(estimate.z)),
          );
        }
      }),
      { numRuns: 150 },
    );
  });
});

import type { Arm, StoredEvent } from '@ips/contracts';
import fc from 'fast-check';
import { addDays } from '../calendar/day-number';
import { foldJourney } from '../journey/fold-journey';
import type { Journey } from '../journey/journey';
import { tallyGroups } from '../outcomes/tally-groups';
import { meanInterval } from '../statistics/mean-interval';
import { participant } from '../testing/stored-events';
import { compareWellbeing } from './compare-wellbeing';
import { emptyWellbeingTallies, type WellbeingPair } from './wellbeing-tally';
import { wellbeingSections } from './wellbeing-sections';

const T0 = '2017-07-01';
const AS_OF = '2019-01-01';
let next = 0;

function person(site: string, arm: Arm, baseline: number | null, followUp: number | null, t0 = T0): Journey {
  next += 1;
  const p = participant(`W-${next}`, site);
  const events: StoredEvent[] = [...p.enrolled(t0, arm)];
  if (baseline !== null) events.push(p.measured(addDays(t0, -3), 'phq9', baseline));
  if (followUp !== null) events.push(p.measured(addDays(t0, 370), 'phq9', followUp));
  return foldJourney(events);
}

const PHQ9 = 2;

describe('wellbeing outcomes per group and per comparison (DESIGN §6b, §7)', () => {
  const journeys = [
    person('a', 'ips', 20, 10),
    person('a', 'ips', 18, 12),
    person('a', 'ips', 15, null),
    person('b', 'ips', null, 9),
    person('a', 'usual_care', 19, 17),
    person('b', 'usual_care', 21, 18),
    person('b', 'usual_care', 16, 15),
    person('b', 'usual_care', null, null),
    // randomised too late for the follow-up window to have closed: not due
    person('b', 'usual_care', 10, null, '2018-06-01'),
  ];

  it('counts, means and the change with its t interval, per arm', () => {
    const sections = wellbeingSections(
      tallyGroups({ trialId: 'trial-1', asOf: AS_OF, groupBy: ['arm'], journeys }),
    );
    const [ips, usualCare] = sections.groups.map((g) => g[PHQ9]);
    expect(ips).toEqual({
      instrument: 'phq9',
      higherIsBetter: false,
      randomised: 4,
      withBaseline: 3,
      due: 4,
      withFollowUp: 3,
      baselineMean: (20 + 18 + 15) / 3,
      followUpMean: (10 + 12 + 9) / 3,
      change: meanInterval([-10, -6]),
    });
    expect(usualCare).toMatchObject({
      randomised: 5,
      withBaseline: 4,
      due: 4,
      withFollowUp: 3,
      change: meanInterval([-2, -3, -1]),
    });
    expect(sections.groups[0].map((w) => w.instrument)).toEqual([
      'wemwbs',
      'swemwbs',
      'phq9',
      'gad7',
      'eq5d_vas',
    ]);
    expect(sections.groups[0][0]).toEqual({
      instrument: 'wemwbs',
      higherIsBetter: true,
      randomised: 4,
      withBaseline: 0,
      due: 4,
      withFollowUp: 0,
      baselineMean: null,
      followUpMean: null,
      change: { n: 0, mean: null, lower: null, upper: null },
    });
  });

  it('compares within each key without arm, in group order, from the same pairs', () => {
    const sections = wellbeingSections(
      tallyGroups({ trialId: 'trial-1', asOf: AS_OF, groupBy: ['site', 'arm'], journeys }),
    );
    expect(sections.comparisons.map((c) => c.key)).toEqual([{ site: 'a' }, { site: 'b' }]);
    expect(sections.comparisons[0].wellbeing[PHQ9]).toMatchObject({
      n: 3,
      nIps: 2,
      nUsualCare: 1,
      adjustedDifference: null,
    });
    const whole = wellbeingSections(
      tallyGroups({ trialId: 'trial-1', asOf: AS_OF, groupBy: ['arm'], journeys }),
    );
    expect(whole.comparisons).toHaveLength(1);
    expect(whole.comparisons[0].key).toEqual({});
    expect(whole.comparisons[0].wellbeing[PHQ9]).toMatchObject({ n: 5, nIps: 2, nUsualCare: 3 });
    expect(wellbeingSections(tallyGroups({ trialId: 'trial-1', asOf: AS_OF, journeys })).comparisons).toEqual(
      [],
    );
  });
});

describe('the adjusted difference (properties)', () => {
  const pairArb = fc.record({
    site: fc.constantFrom('a', 'b', 'c'),
    arm: fc.constantFrom<Arm>('ips', 'usual_care'),
    baseline: fc.integer({ min: 0, max: 27 }),
    followUp: fc.integer({ min: 0, max: 27 }),
  });
  const compare = (pairs: WellbeingPair[]) => {
    const tallies = emptyWellbeingTallies();
    tallies[PHQ9].pairs.push(...pairs);
    return compareWellbeing([tallies])[PHQ9];
  };

  it('does not depend on the order participants arrive in, to the last bit', () => {
    fc.assert(
      fc.property(fc.array(pairArb, { maxLength: 40 }), fc.func(fc.integer()), (pairs, key) => {
        const shuffled = [...pairs].sort((x, y) => key(x) - key(y));
        expect(compare(shuffled)).toEqual(compare(pairs));
      }),
      { numRuns: 300 },
    );
  });

  it('moves by exactly δ when every IPS follow-up moves by δ, and flips sign when the arms swap', () => {
    fc.assert(
      fc.property(
        fc.array(pairArb, { minLength: 6, maxLength: 40 }),
        fc.integer({ min: -5, max: 5 }),
        (pairs, delta) => {
          const base = compare(pairs);
          fc.pre(base.adjustedDifference !== null);
          const shifted = compare(
            pairs.map((p) => (p.arm === 'ips' ? { ...p, followUp: p.followUp + delta } : p)),
          );
          expect(shifted.adjustedDifference!).toBeCloseTo(base.adjustedDifference! + delta, 9);
          const swapped = compare(pairs.map((p) => ({ ...p, arm: p.arm === 'ips' ? 'usual_care' : 'ips' })));
          expect(swapped.adjustedDifference!).toBeCloseTo(-base.adjustedDifference!, 9);
          expect(swapped.p!).toBeCloseTo(base.p!, 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is null when an arm has fewer than two, and counts them all the same', () => {
    const result = compare([
      { site: 'a', arm: 'ips', baseline: 3, followUp: 4 },
      { site: 'a', arm: 'usual_care', baseline: 5, followUp: 4 },
      { site: 'a', arm: 'usual_care', baseline: 8, followUp: 9 },
      { site: 'a', arm: 'usual_care', baseline: 1, followUp: 7 },
    ]);
    expect(result).toEqual({
      instrument: 'phq9',
      higherIsBetter: false,
      n: 4,
      nIps: 1,
      nUsualCare: 3,
      adjustedDifference: null,
      lower: null,
      upper: null,
      p: null,
    });
  });
});

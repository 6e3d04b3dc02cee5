import { Z_95 } from './normal-quantile';
import { kaplanMeier, kaplanMeierFromTally, survivalAt, type SurvivalObservation } from './kaplan-meier';
import { StatisticsInputError } from './statistics-input-error';

const obs = (time: number, event: boolean): SurvivalObservation => ({ time, event });

describe('kaplanMeier', () => {
  // 5 people: event at 2, censored at 3, events at 4 and 4 (tied), censored at 6.
  const curve = kaplanMeier([obs(4, true), obs(6, false), obs(2, true), obs(4, true), obs(3, false)]);

  it('steps at every distinct time with the numbers at risk, events and censorings', () => {
    expect(curve.n).toBe(5);
    expect(curve.events).toBe(3);
    expect(curve.steps.map(({ time, atRisk, events, censored }) => [time, atRisk, events, censored])).toEqual(
      [
        [2, 5, 1, 0],
        [3, 4, 0, 1],
        [4, 3, 2, 0],
        [6, 1, 0, 1],
      ],
    );
  });

  it('multiplies (1 − d/n) over event times', () => {
    expect(curve.steps.map((s) => s.survival)).toEqual([0.8, 0.8, 0.8 * (1 / 3), 0.8 * (1 / 3)]);
  });

  it('accumulates Greenwood’s d / (n(n − d)) for the standard error of the cumulative hazard', () => {
    const se4 = Math.sqrt(1 / (5 * 4) + 2 / (3 * 1));
    expect(curve.steps[2]?.stdErr).toBeCloseTo(se4, 15);
    const s = 0.8 / 3;
    const shift = (Z_95 * se4) / Math.log(s);
    expect(curve.steps[2]?.lower).toBeCloseTo(Math.exp(-Math.exp(Math.log(-Math.log(s)) - shift)), 15);
    expect(curve.steps[2]?.upper).toBeCloseTo(Math.exp(-Math.exp(Math.log(-Math.log(s)) + shift)), 15);
    expect(curve.steps[2]!.lower!).toBeLessThan(s);
    expect(curve.steps[2]!.upper!).toBeGreaterThan(s);
  });

  it('counts a censoring tied with an event as still at risk for it', () => {
    const tied = kaplanMeier([obs(5, true), obs(5, false), obs(9, false)]);
    expect(tied.steps[0]).toMatchObject({ time: 5, atRisk: 3, events: 1, censored: 1 });
    expect(tied.steps[0]?.survival).toBeCloseTo(2 / 3, 15);
  });

  it('gives the same curve from a tally as from the observations', () => {
    const fromTally = kaplanMeierFromTally([
      { time: 2, events: 1, censored: 0 },
      { time: 3, events: 0, censored: 1 },
      { time: 4, events: 2, censored: 0 },
      { time: 5, events: 0, censored: 0 },
      { time: 6, events: 0, censored: 1 },
    ]);
    expect(fromTally).toEqual(curve);
  });

  it('leaves the interval null where S is 1 or 0, and the standard error null once S is 0', () => {
    const allEvents = kaplanMeier([obs(1, false), obs(2, true), obs(3, true)]);
    expect(allEvents.steps[0]).toMatchObject({ survival: 1, stdErr: 0, lower: null, upper: null });
    expect(allEvents.steps[2]).toMatchObject({ survival: 0, stdErr: null, lower: null, upper: null });
  });

  describe('median', () => {
    it('is the first event time with S ≤ 0.5', () => {
      expect(curve.medianTime).toBe(4);
    });

    it('is the start of an exact 0.5 plateau (R would average it with the next event time)', () => {
      expect(kaplanMeier([obs(10, true), obs(20, true), obs(30, true), obs(40, true)]).medianTime).toBe(20);
    });

    it('is null when S never reaches 0.5', () => {
      expect(kaplanMeier([obs(10, true), obs(20, false), obs(30, false)]).medianTime).toBeNull();
      expect(kaplanMeier([]).medianTime).toBeNull();
    });
  });

  describe('survivalAt', () => {
    it('carries S forward from the last step on or before t, with the number at risk at t', () => {
      expect(survivalAt(curve, 3.5)).toEqual({
        time: 3.5,
        atRisk: 3,
        survival: 0.8,
        lower: curve.steps[1]?.lower,
        upper: curve.steps[1]?.upper,
      });
      expect(survivalAt(curve, 4)).toMatchObject({ atRisk: 3, survival: 0.8 / 3 });
    });

    it('gives S = 1 with no interval before the first event', () => {
      expect(survivalAt(curve, 1)).toEqual({ time: 1, atRisk: 5, survival: 1, lower: null, upper: null });
    });

    it('gives null, not a carried-forward value, where no one is at risk', () => {
      expect(survivalAt(curve, 7)).toEqual({ time: 7, atRisk: 0, survival: null, lower: null, upper: null });
      expect(survivalAt(kaplanMeier([]), 91)).toEqual({
        time: 91,
        atRisk: 0,
        survival: null,
        lower: null,
        upper: null,
      });
    });
  });

  it('refuses negative or non-finite times and unordered tallies', () => {
    expect(() => kaplanMeier([obs(-1, true)])).toThrow(StatisticsInputError);
    expect(() => kaplanMeier([obs(Number.NaN, true)])).toThrow(StatisticsInputError);
    expect(() =>
      kaplanMeierFromTally([
        { time: 3, events: 1, censored: 0 },
        { time: 2, events: 1, censored: 0 },
      ]),
    ).toThrow(StatisticsInputError);
  });
});

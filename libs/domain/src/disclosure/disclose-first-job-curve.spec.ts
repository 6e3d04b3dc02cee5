import { kaplanMeier, type SurvivalObservation } from '../statistics/kaplan-meier';
import { discloseFirstJobCurve } from './disclose-first-job-curve';

const job = (time: number): SurvivalObservation => ({ time, event: true });
const censored = (time: number): SurvivalObservation => ({ time, event: false });
const many = (n: number, make: (i: number) => SurvivalObservation) =>
  Array.from({ length: n }, (_, i) => make(i));

describe('a time-to-first-job curve as a report draws it', () => {
  it('is withheld when it rests on 1–7 people or 1–7 first jobs', () => {
    expect(discloseFirstJobCurve(kaplanMeier(many(5, (i) => job(10 + i))))).toBe('*');
    expect(
      discloseFirstJobCurve(kaplanMeier([...many(3, (i) => job(10 + i)), ...many(40, () => censored(365))])),
    ).toBe('*');
  });

  it('is flat at zero, not withheld, when nobody has found a job yet', () => {
    expect(discloseFirstJobCurve(kaplanMeier(many(30, () => censored(200))))).toEqual({
      points: [{ day: 0, cumulativeIncidence: 0, lower: null, upper: null }],
      drawnToDay: 200,
    });
  });

  it('steps only once at least 8 further first jobs have accumulated, to the exact estimate on that day', () => {
    // 100 people: one first job a day on days 1..30, the rest followed to a year without one
    const curve = kaplanMeier([...many(30, (i) => job(i + 1)), ...many(70, () => censored(365))]);
    const drawn = discloseFirstJobCurve(curve);
    if (drawn === '*') throw new Error('withheld');
    expect(drawn.points.map((p) => p.day)).toEqual([0, 8, 16, 24]);
    expect(drawn.points.map((p) => p.cumulativeIncidence)).toEqual([0, 0.08, 0.16, 0.24]);
    // the 6 jobs of days 25..30 are fewer than 8: no step for them
    expect(drawn.drawnToDay).toBe(365);
    for (const p of drawn.points.slice(1)) {
      expect(p.lower!).toBeLessThan(p.cumulativeIncidence);
      expect(p.upper!).toBeGreaterThan(p.cumulativeIncidence);
    }
  });

  it('stops where fewer than 8 people are still at risk', () => {
    const curve = kaplanMeier([
      ...many(20, (i) => job(i + 1)),
      ...many(5, () => censored(100)),
      ...many(5, () => censored(300)),
    ]);
    const drawn = discloseFirstJobCurve(curve);
    if (drawn === '*') throw new Error('withheld');
    // at day 100 ten are at risk (5 censored then, 5 later); after it only five
    expect(drawn.drawnToDay).toBe(100);
    expect(drawn.points.map((p) => p.day)).toEqual([0, 8, 16]);
  });
});

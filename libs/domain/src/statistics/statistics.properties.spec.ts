import fc from 'fast-check';
import { kaplanMeier, survivalAt } from './kaplan-meier';
import { newcombeDifference } from './newcombe';
import { wilsonInterval } from './wilson';

const countsArb = fc
  .integer({ min: 1, max: 5000 })
  .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe('statistics properties', () => {
  it('Wilson limits lie in [0, 1] and contain x/n', () => {
    fc.assert(
      fc.property(countsArb, ([x, n]) => {
        const w = wilsonInterval(x, n)!;
        expect(w.estimate).toBe(x / n);
        expect(0 <= w.lower && w.lower <= w.estimate && w.estimate <= w.upper && w.upper <= 1).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('Newcombe limits lie in [−1, 1] and contain p1 − p2', () => {
    fc.assert(
      fc.property(countsArb, countsArb, ([x1, n1], [x2, n2]) => {
        const d = newcombeDifference(x1, n1, x2, n2)!;
        expect(d.difference).toBe(x1 / n1 - x2 / n2);
        expect(-1 <= d.lower && d.lower <= d.difference && d.difference <= d.upper && d.upper <= 1).toBe(
          true,
        );
      }),
      { numRuns: 2000 },
    );
  });

  const observationsArb = fc.array(
    fc.record({ time: fc.integer({ min: 0, max: 400 }), event: fc.boolean() }),
    { maxLength: 80 },
  );

  it('Kaplan–Meier cumulative incidence never decreases, step by step or at any t', () => {
    fc.assert(
      fc.property(
        observationsArb,
        fc.array(fc.integer({ min: 0, max: 420 }), { minLength: 2, maxLength: 10 }),
        (observations, days) => {
          const curve = kaplanMeier(observations);
          const incidence = curve.steps.map((s) => 1 - s.survival);
          incidence.slice(1).forEach((f, i) => expect(f).toBeGreaterThanOrEqual(incidence[i]!));

          const known = [...days]
            .sort((a, b) => a - b)
            .map((t) => survivalAt(curve, t).survival)
            .filter((s): s is number => s !== null)
            .map((s) => 1 - s);
          known.slice(1).forEach((f, i) => expect(f).toBeGreaterThanOrEqual(known[i]!));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('Kaplan–Meier confidence limits lie in [0, 1] and contain the estimate', () => {
    fc.assert(
      fc.property(observationsArb, fc.integer({ min: 0, max: 420 }), (observations, t) => {
        const curve = kaplanMeier(observations);
        const points = [...curve.steps, survivalAt(curve, t)];
        for (const { survival, lower, upper } of points) {
          expect(lower === null).toBe(upper === null);
          if (survival === null || lower === null || upper === null) continue;
          expect(0 <= lower && lower <= survival && survival <= upper && upper <= 1).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('Kaplan–Meier counts everyone once: at risk at the first step is n, events add up', () => {
    fc.assert(
      fc.property(observationsArb, (observations) => {
        const curve = kaplanMeier(observations);
        expect(curve.n).toBe(observations.length);
        expect(curve.events).toBe(observations.filter((o) => o.event).length);
        expect(curve.steps[0]?.atRisk ?? 0).toBe(observations.length);
        expect(curve.steps.reduce((sum, s) => sum + s.events + s.censored, 0)).toBe(observations.length);
      }),
    );
  });
});

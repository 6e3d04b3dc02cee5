import reference from '../../reference/reference-values.json';
import { kaplanMeier, survivalAt } from './kaplan-meier';
import { newcombeDifference } from './newcombe';
import { Z_95 } from './normal-quantile';
import { wilsonInterval } from './wilson';

// Values computed by R (libs/domain/reference/reference.R, survival package) and written
// with 17 significant digits. Agreement to 1e-9 is far tighter than anything published.

type Num = number | null;

interface KaplanMeierReference {
  name: string;
  time: number[];
  event: number[];
  median: Num;
  summary: { time: number; nRisk: number; surv: Num; lower: Num; upper: Num }[];
  curve: {
    time: number[];
    nRisk: number[];
    nEvent: number[];
    nCensor: number[];
    surv: number[];
    stdErr: Num[];
    lower: Num[];
    upper: Num[];
  };
}

const TOLERANCE = 1e-9;
const kmSets = reference.kaplanMeier as KaplanMeierReference[];

function expectClose(actual: Num | undefined, expected: Num): void {
  if (expected === null) {
    expect(actual).toBeNull();
  } else {
    expect(actual).not.toBeNull();
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(TOLERANCE);
  }
}

/** True where S is 0 or 1: R's survfit gives NA there, except before the first observed time, where summary() says 1. */
const isBoundary = (s: number) => s === 0 || s === 1;

describe('agreement with R', () => {
  it('uses the same 97.5% normal point as R, to the last unit', () => {
    expect(Math.abs(Z_95 - reference.z)).toBeLessThanOrEqual(4.5e-16);
  });

  it('covers the datasets the reference promises', () => {
    expect(kmSets.map((k) => k.name)).toEqual([
      'ties_event_censor',
      'censoring_at_report_days',
      'day_zero',
      'all_events',
      'no_events',
      'single_event',
      'single_censored',
      'median_plateau_all_events',
      'median_plateau_censored',
      'random_200',
    ]);
    expect(kmSets.find((k) => k.name === 'random_200')?.time).toHaveLength(200);
  });

  describe.each(kmSets.map((k) => [k.name, k] as const))('Kaplan–Meier, dataset %s', (_name, ref) => {
    const curve = kaplanMeier(ref.time.map((time, i) => ({ time, event: ref.event[i] === 1 })));

    it('has the same full step curve as survfit(conf.type = "log-log")', () => {
      expect(curve.steps.map((s) => s.time)).toEqual(ref.curve.time);
      expect(curve.steps.map((s) => s.atRisk)).toEqual(ref.curve.nRisk);
      expect(curve.steps.map((s) => s.events)).toEqual(ref.curve.nEvent);
      expect(curve.steps.map((s) => s.censored)).toEqual(ref.curve.nCensor);
      curve.steps.forEach((step, i) => {
        expectClose(step.survival, ref.curve.surv[i]!);
        expectClose(step.stdErr, ref.curve.stdErr[i]!);
        expectClose(step.lower, ref.curve.lower[i]!);
        expectClose(step.upper, ref.curve.upper[i]!);
      });
    });

    it.each(ref.summary.map((row) => [row.time, row] as const))(
      'matches summary(times = %i, extend = TRUE), or our null rule where R has no estimate',
      (day, row) => {
        const at = survivalAt(curve, day);
        expect(at.atRisk).toBe(row.nRisk);
        if (row.nRisk === 0) {
          // nobody followed that long: R carries the last value forward, we report nothing
          expect(at).toMatchObject({ survival: null, lower: null, upper: null });
          return;
        }
        expectClose(at.survival, row.surv);
        if (row.surv !== null && isBoundary(row.surv)) {
          // S = 1 or 0 has no log-log interval; R says NA, or 1 and 1 before the first observed time
          expect(at).toMatchObject({ lower: null, upper: null });
        } else {
          expectClose(at.lower, row.lower);
          expectClose(at.upper, row.upper);
        }
      },
    );

    it('has the same median as R, except on an exact 0.5 plateau, where DESIGN takes its start and R its midpoint', () => {
      const plateau = curve.steps.find((s) => s.events > 0 && Math.abs(s.survival - 0.5) < 1e-8);
      if (plateau === undefined) {
        expect(curve.medianTime).toBe(ref.median);
      } else {
        expect(curve.medianTime).toBe(plateau.time);
        const next = curve.steps.find((s) => s.time > plateau.time && s.events > 0);
        const lastTime = curve.steps[curve.steps.length - 1]!.time;
        expect(ref.median).toBe((plateau.time + (next?.time ?? lastTime)) / 2);
      }
    });
  });

  it.each(reference.wilson.map((r) => [r.x, r.n, r] as const))(
    'Wilson %i/%i matches prop.test(correct = FALSE)',
    (x, n, r) => {
      const interval = wilsonInterval(x, n);
      expectClose(interval?.lower ?? null, r.lower);
      expectClose(interval?.upper ?? null, r.upper);
    },
  );

  it.each(reference.newcombe.map((r) => [r.x1, r.n1, r.x2, r.n2, r] as const))(
    'Newcombe %i/%i − %i/%i matches method 10 from R’s Wilson limits',
    (x1, n1, x2, n2, r) => {
      const d = newcombeDifference(x1, n1, x2, n2);
      expectClose(d?.difference ?? null, r.difference);
      expectClose(d?.lower ?? null, r.lower);
      expectClose(d?.upper ?? null, r.upper);
    },
  );
});

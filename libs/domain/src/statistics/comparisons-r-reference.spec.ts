import reference from '../../reference/comparisons-reference.json';
import { compareWithR, type RComparisonAnswers } from '../testing/compare-with-r';
import type { ComparisonDatasets } from '../testing/comparison-datasets';

// R's answers (survival::survdiff and coxph, metafor::rma.mh, rpact) for 40 random
// datasets, written by test/r/comparisons.r-spec.ts (IPS_WRITE_R_REFERENCE=1), so these
// checks run without R. The live test draws fresh datasets every run.

const datasets = reference.datasets as ComparisonDatasets;
const r = reference.r as unknown as RComparisonAnswers;

describe('comparisons and boundaries agree with the committed R reference', () => {
  it('covers the cases DESIGN §6a names', () => {
    const cox = r.survival.map((s) => s.cox);
    expect(cox.some((c) => c.beta === null)).toBe(true); // a hazard ratio R cannot estimate
    expect(cox.filter((c) => typeof c.beta === 'number').length).toBeGreaterThan(20);
    expect(r.survival.some((s) => s.logRank.error !== undefined)).toBe(true); // one arm only
    expect(datasets.survival.some((d) => d.time.includes(0))).toBe(true);
    expect(datasets.survival.some((d) => new Set(d.stratum).size === 1)).toBe(true);
    expect(r.riskDifference.some((x) => x.error !== undefined)).toBe(true);
    expect(r.riskDifference.some((x) => x.se !== undefined && x.se !== null && x.se < 1e-7)).toBe(true);
    expect(datasets.boundaries.some((b) => b.informationRates.length >= 4)).toBe(true);
  });

  it('agrees with R on every figure, to DESIGN’s tolerances', () => {
    expect(compareWithR(datasets, r)).toEqual([]);
  });
});

import { StatisticsInputError } from './statistics-input-error';
import { wilsonInterval } from './wilson';

describe('wilsonInterval', () => {
  // Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of
  // seven methods. Stat Med 1998;17:857–872, Table I, method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('reproduces Newcombe 1998 for %i/%i: (%f, %f)', (x, n, lower, upper) => {
    const interval = wilsonInterval(x, n);
    expect(interval?.lower).toBeCloseTo(lower, 4);
    expect(interval?.upper).toBeCloseTo(upper, 4);
  });

  it('gives the estimate x/n', () => {
    expect(wilsonInterval(81, 263)?.estimate).toBe(81 / 263);
  });

  it('has a lower limit of exactly 0 at x = 0 and an upper limit of exactly 1 at x = n', () => {
    expect(wilsonInterval(0, 7)).toMatchObject({ estimate: 0, lower: 0 });
    expect(wilsonInterval(7, 7)).toMatchObject({ estimate: 1, upper: 1 });
  });

  it('is symmetric: x/n mirrors (n − x)/n', () => {
    const a = wilsonInterval(3, 17);
    const b = wilsonInterval(14, 17);
    expect(a?.lower).toBeCloseTo(1 - (b?.upper ?? NaN), 14);
    expect(a?.upper).toBeCloseTo(1 - (b?.lower ?? NaN), 14);
  });

  it('is null over an empty denominator, never 0', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it.each([
    [-1, 5],
    [6, 5],
    [1.5, 5],
    [1, 5.5],
    [Number.NaN, 5],
  ])('refuses %p successes out of %p', (x, n) => {
    expect(() => wilsonInterval(x, n)).toThrow(StatisticsInputError);
  });
});

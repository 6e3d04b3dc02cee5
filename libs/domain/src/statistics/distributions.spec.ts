import { chiSquareUpperTail, normalCdf, normalQuantile, normalUpperTail } from './distributions';

// R 4's qnorm / pnorm / pchisq printed with 17 significant digits.
const QNORM: [number, number][] = [
  [1e-300, -37.04709629936120052],
  [1e-100, -21.27345356096531859],
  [1e-20, -9.26234008979840517],
  [1e-12, -7.03448382530113214],
  [1e-8, -5.61200124417478996],
  [1e-4, -3.71901648545567998],
  [0.0125, -2.24140272760494463],
  [0.3, -0.52440051270804067],
  [0.5, 0],
  [0.9, 1.28155156554460081],
  [0.975, 1.9599639845400536],
];

describe('distribution functions', () => {
  it.each(QNORM)('Φ⁻¹(%p) is R’s qnorm to 1e-15 relative', (p, q) => {
    expect(Math.abs(normalQuantile(p) - q)).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(q)));
  });

  it('keeps the relative precision of far upper tails (R: pnorm(6.991351707077416, lower.tail = FALSE))', () => {
    const r = 1.3612514892299004e-12;
    expect(Math.abs(normalUpperTail(6.991351707077416) - r) / r).toBeLessThan(1e-13);
    expect(normalCdf(0)).toBe(0.5);
  });

  it('gives chi-square tails on 1 and 3 df as R’s pchisq(lower.tail = FALSE)', () => {
    // pchisq(0.023255813953488337, 1, lower.tail = FALSE); pchisq(60, 1, ...); pchisq(4, 3, ...)
    expect(Math.abs(chiSquareUpperTail(0.023255813953488337, 1) - 0.8787937179592978)).toBeLessThan(1e-14);
    expect(Math.abs(chiSquareUpperTail(60, 1) / 9.4857375710738494e-15 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(chiSquareUpperTail(4, 3) - 0.26146412994911072)).toBeLessThan(1e-14);
  });

  it('is NaN outside (0, 1) and ±∞ at the ends', () => {
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
});

import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdfAt from '@stdlib/stats-base-dists-normal-cdf';

// Distribution functions come from stdlib (@stdlib/stats-base-dists-*), a maintained
// numerical library: its erfc-based Φ agrees with R's pnorm to a few units in the last
// place far into the tails. Its quantile does not (1e-7 off at p = 1e-12, −∞ below about
// 1e-17), and O'Brien–Fleming boundaries live out there, so Φ⁻¹ is Wichura's AS 241,
// the algorithm of R's qnorm (docs/decisions.md).

/** Φ(x), the standard normal distribution function (R: pnorm(x)). */
export function normalCdf(x: number): number {
  return normalCdfAt(x, 0, 1);
}

/**
 * 1 − Φ(x) without cancellation (R: pnorm(x, lower.tail = FALSE)): taken as Φ(−x), which
 * stdlib computes from erfc, so a tail of 1e-12 keeps all its significant digits.
 */
export function normalUpperTail(x: number): number {
  return normalCdfAt(-x, 0, 1);
}

/**
 * Φ⁻¹(p), R's qnorm(p): Wichura (1988), Algorithm AS 241 (PPND16), accurate to about 1
 * part in 10¹⁶ over the whole range.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = poly(C, r) / poly(D, r);
  } else {
    r -= 5;
    x = poly(E, r) / poly(F, r);
  }
  return q < 0 ? -x : x;
}

/** Σ coefficients[i]·xⁱ by Horner's rule. */
function poly(coefficients: readonly number[], x: number): number {
  let y = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) y = y * x + coefficients[i];
  return y;
}

// AS 241 coefficients, lowest power first.
const A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852545925,
];
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

/**
 * P(X ≥ x) for X chi-square on `df` degrees of freedom (R: pchisq(x, df, lower.tail = FALSE)).
 * On one degree of freedom it is 2·(1 − Φ(√x)), exact and free of cancellation for tiny
 * p; otherwise 1 − the stdlib distribution function.
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (df === 1) return 2 * normalUpperTail(Math.sqrt(x));
  return 1 - chisquareCdf(x, df);
}

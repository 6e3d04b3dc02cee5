import { abs } from '../intrinsics';
import { sqrt } from './sqrt';
import { tQuantile975, twoSidedTP } from './t-distribution';

export interface CoefficientEstimate {
  estimate: number;
  standardError: number;
  lower: number;
  upper: number;
  p: number;
  /** residual degrees of freedom, n − columns */
  df: number;
}

/** R's lm: a column whose remaining norm falls below this share of its own norm is collinear (qr tol). */
const COLLINEARITY_TOLERANCE = 1e-7;

/**
 * Ordinary least squares, as R `lm(y ~ X - 1)` with X given column by column; returns the
 * estimate of column `of` with its standard error, 95% t interval on the residual degrees
 * of freedom, and the two-sided p of `summary(fit)$coefficients`. Null when the design is
 * rank-deficient (R would alias a column), when no residual degree of freedom is left, or
 * when the fit is exact (no residual variance: R's "essentially perfect fit").
 * Householder QR, as R's LINPACK dqrdc2, without its column pivoting: any column R would
 * pivot away makes the answer null here.
 */
export function leastSquaresCoefficient(
  columns: readonly Float64Array[],
  y: Float64Array,
  of: number,
): CoefficientEstimate | null {
  const n = y.length;
  const p = columns.length;
  const df = n - p;
  if (df < 1) return null;
  const a = columns.map((c) => Float64Array.from(c));
  const qty = Float64Array.from(y);
  const r: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));

  for (let j = 0; j < p; j++) {
    const col = a[j];
    let original = 0;
    for (let i = 0; i < n; i++) original += columns[j][i] * columns[j][i];
    let norm = 0;
    for (let i = j; i < n; i++) norm += col[i] * col[i];
    norm = sqrt(norm);
    if (norm <= COLLINEARITY_TOLERANCE * sqrt(original) || norm === 0) return null;
    // reflector v = x − α e_j with α = −sign(x_j)·‖x‖, stored in col[j..n)
    const alpha = col[j] >= 0 ? -norm : norm;
    col[j] -= alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += col[i] * col[i];
    const reflect = (target: Float64Array): void => {
      let dot = 0;
      for (let i = j; i < n; i++) dot += col[i] * target[i];
      const f = (2 * dot) / vv;
      for (let i = j; i < n; i++) target[i] -= f * col[i];
    };
    for (let k = j + 1; k < p; k++) reflect(a[k]);
    reflect(qty);
    r[j][j] = alpha;
    for (let k = j + 1; k < p; k++) r[j][k] = a[k][j];
  }

  // back substitution: β = R⁻¹ (Qᵀy)[0..p)
  const beta = new Array<number>(p).fill(0);
  for (let j = p - 1; j >= 0; j--) {
    let s = qty[j];
    for (let k = j + 1; k < p; k++) s -= r[j][k] * beta[k];
    beta[j] = s / r[j][j];
  }
  let rss = 0;
  for (let i = p; i < n; i++) rss += qty[i] * qty[i];
  let yy = 0;
  for (let i = 0; i < n; i++) yy += y[i] * y[i];
  if (rss <= 1e-20 * yy) return null;

  // (XᵀX)⁻¹[of, of] = ‖row `of` of R⁻¹‖²; R⁻¹ is upper triangular, solved column by column
  let unscaled = 0;
  for (let k = of; k < p; k++) {
    // (R⁻¹)[of, k] via R·x = e_k restricted to rows of..k
    const x = new Array<number>(p).fill(0);
    for (let j = k; j >= of; j--) {
      let s = j === k ? 1 : 0;
      for (let m = j + 1; m <= k; m++) s -= r[j][m] * x[m];
      x[j] = s / r[j][j];
    }
    unscaled += x[of] * x[of];
  }
  const standardError = sqrt((rss / df) * unscaled);
  const estimate = beta[of];
  const t = estimate / standardError;
  const halfWidth = tQuantile975(df) * standardError;
  return {
    estimate,
    standardError,
    lower: estimate - halfWidth,
    upper: estimate + halfWidth,
    p: twoSidedTP(abs(t), df),
    df,
  };
}

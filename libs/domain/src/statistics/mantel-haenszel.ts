import { Z_95 } from './normal-quantile';
import { StatisticsInputError } from './statistics-input-error';

/** One stratum's 2×2 table: successes among the treated (IPS) and control (usual care) arms. */
export interface TwoByTwoStratum {
  successesTreated: number;
  trialsTreated: number;
  successesControl: number;
  trialsControl: number;
}

export interface StratifiedRiskDifferenceEstimate {
  /** strata holding both arms: the only ones with weight */
  strata: number;
  riskDifference: number;
  standardError: number;
  /** null when the standard error is exactly 0 */
  lower: number | null;
  upper: number | null;
}

/**
 * Mantel–Haenszel risk difference p_treated − p_control over strata, weights
 * n₁ₖn₀ₖ/Nₖ, with the variance of Sato, Greenland and Robins (1989), 95% Wald interval:
 * exactly R's `metafor::rma.mh(ai, n1i = …, ci, n2i = …, measure = "RD")`. A stratum
 * lacking an arm has weight 0 and contributes nothing (metafor's terms vanish there too).
 * null when no stratum holds both arms.
 */
export function mantelHaenszelRiskDifference(
  strata: readonly TwoByTwoStratum[],
): StratifiedRiskDifferenceEstimate | null {
  let estimateNumerator = 0;
  let weight = 0;
  let p = 0;
  let q = 0;
  const exact: TwoByTwoStratum[] = [];
  for (const s of strata) {
    check(s);
    const { successesTreated: a, trialsTreated: n1, successesControl: c, trialsControl: n2 } = s;
    if (n1 === 0 || n2 === 0) continue;
    exact.push(s);
    const n = n1 + n2;
    estimateNumerator += a * (n2 / n) - c * (n1 / n);
    weight += n1 * (n2 / n);
    // metafor's expression term by term, so the floating point follows R's
    p += c * (n1 / n) ** 2 - a * (n2 / n) ** 2 + ((n1 / n) * (n2 / n) * (n2 - n1)) / 2;
    q += (a * (n2 - c)) / n + (c * (n1 - a)) / n;
  }
  if (exact.length === 0) return null;
  const riskDifference = estimateNumerator / weight;
  const varianceIsZero = satoVarianceIsZero(exact);
  const standardError = varianceIsZero ? 0 : Math.sqrt((riskDifference * p + q / 2) / weight ** 2);
  return {
    strata: exact.length,
    riskDifference,
    standardError,
    lower: varianceIsZero ? null : riskDifference - Z_95 * standardError,
    upper: varianceIsZero ? null : riskDifference + Z_95 * standardError,
  };
}

function check(s: TwoByTwoStratum): void {
  const counts = [s.successesTreated, s.trialsTreated, s.successesControl, s.trialsControl];
  if (!counts.every((x) => Number.isInteger(x) && x >= 0)) {
    throw new StatisticsInputError('stratum counts must be non-negative integers');
  }
  if (s.successesTreated > s.trialsTreated || s.successesControl > s.trialsControl) {
    throw new StatisticsInputError('a stratum has more successes than trials');
  }
}

/**
 * Whether Sato's variance is 0 in exact arithmetic (floating point can leave R a residue
 * such as 1e-17, DESIGN §6a). Var·W³ = A·P + W·Q/2 with A = Σ(aₖn₂ₖ − cₖn₁ₖ)/Nₖ,
 * W = Σ n₁ₖn₂ₖ/Nₖ, P and Q as in metafor; evaluated over a common denominator in BigInt.
 */
function satoVarianceIsZero(strata: readonly TwoByTwoStratum[]): boolean {
  let a = ZERO;
  let w = ZERO;
  let p = ZERO;
  let q = ZERO;
  for (const s of strata) {
    const A = BigInt(s.successesTreated);
    const n1 = BigInt(s.trialsTreated);
    const C = BigInt(s.successesControl);
    const n2 = BigInt(s.trialsControl);
    const n = n1 + n2;
    a = add(a, [A * n2 - C * n1, n]);
    w = add(w, [n1 * n2, n]);
    // c·n1²/N² − a·n2²/N² + n1·n2·(n2 − n1)/(2N²)
    p = add(p, [2n * C * n1 * n1 - 2n * A * n2 * n2 + n1 * n2 * (n2 - n1), 2n * n * n]);
    q = add(q, [A * (n2 - C) + C * (n1 - A), 2n * n]);
  }
  const total = add(mul(a, p), mul(w, q));
  return total[0] === 0n;
}

type Fraction = [numerator: bigint, denominator: bigint];
const ZERO: Fraction = [0n, 1n];

function add([a, b]: Fraction, [c, d]: Fraction): Fraction {
  return reduce([a * d + c * b, b * d]);
}

function mul([a, b]: Fraction, [c, d]: Fraction): Fraction {
  return reduce([a * c, b * d]);
}

function reduce([n, d]: Fraction): Fraction {
  let x = n < 0n ? -n : n;
  let y = d;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? [0n, 1n] : [n / x, d / x];
}

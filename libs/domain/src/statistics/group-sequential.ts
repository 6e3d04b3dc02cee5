import { normalQuantile, normalUpperTail } from './distributions';
import { StatisticsInputError } from './statistics-input-error';

export interface GroupSequentialLook {
  informationFraction: number;
  /** cₖ: the look crosses when |Z| ≥ cₖ */
  boundary: number;
  /** 2(1 − Φ(cₖ)), the two-sided p a look must beat */
  nominalP: number;
  /** 2·α₁(tₖ), cumulative */
  alphaSpent: number;
}

// Grid points per standard deviation of the narrower of the two normal kernels an
// integration step meets, and how many marginal standard deviations the grid reaches
// (the continuation density at look k is below the N(0, tₖ) density, whose mass beyond
// 12 SD is 4e-33).
const POINTS_PER_SD = 24;
const REACH_SD = 12;
// The boundary is found by bisection to this width on the Z scale.
const BOUNDARY_TOLERANCE = 1e-13;
const BOUNDARY_MAX = 40;

/**
 * Two-sided symmetric Lan–DeMets O'Brien–Fleming-type boundaries (DESIGN §6c), as R's
 * `rpact::getDesignGroupSequential(typeOfDesign = "asOF", sided = 2, alpha,
 * informationRates)$criticalValues`. Each side spends α₁(t) = 2 − 2Φ(z₁₋α/₄ / √t), so
 * 2·α₁(t) is spent in all by information fraction t. Look k's boundary cₖ solves
 * P₀(|Z₁| < c₁, …, |Zₖ₋₁| < cₖ₋₁, |Zₖ| ≥ cₖ) = 2(α₁(tₖ) − α₁(tₖ₋₁)) under the canonical
 * joint distribution, by recursive numerical integration on the score scale
 * Sₖ = Zₖ√tₖ (independent N(0, tₖ − tₖ₋₁) increments; Jennison and Turnbull 2000, ch. 19)
 * with Simpson's rule on a grid finer than both kernels it integrates.
 */
export function obrienFlemingBoundaries(
  alpha: number,
  informationFractions: readonly number[],
  { pointsPerSd = POINTS_PER_SD }: { pointsPerSd?: number } = {},
): GroupSequentialLook[] {
  if (!(alpha > 0 && alpha < 1)) throw new StatisticsInputError('alpha must lie in (0, 1)');
  informationFractions.forEach((t, k) => {
    if (!(t > 0 && t <= 1)) throw new StatisticsInputError('information fractions must lie in (0, 1]');
    if (k > 0 && !(t > informationFractions[k - 1])) {
      throw new StatisticsInputError('information fractions must increase strictly');
    }
  });
  const zQuarter = -normalQuantile(alpha / 4);
  const spentOneSide = (t: number) => 2 * normalUpperTail(zQuarter / Math.sqrt(t));

  const looks: GroupSequentialLook[] = [];
  // the continuation density of S at the previous look, on a Simpson grid: weight·density per point
  let grid: { x: Float64Array; mass: Float64Array } | null = null;
  let previousT = 0;
  let previousSpent = 0;
  informationFractions.forEach((t, k) => {
    const spent = spentOneSide(t);
    const increment = 2 * (spent - previousSpent);
    const sd = Math.sqrt(t - previousT);
    let boundary: number;
    if (k === 0) {
      boundary = -normalQuantile(increment / 2);
    } else {
      const { x, mass } = grid!;
      const rootT = Math.sqrt(t);
      const exit = (c: number) => {
        let p = 0;
        const edge = c * rootT;
        for (let i = 0; i < x.length; i++) {
          p += mass[i] * (normalUpperTail((edge - x[i]) / sd) + normalUpperTail((edge + x[i]) / sd));
        }
        return p;
      };
      boundary = bisect(exit, increment);
    }
    looks.push({
      informationFraction: t,
      boundary,
      nominalP: 2 * normalUpperTail(boundary),
      alphaSpent: 2 * spent,
    });
    const nextT = informationFractions[k + 1];
    if (nextT !== undefined) {
      grid = continuationGrid(grid, previousT, t, nextT, boundary, pointsPerSd);
    }
    previousT = t;
    previousSpent = spent;
  });
  return looks;
}

/** The largest c with exit(c) ≥ target; exit falls as c grows. */
function bisect(exit: (c: number) => number, target: number): number {
  let lower = 0;
  let upper = BOUNDARY_MAX;
  while (upper - lower > BOUNDARY_TOLERANCE) {
    const mid = (lower + upper) / 2;
    if (mid === lower || mid === upper) break;
    if (exit(mid) > target) lower = mid;
    else upper = mid;
  }
  return (lower + upper) / 2;
}

/**
 * The density of Sₖ on {|Sᵢ| < cᵢ√tᵢ, i ≤ k} at grid points over (−cₖ√tₖ, cₖ√tₖ), times
 * Simpson weights, so a sum over the grid is an integral over the continuation region.
 */
function continuationGrid(
  previous: { x: Float64Array; mass: Float64Array } | null,
  previousT: number,
  t: number,
  nextT: number,
  boundary: number,
  pointsPerSd: number,
): { x: Float64Array; mass: Float64Array } {
  const sd = Math.sqrt(t - previousT);
  const nextSd = Math.sqrt(nextT - t);
  const halfWidth = Math.min(boundary, REACH_SD) * Math.sqrt(t);
  const step = Math.min(sd, nextSd) / pointsPerSd;
  const intervals = 2 * Math.max(1, Math.ceil(halfWidth / step));
  const h = (2 * halfWidth) / intervals;
  const x = new Float64Array(intervals + 1);
  const mass = new Float64Array(intervals + 1);
  for (let j = 0; j <= intervals; j++) {
    const y = -halfWidth + j * h;
    x[j] = y;
    let density = 0;
    if (previous === null) {
      density = normalDensity(y / sd) / sd;
    } else {
      for (let i = 0; i < previous.x.length; i++) {
        density += previous.mass[i] * normalDensity((y - previous.x[i]) / sd);
      }
      density /= sd;
    }
    const simpson = j === 0 || j === intervals ? 1 : j % 2 === 1 ? 4 : 2;
    mass[j] = (simpson * h * density) / 3;
  }
  return { x, mass };
}

const INV_SQRT_2PI = 0.3989422804014327;

function normalDensity(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

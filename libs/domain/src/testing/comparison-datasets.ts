// Random datasets for the comparisons of DESIGN §6a and the boundaries of §6c, shaped to
// hit what breaks such code: heavy ties, events at time 0, strata holding one arm, empty
// strata, tiny groups, a single site, all-or-none successes. The same datasets go to R
// (test/r/comparisons.R) and to our functions; the input format is that script's.

export interface SurvivalDataset {
  name: string;
  stratum: string[];
  arm: (0 | 1)[];
  time: number[];
  status: (0 | 1)[];
}

export interface RiskDifferenceDataset {
  name: string;
  ai: number[];
  n1i: number[];
  ci: number[];
  n2i: number[];
}

export interface BoundaryDataset {
  name: string;
  alpha: number;
  informationRates: number[];
}

export interface ComparisonDatasets {
  survival: SurvivalDataset[];
  riskDifference: RiskDifferenceDataset[];
  boundaries: BoundaryDataset[];
}

/** mulberry32: a small seeded generator, so a failing run can be repeated from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function comparisonDatasets(seed: number, count: number): ComparisonDatasets {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const survival: SurvivalDataset[] = [];
  const riskDifference: RiskDifferenceDataset[] = [];
  const boundaries: BoundaryDataset[] = [];
  for (let d = 0; d < count; d++) {
    survival.push(survivalDataset(`survival-${seed}-${d}`, rnd, int));
    riskDifference.push(riskDifferenceDataset(`rd-${seed}-${d}`, rnd, int));
    boundaries.push(boundaryDataset(`gs-${seed}-${d}`, rnd, int));
  }
  return { survival, riskDifference, boundaries };
}

type Int = (lo: number, hi: number) => number;

function survivalDataset(name: string, rnd: () => number, int: Int): SurvivalDataset {
  const out: SurvivalDataset = { name, stratum: [], arm: [], time: [], status: [] };
  const strata = rnd() < 0.2 ? 1 : int(2, 5);
  // few distinct times make ties; sometimes the full 0…365 range
  const distinctTimes = rnd() < 0.5 ? int(1, 8) : 366;
  const times = Array.from({ length: distinctTimes }, () => int(0, 365));
  if (rnd() < 0.3) times[0] = 0;
  for (let s = 0; s < strata; s++) {
    const shape = rnd();
    // empty stratum, one arm only, tiny, or ordinary
    const sizes: [number, number] =
      shape < 0.08
        ? [0, 0]
        : shape < 0.2
          ? rnd() < 0.5
            ? [int(1, 6), 0]
            : [0, int(1, 6)]
          : shape < 0.4
            ? [int(1, 3), int(1, 3)]
            : [int(3, 40), int(3, 40)];
    const eventRate = [0, 0.1, 0.5, 0.9, 1][int(0, 4)];
    for (const arm of [0, 1] as const) {
      const armRate = rnd() < 0.15 ? (rnd() < 0.5 ? 0 : 1) : eventRate;
      for (let i = 0; i < sizes[arm]; i++) {
        out.stratum.push(`site-${s}`);
        out.arm.push(arm);
        out.time.push(times[int(0, times.length - 1)]);
        out.status.push(rnd() < armRate ? 1 : 0);
      }
    }
  }
  return out;
}

function riskDifferenceDataset(name: string, rnd: () => number, int: Int): RiskDifferenceDataset {
  const out: RiskDifferenceDataset = { name, ai: [], n1i: [], ci: [], n2i: [] };
  const strata = rnd() < 0.2 ? 1 : int(2, 6);
  const allOrNone = rnd() < 0.15;
  for (let s = 0; s < strata; s++) {
    const shape = rnd();
    const n1 = shape < 0.1 ? 0 : shape < 0.3 ? int(1, 3) : int(1, 60);
    const n2 = shape > 0.9 ? 0 : shape > 0.7 ? int(1, 3) : int(1, 60);
    const draw = (n: number) => (allOrNone || rnd() < 0.1 ? (rnd() < 0.5 ? 0 : n) : int(0, n));
    out.n1i.push(n1);
    out.ai.push(draw(n1));
    out.n2i.push(n2);
    out.ci.push(draw(n2));
  }
  return out;
}

function boundaryDataset(name: string, rnd: () => number, int: Int): BoundaryDataset {
  const alpha = [0.01, 0.025, 0.05, 0.1, 0.2, 0.3][int(0, 5)];
  // looks as DESIGN §6c allows them: t ≥ 0.1, steps of at least 0.1, or a last step to 1
  const rates: number[] = [];
  let t = 0.1 + rnd() * 0.5;
  const looks = int(1, 6);
  while (rates.length < looks) {
    const rounded = Math.round(t * 1e4) / 1e4;
    if (rounded >= 1) break;
    rates.push(rounded);
    t += 0.1 + rnd() * 0.3;
  }
  if (rnd() < 0.7) rates.push(1);
  return { name, alpha, informationRates: rates };
}

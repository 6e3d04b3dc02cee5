import type { Arm } from '@ips/contracts';
import type { WellbeingPair } from '../wellbeing/wellbeing-tally';

// Datasets for the R cross-check of §6b (test/r/wellbeing.r-spec.ts and the committed
// reference of libs/domain/reference/): random trials of every size, plus the corners —
// an arm with one participant, every baseline equal (rank-deficient), sites that each hold
// one arm (arm aliased with site), an exact fit, no residual degree of freedom, one site.

export interface WellbeingDataset {
  label: string;
  pairs: WellbeingPair[];
}

/** mulberry32: a small seeded generator, so a seed names one list of datasets for good */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALES = [
  [14, 70],
  [7, 35],
  [0, 27],
  [0, 21],
  [0, 100],
] as const;

export function wellbeingDatasets(seed: number, count: number): WellbeingDataset[] {
  const random = generator(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const datasets: WellbeingDataset[] = [];
  for (let k = 0; k < count; k++) {
    const [lo, hi] = SCALES[int(0, SCALES.length - 1)];
    const clamp = (v: number) => Math.max(lo, Math.min(hi, Math.round(v)));
    const n = [int(0, 6), int(4, 12), int(10, 60), int(100, 400)][int(0, 3)];
    const siteCount = int(1, 4);
    const effect = (random() - 0.5) * (hi - lo) * 0.2;
    const pIps = [0.5, 0.1, 0.9][int(0, 2)];
    const pairs: WellbeingPair[] = [];
    for (let i = 0; i < n; i++) {
      const site = `site-${int(1, siteCount)}`;
      const arm: Arm = random() < pIps ? 'ips' : 'usual_care';
      const baseline = int(lo, hi);
      const noise = (random() + random() + random() - 1.5) * (hi - lo) * 0.3;
      const followUp = clamp(
        lo + 0.6 * (baseline - lo) + 0.2 * (hi - lo) + (arm === 'ips' ? effect : 0) + noise,
      );
      pairs.push({ site, arm, baseline, followUp });
    }
    datasets.push({ label: `random ${k}`, pairs });
  }
  return [...datasets, ...corners()];
}

function pair(site: string, arm: Arm, baseline: number, followUp: number): WellbeingPair {
  return { site, arm, baseline, followUp };
}

function corners(): WellbeingDataset[] {
  return [
    { label: 'empty', pairs: [] },
    {
      label: 'one IPS participant',
      pairs: [
        pair('a', 'ips', 40, 50),
        pair('a', 'usual_care', 41, 44),
        pair('a', 'usual_care', 30, 31),
        pair('a', 'usual_care', 50, 49),
      ],
    },
    {
      label: 'every baseline equal',
      pairs: [
        pair('a', 'ips', 40, 50),
        pair('a', 'ips', 40, 47),
        pair('a', 'usual_care', 40, 44),
        pair('a', 'usual_care', 40, 41),
      ],
    },
    {
      label: 'each site holds one arm',
      pairs: [
        pair('a', 'ips', 40, 50),
        pair('a', 'ips', 35, 47),
        pair('b', 'usual_care', 41, 44),
        pair('b', 'usual_care', 30, 41),
        pair('b', 'usual_care', 33, 36),
      ],
    },
    {
      label: 'exact fit',
      pairs: [
        pair('a', 'ips', 40, 45),
        pair('a', 'ips', 30, 35),
        pair('a', 'usual_care', 41, 41),
        pair('a', 'usual_care', 20, 20),
        pair('a', 'usual_care', 25, 25),
      ],
    },
    {
      label: 'no residual degree of freedom',
      pairs: [
        pair('a', 'ips', 40, 45),
        pair('a', 'usual_care', 30, 37),
        pair('b', 'ips', 41, 40),
        pair('b', 'usual_care', 22, 31),
      ],
    },
    {
      label: 'one residual degree of freedom',
      pairs: [
        pair('a', 'ips', 40, 45),
        pair('a', 'ips', 30, 37),
        pair('a', 'usual_care', 41, 40),
        pair('a', 'usual_care', 22, 30),
      ],
    },
    {
      label: 'three sites, one with a single participant',
      pairs: [
        pair('a', 'ips', 40, 45),
        pair('a', 'usual_care', 30, 37),
        pair('b', 'ips', 41, 40),
        pair('b', 'usual_care', 22, 30),
        pair('b', 'ips', 52, 58),
        pair('c', 'usual_care', 45, 41),
        pair('a', 'ips', 38, 44),
        pair('b', 'usual_care', 35, 33),
      ],
    },
    {
      label: 'every change equal',
      pairs: [
        pair('a', 'ips', 10, 12),
        pair('a', 'ips', 20, 22),
        pair('a', 'usual_care', 5, 7),
        pair('a', 'usual_care', 9, 11),
      ],
    },
  ];
}

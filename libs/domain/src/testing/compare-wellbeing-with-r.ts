import { compareWellbeing } from '../wellbeing/compare-wellbeing';
import { meanInterval } from '../statistics/mean-interval';
import { canonicalPairs, emptyWellbeingTallies } from '../wellbeing/wellbeing-tally';
import type { WellbeingDataset } from './wellbeing-datasets';

/** What test/r/wellbeing.R answers for one dataset. */
export interface RWellbeingAnswer {
  label: string;
  n: number;
  nIps: number;
  nUsualCare: number;
  change: { n: number; mean: number | null; lower: number | null; upper: number | null };
  model: {
    fitted: boolean;
    aliased?: boolean;
    df?: number;
    rss?: number;
    yy?: number;
    estimate?: number;
    lower?: number;
    upper?: number;
    p?: number;
  };
}

const close = (ours: number | null, r: number | null | undefined, relative = 1e-9): boolean =>
  ours === null || r === null || r === undefined
    ? ours === (r ?? null)
    : Math.abs(ours - r) <= relative * Math.max(1, Math.abs(r));

/** Every disagreement between our §6b figures and R's, as readable lines; [] when none. */
export function compareWellbeingWithR(
  datasets: readonly WellbeingDataset[],
  answers: readonly RWellbeingAnswer[],
): string[] {
  const problems: string[] = [];
  datasets.forEach((dataset, i) => {
    const r = answers[i];
    const say = (what: string, ours: unknown, theirs: unknown) =>
      problems.push(`${dataset.label}: ${what}: ours ${JSON.stringify(ours)}, R ${JSON.stringify(theirs)}`);

    const change = meanInterval(canonicalPairs(dataset.pairs).map((p) => p.followUp - p.baseline));
    for (const field of ['n', 'mean', 'lower', 'upper'] as const)
      if (!close(change[field], r.change[field])) say(`change.${field}`, change[field], r.change[field]);

    // the comparison through the production path: one tally holding the pairs, first instrument
    const tallies = emptyWellbeingTallies();
    tallies[0].pairs.push(...dataset.pairs);
    const [ours] = compareWellbeing([tallies]);
    if (ours.n !== r.n || ours.nIps !== r.nIps || ours.nUsualCare !== r.nUsualCare)
      say('counts', [ours.n, ours.nIps, ours.nUsualCare], [r.n, r.nIps, r.nUsualCare]);
    const m = r.model;
    const perfectFit = m.fitted && m.rss !== undefined && m.yy !== undefined && m.rss <= 1e-20 * m.yy;
    const expectNull = !m.fitted || m.aliased === true || (m.df ?? 0) < 1 || perfectFit;
    if (expectNull) {
      if (ours.adjustedDifference !== null)
        say('adjustedDifference (R: none)', ours.adjustedDifference, null);
      return;
    }
    if (!close(ours.adjustedDifference, m.estimate ?? null))
      say('adjustedDifference', ours.adjustedDifference, m.estimate);
    if (!close(ours.lower, m.lower ?? null)) say('lower', ours.lower, m.lower);
    if (!close(ours.upper, m.upper ?? null)) say('upper', ours.upper, m.upper);
    if (!close(ours.p, m.p ?? null, 1e-8)) say('p', ours.p, m.p);
  });
  return problems;
}

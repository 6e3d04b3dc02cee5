import type { CohortGranularity } from '@ips/contracts';
import { assertNever } from '../assert-never';
import { floor } from '../intrinsics';
import { toDayNumber } from './day-number';

// Cohort labels sort as strings in calendar order (`2017-08` < `2017-10`, `2017-Q3` <
// `2018-Q1`), which is what the stable group order relies on.
//
// computeOutcomes labels every participant, so each label is built once per period and
// then shared: no string is allocated per participant, and the one string's hash is
// computed once when it keys the group index.
const labels: Record<CohortGranularity, Map<number, string>> = {
  month: new Map(),
  quarter: new Map(),
  year: new Map(),
};

/** The cohort an ISO date falls in: month `2017-08`, quarter `2017-Q3`, year `2017`. */
export function cohortLabel(isoDate: string, by: CohortGranularity): string {
  toDayNumber(isoDate); // rejects malformed dates rather than label them
  const year = digitsAt(isoDate, 0, 4);
  const month = digitsAt(isoDate, 5, 7);
  const period = periodOf(year, month, by);
  let label = labels[by].get(period);
  if (label === undefined) {
    label = labelOf(year, month, by);
    labels[by].set(period, label);
  }
  return label;
}

function periodOf(year: number, month: number, by: CohortGranularity): number {
  switch (by) {
    case 'month':
      return year * 12 + month - 1;
    case 'quarter':
      return year * 4 + floor((month - 1) / 3);
    case 'year':
      return year;
    default:
      return assertNever(by, 'cohort granularity');
  }
}

function labelOf(year: number, month: number, by: CohortGranularity): string {
  const yyyy = String(year).padStart(4, '0');
  switch (by) {
    case 'month':
      return `${yyyy}-${String(month).padStart(2, '0')}`;
    case 'quarter':
      return `${yyyy}-Q${Math.floor((month - 1) / 3) + 1}`;
    case 'year':
      return yyyy;
    default:
      return assertNever(by, 'cohort granularity');
  }
}

function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

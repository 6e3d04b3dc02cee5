import { WELLBEING_INSTRUMENTS } from '../events/vocabulary';
import type {
  GroupDimension,
  OutcomeGroup,
  TreatmentEffect,
  WellbeingComparison,
  WellbeingSummary,
} from './outcomes';

// The CSV forms of the outcome tables (DESIGN §7: "the same groups flattened"). One row per
// group; a column per leaf value, named by its JSON path. Kaplan–Meier points become
// firstJob.day91.cumulativeIncidence and so on.

type Cell = string | number | null;

export function outcomeGroupColumns(
  groupBy: readonly GroupDimension[],
  days: readonly number[] = [91, 182, 365],
): string[] {
  const proportion = (m: string) => [
    `${m}.numerator`,
    `${m}.denominator`,
    `${m}.rate`,
    `${m}.lower`,
    `${m}.upper`,
  ];
  return [
    ...groupBy.map((d) => `key.${d}`),
    ...[
      'referred',
      'assessed',
      'eligible',
      'ineligible',
      'consented',
      'randomised',
      'randomisedIps',
      'randomisedUsualCare',
      'withdrawn',
      'followUpComplete',
    ].map((f) => `flow.${f}`),
    'firstJob.n',
    'firstJob.events',
    'firstJob.medianDays',
    ...days.flatMap((d) =>
      ['cumulativeIncidence', 'lower', 'upper', 'atRisk'].map((f) => `firstJob.day${d}.${f}`),
    ),
    ...proportion('jobStart12m'),
    ...proportion('sustained13w'),
    ...proportion('sustained26w'),
    ...proportion('hours16Plus'),
    'hours16Plus.meanHours',
    'daysEmployed12m.n',
    'daysEmployed12m.mean',
    ...proportion('worked13wIn12m'),
  ];
}

export function outcomeGroupRow(group: OutcomeGroup, groupBy: readonly GroupDimension[]): Cell[] {
  const p = (m: {
    numerator: number | string;
    denominator: number | string;
    rate: unknown;
    lower: unknown;
    upper: unknown;
  }) => [m.numerator, m.denominator, m.rate, m.lower, m.upper] as Cell[];
  const f = group.flow;
  return [
    ...groupBy.map((d) => group.key[d] ?? null),
    f.referred,
    f.assessed,
    f.eligible,
    f.ineligible,
    f.consented,
    f.randomised,
    f.randomisedIps,
    f.randomisedUsualCare,
    f.withdrawn,
    f.followUpComplete,
    group.firstJob.n,
    group.firstJob.events,
    group.firstJob.medianDays,
    ...group.firstJob.at.flatMap((pt) => [pt.cumulativeIncidence, pt.lower, pt.upper, pt.atRisk]),
    ...p(group.jobStart12m),
    ...p(group.sustained13w),
    ...p(group.sustained26w),
    ...p(group.hours16Plus),
    group.hours16Plus.meanHours,
    group.daysEmployed12m.n,
    group.daysEmployed12m.mean,
    ...p(group.worked13wIn12m),
  ] as Cell[];
}

// Definitions version 2 (DESIGN §7): each group row gains `wellbeing.<instrument>.<field>`
// columns, every instrument in contract order; each comparison row its wellbeing columns.
const WELLBEING_GROUP_FIELDS = [
  'higherIsBetter',
  'randomised',
  'withBaseline',
  'due',
  'withFollowUp',
  'baselineMean',
  'followUpMean',
  'change.n',
  'change.mean',
  'change.lower',
  'change.upper',
] as const;

export function wellbeingGroupColumns(): string[] {
  return WELLBEING_INSTRUMENTS.flatMap((i) => WELLBEING_GROUP_FIELDS.map((f) => `wellbeing.${i}.${f}`));
}

export function wellbeingGroupCells(wellbeing: readonly WellbeingSummary[]): Cell[] {
  return WELLBEING_INSTRUMENTS.flatMap((instrument) => {
    const w = wellbeing.find((x) => x.instrument === instrument);
    if (w === undefined) throw new Error(`wellbeing summary lacks ${instrument}`);
    return [
      String(w.higherIsBetter),
      w.randomised,
      w.withBaseline,
      w.due,
      w.withFollowUp,
      w.baselineMean,
      w.followUpMean,
      w.change.n,
      w.change.mean,
      w.change.lower,
      w.change.upper,
    ];
  });
}

const WELLBEING_COMPARISON_FIELDS = [
  'higherIsBetter',
  'n',
  'nIps',
  'nUsualCare',
  'adjustedDifference',
  'lower',
  'upper',
  'p',
] as const;

export function wellbeingComparisonColumns(): string[] {
  return WELLBEING_INSTRUMENTS.flatMap((i) => WELLBEING_COMPARISON_FIELDS.map((f) => `wellbeing.${i}.${f}`));
}

export function wellbeingComparisonCells(wellbeing: readonly WellbeingComparison[]): Cell[] {
  return WELLBEING_INSTRUMENTS.flatMap((instrument) => {
    const w = wellbeing.find((x) => x.instrument === instrument);
    if (w === undefined) throw new Error(`wellbeing comparison lacks ${instrument}`);
    return [String(w.higherIsBetter), w.n, w.nIps, w.nUsualCare, w.adjustedDifference, w.lower, w.upper, w.p];
  });
}

export function effectColumns(keyDims: readonly GroupDimension[]): string[] {
  return [
    ...keyDims.map((d) => `key.${d}`),
    'metric',
    'ips.numerator',
    'ips.denominator',
    'usualCare.numerator',
    'usualCare.denominator',
    'riskDifference',
    'lower',
    'upper',
  ];
}

export function effectRow(effect: TreatmentEffect, keyDims: readonly GroupDimension[]): Cell[] {
  return [
    ...keyDims.map((d) => effect.key[d] ?? null),
    effect.metric,
    effect.ips.numerator,
    effect.ips.denominator,
    effect.usualCare.numerator,
    effect.usualCare.denominator,
    effect.riskDifference,
    effect.lower,
    effect.upper,
  ] as Cell[];
}

/**
 * RFC 4180 CSV; numbers in full precision; null is an empty cell. Text that a spreadsheet
 * would run as a formula (=, +, -, @ first) is prefixed with a quote; numbers never are.
 */
export function toCsv(columns: string[], rows: Cell[][]): string {
  const cell = (v: Cell) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
    const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

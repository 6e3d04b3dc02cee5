import type {
  ArmCount,
  CohortGranularity,
  ConsortFlow,
  CumulativeIncidencePoint,
  FirstJobOutcome,
  GroupDimension,
  GroupKey,
  ProportionOutcome,
  TreatmentEffect,
} from '@ips/contracts';
import {
  DIMENSION_LABELS,
  formatCount,
  formatNumber,
  formatPercent,
  formatPoints,
  groupLabel as presentationGroupLabel,
  longDate as presentationLongDate,
  valueLabel as presentationValueLabel,
} from '@ips/presentation';

// The dashboard's pure, browser-side logic — number formats, group names, why a figure is
// empty, the view's state in the URL fragment. No DOM, no fetch: dashboard-view-model.spec.ts
// runs it under node. Every word for a code and every number format comes from
// @ips/presentation, so the dashboard says what the reports and charts say.

export const DASH = '\u2014';
const MISSING = { missing: DASH };

/** The grouping dimensions, in the contract's canonical order (GROUP_DIMENSIONS). */
export const DIMENSIONS = Object.keys(DIMENSION_LABELS) as GroupDimension[];
export const FILTERS = ['site', 'condition', 'arm', 'cohort', 'employmentStatus'] as const;
export type Filter = (typeof FILTERS)[number];
const COHORT_GRANULARITIES: readonly CohortGranularity[] = ['month', 'quarter', 'year'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const WHY = {
  followUp: 'Nobody in this group has full 12-month follow-up yet (denominator 0).',
  sustained13w: 'No first job in this group started at least 91 days before the as-of date (denominator 0).',
  sustained26w: 'No first job in this group started at least 182 days before the as-of date (denominator 0).',
  firstJob: 'Nobody in this group has started a first job yet (denominator 0).',
  noInterval: 'No confidence interval where the estimate is 0% or 100% (as R gives NA).',
  effect: 'Not estimable: at least one arm has nobody with full 12-month follow-up (denominator 0).',
  median: 'Not reached: fewer than half of this group have found a job so far.',
  nobody: 'Nobody randomised in this group.',
} as const;

export type ProportionMetric =
  'jobStart12m' | 'worked13wIn12m' | 'sustained13w' | 'sustained26w' | 'hours16Plus';

const PROPORTION_WHY: Record<ProportionMetric, string> = {
  jobStart12m: WHY.followUp,
  worked13wIn12m: WHY.followUp,
  sustained13w: WHY.sustained13w,
  sustained26w: WHY.sustained26w,
  hours16Plus: WHY.firstJob,
};

/** What a table cell shows: the figure, its 95% interval, counts under it, the raw value, and why anything is empty. */
export interface Cell {
  text: string;
  ci?: string | null;
  ciWhy?: string | null;
  detail?: string | null;
  why?: string;
  value: number | null;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && isFinite(value);
}

/** 12345 → "12,345" */
export function count(value: number | null | undefined): string {
  return isNumber(value) ? formatCount(value) : DASH;
}

/** 0.4234 → "42.3%" */
export function percent(value: number | null | undefined, decimals = 1): string {
  return isNumber(value) ? formatPercent(value, decimals) : DASH;
}

/** a difference of proportions in percentage points, signed: 0.123 → "+12.3", −0.04 → "−4.0" */
export function points(value: number | null | undefined): string {
  return isNumber(value) ? formatPoints(value, 1, MISSING) : DASH;
}

export function decimal(value: number | null | undefined, decimals: number): string {
  return isNumber(value) ? formatNumber(value, decimals, MISSING) : DASH;
}

/** a 95% interval in brackets: proportions as percentages "[38.1, 46.6]", differences in points "[+4.1, +20.5]"; null if either limit is missing */
export function interval(
  lower: number | null | undefined,
  upper: number | null | undefined,
  kind?: 'points',
): string | null {
  if (!isNumber(lower) || !isNumber(upper)) return null;
  if (kind === 'points') return `[${points(lower)}, ${points(upper)}]`;
  return `[${(lower * 100).toFixed(1)}, ${(upper * 100).toFixed(1)}]`;
}

/** 2018-06-30 → "30 June 2018" */
export function longDate(iso: string | null | undefined): string {
  return presentationLongDate(iso ?? '');
}

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

// Cells.

export function proportion(p: ProportionOutcome | null | undefined, metric: ProportionMetric): Cell {
  const detail = p ? `${count(p.numerator)} / ${count(p.denominator)}` : null;
  if (!p || !isNumber(p.rate))
    return { text: DASH, why: PROPORTION_WHY[metric] ?? WHY.followUp, detail, value: null };
  const ci = interval(p.lower, p.upper);
  return { text: percent(p.rate), ci, ciWhy: ci ? null : WHY.noInterval, detail, value: p.rate };
}

function atRiskWhy(day: number): string {
  return `Nobody at risk at day ${day}: no one in this group has been followed up that long yet.`;
}

/** the Kaplan–Meier cumulative incidence at day 91, 182 or 365 */
export function incidence(point: CumulativeIncidencePoint | null | undefined): Cell {
  if (!point) return { text: DASH, why: 'Not reported.', value: null };
  const detail = `${count(point.atRisk)} at risk`;
  if (!isNumber(point.cumulativeIncidence))
    return { text: DASH, why: atRiskWhy(point.day), detail, value: null };
  const ci = interval(point.lower, point.upper);
  return {
    text: percent(point.cumulativeIncidence),
    ci,
    ciWhy: ci ? null : WHY.noInterval,
    detail,
    value: point.cumulativeIncidence,
  };
}

export function median(firstJob: Pick<FirstJobOutcome, 'n' | 'medianDays'> | null | undefined): Cell {
  if (firstJob && isNumber(firstJob.medianDays))
    return { text: count(firstJob.medianDays), value: firstJob.medianDays };
  return { text: DASH, why: firstJob && firstJob.n > 0 ? WHY.median : WHY.nobody, value: null };
}

/** a mean over n people (days employed, hours a week) */
export function mean(value: number | null | undefined, n: number | null | undefined, why: string): Cell {
  const detail = isNumber(n) ? `n = ${count(n)}` : null;
  if (!isNumber(value)) return { text: DASH, why, detail, value: null };
  return { text: decimal(value, 1), detail, value };
}

export function plain(value: number | null | undefined): Cell {
  return { text: count(value), value: isNumber(value) ? value : null };
}

/** a treatment effect: the risk difference IPS − usual care in percentage points */
export function effect(
  e: Pick<TreatmentEffect, 'riskDifference' | 'lower' | 'upper'> | null | undefined,
): Cell {
  if (!e || !isNumber(e.riskDifference)) return { text: DASH, why: WHY.effect, value: null };
  const ci = interval(e.lower, e.upper, 'points');
  return {
    text: `${points(e.riskDifference)} pp`,
    ci,
    ciWhy: ci ? null : WHY.noInterval,
    value: e.riskDifference,
  };
}

export function armCount(c: ArmCount | null | undefined): Cell {
  if (!c) return { text: DASH, why: WHY.effect, value: null };
  if (!(c.denominator > 0)) return { text: DASH, why: WHY.followUp, detail: '0 / 0', value: null };
  const rate = c.numerator / c.denominator;
  return { text: percent(rate), detail: `${count(c.numerator)} / ${count(c.denominator)}`, value: rate };
}

// Names: @ips/presentation's, which the reports and charts use.

export type SiteNames = Readonly<Record<string, string>>;

export function valueLabel(
  dimension: GroupDimension,
  value: string | null | undefined,
  siteNames: SiteNames = {},
): string {
  return presentationValueLabel(dimension, value, siteNames);
}

export function groupLabel(
  key: GroupKey | null | undefined,
  groupBy: readonly GroupDimension[],
  siteNames: SiteNames = {},
): string {
  return presentationGroupLabel(key, groupBy, siteNames);
}

/** "Condition: Mental health; Arm: IPS", or "none" */
export function filterSummary(state: ViewState, siteNames: SiteNames): string {
  const parts: string[] = [];
  for (const f of FILTERS) {
    const value = state[f];
    if (value) parts.push(`${DIMENSION_LABELS[f]}: ${valueLabel(f, value, siteNames)}`);
  }
  return parts.length ? parts.join('; ') : 'none';
}

/** a finding code in words: "randomised_again_different_arm" → "Randomised again different arm" */
export function findingLabel(code: string | null | undefined): string {
  const text = String(code ?? '').replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cohortOf(iso: string, cohortBy: CohortGranularity): string {
  const y = iso.slice(0, 4);
  const m = Number(iso.slice(5, 7));
  if (cohortBy === 'year') return y;
  if (cohortBy === 'month') return iso.slice(0, 7);
  return `${y}-Q${Math.ceil(m / 3)}`;
}

/** the cohorts from the trial's start to the as-of date, newest first (at most 240) */
export function cohortOptions(startDate: string, asOf: string, cohortBy: CohortGranularity): string[] {
  if (!ISO_DATE.test(startDate || '') || !ISO_DATE.test(asOf || '') || startDate > asOf) return [];
  const out: string[] = [];
  let y = Number(startDate.slice(0, 4));
  let m = Number(startDate.slice(5, 7));
  const last = cohortOf(asOf, cohortBy);
  for (let guard = 0; guard < 1200 && out.length < 240; guard++) {
    const iso = `${y}-${m < 10 ? '0' : ''}${m}-01`;
    const label = cohortOf(iso, cohortBy);
    if (out[out.length - 1] !== label) out.push(label);
    if (label === last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out.reverse();
}

/** the name a download should get, from Content-Disposition */
export function filenameFrom(header: string | null | undefined, fallback: string): string {
  const m = /filename="?([^";]+)"?/i.exec(header ?? '');
  const name = m ? m[1] : fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not hold
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
}

// The view's state lives in the URL fragment so that a view can be shared. Never the key.

export interface ViewState extends Record<Filter, string> {
  trial: string;
  asOf: string;
  groupBy: GroupDimension[];
  cohortBy: CohortGranularity;
}

export function defaultState(): ViewState {
  return {
    trial: '',
    asOf: '',
    groupBy: ['arm'],
    site: '',
    condition: '',
    arm: '',
    cohort: '',
    employmentStatus: '',
    cohortBy: 'quarter',
  };
}

export function parseState(
  hash: string | null | undefined,
  dimensions: readonly GroupDimension[] = DIMENSIONS,
): ViewState {
  const params = new URLSearchParams(String(hash ?? '').replace(/^#/, ''));
  const state = defaultState();
  const trial = params.get('trial');
  if (trial) state.trial = trial;
  const asOf = params.get('asOf');
  if (asOf && ISO_DATE.test(asOf)) state.asOf = asOf;
  if (params.has('groupBy')) {
    const asked = (params.get('groupBy') ?? '').split(',');
    state.groupBy = dimensions.filter((d) => asked.includes(d));
  }
  for (const f of FILTERS) {
    const value = params.get(f);
    if (value) state[f] = value;
  }
  const cohortBy = params.get('cohortBy');
  const known = COHORT_GRANULARITIES.find((g) => g === cohortBy);
  if (known) state.cohortBy = known;
  return state;
}

function encode(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%2C/g, ',')}`)
    .join('&');
}

export function stateHash(state: ViewState): string {
  const pairs: [string, string][] = [];
  if (state.trial) pairs.push(['trial', state.trial]);
  if (state.asOf) pairs.push(['asOf', state.asOf]);
  pairs.push(['groupBy', state.groupBy.join(',')]);
  for (const f of FILTERS) if (state[f]) pairs.push([f, state[f]]);
  if (state.cohortBy && state.cohortBy !== 'quarter') pairs.push(['cohortBy', state.cohortBy]);
  return `#${encode(pairs)}`;
}

/** the query string of an outcomes-style request for this state, grouped by groupBy */
export function apiQuery(state: ViewState, groupBy: readonly GroupDimension[]): string {
  const pairs: [string, string][] = [];
  if (groupBy.length) pairs.push(['groupBy', groupBy.join(',')]);
  if (state.asOf) pairs.push(['asOf', state.asOf]);
  for (const f of FILTERS) if (state[f]) pairs.push([f, state[f]]);
  pairs.push(['cohortBy', state.cohortBy || 'quarter']);
  return encode(pairs);
}

/** the flow of every group added up: the groups of a cut share out its participants */
export function totalFlow(groups: readonly { flow: Partial<ConsortFlow> }[] | null | undefined): ConsortFlow {
  const total: ConsortFlow = {
    referred: 0,
    assessed: 0,
    eligible: 0,
    ineligible: 0,
    consented: 0,
    randomised: 0,
    randomisedIps: 0,
    randomisedUsualCare: 0,
    withdrawn: 0,
    followUpComplete: 0,
  };
  const stages = Object.keys(total) as (keyof ConsortFlow)[];
  for (const g of groups ?? []) for (const k of stages) total[k] += g.flow[k] ?? 0;
  return total;
}

/** the number at risk at day t of a curve from GET …/first-job-curves: that of the first step on or after t */
export function atRiskAt(steps: readonly { day: number; atRisk: number }[], day: number): number {
  for (const step of steps) if (step.day >= day) return step.atRisk;
  return 0;
}

/** a symmetric scale for the effects' interval plot, in proportions: 0.1, 0.2, 0.3, 0.5 or 1 */
export function effectScale(
  effects: readonly Pick<TreatmentEffect, 'riskDifference' | 'lower' | 'upper'>[] | null | undefined,
): number {
  let largest = 0;
  for (const e of effects ?? [])
    for (const v of [e.riskDifference, e.lower, e.upper])
      if (isNumber(v)) largest = Math.max(largest, Math.abs(v));
  for (const step of [0.1, 0.2, 0.3, 0.5, 1]) if (largest <= step + 1e-12) return step;
  return 1;
}

// Wellbeing (definitions version 2, DESIGN §6b).

/** a mean score with its n: baseline or 12-month follow-up */
export function score(value: number | null | undefined, n: number): Cell {
  return mean(value, n, 'Nobody in this group has this measurement yet.');
}

/** the mean change (follow-up − baseline) with its 95% t interval */
export function scoreChange(change: {
  n: number;
  mean: number | null;
  lower: number | null;
  upper: number | null;
}): Cell {
  const detail = `n = ${count(change.n)}`;
  if (!isNumber(change.mean))
    return { text: DASH, why: 'Nobody has both a baseline and a 12-month score yet.', detail, value: null };
  const ci =
    isNumber(change.lower) && isNumber(change.upper)
      ? `[${signed(change.lower)}, ${signed(change.upper)}]`
      : null;
  return { text: signed(change.mean), ci, ciWhy: ci ? null : WHY.noInterval, detail, value: change.mean };
}

/** follow-ups due but not received: never imputed, only counted */
export function missingFollowUps(due: number, withFollowUp: number): Cell {
  const missing = due - withFollowUp;
  return { text: count(missing), detail: `of ${count(due)} due`, value: missing };
}

/** IPS − usual care at 12 months adjusted for baseline (and site), with its t interval and p */
export function adjustedDifference(w: {
  adjustedDifference: number | null;
  lower: number | null;
  upper: number | null;
  p: number | null;
  nIps: number;
  nUsualCare: number;
}): Cell {
  const detail = `n = ${count(w.nIps)} + ${count(w.nUsualCare)}`;
  if (!isNumber(w.adjustedDifference))
    return {
      text: DASH,
      why: 'Needs at least two people with a baseline and a 12-month score in each arm.',
      detail,
      value: null,
    };
  const ci = isNumber(w.lower) && isNumber(w.upper) ? `[${signed(w.lower)}, ${signed(w.upper)}]` : null;
  const p = isNumber(w.p) ? (w.p < 0.001 ? 'p < 0.001' : `p = ${w.p.toFixed(3)}`) : null;
  return {
    text: signed(w.adjustedDifference),
    ci,
    detail: p ? `${p} \u00b7 ${detail}` : detail,
    value: w.adjustedDifference,
  };
}

function signed(value: number): string {
  const text = decimal(Math.abs(value), 1);
  return value < 0 ? `\u2212${text}` : `+${text}`;
}

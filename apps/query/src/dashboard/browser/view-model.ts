import type {
  ArmComparison,
  ArmCount,
  CohortGranularity,
  ConsortFlow,
  CumulativeIncidencePoint,
  FirstJobOutcome,
  GroupDimension,
  GroupKey,
  MonitoringLookView,
  MonitoringResponse,
  ProportionOutcome,
  StratifiedRiskDifference,
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

// Comparing the arms (definitions version 2, DESIGN §6a): tests and site-stratified
// estimates, each with why it is missing and one line in plain words.

/** a p-value for reading: "p = 0.042", "p < 0.001"; a dash when missing */
export function pValue(p: number | null | undefined): string {
  if (!isNumber(p)) return DASH;
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** "about 4 in 100", "about 1 in 2,000", "fewer than 1 in 10,000": a probability in everyday words */
export function chanceInWords(p: number): string {
  if (p < 0.0001) return 'fewer than 1 in 10,000';
  if (p >= 0.095) return `about ${Math.round(p * 10)} in 10`;
  if (p >= 0.0095) return `about ${Math.round(p * 100)} in 100`;
  return `about 1 in ${formatCount(Number((1 / p).toPrecision(1)))}`;
}

/** How many people each arm has in the comparison of one key (its groups' firstJob.n), from the same answer. */
export function armSizes(
  groups: readonly { key: GroupKey; firstJob: { n: number } }[],
  key: GroupKey,
): { ips: number; usualCare: number } {
  const sizes = { ips: 0, usualCare: 0 };
  for (const g of groups) {
    if (Object.entries(key).some(([d, v]) => g.key[d as GroupDimension] !== v)) continue;
    if (g.key.arm === 'ips') sizes.ips += g.firstJob.n;
    else if (g.key.arm === 'usual_care') sizes.usualCare += g.firstJob.n;
  }
  return sizes;
}

/** Why the log-rank test has no figures: an arm with nobody, nobody with a first job, or no comparable risk set. */
export function logRankWhy(
  c: ArmComparison['firstJob'],
  sizes: { ips: number; usualCare: number } | null,
): string {
  if (sizes && sizes.ips === 0)
    return 'Not estimable: nobody in this view was randomised to IPS, so there is nothing to compare.';
  if (sizes && sizes.usualCare === 0)
    return 'Not estimable: nobody in this view was randomised to usual care, so there is nothing to compare.';
  if (c.logRank.observedIps + c.logRank.observedUsualCare === 0)
    return 'Not estimable: nobody in either arm has started a first job yet.';
  return 'Not estimable: no first job happened while people of both arms at the same site were still being followed, so the arms cannot be compared (variance 0).';
}

/** Why the hazard ratio is missing (DESIGN §6a's null rules, in words). */
export function hazardRatioWhy(c: ArmComparison['firstJob']): string {
  if (c.strata === 0)
    return 'Not estimable: no site has people in both arms, so there is no comparison within a site.';
  if (c.logRank.observedIps === 0)
    return 'Not estimable: nobody in the IPS arm has started a first job yet, so the ratio would be zero.';
  if (c.logRank.observedUsualCare === 0)
    return 'Not estimable: nobody in the usual-care arm has started a first job yet, so the ratio would be infinite.';
  return 'Not estimable: at the sites with both arms, the first jobs so far all fall in one arm (or when nobody of the other arm was being followed), so the estimate runs off to zero or infinity.';
}

/** observed first jobs with the number expected if the arms did not differ */
export function observedExpected(observed: number, expected: number | null, why: string): Cell {
  return {
    text: count(observed),
    detail: isNumber(expected) ? `${decimal(expected, 1)} expected` : null,
    ciWhy: isNumber(expected) ? null : why,
    value: observed,
  };
}

export function chiSquare(c: ArmComparison['firstJob'], why: string): Cell {
  const x = c.logRank.chiSquare;
  if (!isNumber(x)) return { text: DASH, why, value: null };
  return { text: decimal(x, 2), detail: '1 df', value: x };
}

export function pCell(p: number | null | undefined, why: string): Cell {
  if (!isNumber(p)) return { text: DASH, why, value: null };
  return { text: pValue(p).replace(/^p = /, '').replace(/^p < /, '< '), value: p };
}

function ratio(value: number): string {
  return value.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** the hazard ratio IPS vs usual care with its 95% interval and p */
export function hazardRatio(c: ArmComparison['firstJob']): Cell {
  const hr = c.hazardRatio;
  if (!isNumber(hr.estimate)) return { text: DASH, why: hazardRatioWhy(c), value: null };
  const ci = isNumber(hr.lower) && isNumber(hr.upper) ? `[${ratio(hr.lower)}, ${ratio(hr.upper)}]` : null;
  return {
    text: ratio(hr.estimate),
    ci,
    ciWhy: ci ? null : WHY.noInterval,
    detail: isNumber(hr.p) ? pValue(hr.p) : null,
    value: hr.estimate,
  };
}

/** Why a site-stratified risk difference (or its interval) is missing. */
export function stratifiedWhy(s: StratifiedRiskDifference): string {
  return s.strata === 0
    ? 'Not estimable: no site has people with full 12-month follow-up in both arms.'
    : 'Not estimable.';
}

const NO_STRATIFIED_INTERVAL =
  'No interval: at every site, either everyone or nobody in each arm reached this outcome, so the standard error is 0.';

/** the Mantel–Haenszel risk difference stratified by site, in percentage points */
export function stratifiedEffect(s: StratifiedRiskDifference): Cell {
  const detail = `${count(s.strata)} ${s.strata === 1 ? 'site' : 'sites'} with both arms`;
  if (!isNumber(s.riskDifference)) return { text: DASH, why: stratifiedWhy(s), detail, value: null };
  const ci = interval(s.lower, s.upper, 'points');
  return {
    text: `${points(s.riskDifference)} pp`,
    ci,
    ciWhy: ci ? null : NO_STRATIFIED_INTERVAL,
    detail,
    value: s.riskDifference,
  };
}

/** One line in plain words: what the log-rank test says. */
export function logRankMeaning(c: ArmComparison['firstJob'], why: string): string {
  const { observedIps, expectedIps, p } = c.logRank;
  if (!isNumber(p) || !isNumber(expectedIps)) return `Log-rank test: ${why}`;
  const more =
    observedIps > expectedIps
      ? 'more first jobs in the IPS arm than if IPS made no difference'
      : observedIps < expectedIps
        ? 'fewer first jobs in the IPS arm than if IPS made no difference'
        : 'as many first jobs in the IPS arm as if IPS made no difference';
  const verdict =
    p < 0.05 ? 'chance alone is an unlikely explanation.' : 'chance alone could well explain the difference.';
  return `Log-rank test: ${count(observedIps)} first jobs with IPS where ${decimal(expectedIps, 1)} were expected, ${more}. If IPS made no difference, a gap at least this large would turn up by chance ${chanceInWords(p)} times (${pValue(p)}), so ${verdict}`;
}

/** One line in plain words: what the hazard ratio says. */
export function hazardRatioMeaning(c: ArmComparison['firstJob']): string {
  const hr = c.hazardRatio;
  if (!isNumber(hr.estimate)) return `Hazard ratio: ${hazardRatioWhy(c)}`;
  const pace =
    hr.estimate >= 1
      ? `people offered IPS were finding a first job about ${ratio(hr.estimate)} times as fast as people in usual care`
      : `people offered IPS were finding a first job only ${ratio(hr.estimate)} times as fast as people in usual care (that is, more slowly)`;
  const range =
    isNumber(hr.lower) && isNumber(hr.upper)
      ? hr.lower <= 1 && hr.upper >= 1
        ? ` The 95% interval, ${ratio(hr.lower)} to ${ratio(hr.upper)}, includes 1 (no difference), so this could be chance.`
        : ` The 95% interval, ${ratio(hr.lower)} to ${ratio(hr.upper)}, excludes 1 (no difference).`
      : '';
  return `Hazard ratio: at any point in the first year, comparing people at the same site, ${pace}.${range}`;
}

/** One line in plain words: the site-stratified difference beside the unstratified one. */
export function stratifiedMeaning(
  e: Pick<TreatmentEffect, 'riskDifference'> & { stratified: StratifiedRiskDifference },
  outcome: string,
): string {
  const s = e.stratified;
  if (!isNumber(s.riskDifference)) return `${outcome}: ${stratifiedWhy(s)}`;
  const size = `${points(Math.abs(s.riskDifference)).replace(/^[+−]/, '')} percentage points`;
  const direction =
    s.riskDifference > 0
      ? `${size} higher with IPS`
      : s.riskDifference < 0
        ? `${size} lower with IPS`
        : 'the same in both arms';
  const range =
    isNumber(s.lower) && isNumber(s.upper)
      ? s.lower <= 0 && s.upper >= 0
        ? ` (95% interval ${points(s.lower)} to ${points(s.upper)}: it includes no difference, so this could be chance)`
        : ` (95% interval ${points(s.lower)} to ${points(s.upper)})`
      : '';
  const unstratified = isNumber(e.riskDifference)
    ? `; without comparing site by site it is ${points(e.riskDifference)} pp`
    : '';
  return `${outcome}: comparing people at the same site, the share was ${direction}${range}${unstratified}.`;
}

// Interim monitoring (DESIGN §6c).

export const VERDICT_NO_PLAN = 'No monitoring plan set.';
export const VERDICT_NOT_CROSSED = 'No boundary crossed: the evidence is not yet strong enough to act on.';

/** the verdict in words: no plan, the first look whose boundary was crossed, or none crossed */
export function monitoringVerdict(m: MonitoringResponse | null): string {
  if (m === null) return VERDICT_NO_PLAN;
  const k = m.looks.findIndex((l) => l.crossed);
  return k >= 0 ? `Boundary crossed at look ${k + 1}.` : VERDICT_NOT_CROSSED;
}

/** what the verdict means, in a sentence or two */
export function monitoringVerdictDetail(m: MonitoringResponse | null): string {
  if (m === null)
    return 'Nobody has set an interim monitoring plan for this trial, so no report is a planned look and there is no boundary to judge against. A programme lead or an admin sets one in the reporting service (PUT /v1/trials/{trialId}/monitoring).';
  const k = m.looks.findIndex((l) => l.crossed);
  if (k >= 0) {
    const l = m.looks[k];
    return `At look ${k + 1} (the report as of ${longDate(l.asOf)}) the difference between the arms, Z = ${signedDecimal(l.z, 2)}, reached the O\u2019Brien\u2013Fleming boundary of \u00b1${decimal(l.boundary, 2)}: it is strong enough to act on.`;
  }
  if (m.looks.length === 0)
    return 'No look has been taken yet: no interim or first-year report has had enough 12-month follow-up since the plan was set.';
  return `${m.looks.length === 1 ? 'At the one look so far' : `At each of the ${m.looks.length} looks so far`} the difference between the arms stayed inside the O\u2019Brien\u2013Fleming boundary.`;
}

/** what a report at the as-of date would be */
export function nextLookSentence(m: MonitoringResponse, asOf: string): string {
  const when = `A report as of ${longDate(asOf)}`;
  const n = m.next;
  if (n === null) {
    const last = m.looks[m.looks.length - 1];
    if (last && last.informationFraction >= 1)
      return `${when} would not be a look: the final analysis (information fraction 1) has been taken.`;
    return `${when} would not be a look: too early (the information fraction must be at least 0.10 and 0.10 above the previous look's), or there is no estimate of the difference yet.`;
  }
  return `${when} would be look ${m.looks.length + 1}: information fraction ${decimal(n.informationFraction, 2)}, Z = ${signedDecimal(n.z, 2)} against a boundary of \u00b1${decimal(n.boundary, 2)}, so it ${n.crossed ? 'would cross the boundary' : 'would not cross the boundary'}.`;
}

/** a small probability readably: 0.0123 → "0.012", 0.0000631 → "0.000063", below 1e-6 → "< 0.000001" */
export function probability(p: number | null | undefined): string {
  if (!isNumber(p)) return DASH;
  if (p >= 0.01) return p.toFixed(3);
  if (p < 1e-6) return '< 0.000001';
  const digits = Math.min(7, Math.ceil(-Math.log10(p)) + 1);
  return p.toFixed(digits);
}

/** the cells of one look's row: t, Z, boundary, nominal p, alpha spent, crossed (for `next`: whether it would) */
export function lookCells(l: MonitoringLookView, next = false): Cell[] {
  const crossed = next ? (l.crossed ? 'Would cross' : 'Would not') : l.crossed ? 'Yes' : 'No';
  return [
    { text: decimal(l.informationFraction, 2), value: l.informationFraction },
    { text: signedDecimal(l.z, 2), value: l.z },
    { text: `\u00b1${decimal(l.boundary, 2)}`, value: l.boundary },
    { text: probability(l.nominalP), value: l.nominalP },
    { text: probability(l.alphaSpent), value: l.alphaSpent },
    { text: crossed, value: l.crossed ? 1 : 0 },
  ];
}

function signedDecimal(value: number, decimals: number): string {
  const text = decimal(Math.abs(value), decimals);
  if (Number(text) === 0) return text;
  return value < 0 ? `\u2212${text}` : `+${text}`;
}

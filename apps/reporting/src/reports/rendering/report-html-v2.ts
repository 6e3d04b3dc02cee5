import type { GroupDimension } from '@ips/contracts';
import {
  isPublishedTableV2,
  type PublishedArmComparison,
  type PublishedCount,
  type PublishedEffectV2,
  type PublishedOutcomeGroupV2,
  type PublishedOutcomeTableV2,
  type PublishedValue,
  type PublishedWellbeingSummary,
} from '@ips/domain';
import {
  armLabel,
  betterDirectionLabel,
  escapeHtml,
  formatCount,
  formatNumber,
  formatPoints,
  htmlTable,
  valueLabel,
  WELLBEING_INSTRUMENT_LABELS,
} from '@ips/presentation';
import type { ReportContent, ReportTableName } from '../report-types';

// The parts of the HTML report that definitions version 2 adds (DESIGN §6a, §6b, §8): the
// comparisons of the arms and the health and wellbeing tables, each figure with a short
// sentence saying what it means, for a reader who is not a statistician. A report stored
// under version 1 has none of them, and report-html.ts renders it exactly as before.

const WITHHELD_NOTE =
  '* = withheld: it rests on a count of fewer than 8 people, or on one hidden so that such a count cannot be worked out. – = nothing to estimate yet.';

/** The report's tables, when it was computed under definitions version 2; null for a version-1 report. */
export function version2Tables(
  content: ReportContent,
): Record<ReportTableName, PublishedOutcomeTableV2> | null {
  const t = content.tables;
  if (!isPublishedTableV2(t.trial)) return null;
  return t as Record<ReportTableName, PublishedOutcomeTableV2>;
}

// — Comparing the arms (§6a) —

/** The whole trial's comparison of the arms, figure by figure, each with what it means. */
export function comparingTheArms(
  content: ReportContent,
  tables: Record<ReportTableName, PublishedOutcomeTableV2>,
): string {
  const byArm = tables.byArm;
  const comparison = byArm.comparisons[0];
  if (comparison === undefined)
    return `<section aria-labelledby="comparisons"><h2 id="comparisons">Comparing the arms</h2>
<p>Nobody has been randomised yet, so there is nothing to compare.</p>
</section>`;
  const effect = (metric: 'jobStart12m' | 'worked13wIn12m') => byArm.effects.find((e) => e.metric === metric);
  const { logRank: lr, hazardRatio: hr, strata } = comparison.firstJob;
  const interimCaution =
    content.type === 'interim'
      ? ' In an interim report, judge whether to act by the monitoring plan’s boundary, not by p below 0.05: looking every month makes chance differences look real more often.'
      : '';
  const rows: string[][] = [
    [
      'Hazard ratio for finding a first job',
      ratioWithInterval(hr.estimate, hr.lower, hr.upper) + pSuffix(hr.p),
      `A hazard ratio above 1 means people offered IPS found a first job sooner than people offered usual care; below 1, later; 1, no difference. ${hazardReading(hr)}`,
    ],
    [
      'Log-rank test of time to first job',
      logRankResult(lr),
      `Asks whether the two arms’ time-to-first-job curves differ by more than chance would explain, by comparing the first jobs seen in each arm with those expected if IPS made no difference. A p below 0.05 means a difference this large would be unlikely by chance alone.${interimCaution}`,
    ],
    [
      'Started a paid job within 12 months: difference within sites',
      stratifiedDifference(effect('jobStart12m')),
      `IPS minus usual care in percentage points, worked out within each site and then combined, as people were randomised within sites. Above 0: more people started a job with IPS. ${stratifiedReading(effect('jobStart12m'))}`,
    ],
    [
      'Worked 13 weeks or more in 12 months: difference within sites',
      stratifiedDifference(effect('worked13wIn12m')),
      `The same for working at least 13 weeks in the first year. Above 0: more people did so with IPS. ${stratifiedReading(effect('worked13wIn12m'))}`,
    ],
  ];
  return `<section aria-labelledby="comparisons"><h2 id="comparisons">Comparing the arms</h2>
<p>These figures compare everyone offered IPS with everyone offered usual care. Because the trial randomised people within each site, each comparison is made within sites and then combined (${strata === 1 ? '1 site has' : `${strata} sites have`} people in both arms).</p>
${htmlTable({
  caption: 'How the arms compare',
  className: 'comparisons',
  columns: [{ header: 'Figure' }, { header: 'Result', numeric: true }, { header: 'What it means' }],
  rows,
  note: WITHHELD_NOTE,
})}
</section>`;
}

/** The comparisons of a breakdown table (by condition, site or cohort), one row per group. */
export function breakdownComparisons(
  content: ReportContent,
  table: PublishedOutcomeTableV2,
  dimension: GroupDimension,
  heading: string,
): string {
  const siteNames = Object.fromEntries(content.sites.map((s) => [s.siteId, s.name]));
  const effect = (c: PublishedArmComparison, metric: string) =>
    table.effects.find(
      (e) => e.metric === metric && (e.key[dimension] ?? null) === (c.key[dimension] ?? null),
    );
  const rows = table.comparisons.map((c) => [
    valueLabel(dimension, c.key[dimension], siteNames),
    ratioWithInterval(
      c.firstJob.hazardRatio.estimate,
      c.firstJob.hazardRatio.lower,
      c.firstJob.hazardRatio.upper,
    ),
    pValue(c.firstJob.logRank.p),
    stratifiedDifference(effect(c, 'jobStart12m')),
    stratifiedDifference(effect(c, 'worked13wIn12m')),
  ]);
  return htmlTable({
    caption: `Comparing the arms ${heading.toLowerCase()}`,
    className: 'breakdown-comparisons',
    columns: [
      { header: capitalise(dimension) },
      { header: 'Hazard ratio, first job (95% CI)', numeric: true },
      { header: 'Log-rank p', numeric: true },
      { header: 'Started a job in 12 months, within-site difference (points)', numeric: true },
      { header: 'Worked 13+ weeks, within-site difference (points)', numeric: true },
    ],
    rows,
    note: `Hazard ratio above 1: people offered IPS found a first job sooner. Differences are IPS minus usual care, worked out within sites. ${WITHHELD_NOTE}`,
    empty: 'No comparison yet.',
  });
}

function hazardReading(hr: PublishedArmComparison['firstJob']['hazardRatio']): string {
  if (hr.estimate === '*') return 'Here it is withheld: too few people in one of the arms.';
  if (hr.estimate === null || typeof hr.lower !== 'number' || typeof hr.upper !== 'number')
    return 'It cannot be estimated yet (too few first jobs in one of the arms).';
  if (hr.lower > 1) return 'Here the whole interval is above 1: people offered IPS found a first job sooner.';
  if (hr.upper < 1) return 'Here the whole interval is below 1: people offered IPS found a first job later.';
  return 'Here the interval includes 1, so on these results IPS may make no difference to how soon people find a job.';
}

function stratifiedReading(e: PublishedEffectV2 | undefined): string {
  const s = e?.stratified;
  if (!s || s.riskDifference === null)
    return 'Not available yet: nobody in one of the arms has a full year of follow-up.';
  if (s.riskDifference === '*') return 'Here it is withheld: too few people.';
  if (typeof s.lower !== 'number' || typeof s.upper !== 'number')
    return 'Its interval cannot be worked out (in every site everyone or nobody did).';
  if (s.lower > 0) return 'Here the whole interval is above 0.';
  if (s.upper < 0) return 'Here the whole interval is below 0: fewer did so with IPS.';
  return 'Here the interval includes 0: no difference cannot be ruled out.';
}

function logRankResult(lr: PublishedArmComparison['firstJob']['logRank']): string {
  const expected = (v: PublishedValue) => (v === '*' ? '*' : v === null ? '–' : formatNumber(v, 1));
  return `${pValue(lr.p, true)}\nIPS ${count(lr.observedIps)} first jobs (${expected(lr.expectedIps)} expected)\nusual care ${count(lr.observedUsualCare)} (${expected(lr.expectedUsualCare)} expected)`;
}

// — Health and wellbeing (§6b) —

/** Per instrument: the arms' baseline, follow-up and change, the missing follow-ups, the adjusted difference, and which direction is better. */
export function healthAndWellbeing(tables: Record<ReportTableName, PublishedOutcomeTableV2>): string {
  const byArm = tables.byArm;
  const arms = (['ips', 'usual_care'] as const)
    .map((arm) => byArm.groups.find((g) => g.key.arm === arm))
    .filter((g): g is PublishedOutcomeGroupV2 => g !== undefined);
  const comparison = byArm.comparisons[0];
  const instruments = tables.trial.groups[0]?.wellbeing.map((w) => w.instrument) ?? [];
  const parts = instruments.map((instrument) => {
    const label = WELLBEING_INSTRUMENT_LABELS[instrument] ?? instrument;
    const of = (g: PublishedOutcomeGroupV2) => g.wellbeing.find((w) => w.instrument === instrument)!;
    const higherIsBetter = (
      arms[0] ? of(arms[0]) : tables.trial.groups[0].wellbeing.find((w) => w.instrument === instrument)!
    ).higherIsBetter;
    const rows = arms.map((g) => wellbeingRow(armLabel(g.key.arm), of(g)));
    const difference = comparison?.wellbeing.find((w) => w.instrument === instrument);
    return `<h3 id="wellbeing-${escapeHtml(instrument)}">${escapeHtml(label)}</h3>
<p class="direction"><strong>${escapeHtml(capitalise(betterDirectionLabel(higherIsBetter)))}</strong> on this scale: ${higherIsBetter ? 'a rise is an improvement' : 'a fall is an improvement'}.</p>
${htmlTable({
  caption: `${label}: scores by arm`,
  className: 'wellbeing',
  columns: [
    { header: 'Arm' },
    { header: 'At joining: people', numeric: true, description: 'people with a baseline score' },
    { header: 'At joining: average', numeric: true, description: 'average baseline score' },
    { header: '12-month follow-up due', numeric: true },
    { header: 'Followed up', numeric: true },
    { header: 'Missing follow-up', numeric: true },
    { header: 'At 12 months: average', numeric: true, description: 'average follow-up score' },
    {
      header: 'Change (95% CI)',
      numeric: true,
      description:
        'average change from joining to 12 months, among people with both scores, with its 95% confidence interval',
    },
  ],
  rows,
  note: `Change counts only people with both scores. Missing follow-ups are counted, never filled in. ${WITHHELD_NOTE}`,
  empty: 'Nobody has been randomised yet.',
})}
<p class="adjusted">${adjustedSentence(difference, higherIsBetter)}</p>`;
  });
  return `<section aria-labelledby="wellbeing"><h2 id="wellbeing">Health and wellbeing</h2>
<p>Questionnaire scores when people joined the trial (the latest in the 30 days up to randomisation) and about a year later (the one closest to 12 months, between 10 and 14 months). Everyone stays in the arm they were allocated to. For each questionnaire, the sentence under the table says which way is better.</p>
${parts.join('\n')}
</section>`;
}

function wellbeingRow(arm: string, w: PublishedWellbeingSummary): string[] {
  return [
    arm,
    count(w.withBaseline),
    score(w.baselineMean),
    count(w.due),
    count(w.withFollowUp),
    count(w.missingFollowUp),
    score(w.followUpMean),
    changeWithInterval(w.change),
  ];
}

function adjustedSentence(
  d: PublishedArmComparison['wellbeing'][number] | undefined,
  higherIsBetter: boolean,
): string {
  const meaning = higherIsBetter
    ? 'Above 0 means people offered IPS scored higher at 12 months than people offered usual care who started from the same score, which is better on this scale.'
    : 'Below 0 means people offered IPS scored lower at 12 months than people offered usual care who started from the same score, which is better on this scale.';
  if (!d) return escapeHtml(`Difference between the arms: not available yet. ${meaning}`);
  if (d.adjustedDifference === '*')
    return escapeHtml(
      `Difference between the arms at 12 months, allowing for the score at joining: withheld (too few people with both scores in one of the arms). ${meaning}`,
    );
  if (d.adjustedDifference === null || typeof d.lower !== 'number' || typeof d.upper !== 'number')
    return escapeHtml(
      `Difference between the arms at 12 months: not available yet (fewer than 2 people with both scores in one of the arms). ${meaning}`,
    );
  const better = (x: number) => (higherIsBetter ? x > 0 : x < 0);
  const reading =
    d.lower > 0 || d.upper < 0
      ? better(d.adjustedDifference)
        ? 'The whole interval is on the better side: consistent with IPS improving this score.'
        : 'The whole interval is on the worse side: people offered IPS did worse on this score.'
      : 'The interval includes 0: on these results there may be no difference.';
  return escapeHtml(
    `Difference between the arms at 12 months, allowing for the score at joining and the site: ${signed(d.adjustedDifference)} points (95% confidence interval ${signed(d.lower)} to ${signed(d.upper)}; ${pValue(d.p, true)}), from ${count(d.n)} people with both scores (IPS ${count(d.nIps)}, usual care ${count(d.nUsualCare)}). ${meaning} ${reading}`,
  );
}

/** Terms the version-2 sections use, for the Definitions list. */
export const VERSION_2_DEFINITIONS: [string, string][] = [
  [
    'Hazard ratio',
    'How much sooner (above 1) or later (below 1) people offered IPS found a first paid job than people offered usual care, at any point in the year, from a Cox model stratified by site. 2 means, roughly, twice the chance of finding a job in any given week.',
  ],
  [
    'Log-rank test',
    'A test of whether the time-to-first-job curves of the two arms differ, stratified by site. Its p-value is the chance of a difference at least this large if IPS made no difference.',
  ],
  [
    'Difference within sites',
    'The IPS − usual care difference worked out inside each site and combined with Mantel–Haenszel weights, with a 95% interval (Sato’s variance). It respects the way people were randomised within sites.',
  ],
  [
    'Wellbeing questionnaires',
    'WEMWBS and SWEMWBS (mental wellbeing) and EQ-5D VAS (self-rated health): higher is better. PHQ-9 (depression) and GAD-7 (anxiety): lower is better.',
  ],
  [
    'Difference allowing for the score at joining',
    'The difference between the arms in the 12-month score among people with both scores, adjusted for their score at joining and their site by linear regression, with a 95% confidence interval.',
  ],
];

// — formatting —

function count(value: PublishedCount): string {
  return formatCount(value);
}

function score(value: PublishedValue): string {
  return value === '*' ? '*' : formatNumber(value, 1);
}

function signed(value: number): string {
  const text = Math.abs(value).toFixed(1);
  if (Number(text) === 0) return '0.0';
  return `${value > 0 ? '+' : '−'}${text}`;
}

function changeWithInterval(c: PublishedWellbeingSummary['change']): string {
  if (c.mean === '*') return '*';
  if (c.mean === null) return '–';
  const ci =
    typeof c.lower === 'number' && typeof c.upper === 'number'
      ? ` (${signed(c.lower)} to ${signed(c.upper)})`
      : '';
  return `${signed(c.mean)}${ci}`;
}

function ratioWithInterval(estimate: PublishedValue, lower: PublishedValue, upper: PublishedValue): string {
  if (estimate === '*') return '*';
  if (estimate === null) return '–';
  const ci =
    typeof lower === 'number' && typeof upper === 'number'
      ? ` (${lower.toFixed(2)} to ${upper.toFixed(2)})`
      : '';
  return `${estimate.toFixed(2)}${ci}`;
}

function pValue(p: PublishedValue, prefixed = false): string {
  if (p === '*') return prefixed ? 'p *' : '*';
  if (p === null) return prefixed ? 'p –' : '–';
  const text = p < 0.001 ? '< 0.001' : p.toPrecision(2);
  return prefixed ? (p < 0.001 ? 'p < 0.001' : `p = ${text}`) : text;
}

function pSuffix(p: PublishedValue): string {
  return typeof p === 'number' ? `\n${pValue(p, true)}` : '';
}

function stratifiedDifference(e: PublishedEffectV2 | undefined): string {
  const s = e?.stratified;
  if (!s) return '–';
  if (s.riskDifference === '*') return '*';
  if (s.riskDifference === null) return '–';
  const ci =
    typeof s.lower === 'number' && typeof s.upper === 'number'
      ? ` (${formatPoints(s.lower)} to ${formatPoints(s.upper)})`
      : '';
  return `${formatPoints(s.riskDifference)}${ci}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Styles only version-2 pages use (a version-1 page keeps its own styles byte for byte). */
export const VERSION_2_STYLES = `.comparisons td:last-child { text-align: left; max-width: 32rem; }
.direction { margin-bottom: .25rem; }
`;

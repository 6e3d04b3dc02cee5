import type { GroupDimension } from '@ips/contracts';
import type {
  PublishedCount,
  PublishedEffect,
  PublishedOutcomeGroup,
  PublishedOutcomeTable,
  PublishedProportion,
  PublishedValue,
} from '@ips/domain';
import type { ReportMonitoring } from '../report-content/report-monitoring';
import {
  breakdownComparisons,
  comparingTheArms,
  healthAndWellbeing,
  version2Tables,
  VERSION_2_DEFINITIONS,
  VERSION_2_STYLES,
} from './report-html-v2';
import {
  armLabel,
  consortFlowSvg,
  escapeHtml,
  formatCount,
  formatNumber,
  formatPercent,
  formatPoints,
  htmlPage,
  htmlTable,
  kaplanMeierChartSvg,
  longDate,
  ukDateTime,
  valueLabel,
  type CurveSeries,
} from '@ips/presentation';
import {
  METADATA_FIELDS,
  type ReportContent,
  type ReportMetadata,
  type ReportTableName,
} from '../report-types';

// The report as a self-contained web page for a programme lead: the headline result in
// plain words first, then who took part, time to first job, the outcomes by arm and by
// condition, site and cohort, and finally definitions, caveats and provenance. No
// scripts, no external assets; it prints on A4 and reads in a screen reader.

const ARMS = ['ips', 'usual_care'] as const;
const STAR_NOTE =
  '* = fewer than 8 people, or hidden so that such a number cannot be worked out from the other figures; a figure that rests on one is withheld too. – = nothing to estimate yet. Counts are rounded to the nearest 5, so they may not add up; percentages are worked out before rounding.';

export function reportHtml(metadata: ReportMetadata, content: ReportContent): string {
  const title = `${reportName(content)}: ${content.trial.name}`;
  // definitions version 2 adds sections; a report stored under version 1 renders as it always did
  const v2 = version2Tables(content);
  const comparisonsOf = (name: ReportTableName, dimension: GroupDimension, heading: string) =>
    v2 ? breakdownComparisons(content, v2[name], dimension, heading) : '';
  const body = [
    header(metadata, content),
    '<main>',
    summary(content),
    participantFlow(content),
    timeToFirstJob(content),
    outcomesByArm(content),
    ...(v2 ? [comparingTheArms(content, v2)] : []),
    breakdown(
      content,
      'byArmAndCondition',
      'condition',
      'By condition',
      'The main health condition recorded at referral.',
      comparisonsOf('byArmAndCondition', 'condition', 'By condition'),
    ),
    breakdown(
      content,
      'bySiteAndArm',
      'site',
      'By site',
      'The trial site that referred and supported the person.',
      comparisonsOf('bySiteAndArm', 'site', 'By site'),
    ),
    breakdown(
      content,
      'byCohortAndArm',
      'cohort',
      'By cohort',
      'People grouped by the calendar quarter in which they were randomised.',
      comparisonsOf('byCohortAndArm', 'cohort', 'By cohort'),
    ),
    ...(v2 ? [healthAndWellbeing(v2)] : []),
    ...(content.monitoring ? [monitoringSection(content.monitoring, v2 !== null)] : []),
    definitions(content),
    aboutTheseFigures(metadata, content),
    '</main>',
  ].join('\n');
  return htmlPage({
    title,
    body,
    styles: v2 ? REPORT_STYLES + VERSION_2_STYLES : REPORT_STYLES,
    meta: {
      description: `${reportName(content)} of ${content.trial.name}, outcomes as of ${longDate(content.asOf)}`,
      'ips:report-id': metadata.id,
      'ips:content-hash': metadata.contentHash,
    },
  });
}

/** DESIGN §6c: the looks and the verdict in words; only in reports of a trial with a monitoring plan. */
function monitoringSection(m: ReportMonitoring, version2: boolean): string {
  const outcome =
    m.primaryOutcome === 'worked13wIn12m'
      ? 'worked 13 weeks or more in 12 months'
      : 'started a job within 12 months';
  return `<section aria-labelledby="monitoring"><h2 id="monitoring">Interim monitoring</h2>
<p class="verdict">${escapeHtml(m.verdict)}</p>
<p>Primary outcome: ${escapeHtml(outcome)}; ${m.plannedParticipants} participants planned; overall false-positive allowance ${m.alpha}. A look compares Z (the site-stratified difference divided by its standard error) with the O’Brien–Fleming boundary for its information fraction t.</p>
${htmlTable({
  caption: 'Monitoring looks',
  className: 'monitoring-looks',
  columns: [
    { header: 'Look' },
    { header: 'As of' },
    { header: 't', numeric: true, description: 'information fraction' },
    { header: 'Z', numeric: true },
    { header: 'Boundary', numeric: true },
    { header: 'Nominal p', numeric: true },
    { header: 'Alpha spent', numeric: true },
    { header: 'Crossed' },
  ],
  rows: m.looks.map((l) => [
    String(l.look),
    l.asOf,
    l.informationFraction.toFixed(2),
    l.z.toFixed(2),
    l.boundary.toFixed(2),
    l.nominalP.toPrecision(2),
    l.alphaSpent.toPrecision(2),
    l.crossed ? 'yes' : 'no',
  ]),
  // a version-1 page keeps the table's default empty row
  ...(version2 ? { empty: 'No look has been taken yet.' } : {}),
})}
</section>`;
}

function reportName(content: ReportContent): string {
  return content.type === 'first_year' ? 'First-year results' : 'Interim report';
}

function header(metadata: ReportMetadata, content: ReportContent): string {
  const banner =
    content.type === 'interim'
      ? '<p class="banner" role="note"><strong>Interim figures.</strong> The trial is still running: these numbers will change as more people complete a year of follow-up. They are not the trial’s result.</p>'
      : version2Tables(content) && content.asOf !== content.trial.firstAnniversary
        ? // published on demand as of a later date (a version-1 page keeps its wording)
          `<p class="banner" role="note"><strong>First-year results</strong>, as of ${escapeHtml(longDate(content.asOf))}, after the trial’s first anniversary (${escapeHtml(longDate(content.trial.firstAnniversary))}). People who joined later are still being followed up; the final analysis may differ.</p>`
        : '<p class="banner" role="note"><strong>First-year results</strong>, as of the trial’s first anniversary. People who joined later are still being followed up; the final analysis may differ.</p>';
  return `<header>
<p class="kicker">IPS employment trial · ${escapeHtml(content.trial.name)}</p>
<h1>${escapeHtml(reportName(content))}: outcomes as of ${escapeHtml(longDate(content.asOf))}</h1>
<p class="muted">Published ${escapeHtml(ukDateTime(metadata.createdAt))} · version ${metadata.version} · report ${escapeHtml(metadata.id)}</p>
${banner}
</header>`;
}

function summary(content: ReportContent): string {
  const trial = content.tables.trial.groups[0];
  const effects = content.tables.byArm.effects;
  const jobStart = effects.find((e) => e.metric === 'jobStart12m');
  const worked = effects.find((e) => e.metric === 'worked13wIn12m');
  const six = (arm: 'ips' | 'usual_care') =>
    armGroup(content.tables.byArm, arm)?.firstJob.at.find((p) => p.day === 182);
  const parts: string[] = ['<section aria-labelledby="summary"><h2 id="summary">Summary</h2>'];
  parts.push(jobStartHeadline(jobStart, content));
  parts.push(workedSentence(worked, content));
  parts.push(
    `<dl class="facts keep-together">
<dt>Randomised so far</dt><dd>${escapeHtml(count(trial?.flow.randomised))} (IPS ${escapeHtml(count(armGroup(content.tables.byArm, 'ips')?.flow.randomised))}, usual care ${escapeHtml(count(armGroup(content.tables.byArm, 'usual_care')?.flow.randomised))})</dd>
<dt>Followed up for a full year</dt><dd>${escapeHtml(count(trial?.flow.followUpComplete))} of ${escapeHtml(count(trial?.flow.randomised))} randomised</dd>
<dt>Had a job within 6 months</dt><dd>IPS ${escapeHtml(percentWithInterval(six('ips')?.cumulativeIncidence, six('ips')?.lower, six('ips')?.upper))}; usual care ${escapeHtml(percentWithInterval(six('usual_care')?.cumulativeIncidence, six('usual_care')?.lower, six('usual_care')?.upper))} (Kaplan–Meier estimates, which use everyone randomised so far)</dd>
</dl>`,
  );
  parts.push(`<p class="muted small">${escapeHtml(STAR_NOTE)}</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

function jobStartHeadline(effect: PublishedEffect | undefined, content: ReportContent): string {
  if (!effect || effect.riskDifference === null) {
    return `<p class="headline">Nobody in ${effect ? 'one of the arms' : 'the trial'} has yet been followed up for a full year, so the main result — how many people started a paid job within 12 months, with IPS compared with usual care — is not available yet.</p>`;
  }
  if (effect.riskDifference === '*') {
    return '<p class="headline">The main 12-month comparison is withheld: too few people in at least one arm have a full year of follow-up to publish it without risk of identifying them.</p>';
  }
  const ips = armGroup(content.tables.byArm, 'ips')!.jobStart12m;
  const usual = armGroup(content.tables.byArm, 'usual_care')!.jobStart12m;
  const d = effect.riskDifference;
  const lower = effect.lower as number;
  const upper = effect.upper as number;
  const direction = d > 0 ? 'more' : d < 0 ? 'fewer' : 'no more and no fewer';
  const reading =
    lower > 0
      ? 'The whole interval is above zero, so these results are consistent with IPS increasing the chance of starting a job.'
      : upper < 0
        ? 'The whole interval is below zero, so these results suggest fewer people start a job with IPS than with usual care.'
        : 'The interval includes zero, so on these results the possibility of no difference cannot be ruled out.';
  const caution =
    content.type === 'interim'
      ? ' Interim differences move as the trial goes on; they should not be read as the trial’s answer.'
      : '';
  return `<p class="headline">Within 12 months of joining the trial, <strong>${escapeHtml(pct(ips.rate))}</strong> of people offered IPS had started a paid job, compared with <strong>${escapeHtml(pct(usual.rate))}</strong> of people offered usual care.</p>
<p class="headline-detail">That is <strong>${escapeHtml(Math.abs(d * 100).toFixed(1))} percentage points ${direction}</strong> with IPS (95% confidence interval: ${escapeHtml(formatPoints(lower))} to ${escapeHtml(formatPoints(upper))} points). ${reading}${caution}</p>
<p class="muted">Based on about ${escapeHtml(count(ips.denominator))} people offered IPS and ${escapeHtml(count(usual.denominator))} offered usual care who joined at least a year before ${escapeHtml(longDate(content.asOf))}.</p>`;
}

function workedSentence(effect: PublishedEffect | undefined, content: ReportContent): string {
  if (!effect || effect.riskDifference === null) return '';
  if (effect.riskDifference === '*')
    return '<p>The comparison of working at least 13 weeks in the first year is withheld (too few people to publish it safely).</p>';
  const ips = armGroup(content.tables.byArm, 'ips')!.worked13wIn12m;
  const usual = armGroup(content.tables.byArm, 'usual_care')!.worked13wIn12m;
  const lower = effect.lower as number;
  const upper = effect.upper as number;
  const reading =
    lower > 0
      ? 'the interval is above zero'
      : upper < 0
        ? 'the interval is below zero'
        : 'the interval includes zero';
  return `<p>Working for at least 13 weeks in the first year, the health-led trials’ primary employment outcome: <strong>${escapeHtml(pct(ips.rate))}</strong> with IPS against <strong>${escapeHtml(pct(usual.rate))}</strong> with usual care, a difference of ${escapeHtml(formatPoints(effect.riskDifference))} percentage points (95% confidence interval ${escapeHtml(formatPoints(lower))} to ${escapeHtml(formatPoints(upper))}; ${reading}).</p>`;
}

function participantFlow(content: ReportContent): string {
  const trial = content.tables.trial.groups[0];
  const f = trial?.flow;
  const arm = (a: 'ips' | 'usual_care') => armGroup(content.tables.byArm, a)?.flow;
  const c = (v: PublishedCount | undefined) => formatCount(v ?? 0);
  const svg = consortFlowSvg(
    {
      enrolment: [
        { label: 'Referred', count: c(f?.referred) },
        { label: 'Assessed for eligibility', count: c(f?.assessed) },
        { label: 'Eligible', count: c(f?.eligible) },
        { label: 'Consented', count: c(f?.consented) },
      ],
      exclusions: [{ after: 1, box: { label: 'Not eligible', count: c(f?.ineligible) } }],
      randomised: { label: 'Randomised', count: c(f?.randomised) },
      arms: ARMS.map((a) => ({
        label: armLabel(a),
        boxes: [
          { label: `Allocated to ${a === 'ips' ? 'IPS' : 'usual care'}`, count: c(arm(a)?.randomised) },
          { label: 'Withdrew from the trial', count: c(arm(a)?.withdrawn) },
          { label: 'Followed up for a full year', count: c(arm(a)?.followUpComplete) },
        ],
      })),
    },
    { id: 'consort', title: `Participant flow as of ${longDate(content.asOf)}` },
  );
  const rows: string[][] = [
    ['Referred', c(f?.referred), '', ''],
    ['Assessed for eligibility', c(f?.assessed), '', ''],
    ['Eligible', c(f?.eligible), '', ''],
    ['Not eligible', c(f?.ineligible), '', ''],
    ['Consented', c(f?.consented), '', ''],
    ['Randomised', c(f?.randomised), c(arm('ips')?.randomised), c(arm('usual_care')?.randomised)],
    ['Withdrew', c(f?.withdrawn), c(arm('ips')?.withdrawn), c(arm('usual_care')?.withdrawn)],
    [
      'Followed up for a full year',
      c(f?.followUpComplete),
      c(arm('ips')?.followUpComplete),
      c(arm('usual_care')?.followUpComplete),
    ],
  ];
  return `<section aria-labelledby="flow"><h2 id="flow">Who took part</h2>
<p>How people moved through the trial up to ${escapeHtml(longDate(content.asOf))} (a CONSORT flow diagram). People who withdrew stay in the analysis of the arm they were allocated to.</p>
<figure>${svg}<figcaption>Participant flow. The same numbers are in the table below.</figcaption></figure>
${htmlTable({
  caption: 'Participant flow',
  columns: [
    { header: 'Stage' },
    { header: 'All', numeric: true },
    { header: 'IPS', numeric: true },
    { header: 'Usual care', numeric: true },
  ],
  rows,
  note: STAR_NOTE,
})}
</section>`;
}

function timeToFirstJob(content: ReportContent): string {
  const series: CurveSeries[] = content.firstJobCurves.map(({ key, curve }) =>
    curve === '*'
      ? { label: armLabel(key.arm), points: [], note: 'withheld (fewer than 8 people or first jobs)' }
      : {
          label: armLabel(key.arm),
          points: curve.points.map((p) => ({
            day: p.day,
            estimate: p.cumulativeIncidence,
            lower: p.lower,
            upper: p.upper,
          })),
          drawnToDay: curve.drawnToDay,
        },
  );
  const chart =
    series.length === 0
      ? '<p>Nobody has been randomised yet.</p>'
      : `<figure>${kaplanMeierChartSvg(series, { id: 'first-job-chart', title: `Share of people who had found a first paid job, by months since randomisation, as of ${longDate(content.asOf)}` })}
<figcaption>Kaplan–Meier estimate of the share of people who had started a first paid job, with shaded 95% confidence bands. People count from the day they were randomised until they found a job, withdrew, reached a year, or reached ${escapeHtml(longDate(content.asOf))}. To protect small groups the curve steps only once at least 8 more people have found a job, and stops where fewer than 8 are still being followed, so it can lag the table slightly.</figcaption></figure>`;
  const rows: string[][] = [];
  for (const arm of ARMS) {
    const g = armGroup(content.tables.byArm, arm);
    if (!g) continue;
    for (const p of g.firstJob.at) {
      rows.push([
        armLabel(arm),
        monthsLabel(p.day),
        pct(p.cumulativeIncidence),
        interval(p.lower, p.upper),
        count(p.atRisk),
      ]);
    }
  }
  return `<section aria-labelledby="first-job"><h2 id="first-job">Time to first job</h2>
<p>How soon people found their first paid job after joining the trial. This uses everyone randomised so far, including people who have not yet had a full year.</p>
${chart}
${htmlTable({
  caption: 'Share who had a first paid job by 3, 6 and 12 months',
  columns: [
    { header: 'Arm' },
    { header: 'By' },
    { header: 'Estimate', numeric: true },
    { header: '95% CI', numeric: true, description: '95% confidence interval' },
    { header: 'Still being followed', numeric: true },
  ],
  rows,
  rowHeaderColumns: 2,
  note: STAR_NOTE,
  empty: 'Nobody has been randomised yet.',
})}
</section>`;
}

function outcomesByArm(content: ReportContent): string {
  const ips = armGroup(content.tables.byArm, 'ips');
  const usual = armGroup(content.tables.byArm, 'usual_care');
  const effect = (metric: 'jobStart12m' | 'worked13wIn12m') => {
    const e = content.tables.byArm.effects.find((x) => x.metric === metric);
    return e ? difference(e) : '';
  };
  type Row = [string, (g: PublishedOutcomeGroup | undefined) => string, string];
  const at = (g: PublishedOutcomeGroup | undefined, day: number) => g?.firstJob.at.find((p) => p.day === day);
  const rows: Row[] = [
    ['Randomised', (g) => count(g?.flow.randomised), ''],
    ['Withdrew', (g) => count(g?.flow.withdrawn), ''],
    ['Followed up for a full year', (g) => count(g?.flow.followUpComplete), ''],
    ['Started a paid job within 12 months', (g) => proportion(g?.jobStart12m), effect('jobStart12m')],
    [
      'Worked 13 weeks or more in the first 12 months',
      (g) => proportion(g?.worked13wIn12m),
      effect('worked13wIn12m'),
    ],
    ...[91, 182, 365].map((day): Row => [
      `Had a first job by ${monthsLabel(day)} (Kaplan–Meier)`,
      (g) => percentWithInterval(at(g, day)?.cumulativeIncidence, at(g, day)?.lower, at(g, day)?.upper),
      '',
    ]),
    ['Median days to first job', (g) => median(g?.firstJob.medianDays), ''],
    ['First job lasted at least 13 weeks', (g) => proportion(g?.sustained13w), ''],
    ['First job lasted at least 26 weeks', (g) => proportion(g?.sustained26w), ''],
    ['First job was 16 or more hours a week', (g) => proportion(g?.hours16Plus), ''],
    ['Average hours a week in the first job', (g) => formatNumber(g?.hours16Plus.meanHours ?? null), ''],
    ['Average days in work in the first 12 months', (g) => formatNumber(g?.daysEmployed12m.mean ?? null), ''],
  ];
  return `<section aria-labelledby="by-arm"><h2 id="by-arm">Outcomes by arm</h2>
<p>Percentages with their 95% confidence interval in brackets. Each outcome counts only the people it applies to: 12-month outcomes count people followed up for a full year; job-quality outcomes count people who found a job.</p>
${htmlTable({
  caption: 'Outcomes by arm',
  className: 'outcomes-by-arm',
  columns: [
    { header: 'Outcome' },
    { header: 'IPS', numeric: true },
    { header: 'Usual care', numeric: true },
    {
      header: 'Difference (points, 95% CI)',
      numeric: true,
      description: 'IPS minus usual care, in percentage points, with its 95% confidence interval',
    },
  ],
  rows: rows.map(([label, cell, diff]) => [label, cell(ips), cell(usual), diff]),
  note: STAR_NOTE,
})}
</section>`;
}

function breakdown(
  content: ReportContent,
  tableName: ReportTableName,
  dimension: GroupDimension,
  heading: string,
  explanation: string,
  /** the table's comparisons (definitions version 2), after its differences; empty for version 1 */
  extra = '',
): string {
  const table = content.tables[tableName];
  // the two arms of a group side by side, groups in the table's order
  const order = new Map<string | null, number>();
  for (const g of table.groups)
    if (!order.has(g.key[dimension] ?? null)) order.set(g.key[dimension] ?? null, order.size);
  const groups = table.groups
    .filter((g) => g.key.arm === 'ips' || g.key.arm === 'usual_care')
    .sort(
      (a, b) =>
        order.get(a.key[dimension] ?? null)! - order.get(b.key[dimension] ?? null)! ||
        (a.key.arm === 'ips' ? -1 : 1),
    );
  const rows = groups.map((g) => [
    keyLabel(content, dimension, g.key[dimension]),
    armLabel(g.key.arm),
    count(g.flow.randomised),
    count(g.flow.followUpComplete),
    proportion(g.jobStart12m, true),
    proportion(g.worked13wIn12m, true),
    percentWithInterval(
      g.firstJob.at.find((p) => p.day === 182)?.cumulativeIncidence,
      g.firstJob.at.find((p) => p.day === 182)?.lower,
      g.firstJob.at.find((p) => p.day === 182)?.upper,
      true,
    ),
  ]);
  const effectRows = groupEffects(table)
    .sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
    .map(([key, jobStart, worked]) => [
      keyLabel(content, dimension, key),
      jobStart ? difference(jobStart) : '–',
      worked ? difference(worked) : '–',
    ]);
  const id = `by-${dimension}`;
  return `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(heading)}</h2>
<p>${escapeHtml(explanation)} Small groups give wide intervals; differences between groups should be read with care.</p>
${htmlTable({
  caption: `Outcomes ${heading.toLowerCase()} and arm`,
  className: 'breakdown',
  columns: [
    { header: capitalise(dimension === 'cohort' ? 'cohort (randomised in)' : dimension) },
    { header: 'Arm' },
    { header: 'Randomised', numeric: true },
    { header: 'Full year of follow-up', numeric: true },
    { header: 'Started a job within 12 months', numeric: true },
    { header: 'Worked 13+ weeks in 12 months', numeric: true },
    { header: 'Had a job by 6 months', numeric: true },
  ],
  rows,
  rowHeaderColumns: 2,
  note: STAR_NOTE,
  empty: 'Nobody has been randomised yet.',
})}
${htmlTable({
  caption: `Difference between the arms ${heading.toLowerCase()} (IPS − usual care, percentage points, 95% CI)`,
  columns: [
    { header: capitalise(dimension) },
    { header: 'Started a job within 12 months', numeric: true },
    { header: 'Worked 13+ weeks in 12 months', numeric: true },
  ],
  rows: effectRows,
  note: '– = nobody in one of the arms has a full year of follow-up yet.',
  empty: 'No comparison yet.',
})}${extra ? `\n${extra}` : ''}
</section>`;
}

function definitions(content: ReportContent): string {
  const items: [string, string][] = [
    [
      'Arm',
      'The group a person was randomly allocated to: IPS (Individual Placement and Support) or usual care. Everyone is analysed in the arm they were allocated to, whatever happened afterwards (intention to treat).',
    ],
    [
      'Full year of follow-up',
      'Randomised at least 365 days before the as-of date, so a whole first year can be observed.',
    ],
    [
      'Paid job',
      'Competitive employment: paid at least the minimum wage, open to anyone, not set aside for disabled people. Only jobs starting on or after randomisation count.',
    ],
    [
      'Started a paid job within 12 months',
      'Of people with a full year of follow-up, the share whose first paid job started within 365 days of randomisation. People who withdrew count as not having started one. 95% Wilson interval.',
    ],
    [
      'Worked 13 weeks or more in the first 12 months',
      'Of people with a full year of follow-up, the share with at least 91 days in paid work (overlapping jobs counted once) in their first 365 days.',
    ],
    [
      'Had a first job by 3, 6 or 12 months',
      'Kaplan–Meier estimate of the share who had started a first paid job 91, 182 or 365 days after randomisation, using everyone randomised; people are followed until a job, withdrawal, a year, or the as-of date. 95% interval on the log(−log) scale.',
    ],
    [
      'First job lasted at least 13 (26) weeks',
      'Of people whose first job started at least 91 (182) days before the as-of date, the share whose first job had not ended within 91 (182) days.',
    ],
    [
      'First job was 16 or more hours a week',
      'Of people who found a first job, the share whose contracted hours at the start were 16 or more a week.',
    ],
    [
      'Difference',
      'IPS minus usual care, in percentage points, with the Newcombe hybrid score 95% confidence interval.',
    ],
    [
      '95% confidence interval (CI)',
      'The range of values the data are consistent with. Wide intervals mean few people: the figure could easily be quite different.',
    ],
    ...(version2Tables(content) ? VERSION_2_DEFINITIONS : []),
  ];
  return `<section aria-labelledby="definitions"><h2 id="definitions">Definitions</h2>
<p>Outcome definitions version ${content.definitionsVersion}. A changed definition gets a new version number.</p>
<dl class="definitions">${items.map(([term, text]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(text)}</dd>`).join('\n')}</dl>
</section>`;
}

function aboutTheseFigures(metadata: ReportMetadata, content: ReportContent): string {
  const trial = content.tables.trial.groups[0];
  const offsets = content.provenance.offsets.map((o) => [
    String(o.partition),
    formatCount(Number(o.nextOffset)),
  ]);
  return `<section aria-labelledby="about"><h2 id="about">About these figures</h2>
<h3>Follow-up so far</h3>
<p>${escapeHtml(count(trial?.flow.followUpComplete))} of the ${escapeHtml(count(trial?.flow.randomised))} people randomised by ${escapeHtml(longDate(content.asOf))} have been in the trial for a full year. The 12-month outcomes describe only them; people who joined more recently are still being followed. The trial started on ${escapeHtml(longDate(content.trial.startDate))}; its first anniversary is ${escapeHtml(longDate(content.trial.firstAnniversary))}.</p>
<h3>Protecting small groups</h3>
<p>${escapeHtml(content.disclosure.method)} In this report ${content.disclosure.suppressed.primary} distinct ${content.disclosure.suppressed.primary === 1 ? 'count was' : 'counts were'} suppressed because ${content.disclosure.suppressed.primary === 1 ? 'it was' : 'they were'} small, and ${content.disclosure.suppressed.secondary} more to stop ${content.disclosure.suppressed.primary === 1 ? 'it' : 'them'} being worked out from totals.</p>
<h3>Where the numbers come from</h3>
<p>Events dated on or before ${escapeHtml(longDate(content.asOf))} count. The report was computed from ${escapeHtml(formatCount(content.provenance.eventCount))} events recorded for this trial, read from the event stream <code>${escapeHtml(content.provenance.topic)}</code> up to the positions below (consumer group <code>${escapeHtml(content.provenance.consumerGroup)}</code>). Events recorded later for earlier dates appear in later reports.</p>
${htmlTable({
  caption: 'Event stream positions read (next offset per partition)',
  columns: [
    { header: 'Partition', numeric: true },
    { header: 'Next offset', numeric: true },
  ],
  rows: offsets,
  empty: 'No events read yet.',
})}
<h3>Checking this report</h3>
<dl class="provenance">
<dt>Report</dt><dd><code>${escapeHtml(metadata.id)}</code>, version ${metadata.version} of the ${escapeHtml(reportName(content).toLowerCase())} as of ${escapeHtml(content.asOf)} (${metadata.trigger === 'schedule' ? 'scheduled' : 'requested on demand'})</dd>
<dt>Content hash (SHA-256)</dt><dd><code>${escapeHtml(metadata.contentHash)}</code></dd>
<dt>Other formats</dt><dd><code>${escapeHtml(metadata.links.json)}</code> (JSON), <code>${escapeHtml(metadata.links.csv)}</code> (CSV)</dd>
</dl>
<p class="small">To check a copy of the JSON form: remove its fields ${METADATA_FIELDS.map((f) => `<code>${f}</code>`).join(', ')}; write what is left as JSON with keys sorted at every level and no spaces; its SHA-256 is the content hash above. The same data read at the same positions always gives the same hash.</p>
</section>`;
}

// — figures —

function armGroup(
  table: PublishedOutcomeTable,
  arm: 'ips' | 'usual_care',
): PublishedOutcomeGroup | undefined {
  return table.groups.find((g) => g.key.arm === arm);
}

function groupEffects(
  table: PublishedOutcomeTable,
): [string | null, PublishedEffect | undefined, PublishedEffect | undefined][] {
  const dimension = table.groupBy.find((d) => d !== 'arm');
  if (!dimension) return [];
  const keys: (string | null)[] = [];
  for (const e of table.effects)
    if (!keys.includes(e.key[dimension] ?? null)) keys.push(e.key[dimension] ?? null);
  return keys.map((k) => [
    k,
    table.effects.find((e) => (e.key[dimension] ?? null) === k && e.metric === 'jobStart12m'),
    table.effects.find((e) => (e.key[dimension] ?? null) === k && e.metric === 'worked13wIn12m'),
  ]);
}

function count(value: PublishedCount | undefined): string {
  return formatCount(value ?? 0);
}

function pct(value: PublishedValue | undefined): string {
  return formatPercent(value ?? null);
}

function interval(lower: PublishedValue | undefined, upper: PublishedValue | undefined): string {
  if (lower === '*' || upper === '*') return '*';
  if (lower === null || upper === null || lower === undefined || upper === undefined) return '–';
  return `${formatPercent(lower).replace('%', '')}–${formatPercent(upper)}`;
}

/** "33.6% (27.7–40.2%)"; compact puts the interval on a second line, for narrow columns. */
function percentWithInterval(
  value: PublishedValue | undefined,
  lower: PublishedValue | undefined,
  upper: PublishedValue | undefined,
  compact = false,
): string {
  if (value === '*') return '*';
  if (value === null || value === undefined) return '–';
  const ci = interval(lower, upper);
  return ci === '–' ? formatPercent(value) : `${formatPercent(value)}${compact ? '\n' : ' '}(${ci})`;
}

function proportion(p: PublishedProportion | undefined, compact = false): string {
  return p ? percentWithInterval(p.rate, p.lower, p.upper, compact) : '–';
}

function difference(e: PublishedEffect): string {
  if (e.riskDifference === '*') return '*';
  if (e.riskDifference === null) return '–';
  return `${formatPoints(e.riskDifference)} (${formatPoints(e.lower)} to ${formatPoints(e.upper)})`;
}

function median(value: PublishedValue | undefined): string {
  if (value === '*') return '*';
  if (value === null || value === undefined) return 'not reached';
  return `${value} days`;
}

function monthsLabel(day: number): string {
  return day === 91 ? '3 months' : day === 182 ? '6 months' : day === 365 ? '12 months' : `${day} days`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const REPORT_STYLES = `
header { margin-bottom: 1.5rem; }
.kicker { text-transform: uppercase; letter-spacing: .06em; font-size: .8rem; font-weight: 700; color: var(--muted); margin: 0 0 .25rem; }
.banner { background: #fff4d6; border-left: 6px solid #8a5a00; padding: .75rem 1rem; max-width: 46rem; }
.headline { font-size: 1.3rem; line-height: 1.4; margin: .75rem 0; }
.headline-detail { font-size: 1.05rem; }
.small { font-size: .85rem; }
.facts { background: var(--panel); padding: 1rem 1.25rem; border-radius: 4px; max-width: 46rem; }
.definitions dt { margin-top: .25rem; }
.provenance code { font-size: .8rem; }
.outcomes-by-arm tbody th { min-width: 16rem; }
.breakdown tbody th { min-width: 7rem; }
section { margin-bottom: 1rem; }
@media print {
  .banner { background: none; border: 1px solid #8a5a00; }
  .facts { background: none; border: 1px solid var(--rule); }
}
`;

/** A group's value in words (@ips/presentation's labels, the dashboard's too); sites by their names. */
function keyLabel(
  content: ReportContent,
  dimension: GroupDimension,
  value: string | null | undefined,
): string {
  return valueLabel(dimension, value, Object.fromEntries(content.sites.map((s) => [s.siteId, s.name])));
}

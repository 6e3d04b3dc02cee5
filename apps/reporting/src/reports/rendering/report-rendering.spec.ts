import { simulatedSnapshot } from '../../testing/simulated-trial';
import { buildReportContent } from '../report-content/build-report-content';
import { contentHash } from '../report-content/content-hash';
import type { ReportMetadata } from '../report-types';
import { CSV_SECTIONS, MissingCsvSectionError, reportCsv } from './report-csv';
import { reportHtml } from './report-html';
import { reportMonitoring, VERDICT_CROSSED } from '../report-content/report-monitoring';
import { isPublishedTableV2 } from '@ips/domain';

const snapshot = simulatedSnapshot({ participants: 1200, seed: 5 });
const content = buildReportContent(snapshot, 'interim', '2018-12-01');
const metadata: ReportMetadata = {
  id: '3f1c2a9e-6d0b-4c39-9d6a-1f1f0e7a2b11',
  trialId: content.trialId,
  type: 'interim',
  asOf: content.asOf,
  version: 2,
  createdAt: '2018-12-01T06:00:00.000Z',
  trigger: 'schedule',
  scheduledFor: '2018-12-01T06:00:00.000Z',
  definitionsVersion: 2,
  contentHash: contentHash(content),
  eventCount: content.provenance.eventCount,
  offsets: content.provenance.offsets,
  links: {
    json: '/v1/reports/r.json',
    csv: '/v1/reports/r.csv',
    html: '/v1/reports/r.html',
    pdf: '/v1/reports/r.pdf',
  },
};

function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe('the CSV form', () => {
  it('stacks every outcome table into one tidy table by default, with (all) where a table is not split', () => {
    const rows = parseCsv(reportCsv(content, 'outcomes'));
    expect(rows[0].slice(0, 6)).toEqual([
      'table',
      'key.site',
      'key.arm',
      'key.condition',
      'key.cohort',
      'flow.referred',
    ]);
    expect(rows.every((r) => r.length === rows[0].length)).toBe(true);
    const trial = rows.find((r) => r[0] === 'trial')!;
    expect(trial.slice(1, 5)).toEqual(['(all)', '(all)', '(all)', '(all)']);
    const pilot = rows.filter((r) => r[0] === 'bySiteAndArm' && r[1] === 'rotherham-pilot');
    expect(pilot.length).toBeGreaterThan(0);
    expect(pilot[0][rows[0].indexOf('flow.randomised')]).toBe('*');
  });

  it('gives one table with only its own key columns', () => {
    const rows = parseCsv(reportCsv(content, 'byArmAndCondition'));
    expect(rows[0].slice(0, 3)).toEqual(['key.arm', 'key.condition', 'flow.referred']);
    expect(rows.length).toBe(content.tables.byArmAndCondition.groups.length + 1);
  });

  it('stacks the effects, and lists the drawn curves', () => {
    const effects = parseCsv(reportCsv(content, 'effects'));
    expect(effects[0]).toEqual([
      'table',
      'key.site',
      'key.condition',
      'key.cohort',
      'metric',
      'ips.numerator',
      'ips.denominator',
      'usualCare.numerator',
      'usualCare.denominator',
      'riskDifference',
      'lower',
      'upper',
      'stratified.strata',
      'stratified.riskDifference',
      'stratified.lower',
      'stratified.upper',
    ]);
    expect(effects.filter((r) => r[0] === 'byArm').map((r) => r[4])).toEqual([
      'jobStart12m',
      'worked13wIn12m',
    ]);
    const curves = parseCsv(reportCsv(content, 'firstJobCurves'));
    expect(curves[0]).toEqual(['key.arm', 'day', 'cumulativeIncidence', 'lower', 'upper', 'drawnToDay']);
    expect(curves[1].slice(0, 3)).toEqual(['ips', '0', '0']);
  });

  it('has every section, but monitoring only with a monitoring plan', () => {
    for (const section of CSV_SECTIONS.filter((s) => s !== 'monitoring'))
      expect(reportCsv(content, section).split('\r\n').length).toBeGreaterThan(2);
    expect(() => reportCsv(content, 'monitoring')).toThrow(MissingCsvSectionError);
    expect(() => reportCsv(content, 'monitoring')).toThrow(/no monitoring plan/);
  });
});

describe('the HTML page', () => {
  const html = reportHtml(metadata, content);

  it('is self-contained: no scripts, no external assets', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\((?!#)|@import/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('opens with the headline result in plain words and its interval', () => {
    expect(html).toMatch(
      /<p class="headline">Within 12 months of joining the trial, <strong>\d+\.\d%<\/strong> of people offered IPS had started a paid job, compared with <strong>\d+\.\d%<\/strong>/,
    );
    expect(html).toMatch(/95% confidence interval: [+−]?\d+\.\d to [+−]?\d+\.\d points/);
    expect(html).toContain('Interim figures.');
  });

  it('has the CONSORT flow and the Kaplan–Meier chart as labelled inline SVG', () => {
    expect(html).toMatch(/<svg[^>]+class="chart consort-flow"[^>]+role="img"/);
    expect(html).toMatch(/<svg[^>]+class="chart km-chart"[^>]+role="img"/);
    expect(html.match(/class="km-line"/g)).toHaveLength(2);
    expect(html.match(/class="km-band"/g)).toHaveLength(2);
  });

  it('has captioned tables by arm, condition, site and cohort, and says how many have a full year', () => {
    for (const caption of [
      'Participant flow',
      'Outcomes by arm',
      'Outcomes by condition and arm',
      'Outcomes by site and arm',
      'Outcomes by cohort and arm',
    ]) {
      expect(html).toContain(`<caption>${caption}</caption>`);
    }
    expect(html).toMatch(
      /\d[\d,]* of the [\d,]+ people randomised by 1 December 2018 have been in the trial for a full year/,
    );
    expect(html).toContain(metadata.contentHash);
  });

  it('escapes what users named', () => {
    const hostile = reportHtml(metadata, {
      ...content,
      trial: { ...content.trial, name: '<img src=x onerror=alert(1)>' },
      sites: content.sites.map((s) => ({ ...s, name: `${s.name} <b>` })),
    });
    expect(hostile).not.toContain('<img');
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile).toContain('Sheffield City Region &lt;b&gt;');
  });
});

describe('the monitoring section (DESIGN §6c)', () => {
  it('is absent without a plan, so a report stored before it renders as before', () => {
    const html = reportHtml(metadata, content);
    expect(html).not.toContain('Interim monitoring');
    expect(reportHtml(metadata, { ...content, monitoring: undefined })).toBe(html);
  });

  it('shows the looks (t and Z to two decimals) and the verdict', () => {
    const monitoring = reportMonitoring(
      { primaryOutcome: 'worked13wIn12m', plannedParticipants: 1000, alpha: 0.05 },
      [
        {
          asOf: '2018-09-30',
          look: {
            informationFraction: 0.2345,
            z: 1.234,
            boundary: 4.333,
            nominalP: 1.5e-5,
            alphaSpent: 1.5e-5,
            crossed: false,
          },
        },
      ],
      {
        asOf: '2018-12-01',
        look: {
          informationFraction: 0.4567,
          z: 3.456,
          boundary: 3.012,
          nominalP: 0.0026,
          alphaSpent: 0.0027,
          crossed: true,
        },
      },
    );
    expect(monitoring.looks.map((l) => l.informationFraction)).toEqual([0.23, 0.46]);
    const html = reportHtml(metadata, { ...content, monitoring });
    expect(html).toContain(VERDICT_CROSSED);
    expect(html).toContain('<td class="num">0.46</td><td class="num">3.46</td><td class="num">3.01</td>');
    expect(html).toContain('<td class="num">0.23</td><td class="num">1.23</td><td class="num">4.33</td>');
  });
});

describe('the version-2 sections (DESIGN §6a, §6b, §8)', () => {
  const html = reportHtml(metadata, content);
  const byArm = content.tables.byArm;
  if (!isPublishedTableV2(byArm)) throw new Error('a new report is version 2');

  it('compare the arms with each figure and a sentence saying what it means', () => {
    expect(html).toContain('<h2 id="comparisons">Comparing the arms</h2>');
    expect(html).toContain('<caption>How the arms compare</caption>');
    const hr = byArm.comparisons[0].firstJob.hazardRatio;
    if (typeof hr.estimate !== 'number' || typeof hr.lower !== 'number' || typeof hr.upper !== 'number')
      throw new Error('the simulated trial’s hazard ratio is published');
    expect(html).toContain(`${hr.estimate.toFixed(2)} (${hr.lower.toFixed(2)} to ${hr.upper.toFixed(2)})`);
    expect(html).toContain(
      'A hazard ratio above 1 means people offered IPS found a first job sooner than people offered usual care',
    );
    expect(html).toContain('judge whether to act by the monitoring plan’s boundary'); // an interim report
    for (const heading of ['By condition', 'By site', 'By cohort'])
      expect(html).toContain(`<caption>Comparing the arms ${heading.toLowerCase()}</caption>`);
  });

  it('show each wellbeing instrument by arm, saying which direction is better', () => {
    expect(html).toContain('<h2 id="wellbeing">Health and wellbeing</h2>');
    const instruments = byArm.groups[0].wellbeing;
    expect(instruments.length).toBe(5);
    for (const w of instruments) {
      const section = html.slice(html.indexOf(`<h3 id="wellbeing-${w.instrument}">`));
      expect(section).toMatch(
        w.higherIsBetter
          ? /^<h3[^>]*>[^<]+<\/h3>\n<p class="direction"><strong>Higher is better<\/strong>/
          : /^<h3[^>]*>[^<]+<\/h3>\n<p class="direction"><strong>Lower is better<\/strong>/,
      );
      expect(section).toMatch(/<p class="adjusted">Difference between the arms/);
    }
    expect(html).toContain('Missing follow-up');
  });

  it('withhold what rests on a hidden count as *, in the page too', () => {
    const bySite = content.tables.bySiteAndArm;
    if (!isPublishedTableV2(bySite)) throw new Error('version 2');
    const pilot = bySite.comparisons.find((c) => c.key.site === 'rotherham-pilot');
    expect(pilot?.firstJob.hazardRatio.estimate).toBe('*');
    const table = html.slice(html.indexOf('<caption>Comparing the arms by site</caption>'));
    expect(table).toMatch(/<th scope="row">Rotherham pilot<\/th><td class="num">\*<\/td>/);
  });

  it('say when first-year results are as of a date after the first anniversary', () => {
    const at = (asOf: string) =>
      reportHtml({ ...metadata, type: 'first_year', asOf }, { ...content, type: 'first_year', asOf });
    expect(at('2018-07-01')).toContain(
      '<strong>First-year results</strong>, as of the trial’s first anniversary.',
    );
    expect(at('2018-12-01')).toContain(
      '<strong>First-year results</strong>, as of 1 December 2018, after the trial’s first anniversary (1 July 2018).',
    );
  });

  it('say so when the monitoring plan has no look yet', () => {
    const monitoring = reportMonitoring(
      { primaryOutcome: 'worked13wIn12m', plannedParticipants: 1000, alpha: 0.05 },
      [],
      { asOf: content.asOf, look: null },
    );
    const page = reportHtml(metadata, { ...content, monitoring });
    expect(page).toContain('<td colspan="8" class="empty">No look has been taken yet.</td>');
  });
});

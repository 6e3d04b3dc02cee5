import { ARMS, CONDITIONS, EMPLOYMENT_STATUSES, GROUP_DIMENSIONS, type GroupDimension } from '@ips/contracts';
import { valueLabel } from '@ips/presentation';
import * as dashboard from '../../apps/query/src/dashboard/browser/view-model';
import { buildReportContent } from '../../apps/reporting/src/reports/report-content/build-report-content';
import { reportHtml } from '../../apps/reporting/src/reports/rendering/report-html';
import type { ReportMetadata } from '../../apps/reporting/src/reports/report-types';
import { simulatedSnapshot } from '../../apps/reporting/src/testing/simulated-trial';

// One source of labels (issue 14): a published report and the evaluator dashboard call
// every group the same. The dashboard's names are its view model's (the module bundled
// into the page's script); the report's are read off the HTML the reporting service renders.

const dashboardName = (d: GroupDimension, v: string | null, siteNames: Record<string, string> = {}) =>
  dashboard.valueLabel(d, v, siteNames);

const content = buildReportContent(
  simulatedSnapshot({ participants: 1200, seed: 5 }),
  'interim',
  '2018-12-01',
);
const metadata = {
  id: '3f1c2a9e-6d0b-4c39-9d6a-1f1f0e7a2b11',
  version: 1,
  createdAt: '2018-12-01T06:00:00.000Z',
  contentHash: '0'.repeat(64),
  links: {},
} as unknown as ReportMetadata;
const report = reportHtml(metadata, content);
const siteNames = Object.fromEntries(content.sites.map((s) => [s.siteId, s.name]));

describe('group names', () => {
  it('are the same in the dashboard as in @ips/presentation (which the reports and charts use), for every value and for none', () => {
    const values: Record<GroupDimension, (string | null)[]> = {
      arm: [...ARMS, null],
      condition: [...CONDITIONS, null],
      employmentStatus: [...EMPLOYMENT_STATUSES, null],
      site: ['sheffield-1', 'unknown-site', null],
      cohort: ['2017-Q3', '2018-Q1', '2017-08', '2018-12', '2019', null],
    };
    const sites = { 'sheffield-1': 'Sheffield City Region' };
    for (const dimension of GROUP_DIMENSIONS)
      for (const value of values[dimension])
        expect([dimension, value, dashboardName(dimension, value, sites)]).toEqual([
          dimension,
          value,
          valueLabel(dimension, value, sites),
        ]);
  });

  it('are what the dashboard would call each row of a published report', () => {
    let rows = 0;
    for (const table of Object.values(content.tables))
      for (const group of table.groups.filter((g) => g.key.arm !== null))
        for (const dimension of table.groupBy) {
          const name = dashboardName(dimension, group.key[dimension] ?? null, siteNames);
          // a report shows the randomised; its breakdowns head each row with the group's names
          expect(report).toContain(`<th scope="row">${name.replace(/&/g, '&amp;')}</th>`);
          rows++;
        }
    expect(rows).toBeGreaterThan(50);
    expect(report).toContain('<th scope="row">July to September 2017</th>');
    expect(dashboardName('cohort', '2017-Q3')).toBe('July to September 2017');
  });
});

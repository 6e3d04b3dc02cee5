import { Script } from 'node:vm';
import { ARMS, CONDITIONS, EMPLOYMENT_STATUSES, GROUP_DIMENSIONS } from '@ips/contracts';
import { VALUE_LABELS } from '@ips/presentation';
import { buildDashboardPage, dashboardPage } from './dashboard-page';
import {
  expectKeyKeptOutOfUrls,
  expectStrictPolicy,
  inlineParts,
} from '../../../../test/support/scripted-page-checks';

const page = dashboardPage();
const { html } = page;
const { script } = inlineParts(page);

describe('the dashboard page', () => {
  it('runs only its own inline script and style, by hash, and talks only to its own service', () => {
    expectStrictPolicy(page);
  });

  it('is one self-contained document: one script, one stylesheet, nothing loaded from elsewhere, no inline handlers or style attributes', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html).not.toMatch(/\s(src|href)="(?!data:)/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).toContain('<link rel="icon" href="data:,">');
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
  });

  it('has a script that compiles, built from the TypeScript source, with nothing that could close the script element', () => {
    expect(() => new Script(script)).not.toThrow();
    // the bundle carries the shared labels and the view model, not a copy of them
    expect(script).toContain('apps/query/src/dashboard/browser/dashboard-app.ts');
    expect(script).toContain('libs/presentation/src/text/labels.ts');
    for (const dimension of GROUP_DIMENSIONS) expect(script).toContain(dimension);
    expect(script).not.toMatch(/<\/script|<!--/i);
    expect(() => buildDashboardPage({ script: 'x = "</script>"', style: '' })).toThrow(/close its element/);
  });

  it('keeps the key out of the URL: a password field without a name, in a form that cannot be submitted anywhere', () => {
    expectKeyKeptOutOfUrls(page);
  });

  it('offers every grouping and every filter value of the contract, in words', () => {
    for (const dimension of GROUP_DIMENSIONS) expect(html).toContain(`name="groupBy" value="${dimension}"`);
    expect(html).toMatch(/name="groupBy" value="arm" checked/);
    for (const [values, labels] of [
      [CONDITIONS, VALUE_LABELS.condition],
      [ARMS, VALUE_LABELS.arm],
      [EMPLOYMENT_STATUSES, VALUE_LABELS.employmentStatus],
    ] as const) {
      for (const value of values)
        expect(html).toContain(`<option value="${value}">${labels[value]}</option>`);
    }
    expect(html).toContain('<option value="quarter" selected>Quarter</option>');
  });

  it('is built once', () => {
    expect(dashboardPage()).toBe(dashboardPage());
  });
});

import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import { ARMS, CONDITIONS, EMPLOYMENT_STATUSES, GROUP_DIMENSIONS } from '@ips/contracts';
import { VALUE_LABELS } from '@ips/presentation';
import { buildDashboardPage, dashboardPage } from './dashboard-page';

const { html, contentSecurityPolicy } = dashboardPage();
const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('the dashboard page', () => {
  it('runs only its own inline script and style, by hash, and talks only to its own service', () => {
    const directives = Object.fromEntries(
      contentSecurityPolicy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives).toEqual({
      'default-src': "'none'",
      'script-src': hash(script),
      'style-src': hash(style),
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(contentSecurityPolicy).not.toMatch(/unsafe|https?:|\*/);
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
    const input = /<input id="key"[^>]*>/.exec(html)![0];
    expect(input).toContain('type="password"');
    expect(input).toContain('autocomplete="off"');
    expect(input).not.toContain('name=');
    expect(html).not.toMatch(/<form[^>]*action=/);
    expect(script).toContain('sessionStorage.setItem(this.item, key)');
    expect(script).toContain('libs/browser/src/session-key.ts');
    expect(script).not.toMatch(/localStorage|document\.cookie/);
    expect(script).toContain('Authorization: `Bearer ${key}`');
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

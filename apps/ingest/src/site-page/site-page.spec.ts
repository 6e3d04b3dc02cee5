import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import { EVENT_TYPES } from '@ips/contracts';
import { buildSitePage, sitePage } from './site-page';

const { html, contentSecurityPolicy } = sitePage();
const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('the site page', () => {
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
  });

  it('is one self-contained document: links only to this service’s templates, no inline handlers or style attributes', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<style/g)).toHaveLength(1);
    const links = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(links.filter((l) => l !== 'data:,')).toEqual(
      EVENT_TYPES.map((t) => `v1/events/csv/templates/${t}.csv`),
    );
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('has a script built from the TypeScript source with the shared browser code, that compiles', () => {
    expect(() => new Script(script)).not.toThrow();
    expect(script).toContain('apps/ingest/src/site-page/browser/site-app.ts');
    expect(script).toContain('libs/browser/src/session-key.ts');
    expect(script).toContain('apps/ingest/src/events/record-events/csv-format.ts');
    expect(script).toContain('libs/presentation/src/text/finding-guides.ts');
    expect(script).not.toMatch(/<\/script|<!--/i);
    expect(() => buildSitePage({ script: 'x = "</script>"', style: '' })).toThrow(/close its element/);
  });

  it('keeps the key out of the URL: a password field without a name, in a form that cannot be submitted anywhere', () => {
    const input = /<input id="key"[^>]*>/.exec(html)![0];
    expect(input).toContain('type="password"');
    expect(input).not.toContain('name=');
    expect(html).not.toMatch(/<form[^>]*action=/);
    expect(script).toContain('sessionStorage.setItem(this.item, key)');
    expect(script).not.toMatch(/localStorage|document\.cookie/);
    expect(script).toContain('Authorization: `Bearer ${key}`');
  });

  it('is built once', () => {
    expect(sitePage()).toBe(sitePage());
  });
});

import { Script } from 'node:vm';
import { EVENT_TYPES } from '@ips/contracts';
import { buildSitePage, sitePage } from './site-page';
import {
  expectKeyKeptOutOfUrls,
  expectStrictPolicy,
  inlineParts,
} from '../../../../test/support/scripted-page-checks';

const page = sitePage();
const { html } = page;
const { script } = inlineParts(page);

describe('the site page', () => {
  it('runs only its own inline script and style, by hash, and talks only to its own service', () => {
    expectStrictPolicy(page);
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
    expectKeyKeptOutOfUrls(page);
  });

  it('is built once', () => {
    expect(sitePage()).toBe(sitePage());
  });
});

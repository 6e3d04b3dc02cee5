import { createHash } from 'node:crypto';
import type { ScriptedPage } from '@ips/platform';

// What every scripted page (the dashboard, the site page; libs/platform scripted-page.ts)
// must hold, checked the same way for each: its inline script and style, the policy that
// admits exactly them, and the key field that keeps the key out of any URL.

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The page's one inline script and one inline stylesheet. */
export function inlineParts(page: ScriptedPage): { script: string; style: string } {
  return {
    script: /<script>([\s\S]*?)<\/script>/.exec(page.html)![1],
    style: /<style>([\s\S]*?)<\/style>/.exec(page.html)![1],
  };
}

/** The policy runs only the page's own script and style, by hash, and talks only to its service. */
export function expectStrictPolicy(page: ScriptedPage): void {
  const { script, style } = inlineParts(page);
  const directives = Object.fromEntries(
    page.contentSecurityPolicy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
  );
  expect(directives).toEqual({
    'default-src': "'none'",
    'script-src': sha256(script),
    'style-src': sha256(style),
    'img-src': "'self' data:",
    'connect-src': "'self'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
  });
  expect(page.contentSecurityPolicy).not.toMatch(/unsafe|https?:|\*/);
}

/** A password field without a name, in a form that posts nowhere; the key kept in the tab only. */
export function expectKeyKeptOutOfUrls(page: ScriptedPage): void {
  const { script } = inlineParts(page);
  const input = /<input id="key"[^>]*>/.exec(page.html)![0];
  expect(input).toContain('type="password"');
  expect(input).toContain('autocomplete="off"');
  expect(input).not.toContain('name=');
  expect(page.html).not.toMatch(/<form[^>]*action=/);
  expect(script).toContain('sessionStorage.setItem(this.item, key)');
  expect(script).toContain('libs/browser/src/session-key.ts');
  expect(script).not.toMatch(/localStorage|document\.cookie/);
  expect(script).toContain('Authorization: `Bearer ${key}`');
}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'express';

// The services' web pages (the evaluator dashboard, the site page): one static, public,
// self-contained document each. It holds no data and no key: the user pastes a key, which
// stays in the tab's sessionStorage, and the page's script calls the JSON API with it in
// the Authorization header. The policy lets the page run only its own inline script and
// style (by hash) and talk only to its own service. Script and stylesheet are built from
// the page's browser/ directory by esbuild (scripts/build-pages.js, part of `npm run
// build`) into files beside the page module's compiled form.

/** A page's built script and stylesheet. */
export interface PageAssets {
  script: string;
  style: string;
}

export interface ScriptedPage {
  html: string;
  contentSecurityPolicy: string;
}

export interface ScriptedPageOptions {
  /** the document title (plain text) */
  title: string;
  /** the body's markup (the caller escapes what it puts in) */
  body: string;
  assets: PageAssets;
  /** names the page in errors: "the dashboard" */
  what: string;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function escapeTitle(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The document around a built script and stylesheet, with the policy that admits exactly them. */
export function scriptedPage({ title, body, assets, what }: ScriptedPageOptions): ScriptedPage {
  const { script, style } = assets;
  if (/<\/(script|style)|<!--/i.test(script + style))
    throw new Error(`${what}'s bundle holds text that would close its element`);
  const html = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeTitle(title)}</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body>
${body}
<script>${script}</script>
</body>
</html>
`;
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy };
}

/**
 * A page's built script and stylesheet (scripts/build-pages.js), read from beside the
 * compiled page module (`moduleFile`, its __filename). Run from source (the tests load the
 * services from TypeScript) there are none, so the same bundler builds them in memory.
 */
export function loadPageAssets(name: string, moduleFile: string): PageAssets {
  const build = (): { bundlePage(name: string): PageAssets } =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a development-only path to a CommonJS build script
    require(join(__dirname, '../../../../scripts/build-pages.js')) as {
      bundlePage(name: string): PageAssets;
    };
  if (moduleFile.endsWith('.ts')) return build().bundlePage(name);
  const dir = join(moduleFile, '..');
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch (err) {
      throw new Error(
        `the ${name} page's ${file} is missing from ${dir} (${(err as Error).message}): \`npm run build\` bundles it (scripts/build-pages.js)`,
        { cause: err },
      );
    }
  };
  return { script: read(`${name}.bundle.js`), style: read(`${name}.bundle.css`) };
}

/** Sends a page with its policy and the headers that keep it to itself. */
export function sendScriptedPage(res: Response, page: ScriptedPage): void {
  res.setHeader('Content-Security-Policy', page.contentSecurityPolicy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-cache');
  res.type('text/html; charset=utf-8').send(page.html);
}

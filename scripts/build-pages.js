#!/usr/bin/env node
// Bundles the browser code of the services' web pages — the evaluator dashboard
// (apps/query/src/dashboard/browser) and the site page (apps/ingest/src/site-page/browser),
// TypeScript with the DOM types importing @ips/presentation and @ips/browser — each into one
// self-contained script and one stylesheet, which the page carries inline (the CSP hashes
// are computed from the built text: @ips/platform scriptedPage).
//   node scripts/build-pages.js [--outdir=dist]   (part of `npm run build`)
// bundlePage(name) gives the same script and stylesheet in memory (run from source, the
// services and the unit tests use it).
'use strict';
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { parseArgs } = require('node:util');
const esbuild = require('esbuild');

const repo = resolve(__dirname, '..');

/**
 * Each page: its browser code (entry script and stylesheet), and the directory its service
 * reads the bundle from — beside the page module's compiled form — as <name>.bundle.js/.css.
 */
const PAGES = {
  dashboard: {
    browser: 'apps/query/src/dashboard/browser',
    script: 'dashboard-app.ts',
    style: 'dashboard.css',
    bundleDir: 'apps/query/src/dashboard',
  },
  site: {
    browser: 'apps/ingest/src/site-page/browser',
    script: 'site-app.ts',
    style: 'site.css',
    bundleDir: 'apps/ingest/src/site-page',
  },
};

function bundle(entry, options) {
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
    ...options,
  });
  return result.outputFiles[0].text;
}

/** A page's script and stylesheet, as built text. */
function bundlePage(name) {
  const page = PAGES[name];
  if (!page) throw new Error(`no page ${name}: ${Object.keys(PAGES).join(', ')}`);
  const browser = join(repo, page.browser);
  return {
    script: bundle(join(browser, page.script), {
      tsconfig: join(browser, 'tsconfig.json'),
      format: 'iife',
      platform: 'browser',
      target: ['es2020'],
    }),
    style: bundle(join(browser, page.style), { target: ['chrome100', 'firefox100', 'safari15'] }),
  };
}

/** The files a page's bundle is written to, relative to the output directory. */
function bundleFiles(name) {
  const { bundleDir } = PAGES[name];
  return { script: join(bundleDir, `${name}.bundle.js`), style: join(bundleDir, `${name}.bundle.css`) };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
  const out = resolve(repo, values.outdir);
  for (const name of Object.keys(PAGES)) {
    const files = bundleFiles(name);
    const { script, style } = bundlePage(name);
    mkdirSync(join(out, PAGES[name].bundleDir), { recursive: true });
    writeFileSync(join(out, files.script), script);
    writeFileSync(join(out, files.style), style);
  }
}

module.exports = { bundlePage, bundleFiles, PAGES };

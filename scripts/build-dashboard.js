#!/usr/bin/env node
// Bundles the dashboard's browser code (apps/query/src/dashboard/browser, TypeScript with
// the DOM types, importing @ips/presentation and @ips/contracts) into one self-contained
// script, and its stylesheet into one, that GET /dashboard carries inline (the CSP hashes
// are computed from the built text).
//   node scripts/build-dashboard.js [--outdir=dist]   (part of `npm run build`)
// bundleDashboard() gives the same script in memory (the unit tests use it).
'use strict';
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { parseArgs } = require('node:util');
const esbuild = require('esbuild');

const repo = resolve(__dirname, '..');
const BROWSER = join(repo, 'apps/query/src/dashboard/browser');
/** Where the query service looks for the bundle: beside its compiled dashboard-page.js. */
const BUNDLE_DIR = 'apps/query/src/dashboard';
const SCRIPT_FILE = 'dashboard.bundle.js';
const STYLE_FILE = 'dashboard.bundle.css';

function bundle(entry, options) {
  const result = esbuild.buildSync({
    entryPoints: [join(BROWSER, entry)],
    bundle: true,
    write: false,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
    ...options,
  });
  return result.outputFiles[0].text;
}

/** The page's script and stylesheet, as built text. */
function bundleDashboard() {
  return {
    script: bundle('dashboard-app.ts', {
      tsconfig: join(BROWSER, 'tsconfig.json'),
      format: 'iife',
      platform: 'browser',
      target: ['es2020'],
    }),
    style: bundle('dashboard.css', { target: ['chrome100', 'firefox100', 'safari15'] }),
  };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
  const dir = join(resolve(repo, values.outdir), BUNDLE_DIR);
  mkdirSync(dir, { recursive: true });
  const { script, style } = bundleDashboard();
  writeFileSync(join(dir, SCRIPT_FILE), script);
  writeFileSync(join(dir, STYLE_FILE), style);
}

module.exports = { bundleDashboard, SCRIPT_FILE, STYLE_FILE };

#!/usr/bin/env node
// Boundary check (issue 14, item 3): SQL lives in libs/persistence. An app's controllers,
// handlers and services call the stores in libs/persistence/src/stores; none of them runs a
// statement itself. Fails when a file under apps/ contains `.query(` (a TypeORM DataSource,
// EntityManager or QueryRunner, or a pg Pool or client, running SQL), outside the listed
// exceptions. The same test as the issue's: `grep -rn "\.query(" apps`.
//
// Usage: node scripts/lint/sql-in-apps.js [root]  (default: the repository)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/**
 * Folders still allowed to run SQL themselves, each with its reason (docs/decisions.md,
 * "SQL behind libs/persistence"). Remove an entry once its SQL has moved.
 */
const EXCEPTIONS = [
  {
    path: 'apps/projector/',
    reason:
      "the projector's hot path (batch projection, event store, replay) is being rewritten for speed; its SQL moves with that work",
  },
  {
    path: 'apps/bench/',
    reason:
      'the benchmarks set up and measure the projector against its own tables; they move with the projector',
  },
];

const QUERY_CALL = /\.query\(/;
const SKIP_DIRS = new Set(['node_modules', 'dist']);

function* filesUnder(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* filesUnder(full);
    } else if (entry.isFile()) yield full;
  }
}

/** Every `.query(` in a file under `<root>/apps` outside the exceptions: { file, line, text }. */
function findSqlInApps(root, exceptions = EXCEPTIONS) {
  const found = [];
  for (const file of filesUnder(path.join(root, 'apps'))) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (exceptions.some((e) => relative.startsWith(e.path))) continue;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (QUERY_CALL.test(text)) found.push({ file: relative, line: i + 1, text: text.trim() });
    });
  }
  return found.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

module.exports = { findSqlInApps, EXCEPTIONS };

if (require.main === module) {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..'));
  const found = findSqlInApps(root);
  for (const f of found)
    process.stderr.write(
      `${f.file}:${f.line}: SQL in an app (${f.text}): move it into a store in libs/persistence/src/stores\n`,
    );
  if (found.length > 0) {
    process.stderr.write(
      `sql-in-apps: ${found.length} line(s) run SQL outside libs/persistence (exceptions: ${EXCEPTIONS.map((e) => e.path).join(', ')})\n`,
    );
    process.exit(1);
  }
}

#!/usr/bin/env node
// Lint guard (issue 10): no test asserts on elapsed wall-clock time. A busy machine makes any
// such assertion fail by chance; speed is measured by the benchmarks (BENCHMARKS.md), never
// asserted by a test. A test shows "it stops early" by what was done (bytes examined, a
// counter, who closed a connection), and "it happened in order" by an order of events.
//
// Fails when, in a test file, an `expect(...)` is about a clock reading:
//   - its subject or the matcher's argument reads the clock (Date.now(), performance.now(),
//     process.hrtime()) or names a value computed from a clock reading (followed through
//     variables, destructuring and functions in the same file that return one), and
//   - it compares it with something: a numeric matcher (toBeLessThan, toBeGreaterThan…,
//     toBeCloseTo), or a comparison or subtraction inside the subject or the argument.
// Reading the clock for other uses (a deadline for waiting, a timestamp handed to the code
// under test, a figure printed for people) is not flagged.
//
// Usage: node scripts/lint/elapsed-time-assertions.js [files or folders…]  (default: the repo)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const TEST_FILE = /\.(spec|int-spec|e2e-spec|fault-spec|r-spec)\.ts$/;
const NUMERIC_MATCHERS = new Set([
  'toBeLessThan',
  'toBeLessThanOrEqual',
  'toBeGreaterThan',
  'toBeGreaterThanOrEqual',
  'toBeCloseTo',
]);
const COMPARISONS = new Set([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.MinusToken,
]);

/** `Date.now()`, `performance.now()`, `process.hrtime()`, `process.hrtime.bigint()`. */
function isClockRead(node) {
  if (!ts.isCallExpression(node)) return false;
  const text = node.expression.getText();
  return /^(Date\.now|performance\.now|process\.hrtime(\.bigint)?)$/.test(text);
}

let checker; // the type checker of the file being read (symbols tell same-named variables apart)
const key = (identifier) => checker.getSymbolAtLocation(identifier) ?? `name:${identifier.text}`;

/** Whether a clock read or a clock-derived name occurs below `node` (a function body is not entered). */
function touches(node, tainted) {
  let found = false;
  const visit = (n) => {
    if (found) return;
    if (isClockRead(n)) return void (found = true);
    if (ts.isIdentifier(n) && tainted.has(key(n))) return void (found = true);
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function bindingNames(name, out = []) {
  if (ts.isIdentifier(name)) out.push(key(name));
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
  return out;
}

/** Variables whose value comes from a clock reading, and functions that return one. */
function clockDerivedNames(source) {
  const tainted = new Set();
  const declarations = [];
  const functions = [];
  const visit = (n) => {
    if (ts.isVariableDeclaration(n) && n.initializer) {
      const init = n.initializer;
      if ((ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && ts.isIdentifier(n.name))
        functions.push([key(n.name), init]);
      else declarations.push([bindingNames(n.name), init]);
    } else if (ts.isFunctionDeclaration(n) && n.name && n.body) {
      functions.push([key(n.name), n]);
    } else if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(n.left)
    ) {
      declarations.push([[key(n.left)], n.right]);
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  for (let changed = true; changed;) {
    changed = false;
    for (const [names, init] of declarations) {
      if (names.every((x) => tainted.has(x)) || !touches(init, tainted)) continue;
      names.forEach((x) => tainted.add(x));
      changed = true;
    }
    // a function that returns a clock-derived value: a call to it is clock-derived
    for (const [name, fn] of functions) {
      if (tainted.has(name)) continue;
      if (returnsTouch(fn, tainted)) {
        tainted.add(name);
        changed = true;
      }
    }
  }
  return tainted;
}

function returnsTouch(fn, tainted) {
  if (!fn.body) return false;
  if (!ts.isBlock(fn.body)) return touches(fn.body, tainted);
  // a function returning a value computed from a clock reading in its own body
  const local = new Set(tainted);
  let found = false;
  const visit = (n) => {
    if (found) return;
    if (ts.isVariableDeclaration(n) && n.initializer && touches(n.initializer, local))
      bindingNames(n.name).forEach((x) => local.add(x));
    if (ts.isReturnStatement(n) && n.expression && touches(n.expression, local)) found = true;
    if (n !== fn.body && (ts.isArrowFunction(n) || ts.isFunctionExpression(n))) return;
    ts.forEachChild(n, visit);
  };
  visit(fn.body);
  return found;
}

/** A comparison or subtraction below `node` with a clock-derived side. */
function comparesClock(node, tainted) {
  let found = false;
  const visit = (n) => {
    if (found) return;
    if (ts.isBinaryExpression(n) && COMPARISONS.has(n.operatorToken.kind) && touches(n, tainted)) {
      found = true;
      return;
    }
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** Findings in one file's text: `{ line, text }` for each offending expect. */
function findElapsedTimeAssertions(text, fileName = 'test.spec.ts') {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  // a program of this one file (no imports, no lib): enough to resolve its own names
  const options = { noResolve: true, noLib: true, types: [] };
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (name) => (name === fileName ? source : undefined);
  host.fileExists = (name) => name === fileName;
  host.readFile = (name) => (name === fileName ? text : undefined);
  checker = ts.createProgram([fileName], options, host).getTypeChecker();
  const tainted = clockDerivedNames(source);
  const findings = [];
  const visit = (n) => {
    // expect(subject).[not.]matcher(argument)
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      let target = n.expression.expression;
      while (ts.isPropertyAccessExpression(target)) target = target.expression; // .not, .resolves
      if (
        ts.isCallExpression(target) &&
        ts.isIdentifier(target.expression) &&
        target.expression.text === 'expect'
      ) {
        const matcher = n.expression.name.text;
        const parts = [...target.arguments, ...n.arguments];
        const aboutClock = parts.some((p) => touches(p, tainted));
        const compares = NUMERIC_MATCHERS.has(matcher) || parts.some((p) => comparesClock(p, tainted));
        if (aboutClock && compares) {
          const { line } = source.getLineAndCharacterOfPosition(n.getStart());
          findings.push({ line: line + 1, text: n.getText().split('\n')[0].slice(0, 120) });
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return findings;
}

function testFiles(roots) {
  const out = [];
  const walk = (p) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      const base = path.basename(p);
      if (base === 'node_modules' || base.startsWith('.') || /^dist/.test(base) || base === 'test-output')
        return;
      for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
    } else if (TEST_FILE.test(p)) out.push(p);
  };
  roots.forEach(walk);
  return out;
}

function main(argv) {
  const repo = path.resolve(__dirname, '..', '..');
  const roots = argv.length
    ? argv
    : ['apps', 'libs', 'test', 'scripts'].map((d) => path.join(repo, d)).filter(fs.existsSync);
  let count = 0;
  for (const file of testFiles(roots)) {
    for (const f of findElapsedTimeAssertions(fs.readFileSync(file, 'utf8'), file)) {
      count++;
      process.stderr.write(`${path.relative(repo, file)}:${f.line}: asserts on elapsed time: ${f.text}\n`);
    }
  }
  if (count > 0) {
    process.stderr.write(
      `\n${count} assertion(s) on wall-clock time. Tests never assert how long something took ` +
        `(a busy machine fails them by chance): assert what was done instead (bytes examined, a counter, ` +
        `an order of events), and measure speed in the benchmarks (BENCHMARKS.md).\n`,
    );
    return 1;
  }
  return 0;
}

module.exports = { findElapsedTimeAssertions };

if (require.main === module) process.exitCode = main(process.argv.slice(2));

// Preloaded into an app a test runs as a process (NODE_OPTIONS=--require, see
// fixedClockEnv in test-env.ts): the process's clock starts at IPS_TEST_CLOCK_START and runs
// on at the real pace from there, so "today" in that app is the test's choice, not the
// machine's (a run across midnight UTC, or on another day, sees the same dates). Only
// Date.now() and `new Date()` move; dates built from a value are untouched.
'use strict';
const start = Date.parse(process.env.IPS_TEST_CLOCK_START ?? '');
if (!Number.isFinite(start)) {
  throw new Error(`clock-preload: IPS_TEST_CLOCK_START is not a date: "${process.env.IPS_TEST_CLOCK_START}"`);
}
const RealDate = Date;
const offset = start - RealDate.now();
const now = () => RealDate.now() + offset;

function ShiftedDate(...args) {
  if (!new.target) return new RealDate(now()).toString(); // Date() called as a function
  return args.length === 0 ? new RealDate(now()) : new RealDate(...args);
}
Object.setPrototypeOf(ShiftedDate, RealDate); // Date.parse, Date.UTC
ShiftedDate.prototype = RealDate.prototype; // instanceof Date holds
ShiftedDate.now = now;
globalThis.Date = ShiftedDate;

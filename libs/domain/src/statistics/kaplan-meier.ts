import { Z_95 } from './normal-quantile';
import { StatisticsInputError } from './statistics-input-error';

export interface SurvivalObservation {
  time: number;
  /** true: the event happened at `time`; false: censored at `time` */
  event: boolean;
}

/** Events and censorings at one time; the tally form lets callers count without sorting. */
export interface SurvivalTallyRow {
  time: number;
  events: number;
  censored: number;
}

/** One row per distinct observed time, as R's survfit keeps them (censor-only times included). */
export interface KaplanMeierStep {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  /** Greenwood standard error of the cumulative hazard (R's survfit `std.err`); null once S reaches 0 */
  stdErr: number | null;
  /** 95% log-log interval for S; null where S is 0 or 1, as R gives NA */
  lower: number | null;
  upper: number | null;
}

export interface KaplanMeierCurve {
  n: number;
  events: number;
  steps: KaplanMeierStep[];
  /** smallest event time with S(t) ≤ 0.5; null if S never gets there */
  medianTime: number | null;
}

export interface SurvivalEstimate {
  time: number;
  atRisk: number;
  survival: number | null;
  lower: number | null;
  upper: number | null;
}

// R's quantile.survfit treats survival within sqrt(machine epsilon) of the target as on
// it, so a product of fractions that is exactly 0.5 on paper but 0.5000000000000001 in
// floating point still gives the median there. Same tolerance here.
const MEDIAN_TOLERANCE = Math.sqrt(Number.EPSILON);

/** Kaplan–Meier estimate from individual observations; at tied times events come before censorings. */
export function kaplanMeier(observations: Iterable<SurvivalObservation>): KaplanMeierCurve {
  const sorted = [...observations].sort((a, b) => a.time - b.time);
  const rows: SurvivalTallyRow[] = [];
  for (const { time, event } of sorted) {
    if (!Number.isFinite(time) || time < 0) throw new StatisticsInputError(`not a survival time: ${time}`);
    let row = rows[rows.length - 1];
    if (row === undefined || row.time !== time) {
      row = { time, events: 0, censored: 0 };
      rows.push(row);
    }
    if (event) row.events++;
    else row.censored++;
  }
  return kaplanMeierFromTally(rows);
}

/**
 * Kaplan–Meier estimate from rows in ascending, distinct time order. The number at risk
 * at t counts everyone with time ≥ t, so a censoring at t is still at risk for an event
 * at t. Confidence limits follow R's survfit(conf.type = "log-log") exactly.
 */
export function kaplanMeierFromTally(rows: readonly SurvivalTallyRow[]): KaplanMeierCurve {
  let atRisk = 0;
  let events = 0;
  for (const row of rows) {
    atRisk += row.events + row.censored;
    events += row.events;
  }
  const n = atRisk;

  const steps: KaplanMeierStep[] = [];
  let survival = 1;
  let hazardVariance = 0;
  let medianTime: number | null = null;
  let previousTime = -Infinity;
  for (const row of rows) {
    if (!(row.time > previousTime))
      throw new StatisticsInputError('tally rows must be in ascending, distinct time order');
    previousTime = row.time;
    if (row.events === 0 && row.censored === 0) continue;
    const d = row.events;
    if (d > 0) {
      survival *= (atRisk - d) / atRisk;
      hazardVariance += d / (atRisk * (atRisk - d));
      if (medianTime === null && survival <= 0.5 + MEDIAN_TOLERANCE) medianTime = row.time;
    }
    const stdErr = Math.sqrt(hazardVariance);
    const limits = logLogLimits(survival, stdErr);
    steps.push({
      time: row.time,
      atRisk,
      events: d,
      censored: row.censored,
      survival,
      stdErr: Number.isFinite(stdErr) ? stdErr : null,
      lower: limits?.lower ?? null,
      upper: limits?.upper ?? null,
    });
    atRisk -= d + row.censored;
  }
  return { n, events, steps, medianTime };
}

/**
 * S(t) as R's summary(fit, times = t, extend = TRUE) gives it, except that when no one
 * is at risk at t (nobody followed that long) the estimate is null rather than carried
 * forward: a figure nobody was observed to reach is not reported.
 */
export function survivalAt(curve: KaplanMeierCurve, time: number): SurvivalEstimate {
  let atRisk = 0;
  let last: KaplanMeierStep | null = null;
  for (const step of curve.steps) {
    if (step.time <= time) last = step;
    if (step.time >= time) {
      atRisk = step.atRisk;
      break;
    }
  }
  if (atRisk === 0) return { time, atRisk, survival: null, lower: null, upper: null };
  if (last === null) return { time, atRisk, survival: 1, lower: null, upper: null };
  return { time, atRisk, survival: last.survival, lower: last.lower, upper: last.upper };
}

// R survfit_confint, conf.type "log-log": the interval for log(−log S) mapped back.
// Note the sign: log S < 0, so adding z·se/log S to log(−log S) moves S up, not down.
function logLogLimits(survival: number, stdErr: number): { lower: number; upper: number } | null {
  if (survival <= 0 || survival >= 1 || !Number.isFinite(stdErr)) return null;
  const logS = Math.log(survival);
  const centre = Math.log(-logS);
  const shift = (Z_95 * stdErr) / logS;
  return { lower: Math.exp(-Math.exp(centre - shift)), upper: Math.exp(-Math.exp(centre + shift)) };
}

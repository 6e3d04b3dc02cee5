import type { CumulativeIncidencePoint, FirstJobOutcome } from '@ips/contracts';
import {
  kaplanMeierFromTally,
  survivalAt,
  type KaplanMeierCurve,
  type SurvivalTallyRow,
} from '../statistics/kaplan-meier';
import { FIRST_JOB_REPORT_DAYS } from './follow-up';
import type { GroupTally } from './group-tally';

export function firstJobCurve(tally: GroupTally): KaplanMeierCurve {
  const rows: SurvivalTallyRow[] = [];
  const events = tally.firstJobEventsByDay;
  const censored = tally.firstJobCensoredByDay;
  for (let day = 0; day < events.length; day++) {
    const e = events[day] ?? 0;
    const c = censored[day] ?? 0;
    if (e > 0 || c > 0) rows.push({ time: day, events: e, censored: c });
  }
  return kaplanMeierFromTally(rows);
}

/** The contract reports the cumulative incidence of a first job, F = 1 − S, so the limits swap. */
export function cumulativeIncidenceAt(curve: KaplanMeierCurve, day: number): CumulativeIncidencePoint {
  const s = survivalAt(curve, day);
  return {
    day,
    cumulativeIncidence: s.survival === null ? null : 1 - s.survival,
    lower: s.upper === null ? null : 1 - s.upper,
    upper: s.lower === null ? null : 1 - s.lower,
    atRisk: s.atRisk,
  };
}

export function summariseFirstJob(curve: KaplanMeierCurve): FirstJobOutcome {
  return {
    n: curve.n,
    events: curve.events,
    medianDays: curve.medianTime,
    at: FIRST_JOB_REPORT_DAYS.map((day) => cumulativeIncidenceAt(curve, day)),
  };
}

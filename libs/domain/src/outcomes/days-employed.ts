import { toDayNumber } from '../calendar/day-number';
import { max, min } from '../intrinsics';
import type { OutcomeJob } from '../journey/outcome-journey';

/**
 * Days in [t0, E) covered by any competitive job as known at `asOf` (DESIGN §6
 * daysEmployed12m). A job covers [startedOn, endedOn); overlapping jobs count once; a
 * job still open at asOf runs to E; a job begun before t0 counts from t0.
 */
export function daysEmployed(jobs: readonly OutcomeJob[], asOf: string, t0: number, end: number): number {
  // The fold lists jobs in start order, so the spans can be merged in one pass without
  // building and sorting a list; a hand-made journey out of order takes the slow path.
  let covered = 0;
  let from = t0; // the merged run of spans being built: [from, to)
  let to = t0;
  let previousStart: number | null = null;
  for (const job of jobs) {
    if (!job.competitive || job.startedOn > asOf) continue;
    const start = toDayNumber(job.startedOn);
    if (previousStart !== null && start < previousStart) return daysEmployedUnordered(jobs, asOf, t0, end);
    previousStart = start;
    const spanFrom = max(start, t0);
    const spanTo = min(job.endedOn !== null && job.endedOn <= asOf ? toDayNumber(job.endedOn) : end, end);
    if (spanTo <= spanFrom) continue;
    if (spanFrom > to) {
      if (to > from) covered += to - from;
      from = spanFrom;
      to = spanTo;
    } else if (spanTo > to) {
      to = spanTo;
    }
  }
  return to > from ? covered + (to - from) : covered;
}

function daysEmployedUnordered(jobs: readonly OutcomeJob[], asOf: string, t0: number, end: number): number {
  const inStartOrder = [...jobs].sort((a, b) =>
    a.startedOn < b.startedOn ? -1 : a.startedOn > b.startedOn ? 1 : 0,
  );
  return daysEmployed(inStartOrder, asOf, t0, end);
}

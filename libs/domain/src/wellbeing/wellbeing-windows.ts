import { toDayNumber } from '../calendar/day-number';
import { abs } from '../intrinsics';
import type { WellbeingMeasurement } from '../journey/journey';
import type { OutcomeJourney } from '../journey/outcome-journey';
import {
  BASELINE_DAYS_BEFORE,
  FOLLOW_UP_FROM_DAY,
  FOLLOW_UP_TARGET_DAY,
  FOLLOW_UP_TO_DAY,
  INSTRUMENTS,
} from './instruments';

/** One instrument of one randomised participant at an as-of date (DESIGN §6b). */
export interface ParticipantWellbeing {
  /** the latest score dated in [t0 − 30, t0] */
  baseline: number | null;
  /** the score dated in [t0 + 305, t0 + 425] closest to t0 + 365; on a tie the earlier */
  followUp: number | null;
  /** the follow-up window has closed (t0 + 425 ≤ A) or a follow-up exists */
  due: boolean;
}

// shared by every participant without a measurement: most of a trial, read on every query
const NOTHING_MEASURED_DUE: readonly ParticipantWellbeing[] = Object.freeze(
  INSTRUMENTS.map(() => Object.freeze({ baseline: null, followUp: null, due: true })),
);
const NOTHING_MEASURED_NOT_DUE: readonly ParticipantWellbeing[] = Object.freeze(
  INSTRUMENTS.map(() => Object.freeze({ baseline: null, followUp: null, due: false })),
);

/** Every instrument in contract order; only measurements dated ≤ asOf count. */
export function wellbeingWindows(
  journey: OutcomeJourney,
  asOf: string,
  asOfDay: number,
  t0: number,
): readonly ParticipantWellbeing[] {
  const windowClosed = t0 + FOLLOW_UP_TO_DAY <= asOfDay;
  // absent on journeys without a measurement (and on every journey folded before contract 1.1)
  const measured = journey.wellbeing;
  if (measured === undefined) return windowClosed ? NOTHING_MEASURED_DUE : NOTHING_MEASURED_NOT_DUE;
  return INSTRUMENTS.map((instrument) => {
    const list = measured[instrument];
    if (list === undefined) return { baseline: null, followUp: null, due: windowClosed };
    const followUp = followUpOf(list, asOf, t0);
    return { baseline: baselineOf(list, asOf, t0), followUp, due: windowClosed || followUp !== null };
  });
}

function baselineOf(list: readonly WellbeingMeasurement[], asOf: string, t0: number): number | null {
  let baseline: number | null = null;
  for (const m of list) {
    if (m.on > asOf) break;
    const day = toDayNumber(m.on);
    if (day > t0) break;
    // date order, one per day: the last one in the window is the latest
    if (day >= t0 - BASELINE_DAYS_BEFORE) baseline = m.score;
  }
  return baseline;
}

function followUpOf(list: readonly WellbeingMeasurement[], asOf: string, t0: number): number | null {
  let best: number | null = null;
  let bestDistance = Infinity;
  for (const m of list) {
    if (m.on > asOf) break;
    const day = toDayNumber(m.on);
    if (day > t0 + FOLLOW_UP_TO_DAY) break;
    if (day < t0 + FOLLOW_UP_FROM_DAY) continue;
    const distance = abs(day - (t0 + FOLLOW_UP_TARGET_DAY));
    // strictly closer only: on a tie the earlier (already held) stays
    if (distance < bestDistance) {
      best = m.score;
      bestDistance = distance;
    }
  }
  return best;
}

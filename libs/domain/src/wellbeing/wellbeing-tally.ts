import type { Arm } from '@ips/contracts';
import { INSTRUMENTS } from './instruments';
import type { ParticipantWellbeing } from './wellbeing-windows';

/** A participant with both a baseline and a follow-up on one instrument. */
export interface WellbeingPair {
  site: string;
  arm: Arm;
  baseline: number;
  followUp: number;
}

/** One instrument's running counts in one group. Scores are integers, so the sums are exact. */
export interface WellbeingTally {
  withBaseline: number;
  baselineTotal: number;
  due: number;
  withFollowUp: number;
  followUpTotal: number;
  pairs: WellbeingPair[];
}

export function emptyWellbeingTallies(): WellbeingTally[] {
  return INSTRUMENTS.map(() => ({
    withBaseline: 0,
    baselineTotal: 0,
    due: 0,
    withFollowUp: 0,
    followUpTotal: 0,
    pairs: [],
  }));
}

export function addToWellbeingTallies(
  tallies: WellbeingTally[],
  site: string,
  arm: Arm,
  wellbeing: readonly ParticipantWellbeing[],
): void {
  for (let i = 0; i < tallies.length; i++) {
    const tally = tallies[i];
    const { baseline, followUp, due } = wellbeing[i];
    if (due) tally.due++;
    if (baseline !== null) {
      tally.withBaseline++;
      tally.baselineTotal += baseline;
    }
    if (followUp !== null) {
      tally.withFollowUp++;
      tally.followUpTotal += followUp;
    }
    if (baseline !== null && followUp !== null) tally.pairs.push({ site, arm, baseline, followUp });
  }
}

/**
 * The pairs in one canonical order (site, arm, baseline, follow-up): every figure is
 * computed from them in this order, so no answer depends on the order journeys were read.
 */
export function canonicalPairs(pairs: Iterable<WellbeingPair>): WellbeingPair[] {
  return [...pairs].sort(
    (a, b) =>
      (a.site < b.site ? -1 : a.site > b.site ? 1 : 0) ||
      (a.arm < b.arm ? -1 : a.arm > b.arm ? 1 : 0) ||
      a.baseline - b.baseline ||
      a.followUp - b.followUp,
  );
}

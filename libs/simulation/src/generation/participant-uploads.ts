import type { Arm } from '@ips/contracts';

/** A participant whose packed plan is being uploaded, plus what has gone up so far. */
export interface ParticipantUploads {
  index: number;
  participantId: string;
  /** planned events in upload order, packed (see packed-plan.ts) */
  plan: Float64Array;
  count: number;
  cursor: number;
  /** the true randomisation day and arm (t0 = -1: never randomised) */
  t0: number;
  trueArm: Arm | null;
  // what has gone up so far
  anyUploaded: boolean;
  referred: boolean;
  assessed: boolean;
  eligible: boolean | null;
  consented: boolean;
  withdrawn: boolean;
  /** the earliest-dated randomisation uploaded: the one the fold keeps */
  randomisedDay: number;
  arm: Arm | null;
  competitiveJobWithin365: boolean;
}

import type { StoredEvent } from '@ips/contracts';
import type {
  Consent,
  EligibilityAssessment,
  JobSpell,
  Randomisation,
  Referral,
  WellbeingMeasurements,
  Withdrawal,
} from './journey';
import type { PendingFinding } from './pending-finding';

/** The fold's working state; private to foldJourney, which starts a fresh one per call. */
export interface FoldState {
  referrals: Referral[];
  assessments: EligibilityAssessment[];
  consents: Consent[];
  randomisation: Randomisation | null;
  randomisationEvent: StoredEvent | null;
  withdrawal: Withdrawal | null;
  /** insertion order is start order */
  jobs: Map<string, JobSpell>;
  /** every job.started folded, including ignored second starts, for the referral check */
  jobStartEvents: StoredEvent[];
  wellbeing: WellbeingMeasurements;
  findings: PendingFinding[];
}

export function emptyFoldState(): FoldState {
  return {
    referrals: [],
    assessments: [],
    consents: [],
    randomisation: null,
    randomisationEvent: null,
    withdrawal: null,
    jobs: new Map(),
    jobStartEvents: [],
    wellbeing: {},
    findings: [],
  };
}

import type {
  AgeBand,
  Arm,
  Condition,
  EmploymentStatus,
  JobEndReason,
  ReferralSource,
  Sex,
  WellbeingInstrument,
  WithdrawalReason,
} from '@ips/contracts';
import type { Finding } from './finding';

// A journey is stored as JSON in the read model, so it is plain data: ISO date strings,
// no classes, no Maps. It keeps the dated history (not just the latest state) so that
// evaluateParticipant can show the trial as it stood at any past as-of date.

export interface Referral {
  on: string;
  condition: Condition;
  referralSource: ReferralSource;
  employmentStatus: EmploymentStatus;
  ageBand?: AgeBand;
  sex?: Sex;
}

export interface EligibilityAssessment {
  on: string;
  eligible: boolean;
  reason?: string;
}

export interface Consent {
  on: string;
}

export interface Randomisation {
  on: string;
  arm: Arm;
}

export interface Withdrawal {
  on: string;
  reason: WithdrawalReason;
}

export interface HoursRecord {
  on: string;
  hoursPerWeek: number;
}

export interface RetentionCheck {
  on: string;
  inWork: boolean;
}

export interface JobSpell {
  jobId: string;
  startedOn: string;
  /** null while the job is open */
  endedOn: string | null;
  endReason: JobEndReason | null;
  competitive: boolean;
  hoursAtStart: number;
  /** hours at start, then each change, in fold order */
  hours: HoursRecord[];
  selfEmployed?: boolean;
  hourlyWagePence?: number;
  socCode?: string;
  retentionChecks: RetentionCheck[];
}

/** One kept `wellbeing.measured` (DESIGN §5): a superseded same-day score is not kept. */
export interface WellbeingMeasurement {
  on: string;
  score: number;
}

/** Per instrument, in date order (one per day); an instrument never measured has no entry. */
export type WellbeingMeasurements = Partial<Record<WellbeingInstrument, WellbeingMeasurement[]>>;

export interface Journey {
  trialId: string;
  siteId: string;
  participantId: string;
  /** non-duplicate stored events, retractions included */
  eventCount: number;
  /** events removed by a retraction */
  retractedCount: number;
  /** every list below is in fold order: occurredOn, then arrival */
  referrals: Referral[];
  assessments: EligibilityAssessment[];
  consents: Consent[];
  randomisation: Randomisation | null;
  withdrawal: Withdrawal | null;
  /** in start order */
  jobs: JobSpell[];
  /**
   * Contract 1.1; present only when there is a measurement, so a journey without any folds
   * to exactly what it was before version 1.1 (stored journeys and `replay --check` agree).
   */
  wellbeing?: WellbeingMeasurements;
  findings: Finding[];
  /** earliest occurredOn among folded non-retraction events; null when there is none */
  firstEventOn: string | null;
}

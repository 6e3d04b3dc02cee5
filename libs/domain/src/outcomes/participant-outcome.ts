import type { Arm, Condition, EmploymentStatus } from '@ips/contracts';
import type { ParticipantWellbeing } from '../wellbeing/wellbeing-windows';

/** The values a participant has for each group-by dimension; null where it lacks one. */
export interface ParticipantDimensions {
  site: string;
  arm: Arm | null;
  condition: Condition | null;
  cohort: string | null;
  employmentStatus: EmploymentStatus | null;
}

export interface ParticipantFlow {
  referred: boolean;
  assessed: boolean;
  eligible: boolean;
  ineligible: boolean;
  consented: boolean;
  randomised: boolean;
  withdrawn: boolean;
  followUpComplete: boolean;
}

/** Time to first job for the Kaplan–Meier estimate: days from t0, and whether a job was found then. */
export interface FirstJobObservation {
  days: number;
  event: boolean;
}

/**
 * One participant at an as-of date. Every outcome is `null` where the participant is
 * not in that outcome's denominator, so a group is tallied without re-deriving the
 * eligibility rules.
 */
export interface ParticipantOutcome {
  dimensions: ParticipantDimensions;
  flow: ParticipantFlow;
  /** randomised participants only */
  firstJob: FirstJobObservation | null;
  /** full follow-up possible (t0 + H ≤ A): was a first job found within H days */
  jobStart12m: boolean | null;
  /** first job started on or before A − 91: did it last 91 days */
  sustained13w: boolean | null;
  /** first job started on or before A − 182: did it last 182 days */
  sustained26w: boolean | null;
  /** hours a week at the start of the first job, when there is one */
  firstJobHours: number | null;
  /** full follow-up possible: days in [t0, E) covered by a competitive job */
  daysEmployed12m: number | null;
  /** full follow-up possible: daysEmployed12m ≥ 91 */
  worked13wIn12m: boolean | null;
  /** randomised participants only: baseline, follow-up and due per instrument, in contract order (§6b) */
  wellbeing: readonly ParticipantWellbeing[] | null;
}

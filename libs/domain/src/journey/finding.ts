// Data-quality findings: state-dependent problems the ingest cannot see (DESIGN §3).
// They are shown to the site and to evaluators; they never stop the fold.

export type FindingCode =
  | 'retraction_target_not_found'
  | 'retraction_of_retraction'
  | 'randomised_again_different_arm'
  | 'randomised_again_same_arm'
  | 'randomised_without_referral'
  | 'randomised_without_consent'
  | 'randomised_when_ineligible'
  | 'withdrawn_again'
  | 'event_after_withdrawal'
  | 'job_started_twice'
  | 'job_ended_without_start'
  | 'job_ended_twice'
  | 'job_hours_changed_without_start'
  | 'job_event_after_end'
  | 'job_retention_checked_without_start'
  | 'retention_in_work_after_job_ended'
  | 'retention_not_in_work_but_job_open'
  | 'job_before_referral'
  | 'missing_referral'
  | 'wellbeing_measured_twice_same_day';

export interface Finding {
  code: FindingCode;
  /** the event the finding is about */
  eventId: string;
  occurredOn: string;
  /** plain English for a data manager; never names the participant */
  message: string;
}

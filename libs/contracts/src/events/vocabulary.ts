// The controlled vocabularies of event contract version 1 (DESIGN §3).
// Values are part of the public contract: add a value only with a new schemaVersion.

export const EVENT_SCHEMA_VERSION = 1 as const;

export const CONDITIONS = [
  'mental_health',
  'musculoskeletal',
  'learning_disability',
  'multiple',
  'other',
] as const;
export type Condition = (typeof CONDITIONS)[number];

export const REFERRAL_SOURCES = [
  'primary_care',
  'secondary_care',
  'talking_therapies',
  'msk_service',
  'self',
  'other',
] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export const EMPLOYMENT_STATUSES = ['unemployed', 'employed_off_sick', 'employed_struggling'] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

export const AGE_BANDS = ['16-24', '25-34', '35-49', '50-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const SEXES = ['female', 'male', 'other', 'not_stated'] as const;
export type Sex = (typeof SEXES)[number];

export const ARMS = ['ips', 'usual_care'] as const;
export type Arm = (typeof ARMS)[number];

export const WITHDRAWAL_REASONS = [
  'withdrew_consent',
  'lost_to_follow_up',
  'moved_away',
  'died',
  'other',
] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

export const JOB_END_REASONS = ['resigned', 'dismissed', 'contract_ended', 'health', 'other'] as const;
export type JobEndReason = (typeof JOB_END_REASONS)[number];

export const EVENT_TYPES = [
  'participant.referred',
  'participant.eligibility_assessed',
  'participant.consented',
  'participant.randomised',
  'participant.withdrawn',
  'job.started',
  'job.hours_changed',
  'job.ended',
  'job.retention_checked',
  'event.retracted',
  // contract version 1.1 (DESIGN §3): added without a new schemaVersion
  'wellbeing.measured',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const PARTICIPANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const SITE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const TRIAL_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const EARLIEST_OCCURRED_ON = '2000-01-01';
export const MAX_HOURS_PER_WEEK = 80;
export const MAX_REASON_LENGTH = 200;
export const MAX_JOB_ID_LENGTH = 64;

/**
 * Wellbeing instruments (DESIGN §3 `wellbeing.measured`, contract version 1.1; the
 * envelope's schemaVersion stays 1), in the contract's order, with each score's range and
 * which direction is better. Scores are integers.
 */
export const WELLBEING_INSTRUMENTS = ['wemwbs', 'swemwbs', 'phq9', 'gad7', 'eq5d_vas'] as const;
export type WellbeingInstrument = (typeof WELLBEING_INSTRUMENTS)[number];

export interface WellbeingScale {
  min: number;
  max: number;
  higherIsBetter: boolean;
}

export const WELLBEING_SCALES: Readonly<Record<WellbeingInstrument, WellbeingScale>> = {
  wemwbs: { min: 14, max: 70, higherIsBetter: true },
  swemwbs: { min: 7, max: 35, higherIsBetter: true },
  phq9: { min: 0, max: 27, higherIsBetter: false },
  gad7: { min: 0, max: 21, higherIsBetter: false },
  eq5d_vas: { min: 0, max: 100, higherIsBetter: true },
};

/** The scale of a known instrument; undefined for anything else (own keys only: not `toString`). */
export function wellbeingScaleOf(instrument: unknown): WellbeingScale | undefined {
  return typeof instrument === 'string' && Object.hasOwn(WELLBEING_SCALES, instrument)
    ? WELLBEING_SCALES[instrument as WellbeingInstrument]
    : undefined;
}

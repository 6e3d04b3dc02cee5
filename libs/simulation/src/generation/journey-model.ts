import type {
  AgeBand,
  Condition,
  EmploymentStatus,
  JobEndReason,
  ReferralSource,
  Sex,
  WithdrawalReason,
} from '@ips/contracts';

// The fixed parts of the journey model: what a participant looks like and how jobs behave.
// The parts a user is likely to vary (rates, hazard ratio, mixes, median job length, the
// share of short-hours jobs) are options in SimulationConfig instead. Sources and
// reasoning: apps/simulator/README.md, "Realism".

export const AGE_BAND_WEIGHTS: Readonly<Record<AgeBand, number>> = {
  '16-24': 0.12,
  '25-34': 0.25,
  '35-49': 0.34,
  '50-64': 0.27,
  '65+': 0.02,
};

export const SEX_WEIGHTS: Readonly<Record<Sex, number>> = {
  female: 0.55,
  male: 0.43,
  other: 0.005,
  not_stated: 0.015,
};

/** Sites leave optional referral fields blank now and then. */
export const AGE_BAND_RECORDED = 0.92;
export const SEX_RECORDED = 0.96;

export const REFERRAL_SOURCE_WEIGHTS: Readonly<
  Record<Condition, Readonly<Partial<Record<ReferralSource, number>>>>
> = {
  mental_health: {
    primary_care: 0.45,
    talking_therapies: 0.3,
    self: 0.14,
    secondary_care: 0.05,
    other: 0.06,
  },
  musculoskeletal: { msk_service: 0.5, primary_care: 0.34, self: 0.1, other: 0.06 },
  multiple: {
    primary_care: 0.5,
    talking_therapies: 0.15,
    msk_service: 0.15,
    self: 0.1,
    secondary_care: 0.05,
    other: 0.05,
  },
  learning_disability: { primary_care: 0.4, secondary_care: 0.3, self: 0.1, other: 0.2 },
  other: { primary_care: 0.6, self: 0.25, other: 0.15 },
};

export const INELIGIBLE_REASONS = [
  'not looking for paid work',
  'lives outside the trial area',
  'already receiving employment support',
  'health condition outside the trial criteria',
  'under 18',
  'in work and not off sick or struggling',
] as const;
/** Share of ineligibility decisions sent with a reason. */
export const INELIGIBLE_REASON_RECORDED = 0.8;

/** Days between steps before randomisation (means of geometric waits, working days apart). */
export const MEAN_DAYS_REFERRAL_TO_ASSESSMENT = 8;
export const MEAN_DAYS_ASSESSMENT_TO_CONSENT = 3;
export const SAME_DAY_RANDOMISATION = 0.5;
/** Consented, then withdrew before being randomised. */
export const WITHDRAWAL_BEFORE_RANDOMISATION = 0.01;

export const WITHDRAWAL_REASON_WEIGHTS: Readonly<Record<WithdrawalReason, number>> = {
  lost_to_follow_up: 0.55,
  withdrew_consent: 0.25,
  moved_away: 0.12,
  died: 0.02,
  other: 0.06,
};

// Job finding: a Weibull hazard in time since the search began, proportional across
// people. Shape < 1: the hazard falls with time searching (the rapid job search of IPS
// and the easier cases find work first). The scale is set so that a reference person
// (mental health, unemployed, 35–49, usual care) finds a job within 365 days with
// probability `usualCareJobRate`.
export const JOB_SEARCH_WEIBULL_SHAPE = 0.85;

export const CONDITION_HAZARD: Readonly<Record<Condition, number>> = {
  mental_health: 1,
  musculoskeletal: 1.15,
  multiple: 0.7,
  learning_disability: 0.55,
  other: 0.9,
};

/** People in work at referral already have a job; a new one is less often sought. */
export const EMPLOYMENT_STATUS_HAZARD: Readonly<Record<EmploymentStatus, number>> = {
  unemployed: 1,
  employed_off_sick: 0.55,
  employed_struggling: 0.65,
};

export const AGE_HAZARD: Readonly<Record<AgeBand, number>> = {
  '16-24': 1.15,
  '25-34': 1.1,
  '35-49': 1,
  '50-64': 0.8,
  '65+': 0.5,
};

/** After a job ends the next search starts afresh, somewhat faster (recent work history). */
export const RE_EMPLOYMENT_HAZARD = 1.3;
export const MAX_JOBS_PER_PARTICIPANT = 8;

/** IPS targets competitive work; usual care also leads to sheltered or therapeutic placements. */
export const COMPETITIVE_SHARE = { ips: 0.93, usual_care: 0.82 } as const;
export const SELF_EMPLOYED_SHARE = 0.04;

/** Hours a week: typical contract values, split at the 16-hour line the outcomes use. */
export const HOURS_UNDER_16: readonly (readonly [number, number])[] = [
  [4, 2],
  [5, 2],
  [6, 4],
  [7.5, 3],
  [8, 8],
  [10, 8],
  [12, 8],
  [14, 4],
  [15, 6],
];
export const HOURS_16_PLUS: readonly (readonly [number, number])[] = [
  [16, 10],
  [18, 5],
  [20, 12],
  [21, 3],
  [22.5, 3],
  [24, 7],
  [25, 5],
  [28, 3],
  [30, 8],
  [32, 3],
  [35, 6],
  [36, 4],
  [37.5, 6],
  [39, 2],
  [40, 5],
  [42, 1],
  [45, 1],
  [48, 0.5],
];
/** Jobs held at referral by people in work are mostly longer-hours jobs. */
export const EXISTING_JOB_UNDER_16_SHARE = 0.15;

/** Job length: log-normal around the median (days); sigma 1.2 gives ~40% under 13 weeks and ~18% beyond a year. */
export const JOB_DURATION_SIGMA = 1.2;

export const JOB_END_REASON_WEIGHTS: Readonly<Record<JobEndReason, number>> = {
  resigned: 0.32,
  contract_ended: 0.28,
  health: 0.22,
  dismissed: 0.08,
  other: 0.1,
};

export const HOURS_CHANGE_RATE = 0.3;
export const HOURS_CHANGE_STEPS: readonly (readonly [number, number])[] = [
  [2, 2],
  [4, 4],
  [5, 2],
  [8, 3],
  [10, 1],
  [-4, 3],
  [-6, 2],
  [-8, 2],
];
/** A second job alongside a short-hours one. */
export const SECOND_JOB_RATE = 0.08;

/** Retention checks, in days after the job started: IPS in-work support checks monthly at first. */
export const RETENTION_CHECK_DAYS = {
  ips: [28, 56, 91, 119, 182, 273, 364],
  usual_care: [91, 182, 364],
} as const;
export const RETENTION_CHECK_MISSED = 0.1;
/** The first scheduled check after a job ended finds the person out of that job. */
export const RETENTION_CHECK_AFTER_END = 0.6;

/** Probability that the job held at referral ends within a year of randomisation. */
export const EXISTING_JOB_ENDS_WITHIN_YEAR: Readonly<
  Record<'employed_off_sick' | 'employed_struggling', number>
> = {
  employed_off_sick: 0.35,
  employed_struggling: 0.25,
};
/** In-work support makes leaving the existing job less likely (hazard ratio). */
export const IPS_EXISTING_JOB_EXIT_HAZARD = 0.8;

/** Hourly pay: the National Living Wage (25+) in pence, by the April it took effect. */
export const NATIONAL_LIVING_WAGE_PENCE: readonly (readonly [string, number])[] = [
  ['2016-04-01', 720],
  ['2017-04-01', 750],
  ['2018-04-01', 783],
  ['2019-04-01', 821],
  ['2020-04-01', 872],
  ['2021-04-01', 891],
  ['2022-04-01', 950],
  ['2023-04-01', 1042],
  ['2024-04-01', 1144],
  ['2025-04-01', 1221],
];
export const WAGE_RECORDED = 0.75;
export const PAID_AT_LIVING_WAGE = 0.45;

/** Four-digit SOC 2020 unit groups typical of first jobs found with employment support (illustrative). */
export const SOC_CODES: readonly (readonly [string, number])[] = [
  ['6135', 10],
  ['7111', 12],
  ['9263', 8],
  ['9252', 8],
  ['8214', 5],
  ['4159', 6],
  ['7219', 6],
  ['9225', 9],
  ['5434', 3],
  ['9241', 3],
  ['6131', 3],
  ['4132', 2],
  ['3131', 1],
  ['2136', 1],
];
export const SOC_CODE_RECORDED = 0.6;

/** A recording lag: sites enter most events within a few days of learning of them. */
export const MEAN_RECORDING_LAG_DAYS = 2;

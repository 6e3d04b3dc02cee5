import {
  AGE_BANDS,
  WELLBEING_SCALES,
  type WellbeingInstrument,
  ARMS,
  CONDITIONS,
  EMPLOYMENT_STATUSES,
  JOB_END_REASONS,
  REFERRAL_SOURCES,
  SEXES,
  WELLBEING_INSTRUMENTS,
  WITHDRAWAL_REASONS,
} from '../events/vocabulary';

// DESIGN §6d: the pseudonymised participant-level analysis dataset. These tables are the
// contract of its files: the CSV columns in order, the data dictionary (dictionary.csv),
// and what load.R and load.do make of each column are all generated from them, so a
// column cannot exist without its dictionary row or the other way round.

/**
 * `string` text; `code` one of `codes` (the contract's strings; Stata numbers them 1…k in
 * this order); `date` ISO YYYY-MM-DD, shifted in a shifted export; `integer`, `number`;
 * `flag` 1 = yes, 0 = no. An empty cell is a missing value (not yet defined, or not recorded).
 */
export type DatasetColumnType = 'string' | 'code' | 'date' | 'integer' | 'number' | 'flag';

export interface DatasetCode {
  code: string;
  label: string;
}

export interface DatasetColumn {
  name: string;
  label: string;
  type: DatasetColumnType;
  codes?: readonly DatasetCode[];
  /** where DESIGN defines it */
  section: string;
  /** a calendar value that would undo the date shift: left out of a shifted export */
  calendar?: boolean;
}

export const DATASET_FILES = ['participants.csv', 'jobs.csv', 'measurements.csv'] as const;
export type DatasetFile = (typeof DATASET_FILES)[number];

function codes(values: readonly string[], labels: Readonly<Record<string, string>>): DatasetCode[] {
  return values.map((code) => ({ code, label: labels[code] ?? code }));
}

const ARM_CODES = codes(ARMS, { ips: 'IPS', usual_care: 'Usual care' });
const CONDITION_CODES = codes(CONDITIONS, {
  mental_health: 'Mental health',
  musculoskeletal: 'Musculoskeletal',
  learning_disability: 'Learning disability',
  multiple: 'More than one condition',
  other: 'Other condition',
});
const REFERRAL_SOURCE_CODES = codes(REFERRAL_SOURCES, {
  primary_care: 'Primary care',
  secondary_care: 'Secondary care',
  talking_therapies: 'Talking therapies',
  msk_service: 'MSK service',
  self: 'Self-referral',
  other: 'Other source',
});
const EMPLOYMENT_STATUS_CODES = codes(EMPLOYMENT_STATUSES, {
  unemployed: 'Unemployed',
  employed_off_sick: 'Employed, off sick',
  employed_struggling: 'Employed, struggling at work',
});
const AGE_BAND_CODES = codes(AGE_BANDS, {});
const SEX_CODES = codes(SEXES, { female: 'Female', male: 'Male', other: 'Other', not_stated: 'Not stated' });
const WITHDRAWAL_REASON_CODES = codes(WITHDRAWAL_REASONS, {
  withdrew_consent: 'Withdrew consent',
  lost_to_follow_up: 'Lost to follow-up',
  moved_away: 'Moved away',
  died: 'Died',
  other: 'Other reason',
});
const JOB_END_REASON_CODES = codes(JOB_END_REASONS, {
  resigned: 'Resigned',
  dismissed: 'Dismissed',
  contract_ended: 'Contract ended',
  health: 'Health',
  other: 'Other reason',
});
const INSTRUMENT_CODES = codes(WELLBEING_INSTRUMENTS, {
  wemwbs: 'WEMWBS (14-70, higher is better)',
  swemwbs: 'SWEMWBS raw (7-35, higher is better)',
  phq9: 'PHQ-9 (0-27, lower is better)',
  gad7: 'GAD-7 (0-21, lower is better)',
  eq5d_vas: 'EQ-5D VAS (0-100, higher is better)',
});

const PID: DatasetColumn = {
  name: 'pid',
  label: 'Participant pseudonym (this export only)',
  type: 'string',
  section: '6d',
};

const PARTICIPANT_BASE_COLUMNS = [
  PID,
  { name: 'site', label: 'Site', type: 'string', section: '3' },
  { name: 'referredOn', label: 'Date of referral', type: 'date', section: '5' },
  { name: 'condition', label: 'Condition', type: 'code', codes: CONDITION_CODES, section: '3' },
  {
    name: 'referralSource',
    label: 'Referral source',
    type: 'code',
    codes: REFERRAL_SOURCE_CODES,
    section: '3',
  },
  {
    name: 'employmentStatus',
    label: 'Employment status at referral',
    type: 'code',
    codes: EMPLOYMENT_STATUS_CODES,
    section: '3',
  },
  { name: 'ageBand', label: 'Age band', type: 'code', codes: AGE_BAND_CODES, section: '3' },
  { name: 'sex', label: 'Sex', type: 'code', codes: SEX_CODES, section: '3' },
  { name: 'assessedOn', label: 'Date of eligibility assessment', type: 'date', section: '5' },
  { name: 'eligible', label: 'Assessed eligible', type: 'flag', section: '3' },
  { name: 'consentedOn', label: 'Date of consent', type: 'date', section: '5' },
  { name: 'randomised', label: 'Randomised', type: 'flag', section: '6' },
  { name: 'randomisedOn', label: 'Date of randomisation (t0)', type: 'date', section: '5' },
  { name: 'arm', label: 'Arm assigned', type: 'code', codes: ARM_CODES, section: '5' },
  {
    name: 'cohort',
    label: 'Cohort: calendar quarter of randomisation, else of referral',
    type: 'string',
    section: '6',
    calendar: true,
  },
  { name: 'withdrawn', label: 'Withdrawn', type: 'flag', section: '6' },
  { name: 'withdrawnOn', label: 'Date of withdrawal', type: 'date', section: '5' },
  {
    name: 'withdrawalReason',
    label: 'Reason for withdrawal',
    type: 'code',
    codes: WITHDRAWAL_REASON_CODES,
    section: '3',
  },
  {
    name: 'followUpComplete',
    label: 'Full 365-day follow-up possible by asOf (t0 + 365 <= asOf)',
    type: 'flag',
    section: '6',
  },
  {
    name: 'firstJobDays',
    label: 'Time to first competitive job, or to censoring, in days from t0',
    type: 'integer',
    section: '6 firstJob',
  },
  {
    name: 'firstJobEvent',
    label: 'First job observed (1) or censored (0) at firstJobDays',
    type: 'flag',
    section: '6 firstJob',
  },
  {
    name: 'jobStart12m',
    label: 'First job within 365 days (full follow-up only)',
    type: 'flag',
    section: '6 jobStart12m',
  },
  {
    name: 'daysEmployed12m',
    label: 'Days in [t0, E) covered by a competitive job (full follow-up only)',
    type: 'integer',
    section: '6 daysEmployed12m',
  },
  {
    name: 'worked13wIn12m',
    label: 'Worked 91 days or more within 365 days (full follow-up only)',
    type: 'flag',
    section: '6 worked13wIn12m',
  },
  {
    name: 'firstJobHours',
    label: 'Hours a week at the start of the first job',
    type: 'number',
    section: '6 hours16Plus',
  },
  {
    name: 'firstJobHours16Plus',
    label: 'First job of 16 or more hours a week',
    type: 'flag',
    section: '6 hours16Plus',
  },
  {
    name: 'sustained13w',
    label: 'First job lasted 91 days (first job started by asOf - 91)',
    type: 'flag',
    section: '6 sustained13w',
  },
  {
    name: 'sustained26w',
    label: 'First job lasted 182 days (first job started by asOf - 182)',
    type: 'flag',
    section: '6 sustained26w',
  },
] as const satisfies readonly DatasetColumn[];

const INSTRUMENT_NAMES: Readonly<Record<WellbeingInstrument, string>> = {
  wemwbs: 'WEMWBS',
  swemwbs: 'SWEMWBS',
  phq9: 'PHQ-9',
  gad7: 'GAD-7',
  eq5d_vas: 'EQ-5D VAS',
};

const WELLBEING_FIELDS = ['Baseline', 'FollowUp', 'FollowUpDue'] as const;
export type WellbeingColumnName = `${WellbeingInstrument}${(typeof WELLBEING_FIELDS)[number]}`;

/** Per instrument, in the contract's order: the §6b baseline, 12-month follow-up and whether it is due. */
const WELLBEING_COLUMNS: readonly DatasetColumn[] = WELLBEING_INSTRUMENTS.flatMap((instrument) => {
  const name = INSTRUMENT_NAMES[instrument];
  const { min, max } = WELLBEING_SCALES[instrument];
  return [
    {
      name: `${instrument}Baseline`,
      label: `${name} baseline (${min}-${max}): latest score dated in [t0 - 30, t0]`,
      type: 'integer',
      section: '6b',
    },
    {
      name: `${instrument}FollowUp`,
      label: `${name} 12-month follow-up: score in [t0 + 305, t0 + 425] closest to t0 + 365`,
      type: 'integer',
      section: '6b',
    },
    {
      name: `${instrument}FollowUpDue`,
      label: `${name} follow-up due (window closed by asOf, or follow-up present)`,
      type: 'flag',
      section: '6b',
    },
  ] satisfies DatasetColumn[];
});

export const PARTICIPANT_COLUMNS: readonly DatasetColumn[] = [
  ...PARTICIPANT_BASE_COLUMNS,
  ...WELLBEING_COLUMNS,
];

export const JOB_COLUMNS = [
  PID,
  { name: 'job', label: 'Job number within the participant, in start order', type: 'integer', section: '6d' },
  { name: 'startedOn', label: 'Date the job started', type: 'date', section: '5' },
  { name: 'endedOn', label: 'Date the job ended (empty: open at asOf)', type: 'date', section: '5' },
  {
    name: 'endReason',
    label: 'Reason the job ended',
    type: 'code',
    codes: JOB_END_REASON_CODES,
    section: '3',
  },
  { name: 'competitive', label: 'Competitive employment', type: 'flag', section: '3' },
  { name: 'selfEmployed', label: 'Self-employed', type: 'flag', section: '3' },
  { name: 'hoursAtStart', label: 'Hours a week at start', type: 'number', section: '5' },
  {
    name: 'hoursAtAsOf',
    label: 'Hours a week at asOf (latest change on or before it)',
    type: 'number',
    section: '5',
  },
  { name: 'hourlyWagePence', label: 'Hourly wage in pence', type: 'integer', section: '3' },
  { name: 'socCode', label: 'Standard Occupational Classification code', type: 'string', section: '3' },
  {
    name: 'firstJob',
    label: "This job is the participant's first job (the firstJob event of section 6)",
    type: 'flag',
    section: '6 firstJob',
  },
] as const satisfies readonly DatasetColumn[];

export const MEASUREMENT_COLUMNS = [
  PID,
  { name: 'instrument', label: 'Instrument', type: 'code', codes: INSTRUMENT_CODES, section: '3' },
  { name: 'measuredOn', label: 'Date of the measurement', type: 'date', section: '5' },
  { name: 'score', label: 'Score', type: 'integer', section: '3' },
] as const satisfies readonly DatasetColumn[];

export type ParticipantColumnName = (typeof PARTICIPANT_BASE_COLUMNS)[number]['name'] | WellbeingColumnName;
export type JobColumnName = (typeof JOB_COLUMNS)[number]['name'];
export type MeasurementColumnName = (typeof MEASUREMENT_COLUMNS)[number]['name'];

/** A cell before formatting: null is an empty (missing) cell; booleans become 1/0. */
export type DatasetCell = string | number | boolean | null;

/** Rows without the pseudonym: the export adds `pid` (it holds the secret). */
export type ParticipantRecord = Record<Exclude<ParticipantColumnName, 'pid'>, DatasetCell>;
export type JobRecord = Record<Exclude<JobColumnName, 'pid'>, DatasetCell>;
export type MeasurementRecord = Record<Exclude<MeasurementColumnName, 'pid'>, DatasetCell>;

export const DATASET_COLUMNS: Readonly<Record<DatasetFile, readonly DatasetColumn[]>> = {
  'participants.csv': PARTICIPANT_COLUMNS,
  'jobs.csv': JOB_COLUMNS,
  'measurements.csv': MEASUREMENT_COLUMNS,
};

/** The columns a file has in an export: a shifted export leaves the calendar ones out. */
export function datasetColumns(file: DatasetFile, shiftDates: boolean): readonly DatasetColumn[] {
  const all = DATASET_COLUMNS[file];
  return shiftDates ? all.filter((c) => !c.calendar) : all;
}

/** Range of the per-participant date shift in days (DESIGN §6d). */
export const DATE_SHIFT_MAX_DAYS = 182;

/** What `POST /v1/trials/{trialId}/exports` answers (201) and `GET /v1/exports/{id}` returns. */
export interface AnalysisExportMetadata {
  id: string;
  trialId: string;
  asOf: string;
  shiftDates: boolean;
  definitionsVersion: 2;
  createdAt: string;
  participants: number;
  eventCount: number;
  kafka: {
    consumerGroup: string;
    /** the projector group's next offsets on the participant-events topic */
    offsets: { topic: string; partition: number; nextOffset: string }[];
  };
  files: { name: string; bytes: number; sha256: string; rows?: number }[];
  archive: { bytes: number; sha256: string };
  links: { zip: string; self: string };
}

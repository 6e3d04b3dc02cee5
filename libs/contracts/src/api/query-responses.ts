import type { DEFINITIONS_VERSION, GroupDimension, GroupKey } from './outcomes';

// The query API's other answers (besides the outcomes), as its JSON carries them: the
// dashboard and any generated client read them through these types.

/** GET /v1/trials: the trials the caller may read, with their sites (a site key: its own). */
export interface TrialSummary {
  trialId: string;
  name: string;
  /** YYYY-MM-DD */
  startDate: string;
  sites: { siteId: string; name: string }[];
}

export interface TrialsResponse {
  trials: TrialSummary[];
  /** whether this key may make analysis datasets (DESIGN §6d: evaluators only) */
  analysisExports: boolean;
  /** whether this key may read interim monitoring (DESIGN §6c: evaluators and programme leads) */
  monitoring: boolean;
  /** the listed trials that have a monitoring plan; empty when `monitoring` is false */
  monitoringPlans: string[];
}

/** One step of a group's Kaplan–Meier curve, as the cumulative incidence F = 1 − S. */
export interface FirstJobCurveStep {
  /** days since randomisation */
  day: number;
  /** participants still followed and without a job at the start of the day */
  atRisk: number;
  /** first jobs on this day */
  events: number;
  /** follow-up ending on this day without a job (as-of date, withdrawal, 365 days) */
  censored: number;
  /** F(day) = 1 − S(day); holds until the next step */
  cumulativeIncidence: number;
  /** 95% log-log limits; null where F is 0 or 1, as R gives NA */
  lower: number | null;
  upper: number | null;
}

export interface FirstJobCurveGroup {
  key: GroupKey;
  n: number;
  events: number;
  medianDays: number | null;
  steps: FirstJobCurveStep[];
}

/** GET /v1/trials/{trialId}/outcomes/first-job-curves */
export interface FirstJobCurvesResponse {
  trialId: string;
  asOf: string;
  definitionsVersion: typeof DEFINITIONS_VERSION;
  groupBy: GroupDimension[];
  groups: FirstJobCurveGroup[];
}

export interface DataQualityFinding {
  siteId: string;
  participantId: string;
  code: string;
  eventId: string;
  occurredOn: string;
  message: string;
}

/** GET /v1/trials/{trialId}/data-quality */
export interface TrialDataQuality {
  trialId: string;
  count: number;
  byCode: Record<string, number>;
  bySite: Record<string, number>;
  findings: DataQualityFinding[];
}

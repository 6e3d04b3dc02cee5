// Response shapes of the outcomes query (DESIGN §7). libs/domain computes exactly these.

export const DEFINITIONS_VERSION = 1 as const;

export const GROUP_DIMENSIONS = ['site', 'arm', 'condition', 'cohort', 'employmentStatus'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

export const COHORT_GRANULARITIES = ['month', 'quarter', 'year'] as const;
export type CohortGranularity = (typeof COHORT_GRANULARITIES)[number];

/** A group's key: one entry per groupBy dimension; `null` where the participant lacks it. */
export type GroupKey = Partial<Record<GroupDimension, string | null>>;

export interface ConsortFlow {
  referred: number;
  assessed: number;
  eligible: number;
  ineligible: number;
  consented: number;
  randomised: number;
  randomisedIps: number;
  randomisedUsualCare: number;
  withdrawn: number;
  followUpComplete: number;
}

export interface CumulativeIncidencePoint {
  day: number;
  cumulativeIncidence: number | null;
  lower: number | null;
  upper: number | null;
  atRisk: number;
}

export interface FirstJobOutcome {
  n: number;
  events: number;
  medianDays: number | null;
  at: CumulativeIncidencePoint[];
}

export interface ProportionOutcome {
  numerator: number;
  denominator: number;
  rate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface HoursOutcome extends ProportionOutcome {
  meanHours: number | null;
}

export interface MeanDaysOutcome {
  n: number;
  mean: number | null;
}

export interface OutcomeGroup {
  key: GroupKey;
  flow: ConsortFlow;
  firstJob: FirstJobOutcome;
  jobStart12m: ProportionOutcome;
  sustained13w: ProportionOutcome;
  sustained26w: ProportionOutcome;
  hours16Plus: HoursOutcome;
  daysEmployed12m: MeanDaysOutcome;
  worked13wIn12m: ProportionOutcome;
}

export const EFFECT_METRICS = ['jobStart12m', 'worked13wIn12m'] as const;
export type EffectMetric = (typeof EFFECT_METRICS)[number];

export interface ArmCount {
  numerator: number;
  denominator: number;
}

export interface TreatmentEffect {
  key: GroupKey;
  metric: EffectMetric;
  ips: ArmCount;
  usualCare: ArmCount;
  riskDifference: number | null;
  lower: number | null;
  upper: number | null;
}

export interface OutcomesResponse {
  trialId: string;
  asOf: string;
  definitionsVersion: typeof DEFINITIONS_VERSION;
  groupBy: GroupDimension[];
  groups: OutcomeGroup[];
  effects: TreatmentEffect[];
}

export interface OutcomeFilters {
  site?: string;
  condition?: string;
  arm?: string;
  cohort?: string;
  employmentStatus?: string;
}

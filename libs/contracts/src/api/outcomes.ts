// Response shapes of the outcomes query (DESIGN §7). libs/domain computes exactly these.
import type { WellbeingInstrument } from '../events/vocabulary';

/**
 * Version 1 is DESIGN §6; version 2 (§6a–§6d) keeps every version-1 number and adds the
 * comparisons, stratified effects and wellbeing outcomes. `?definitionsVersion=1` still
 * answers the version-1 shape; published reports keep the version they were made with.
 */
export const DEFINITIONS_VERSIONS = [1, 2] as const;
export type DefinitionsVersion = (typeof DEFINITIONS_VERSIONS)[number];
/** The version-1 literal; kept under its old name for version-1 shapes. */
export const DEFINITIONS_VERSION = 1 as const;
export const CURRENT_DEFINITIONS_VERSION = 2 as const;

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

// ---- Definitions version 2 (DESIGN §6a, §6b, §7) ----

/** §6b: one instrument in one group. Means over those with a measurement; null where n = 0. */
export interface WellbeingChange {
  n: number;
  mean: number | null;
  /** 95% t interval, df n − 1; null when n < 2 */
  lower: number | null;
  upper: number | null;
}

export interface WellbeingSummary {
  instrument: WellbeingInstrument;
  higherIsBetter: boolean;
  randomised: number;
  withBaseline: number;
  due: number;
  withFollowUp: number;
  baselineMean: number | null;
  followUpMean: number | null;
  change: WellbeingChange;
}

export interface OutcomeGroupV2 extends OutcomeGroup {
  /** every instrument, in the order of §3 */
  wellbeing: WellbeingSummary[];
}

/** §6a: Mantel–Haenszel risk difference stratified by site (Sato's variance). */
export interface StratifiedRiskDifference {
  /** sites with both arms in this metric's population */
  strata: number;
  riskDifference: number | null;
  lower: number | null;
  upper: number | null;
}

export interface TreatmentEffectV2 extends TreatmentEffect {
  stratified: StratifiedRiskDifference;
}

export interface LogRankTest {
  observedIps: number;
  expectedIps: number | null;
  observedUsualCare: number;
  expectedUsualCare: number | null;
  chiSquare: number | null;
  p: number | null;
}

export interface HazardRatio {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  p: number | null;
}

export interface FirstJobComparison {
  /** sites with both arms among the randomised participants of this key */
  strata: number;
  logRank: LogRankTest;
  hazardRatio: HazardRatio;
}

/** §6b: follow-up adjusted for baseline (and site), IPS − usual care, by least squares. */
export interface WellbeingComparison {
  instrument: WellbeingInstrument;
  higherIsBetter: boolean;
  /** participants with both a baseline and a follow-up */
  n: number;
  nIps: number;
  nUsualCare: number;
  adjustedDifference: number | null;
  lower: number | null;
  upper: number | null;
  p: number | null;
}

export interface ArmComparison {
  key: GroupKey;
  firstJob: FirstJobComparison;
  /** every instrument, in the order of §3 */
  wellbeing: WellbeingComparison[];
}

export interface OutcomesResponseV2 {
  trialId: string;
  asOf: string;
  definitionsVersion: 2;
  groupBy: GroupDimension[];
  groups: OutcomeGroupV2[];
  effects: TreatmentEffectV2[];
  /** one per key without arm holding a randomised participant; empty unless arm is in groupBy */
  comparisons: ArmComparison[];
}

/** The version-1 answer, unchanged (DESIGN §7 before version 2). */
export type OutcomesResponseV1 = OutcomesResponse;
export type AnyOutcomesResponse = OutcomesResponseV1 | OutcomesResponseV2;

export interface OutcomeFilters {
  site?: string;
  condition?: string;
  arm?: string;
  cohort?: string;
  employmentStatus?: string;
}

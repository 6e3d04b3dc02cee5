import type {
  ConsortFlow,
  EffectMetric,
  GroupDimension,
  GroupKey,
  WellbeingInstrument,
} from '@ips/contracts';
import type { Suppressed } from './disclosure-rules';

// The outcome shapes of DESIGN §7 as a report publishes them: every count is a multiple
// of 5 or `*`; every rate, interval, estimate, mean or difference is a number at fixed
// precision, `null` where it cannot be estimated (as in §7), or `*` where it is withheld
// because a count it rests on is suppressed.

export type PublishedCount = number | Suppressed;
export type PublishedValue = number | null | Suppressed;

export type PublishedFlow = { [K in keyof ConsortFlow]: PublishedCount };

export interface PublishedIncidencePoint {
  day: number;
  cumulativeIncidence: PublishedValue;
  lower: PublishedValue;
  upper: PublishedValue;
  atRisk: PublishedCount;
}

export interface PublishedFirstJob {
  n: PublishedCount;
  events: PublishedCount;
  medianDays: PublishedValue;
  at: PublishedIncidencePoint[];
}

export interface PublishedProportion {
  numerator: PublishedCount;
  denominator: PublishedCount;
  rate: PublishedValue;
  lower: PublishedValue;
  upper: PublishedValue;
}

export interface PublishedHours extends PublishedProportion {
  meanHours: PublishedValue;
}

export interface PublishedMeanDays {
  n: PublishedCount;
  mean: PublishedValue;
}

export interface PublishedOutcomeGroup {
  key: GroupKey;
  flow: PublishedFlow;
  firstJob: PublishedFirstJob;
  jobStart12m: PublishedProportion;
  sustained13w: PublishedProportion;
  sustained26w: PublishedProportion;
  hours16Plus: PublishedHours;
  daysEmployed12m: PublishedMeanDays;
  worked13wIn12m: PublishedProportion;
}

export interface PublishedArmCount {
  numerator: PublishedCount;
  denominator: PublishedCount;
}

export interface PublishedEffect {
  key: GroupKey;
  metric: EffectMetric;
  ips: PublishedArmCount;
  usualCare: PublishedArmCount;
  riskDifference: PublishedValue;
  lower: PublishedValue;
  upper: PublishedValue;
}

export interface PublishedOutcomeTable {
  groupBy: GroupDimension[];
  groups: PublishedOutcomeGroup[];
  effects: PublishedEffect[];
}

/** A Kaplan–Meier cumulative-incidence curve as a chart may draw it. */
export interface PublishedCurvePoint {
  day: number;
  cumulativeIncidence: number;
  lower: number | null;
  upper: number | null;
}

export interface PublishedCurve {
  /** step points, day 0 first; each step after it stands for at least 8 first jobs */
  points: PublishedCurvePoint[];
  /** the curve is drawn to this day: the last day at least 8 people were still at risk */
  drawnToDay: number;
}

// ---- Definitions version 2 (DESIGN §6a, §6b, §8): what a version-2 report adds. Optional,
// because a version-1 report (stored before them) has none of them.

/** §6b per group and instrument, as published. `missingFollowUp` = due − withFollowUp, a count in its own right. */
export interface PublishedWellbeingSummary {
  instrument: WellbeingInstrument;
  higherIsBetter: boolean;
  randomised: PublishedCount;
  withBaseline: PublishedCount;
  due: PublishedCount;
  withFollowUp: PublishedCount;
  missingFollowUp: PublishedCount;
  baselineMean: PublishedValue;
  followUpMean: PublishedValue;
  change: { n: PublishedCount; mean: PublishedValue; lower: PublishedValue; upper: PublishedValue };
}

export interface PublishedOutcomeGroupV2 extends PublishedOutcomeGroup {
  wellbeing: PublishedWellbeingSummary[];
}

/** §6a `effects[].stratified`; `strata` counts sites, not people, so it is published as it is. */
export interface PublishedStratifiedEffect {
  strata: number;
  riskDifference: PublishedValue;
  lower: PublishedValue;
  upper: PublishedValue;
}

export interface PublishedEffectV2 extends PublishedEffect {
  stratified: PublishedStratifiedEffect;
}

export interface PublishedArmComparison {
  key: GroupKey;
  firstJob: {
    strata: number;
    logRank: {
      observedIps: PublishedCount;
      expectedIps: PublishedValue;
      observedUsualCare: PublishedCount;
      expectedUsualCare: PublishedValue;
      chiSquare: PublishedValue;
      p: PublishedValue;
    };
    hazardRatio: {
      estimate: PublishedValue;
      lower: PublishedValue;
      upper: PublishedValue;
      p: PublishedValue;
    };
  };
  wellbeing: {
    instrument: WellbeingInstrument;
    higherIsBetter: boolean;
    n: PublishedCount;
    nIps: PublishedCount;
    nUsualCare: PublishedCount;
    adjustedDifference: PublishedValue;
    lower: PublishedValue;
    upper: PublishedValue;
    p: PublishedValue;
  }[];
}

/** A version-2 table: the groups carry `wellbeing`, the effects `stratified`, and `comparisons` sit beside the effects. */
export interface PublishedOutcomeTableV2 extends PublishedOutcomeTable {
  groups: PublishedOutcomeGroupV2[];
  effects: PublishedEffectV2[];
  comparisons: PublishedArmComparison[];
}

/** True for a table published under definitions version 2. */
export function isPublishedTableV2(table: PublishedOutcomeTable): table is PublishedOutcomeTableV2 {
  return 'comparisons' in table;
}

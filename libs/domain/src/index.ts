// @ips/domain: the journey fold and the outcome formulas of DESIGN §5–§6, as pure
// functions over plain data. No framework, no I/O; only types come from @ips/contracts.

export { toDayNumber, fromDayNumber, addDays, daysBetween } from './calendar/day-number';
export { cohortLabel } from './calendar/cohort-label';
export { InvalidCalendarDateError } from './calendar/calendar-date-error';

export type {
  Journey,
  JobSpell,
  Referral,
  EligibilityAssessment,
  Consent,
  Randomisation,
  Withdrawal,
  HoursRecord,
  RetentionCheck,
} from './journey/journey';
export type { WellbeingMeasurement, WellbeingMeasurements } from './journey/journey';
export type { Finding, FindingCode } from './journey/finding';
export { foldJourney } from './journey/fold-journey';
export {
  outcomeJourney,
  SharedJourneyParts,
  type OutcomeJourney,
  type OutcomeJob,
  type OutcomeReferral,
  type OutcomeAssessment,
  type OutcomeWithdrawal,
} from './journey/outcome-journey';
export { JourneyFoldError } from './journey/journey-fold-error';

export type {
  ParticipantOutcome,
  ParticipantDimensions,
  ParticipantFlow,
  FirstJobObservation,
} from './outcomes/participant-outcome';
export { evaluateParticipant, firstJobAsOf } from './outcomes/evaluate-participant';
export { analysisRecords, type AnalysisRecords } from './analysis-dataset/analysis-records';
export {
  computeOutcomes,
  computeFirstJobCurves,
  firstJobCurvesFromTally,
  outcomesFromTally,
  type FirstJobCurve,
} from './outcomes/compute-outcomes';
export { computeOutcomesV2, outcomesV2FromTally } from './outcomes/compute-outcomes-v2';
export { firstJobComparison, stratifiedEffect, stratifiedEstimate } from './outcomes/arm-comparisons';
export { tallyGroups, type OutcomesQuery, type TalliedQuery } from './outcomes/tally-groups';
export { summariseGroup } from './outcomes/summarise-group';
export { treatmentEffects, type TalliedGroup } from './outcomes/treatment-effects';
export { comparisonCuts, type ComparisonCut } from './outcomes/comparison-cuts';
export type { GroupTally, SiteTally } from './outcomes/group-tally';
export {
  FOLLOW_UP_DAYS,
  THIRTEEN_WEEKS_DAYS,
  TWENTY_SIX_WEEKS_DAYS,
  SIXTEEN_HOURS,
  FIRST_JOB_REPORT_DAYS,
  isSixteenPlusHours,
} from './outcomes/follow-up';

export { wellbeingWindows, type ParticipantWellbeing } from './wellbeing/wellbeing-windows';
export { summariseWellbeing } from './wellbeing/summarise-wellbeing';
export { compareWellbeing } from './wellbeing/compare-wellbeing';
export { wellbeingSections, type WellbeingSections } from './wellbeing/wellbeing-sections';
export type { WellbeingTally, WellbeingPair } from './wellbeing/wellbeing-tally';
export {
  HIGHER_IS_BETTER,
  BASELINE_DAYS_BEFORE,
  FOLLOW_UP_FROM_DAY,
  FOLLOW_UP_TARGET_DAY,
  FOLLOW_UP_TO_DAY,
} from './wellbeing/instruments';
export { leastSquaresCoefficient, type CoefficientEstimate } from './statistics/least-squares';
export { meanInterval, type MeanInterval } from './statistics/mean-interval';

export { wilsonInterval, type ProportionInterval } from './statistics/wilson';
export { newcombeDifference, type DifferenceInterval } from './statistics/newcombe';
export {
  kaplanMeier,
  kaplanMeierFromTally,
  survivalAt,
  type KaplanMeierCurve,
  type KaplanMeierStep,
  type SurvivalObservation,
  type SurvivalTallyRow,
  type SurvivalEstimate,
} from './statistics/kaplan-meier';
export { cumulativeIncidenceAt } from './outcomes/first-job-curve';
export { Z_95 } from './statistics/normal-quantile';
export { normalCdf, normalUpperTail, normalQuantile, chiSquareUpperTail } from './statistics/distributions';
export {
  riskSetsAtEvents,
  strataFromObservations,
  type TwoArmStratum,
  type TwoArmObservation,
  type RiskSetAtEvent,
} from './statistics/two-arm-survival';
export { stratifiedLogRank, type StratifiedLogRank } from './statistics/log-rank';
export {
  coxHazardRatio,
  COX_MAX_ITERATIONS,
  COX_EPSILON,
  type HazardRatioEstimate,
} from './statistics/cox-efron';
export {
  mantelHaenszelRiskDifference,
  type TwoByTwoStratum,
  type StratifiedRiskDifferenceEstimate,
} from './statistics/mantel-haenszel';
export { obrienFlemingBoundaries, type GroupSequentialLook } from './statistics/group-sequential';
export { StatisticsInputError } from './statistics/statistics-input-error';

export {
  SUPPRESSED,
  LARGEST_SUPPRESSED_COUNT,
  COUNT_ROUNDING_BASE,
  PROPORTION_DECIMALS,
  MEAN_DECIMALS,
  isSmallCount,
  roundCount,
  roundTo,
  type Suppressed,
} from './disclosure/disclosure-rules';
export {
  planSuppression,
  auditSuppression,
  type SuppressionModel,
  type SuppressionPlan,
  type SuppressionQuantity,
  type SuppressionStatistic,
  type SumRelation,
  type SuppressionReason,
} from './disclosure/cell-suppression';
export {
  discloseOutcomeTables,
  outcomeSuppressionModel,
  eventsBy,
  type OutcomeTableInput,
  type DisclosedOutcomeTables,
} from './disclosure/disclose-outcome-tables';
export { discloseFirstJobCurve } from './disclosure/disclose-first-job-curve';
export { DisclosureModelError } from './disclosure/disclosure-model-error';
export type * from './disclosure/published-outcomes';
export { isPublishedTableV2 } from './disclosure/published-outcomes';
export {
  informationFraction,
  isLookAt,
  primaryEstimate,
  interimLook,
  type MonitoringPlan,
  type PrimaryEstimate,
  type InterimLook,
} from './monitoring/interim-looks';
export {
  lookView,
  monitoringResponse,
  monitoringView,
  type StoredMonitoringLook,
  type StoredMonitoringPlan,
} from './monitoring/monitoring-response';

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
export type { Finding, FindingCode } from './journey/finding';
export { foldJourney } from './journey/fold-journey';
export { JourneyFoldError } from './journey/journey-fold-error';

export type {
  ParticipantOutcome,
  ParticipantDimensions,
  ParticipantFlow,
  FirstJobObservation,
} from './outcomes/participant-outcome';
export { evaluateParticipant } from './outcomes/evaluate-participant';
export { computeOutcomes, computeFirstJobCurves, type FirstJobCurve } from './outcomes/compute-outcomes';
export type { OutcomesQuery } from './outcomes/tally-groups';
export {
  FOLLOW_UP_DAYS,
  THIRTEEN_WEEKS_DAYS,
  TWENTY_SIX_WEEKS_DAYS,
  SIXTEEN_HOURS,
  FIRST_JOB_REPORT_DAYS,
} from './outcomes/follow-up';

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

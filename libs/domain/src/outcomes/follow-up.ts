// DESIGN §6 definitions version 1. A changed value here is a changed definition and
// needs a new definitionsVersion, never a silent edit.

/** Follow-up horizon H in days. */
export const FOLLOW_UP_DAYS = 365;
/** 13 weeks: the sustained-job window and the worked-13-weeks threshold. */
export const THIRTEEN_WEEKS_DAYS = 91;
/** 26 weeks: the longer sustained-job window. */
export const TWENTY_SIX_WEEKS_DAYS = 182;
/** Hours a week that count as a 16-plus-hours job (learning disability strategy). */
export const SIXTEEN_HOURS = 16;
/** Days at which the cumulative incidence of a first job is reported. */
export const FIRST_JOB_REPORT_DAYS: readonly number[] = [91, 182, 365];

/** DESIGN §6 hours16Plus: a first job of at least 16 hours a week at start. */
export function isSixteenPlusHours(hoursPerWeek: number): boolean {
  return hoursPerWeek >= SIXTEEN_HOURS;
}

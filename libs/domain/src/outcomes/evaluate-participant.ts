import type { CohortGranularity } from '@ips/contracts';
import { cohortLabel } from '../calendar/cohort-label';
import { toDayNumber } from '../calendar/day-number';
import { max, min } from '../intrinsics';
import { latestOnOrBefore } from '../journey/dated-history';
import type { Randomisation } from '../journey/journey';
import type { OutcomeJob, OutcomeJourney, OutcomeWithdrawal } from '../journey/outcome-journey';
import { daysEmployed } from './days-employed';
import { FOLLOW_UP_DAYS, THIRTEEN_WEEKS_DAYS, TWENTY_SIX_WEEKS_DAYS } from './follow-up';
import type { ParticipantDimensions, ParticipantFlow, ParticipantOutcome } from './participant-outcome';
import { wellbeingWindows } from '../wellbeing/wellbeing-windows';

/**
 * The participant as the trial stood at `asOf` (DESIGN §6): only history dated on or
 * before asOf counts. null when the participant had no event yet by then.
 */
export function evaluateParticipant(
  journey: OutcomeJourney,
  asOf: string,
  cohortBy: CohortGranularity,
): ParticipantOutcome | null {
  return evaluateParticipantOnDay(journey, asOf, toDayNumber(asOf), cohortBy);
}

/** evaluateParticipant with the as-of day number worked out once by the caller (computeOutcomes). */
export function evaluateParticipantOnDay(
  journey: OutcomeJourney,
  asOf: string,
  asOfDay: number,
  cohortBy: CohortGranularity,
): ParticipantOutcome | null {
  if (journey.firstEventOn === null || journey.firstEventOn > asOf) return null;

  const referral = latestOnOrBefore(journey.referrals, asOf);
  const assessment = latestOnOrBefore(journey.assessments, asOf);
  const randomisation = onOrBefore(journey.randomisation, asOf);
  const withdrawal = onOrBefore(journey.withdrawal, asOf);
  const cohortDate = randomisation?.on ?? referral?.on ?? null;

  const flow: ParticipantFlow = {
    referred: referral !== null,
    assessed: assessment !== null,
    eligible: assessment !== null && assessment.eligible,
    ineligible: assessment !== null && !assessment.eligible,
    consented: hasEntryOnOrBefore(journey.consents, asOf),
    randomised: randomisation !== null,
    withdrawn: withdrawal !== null,
    followUpComplete: false,
  };
  const dimensions: ParticipantDimensions = {
    site: journey.siteId,
    arm: randomisation?.arm ?? null,
    condition: referral?.condition ?? null,
    cohort: cohortDate === null ? null : cohortLabel(cohortDate, cohortBy),
    employmentStatus: referral?.employmentStatus ?? null,
  };

  if (randomisation === null) {
    return {
      dimensions,
      flow,
      firstJob: null,
      jobStart12m: null,
      sustained13w: null,
      sustained26w: null,
      firstJobHours: null,
      daysEmployed12m: null,
      worked13wIn12m: null,
      wellbeing: null,
    };
  }

  const { t0, end, followUpComplete } = observationWindow(randomisation, withdrawal, asOfDay);
  flow.followUpComplete = followUpComplete;

  const first = firstJob(journey.jobs, asOf, t0, end);
  const days = followUpComplete ? daysEmployed(journey.jobs, asOf, t0, end) : null;
  return {
    dimensions,
    flow,
    // E < t0 only when someone withdrew before randomisation: censored at day 0
    firstJob:
      first === null ? { days: max(0, end - t0), event: false } : { days: first.startDay - t0, event: true },
    jobStart12m: followUpComplete ? first !== null : null,
    sustained13w: sustained(first, asOf, asOfDay, THIRTEEN_WEEKS_DAYS),
    sustained26w: sustained(first, asOf, asOfDay, TWENTY_SIX_WEEKS_DAYS),
    firstJobHours: first === null ? null : first.job.hoursAtStart,
    daysEmployed12m: days,
    worked13wIn12m: days === null ? null : days >= THIRTEEN_WEEKS_DAYS,
    wellbeing: wellbeingWindows(journey, asOf, asOfDay, t0),
  };
}

/**
 * The job that is the participant's first job of DESIGN §6 at `asOf` (the `firstJob` event),
 * or null: the very job evaluateParticipant times, for datasets that list jobs (§6d).
 */
export function firstJobAsOf<J extends OutcomeJob>(
  journey: OutcomeJourney & { readonly jobs: readonly J[] },
  asOf: string,
): J | null {
  const randomisation = onOrBefore(journey.randomisation, asOf);
  if (randomisation === null || journey.firstEventOn === null || journey.firstEventOn > asOf) return null;
  const asOfDay = toDayNumber(asOf);
  const { t0, end } = observationWindow(randomisation, onOrBefore(journey.withdrawal, asOf), asOfDay);
  return firstJob(journey.jobs, asOf, t0, end)?.job ?? null;
}

/** t0, the end of observation E = min(A, withdrawnOn, t0 + H), and whether t0 + H ≤ A. */
function observationWindow(
  randomisation: Randomisation,
  withdrawal: OutcomeWithdrawal | null,
  asOfDay: number,
): { t0: number; end: number; followUpComplete: boolean } {
  const t0 = toDayNumber(randomisation.on);
  const horizon = t0 + FOLLOW_UP_DAYS;
  const end = withdrawal === null ? min(asOfDay, horizon) : min(asOfDay, horizon, toDayNumber(withdrawal.on));
  return { t0, end, followUpComplete: horizon <= asOfDay };
}

interface FirstJob<J extends OutcomeJob> {
  job: J;
  startDay: number;
}

/** Earliest competitive start in [t0, E]; on a tie the first in fold order. Jobs begun before t0 are not outcome events. */
function firstJob<J extends OutcomeJob>(
  jobs: readonly J[],
  asOf: string,
  t0: number,
  end: number,
): FirstJob<J> | null {
  let first: FirstJob<J> | null = null;
  for (const job of jobs) {
    if (!job.competitive || job.startedOn > asOf) continue;
    const startDay = toDayNumber(job.startedOn);
    if (startDay < t0 || startDay > end) continue;
    if (first === null || startDay < first.startDay) first = { job, startDay };
  }
  return first;
}

/** In the denominator once the whole window has passed by asOf; an end known only after asOf does not count. */
function sustained(
  first: FirstJob<OutcomeJob> | null,
  asOf: string,
  asOfDay: number,
  windowDays: number,
): boolean | null {
  if (first === null || first.startDay + windowDays > asOfDay) return null;
  const endedOn = first.job.endedOn;
  if (endedOn === null || endedOn > asOf) return true;
  return toDayNumber(endedOn) >= first.startDay + windowDays;
}

function onOrBefore<T extends Randomisation | OutcomeWithdrawal>(fact: T | null, asOf: string): T | null {
  return fact !== null && fact.on <= asOf ? fact : null;
}

function hasEntryOnOrBefore(history: readonly { on: string }[], asOf: string): boolean {
  for (const entry of history) if (entry.on <= asOf) return true;
  return false;
}

import type { ConsortFlow } from '@ips/contracts';
import { isInteger } from '../intrinsics';
import { addToSum, emptySum, type CompensatedSum } from '../statistics/compensated-sum';
import { FOLLOW_UP_DAYS, isSixteenPlusHours } from './follow-up';
import type { ParticipantOutcome } from './participant-outcome';
import {
  addToWellbeingTallies,
  emptyWellbeingTallies,
  type WellbeingTally,
} from '../wellbeing/wellbeing-tally';

export interface ProportionTally {
  successes: number;
  trials: number;
}

/**
 * Running counts for one group. Times to first job are whole days in [0, H], so they are
 * counted per day instead of kept and sorted: the Kaplan–Meier step needs only the
 * number of events and censorings at each day.
 */
export interface GroupTally {
  flow: ConsortFlow;
  firstJobEventsByDay: Int32Array;
  firstJobCensoredByDay: Int32Array;
  jobStart12m: ProportionTally;
  sustained13w: ProportionTally;
  sustained26w: ProportionTally;
  hours16Plus: ProportionTally;
  firstJobHours: CompensatedSum;
  daysEmployed12m: { n: number; totalDays: number };
  worked13wIn12m: ProportionTally;
  /** per instrument, in contract order (definitions version 2, §6b) */
  wellbeing: WellbeingTally[];
  /** randomised participants split by site: the strata of the §6a comparisons */
  sites: Map<string, SiteTally>;
}

/** One site's share of a group, for the site-stratified comparisons of §6a. */
export interface SiteTally {
  firstJobEventsByDay: Int32Array;
  firstJobCensoredByDay: Int32Array;
  jobStart12m: ProportionTally;
  worked13wIn12m: ProportionTally;
}

function emptySiteTally(): SiteTally {
  return {
    firstJobEventsByDay: new Int32Array(FOLLOW_UP_DAYS + 1),
    firstJobCensoredByDay: new Int32Array(FOLLOW_UP_DAYS + 1),
    jobStart12m: { successes: 0, trials: 0 },
    worked13wIn12m: { successes: 0, trials: 0 },
  };
}

export function emptyTally(): GroupTally {
  return {
    flow: {
      referred: 0,
      assessed: 0,
      eligible: 0,
      ineligible: 0,
      consented: 0,
      randomised: 0,
      randomisedIps: 0,
      randomisedUsualCare: 0,
      withdrawn: 0,
      followUpComplete: 0,
    },
    firstJobEventsByDay: new Int32Array(FOLLOW_UP_DAYS + 1),
    firstJobCensoredByDay: new Int32Array(FOLLOW_UP_DAYS + 1),
    jobStart12m: { successes: 0, trials: 0 },
    sustained13w: { successes: 0, trials: 0 },
    sustained26w: { successes: 0, trials: 0 },
    hours16Plus: { successes: 0, trials: 0 },
    firstJobHours: emptySum(),
    daysEmployed12m: { n: 0, totalDays: 0 },
    worked13wIn12m: { successes: 0, trials: 0 },
    wellbeing: emptyWellbeingTallies(),
    sites: new Map(),
  };
}

export function addToTally(tally: GroupTally, outcome: ParticipantOutcome): void {
  const flow = tally.flow;
  const p = outcome.flow;
  if (p.referred) flow.referred++;
  if (p.assessed) flow.assessed++;
  if (p.eligible) flow.eligible++;
  if (p.ineligible) flow.ineligible++;
  if (p.consented) flow.consented++;
  if (p.randomised) flow.randomised++;
  if (outcome.dimensions.arm === 'ips') flow.randomisedIps++;
  if (outcome.dimensions.arm === 'usual_care') flow.randomisedUsualCare++;
  if (p.withdrawn) flow.withdrawn++;
  if (p.followUpComplete) flow.followUpComplete++;

  const firstJob = outcome.firstJob;
  if (firstJob !== null) {
    const day = firstJob.days;
    if (!isInteger(day) || day < 0 || day > FOLLOW_UP_DAYS) {
      throw new RangeError(`time to first job outside [0, ${FOLLOW_UP_DAYS}] days: ${day}`);
    }
    if (firstJob.event) tally.firstJobEventsByDay[day]++;
    else tally.firstJobCensoredByDay[day]++;
  }
  if (outcome.dimensions.arm !== null) addToSiteTally(tally, outcome);

  countProportion(tally.jobStart12m, outcome.jobStart12m);
  countProportion(tally.sustained13w, outcome.sustained13w);
  countProportion(tally.sustained26w, outcome.sustained26w);
  countProportion(tally.worked13wIn12m, outcome.worked13wIn12m);
  if (outcome.firstJobHours !== null) {
    countProportion(tally.hours16Plus, isSixteenPlusHours(outcome.firstJobHours));
    addToSum(tally.firstJobHours, outcome.firstJobHours);
  }
  const arm = outcome.dimensions.arm;
  if (outcome.wellbeing !== null && arm !== null)
    addToWellbeingTallies(tally.wellbeing, outcome.dimensions.site, arm, outcome.wellbeing);
  if (outcome.daysEmployed12m !== null) {
    tally.daysEmployed12m.n++;
    tally.daysEmployed12m.totalDays += outcome.daysEmployed12m;
  }
}

function addToSiteTally(tally: GroupTally, outcome: ParticipantOutcome): void {
  const site = outcome.dimensions.site;
  let siteTally = tally.sites.get(site);
  if (siteTally === undefined) {
    siteTally = emptySiteTally();
    tally.sites.set(site, siteTally);
  }
  const firstJob = outcome.firstJob;
  if (firstJob !== null) {
    if (firstJob.event) siteTally.firstJobEventsByDay[firstJob.days]++;
    else siteTally.firstJobCensoredByDay[firstJob.days]++;
  }
  countProportion(siteTally.jobStart12m, outcome.jobStart12m);
  countProportion(siteTally.worked13wIn12m, outcome.worked13wIn12m);
}

function countProportion(tally: ProportionTally, success: boolean | null): void {
  if (success === null) return;
  tally.trials++;
  if (success) tally.successes++;
}

import type { GroupKey, HoursOutcome, OutcomeGroup, ProportionOutcome } from '@ips/contracts';
import { totalOf } from '../statistics/compensated-sum';
import { wilsonInterval } from '../statistics/wilson';
import { firstJobCurve, summariseFirstJob } from './first-job-curve';
import type { GroupTally, ProportionTally } from './group-tally';

export function summariseGroup(key: GroupKey, tally: GroupTally): OutcomeGroup {
  const hours = tally.hours16Plus;
  const days = tally.daysEmployed12m;
  const hours16Plus: HoursOutcome = {
    ...proportionOutcome(hours),
    meanHours: hours.trials === 0 ? null : totalOf(tally.firstJobHours) / hours.trials,
  };
  return {
    key,
    flow: { ...tally.flow },
    firstJob: summariseFirstJob(firstJobCurve(tally)),
    jobStart12m: proportionOutcome(tally.jobStart12m),
    sustained13w: proportionOutcome(tally.sustained13w),
    sustained26w: proportionOutcome(tally.sustained26w),
    hours16Plus,
    daysEmployed12m: { n: days.n, mean: days.n === 0 ? null : days.totalDays / days.n },
    worked13wIn12m: proportionOutcome(tally.worked13wIn12m),
  };
}

/** Rate and 95% Wilson interval; all three null over an empty denominator, never 0. */
export function proportionOutcome({ successes, trials }: ProportionTally): ProportionOutcome {
  const interval = wilsonInterval(successes, trials);
  return {
    numerator: successes,
    denominator: trials,
    rate: interval?.estimate ?? null,
    lower: interval?.lower ?? null,
    upper: interval?.upper ?? null,
  };
}

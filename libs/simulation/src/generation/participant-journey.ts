import type { Arm, EmploymentStatus, EventType, JobStartedData, ReferredData } from '@ips/contracts';
import {
  AGE_BAND_RECORDED,
  AGE_HAZARD,
  CONDITION_HAZARD,
  COMPETITIVE_SHARE,
  EMPLOYMENT_STATUS_HAZARD,
  EXISTING_JOB_ENDS_WITHIN_YEAR,
  EXISTING_JOB_UNDER_16_SHARE,
  HOURS_CHANGE_RATE,
  INELIGIBLE_REASON_RECORDED,
  INELIGIBLE_REASONS,
  IPS_EXISTING_JOB_EXIT_HAZARD,
  JOB_DURATION_SIGMA,
  JOB_SEARCH_WEIBULL_SHAPE,
  MAX_JOBS_PER_PARTICIPANT,
  MEAN_DAYS_ASSESSMENT_TO_CONSENT,
  MEAN_DAYS_REFERRAL_TO_ASSESSMENT,
  MEAN_RECORDING_LAG_DAYS,
  PAID_AT_LIVING_WAGE,
  RE_EMPLOYMENT_HAZARD,
  RETENTION_CHECK_AFTER_END,
  RETENTION_CHECK_DAYS,
  RETENTION_CHECK_MISSED,
  SAME_DAY_RANDOMISATION,
  SECOND_JOB_RATE,
  SELF_EMPLOYED_SHARE,
  SEX_RECORDED,
  SOC_CODE_RECORDED,
  WAGE_RECORDED,
  WITHDRAWAL_BEFORE_RANDOMISATION,
} from './journey-model';
import type { PlannedEvent } from './planned-event';
import type { Prng } from './prng';
import type { SiteContext } from './site-context';
import { addMonths, onOrNextMonday, onOrNextWeekday } from './trial-calendar';

const EARLIEST_DAY = 10957; // 2000-01-01

/** What really happened to a participant, as far as the mess and the statistics need it. */
export interface ParticipantTruth {
  /** day of randomisation, or null if never randomised */
  t0: number | null;
  arm: Arm | null;
  /** the participant's events are all dated before this day */
  recordEnd: number;
  /** jobs started after randomisation */
  newJobs: number;
}

/** Collects a participant's true events in the order they are planned. */
export class JourneyPlan {
  readonly events: PlannedEvent[] = [];
  private order = 0;

  constructor(private readonly ctx: SiteContext) {}

  add(type: EventType, day: number, data: Record<string, unknown>, recorded: number): PlannedEvent {
    const event: PlannedEvent = {
      upload: 0,
      day,
      recorded,
      order: this.order++,
      role: 'truth',
      type,
      data,
      ref: null,
      variant: 0,
    };
    this.events.push(event);
    return event;
  }

  /** A new event not from the journey itself (mess): the next creation order. */
  extra(template: Omit<PlannedEvent, 'order'>): PlannedEvent {
    const event = { ...template, order: this.order++ } as PlannedEvent;
    this.events.push(event);
    return event;
  }

  get site(): SiteContext {
    return this.ctx;
  }
}

/**
 * Plans one participant's true journey from referral to the end of follow-up: each event
 * with the day it happened and the day the site recorded it. Pure: the same random stream
 * gives the same journey.
 */
export function planJourney(
  ctx: SiteContext,
  rng: Prng,
  referralDay: number,
  plan: JourneyPlan,
): ParticipantTruth {
  const { config, tables } = ctx;
  const trialEnd = ctx.trialEndDay;
  const truth: ParticipantTruth = { t0: null, arm: null, recordEnd: trialEnd, newJobs: 0 };
  const lag = () => rng.geometricDays(MEAN_RECORDING_LAG_DAYS);

  const condition = rng.pick(tables.condition);
  const employmentStatus = rng.pick(tables.employment);
  const referral: ReferredData = {
    condition,
    referralSource: rng.pick(tables.source[condition]),
    employmentStatus,
  };
  const ageBand = rng.pick(tables.ageBand);
  if (rng.chance(AGE_BAND_RECORDED)) referral.ageBand = ageBand;
  const sex = rng.pick(tables.sex);
  if (rng.chance(SEX_RECORDED)) referral.sex = sex;
  plan.add(
    'participant.referred',
    referralDay,
    referral as unknown as Record<string, unknown>,
    referralDay + lag(),
  );

  const assessedDay = onOrNextWeekday(referralDay + 1 + rng.geometricDays(MEAN_DAYS_REFERRAL_TO_ASSESSMENT));
  if (assessedDay >= trialEnd) return truth;
  const eligible = rng.chance(config.eligibleRate);
  const assessment: Record<string, unknown> = { eligible };
  if (!eligible && rng.chance(INELIGIBLE_REASON_RECORDED))
    assessment.reason = INELIGIBLE_REASONS[rng.int(0, INELIGIBLE_REASONS.length - 1)];
  plan.add('participant.eligibility_assessed', assessedDay, assessment, assessedDay + lag());
  // people who decline are not recorded: the contract has no event for it
  const consents = rng.chance(config.consentRate);
  if (!eligible || !consents) return truth;

  const consentDay = onOrNextWeekday(
    assessedDay + (rng.chance(0.4) ? 0 : 1 + rng.geometricDays(MEAN_DAYS_ASSESSMENT_TO_CONSENT)),
  );
  if (consentDay >= trialEnd) return truth;
  plan.add('participant.consented', consentDay, {}, consentDay + lag());
  if (rng.chance(WITHDRAWAL_BEFORE_RANDOMISATION)) {
    const day = onOrNextWeekday(consentDay + rng.int(1, 10));
    if (day < trialEnd) plan.add('participant.withdrawn', day, { reason: 'withdrew_consent' }, day + lag());
    return truth;
  }

  const t0 = rng.chance(SAME_DAY_RANDOMISATION) ? consentDay : onOrNextWeekday(consentDay + rng.int(1, 7));
  if (t0 >= trialEnd) return truth;
  const arm: Arm = rng.chance(config.ipsShare) ? 'ips' : 'usual_care';
  plan.add('participant.randomised', t0, { arm }, t0 + lag());
  truth.t0 = t0;
  truth.arm = arm;

  let recordEnd = Math.min(trialEnd, addMonths(t0, config.followUpMonths));
  if (ctx.withdrawalPerDay > 0) {
    const withdrawnOn = onOrNextWeekday(t0 + 1 + Math.floor(rng.exponential() / ctx.withdrawalPerDay));
    if (withdrawnOn < recordEnd) {
      plan.add(
        'participant.withdrawn',
        withdrawnOn,
        { reason: rng.pick(tables.withdrawal) },
        withdrawnOn + lag(),
      );
      recordEnd = withdrawnOn;
    }
  }
  truth.recordEnd = recordEnd;

  const jobs = new JobPlanner(plan, rng, arm, t0, recordEnd);
  if (employmentStatus !== 'unemployed' && rng.chance(config.existingJobRate)) {
    jobs.existingJob(referralDay, employmentStatus);
  }

  const personHazard =
    CONDITION_HAZARD[condition] * EMPLOYMENT_STATUS_HAZARD[employmentStatus] * AGE_HAZARD[ageBand];
  let searchFrom = t0;
  let spellHazard = personHazard;
  for (let n = 0; n < MAX_JOBS_PER_PARTICIPANT; n++) {
    const wait = Math.max(1, Math.floor(daysToNextJob(ctx, rng, spellHazard, arm, searchFrom - t0)));
    let start = searchFrom + wait;
    // many jobs start on a Monday; none on a weekend
    start = rng.chance(0.5) ? onOrNextMonday(start) : onOrNextWeekday(start);
    if (start >= recordEnd) break;
    const end = jobs.newJob(start, true);
    if (end >= recordEnd) break;
    searchFrom = end;
    spellHazard = personHazard * RE_EMPLOYMENT_HAZARD;
  }
  truth.newJobs = jobs.newJobs;
  return truth;
}

/**
 * Days from the start of a job search to the next job start, by inverting a proportional
 * Weibull hazard. In the IPS arm the hazard is multiplied by the hazard ratio while IPS
 * supports the search (the first `ipsSupportDays` after randomisation).
 */
export function daysToNextJob(
  ctx: SiteContext,
  rng: Prng,
  hazard: number,
  arm: Arm,
  searchStartSinceT0: number,
): number {
  const k = JOB_SEARCH_WEIBULL_SHAPE;
  const scale = ctx.jobSearchScale;
  const cumulative = (u: number) => Math.pow(u / scale, k);
  const inverse = (h: number) => scale * Math.pow(h, 1 / k);
  const target = rng.exponential();
  const ratio = ctx.config.ipsHazardRatio;
  const supportLeft = ctx.config.ipsSupportDays - searchStartSinceT0;
  if (arm === 'ips' && supportLeft > 0) {
    const withinSupport = hazard * ratio * cumulative(supportLeft);
    if (target <= withinSupport) return inverse(target / (hazard * ratio));
    return inverse(cumulative(supportLeft) + (target - withinSupport) / hazard);
  }
  return inverse(target / hazard);
}

/** Plans jobs: start, hours changes, retention checks, end, and now and then a second job. */
class JobPlanner {
  private jobCount = 0;
  newJobs = 0;

  constructor(
    private readonly plan: JourneyPlan,
    private readonly rng: Prng,
    private readonly arm: Arm,
    private readonly t0: number,
    private readonly recordEnd: number,
  ) {}

  private get ctx(): SiteContext {
    return this.plan.site;
  }

  private lag(): number {
    return this.rng.geometricDays(MEAN_RECORDING_LAG_DAYS);
  }

  /** The job someone in work holds at referral; the site records it at randomisation. */
  existingJob(referralDay: number, status: Exclude<EmploymentStatus, 'unemployed'>): void {
    const rng = this.rng;
    const start = Math.max(EARLIEST_DAY, onOrNextWeekday(referralDay - rng.int(60, 3650)));
    if (start >= referralDay) return;
    const jobId = `job-${++this.jobCount}`;
    const hours = rng.pick(
      rng.chance(EXISTING_JOB_UNDER_16_SHARE) ? this.ctx.tables.hoursUnder16 : this.ctx.tables.hours16Plus,
    );
    const data = this.jobData(jobId, start, hours, rng.chance(0.97));
    this.plan.add('job.started', start, data, this.t0 + this.lag());
    const exitPerDay =
      (-Math.log(1 - EXISTING_JOB_ENDS_WITHIN_YEAR[status]) / 365) *
      (this.arm === 'ips' ? IPS_EXISTING_JOB_EXIT_HAZARD : 1);
    const end = this.t0 + 1 + Math.floor(rng.exponential() / exitPerDay);
    this.retentionChecks(jobId, this.t0, end);
    if (end < this.recordEnd)
      this.plan.add('job.ended', end, { jobId, reason: rng.pick(this.ctx.tables.jobEnd) }, end + this.lag());
  }

  /** Plans a job that starts on `start`; returns the day it ends (maybe after the record ends). */
  newJob(start: number, mayHaveSecondJob: boolean): number {
    const { rng, ctx } = this;
    const jobId = `job-${++this.jobCount}`;
    this.newJobs++;
    const hours = rng.pick(
      rng.chance(ctx.config.under16HoursShare) ? ctx.tables.hoursUnder16 : ctx.tables.hours16Plus,
    );
    const competitive = rng.chance(COMPETITIVE_SHARE[this.arm]);
    this.plan.add('job.started', start, this.jobData(jobId, start, hours, competitive), start + this.lag());
    const length = Math.max(
      1,
      Math.round(ctx.config.medianJobDays * Math.exp(JOB_DURATION_SIGMA * rng.normal())),
    );
    const end = start + length;

    if (length > 42 && rng.chance(HOURS_CHANGE_RATE)) {
      const day = onOrNextWeekday(start + rng.int(28, Math.min(length - 1, 300)));
      const changed = Math.min(48, Math.max(2, hours + rng.pick(ctx.tables.hoursStep)));
      if (day < end && day < this.recordEnd && changed !== hours) {
        this.plan.add('job.hours_changed', day, { jobId, hoursPerWeek: changed }, day + this.lag());
      }
    }
    this.retentionChecks(jobId, start, end);
    if (end < this.recordEnd)
      this.plan.add('job.ended', end, { jobId, reason: rng.pick(ctx.tables.jobEnd) }, end + this.lag());

    if (mayHaveSecondJob && hours < 16 && rng.chance(SECOND_JOB_RATE)) {
      const second = onOrNextWeekday(start + rng.int(14, 150));
      if (second < end && second < this.recordEnd && this.jobCount < MAX_JOBS_PER_PARTICIPANT)
        this.newJob(second, false);
    }
    return end;
  }

  /** In work while the job is open; the first check after it ended finds the person out of it. */
  private retentionChecks(jobId: string, from: number, end: number): void {
    const rng = this.rng;
    for (const offset of RETENTION_CHECK_DAYS[this.arm]) {
      const day = onOrNextWeekday(from + offset);
      if (day >= this.recordEnd) return;
      if (rng.chance(RETENTION_CHECK_MISSED) || day === end) continue;
      if (day < end) {
        this.plan.add('job.retention_checked', day, { jobId, inWork: true }, day + rng.geometricDays(1));
        continue;
      }
      if (rng.chance(RETENTION_CHECK_AFTER_END))
        this.plan.add('job.retention_checked', day, { jobId, inWork: false }, day + rng.geometricDays(1));
      return;
    }
  }

  private jobData(
    jobId: string,
    start: number,
    hoursPerWeek: number,
    competitive: boolean,
  ): Record<string, unknown> {
    const { rng, ctx } = this;
    const data: JobStartedData = { jobId, hoursPerWeek, competitive };
    const selfEmployed = competitive && rng.chance(SELF_EMPLOYED_SHARE);
    if (selfEmployed) data.selfEmployed = true;
    else if (rng.chance(0.3)) data.selfEmployed = false;
    if (!selfEmployed && rng.chance(WAGE_RECORDED))
      data.hourlyWagePence = hourlyWage(ctx, rng, start, competitive);
    if (rng.chance(SOC_CODE_RECORDED)) data.socCode = rng.pick(ctx.tables.soc);
    return data as unknown as Record<string, unknown>;
  }
}

function hourlyWage(ctx: SiteContext, rng: Prng, day: number, competitive: boolean): number {
  const floor = livingWageOn(ctx, day);
  if (!competitive) return Math.round(floor * (0.5 + 0.5 * rng.next()));
  if (rng.chance(PAID_AT_LIVING_WAGE)) return floor;
  return Math.round(floor * (1 + Math.exp(-2.2 + 0.6 * rng.normal())));
}

function livingWageOn(ctx: SiteContext, day: number): number {
  const table = ctx.livingWage;
  if (day < table[0].fromDay) {
    const yearsBefore = Math.ceil((table[0].fromDay - day) / 365);
    return Math.round(table[0].pence * Math.pow(0.97, yearsBefore));
  }
  let pence = table[0].pence;
  for (const step of table) if (step.fromDay <= day) pence = step.pence;
  return pence;
}

import {
  CONDITIONS,
  EMPLOYMENT_STATUSES,
  SITE_ID_PATTERN,
  isCalendarDate,
  type Condition,
  type EmploymentStatus,
} from '@ips/contracts';
import { SITE_PROFILES, isSiteProfileName, type SiteProfileName } from './site-profiles';
import { addMonths, isoDay, toDayNumber, utcTodayDay } from './trial-calendar';

/** How often each kind of mess a real site makes happens (probabilities per event unless said). */
export interface MessRates {
  /** an event sent again unchanged in a later upload */
  duplicate: number;
  /** an event recorded 2–12 weeks after it happened */
  late: number;
  /** an event held back until after later-dated events of the same participant were uploaded */
  outOfOrder: number;
  /** a referral, job start or hours change sent wrong, then retracted and sent again correctly */
  correction: number;
  /** per randomised participant: a second randomisation to the other arm; per participant with a job: an end of a job that never started */
  stateProblem: number;
  /** an extra copy the ingest must reject (bad field, future date, …); 0 unless asked for */
  invalid: number;
}

export interface SimulatedSite {
  siteId: string;
  name: string;
  profile: SiteProfileName;
  /** relative size; normalised over the sites */
  share: number;
}

export interface SimulationConfig {
  seed: number;
  /** participants referred across all sites */
  participants: number;
  /** trial start (first possible referral), YYYY-MM-DD */
  startDate: string;
  recruitmentMonths: number;
  /** how long after randomisation sites keep recording a participant */
  followUpMonths: number;
  /** trial length from startDate; nothing dated later is produced */
  durationMonths: number;
  /** the real current date; nothing is dated or uploaded after it */
  today: string;
  sites: SimulatedSite[];
  conditionMix: Record<Condition, number>;
  /** null: each site's own mix (see site-profiles.ts) */
  employmentMix: Record<EmploymentStatus, number> | null;
  eligibleRate: number;
  consentRate: number;
  /** share randomised to IPS (1:1 → 0.5) */
  ipsShare: number;
  /** probability that a usual-care reference participant starts a job within 365 days */
  usualCareJobRate: number;
  /** IPS effect on the job-finding hazard while IPS job-search support lasts */
  ipsHazardRatio: number;
  /** days after randomisation during which IPS supports the job search (IPS-LITE: 9 months) */
  ipsSupportDays: number;
  medianJobDays: number;
  /** share of new jobs under 16 hours a week */
  under16HoursShare: number;
  /** probability of withdrawal within 12 months of randomisation */
  withdrawalRate: number;
  /**
   * share of people in work at referral whose current job the site records (dated when it
   * started, before referral: the projector flags each as job_before_referral)
   */
  existingJobRate: number;
  mess: MessRates;
}

export type SimulationOptions = Partial<Omit<SimulationConfig, 'mess'>> & { mess?: Partial<MessRates> };

export const DEFAULT_CONDITION_MIX: Readonly<Record<Condition, number>> = {
  mental_health: 0.6,
  musculoskeletal: 0.25,
  multiple: 0.1,
  learning_disability: 0.03,
  other: 0.02,
};

export const DEFAULT_MESS: Readonly<MessRates> = {
  duplicate: 0.01,
  late: 0.03,
  outOfOrder: 0.02,
  correction: 0.01,
  stateProblem: 0.005,
  invalid: 0,
};

export const NO_MESS: Readonly<MessRates> = {
  duplicate: 0,
  late: 0,
  outOfOrder: 0,
  correction: 0,
  stateProblem: 0,
  invalid: 0,
};

export const DEFAULTS = {
  seed: 1,
  participants: 2000,
  startDate: '2017-07-01',
  recruitmentMonths: 15,
  followUpMonths: 18,
  eligibleRate: 0.75,
  consentRate: 0.85,
  ipsShare: 0.5,
  usualCareJobRate: 0.3,
  ipsHazardRatio: 1.6,
  ipsSupportDays: 270,
  medianJobDays: 120,
  under16HoursShare: 0.38,
  withdrawalRate: 0.1,
  existingJobRate: 0.7,
} as const;

/** The default two sites; `prefix` keeps site ids apart when several trials share an ingest. */
export function defaultSites(
  prefix = '',
  profiles: readonly SiteProfileName[] = ['sheffield', 'west-midlands'],
): SimulatedSite[] {
  return profiles.map((profile) => ({
    siteId: `${prefix}${profile}`,
    name: SITE_PROFILES[profile].name,
    profile,
    share: SITE_PROFILES[profile].share,
  }));
}

/** A bad setting, named by its field in SimulationConfig. */
export class SimulationConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'SimulationConfigError';
  }
}

/** Fills in defaults and checks every setting; `now` decides what "today" is. */
export function simulationConfig(options: SimulationOptions = {}, now: Date = new Date()): SimulationConfig {
  const recruitmentMonths = options.recruitmentMonths ?? DEFAULTS.recruitmentMonths;
  const followUpMonths = options.followUpMonths ?? DEFAULTS.followUpMonths;
  const config: SimulationConfig = {
    seed: options.seed ?? DEFAULTS.seed,
    participants: options.participants ?? DEFAULTS.participants,
    startDate: options.startDate ?? DEFAULTS.startDate,
    recruitmentMonths,
    followUpMonths,
    durationMonths: options.durationMonths ?? recruitmentMonths + followUpMonths,
    today: options.today ?? isoDay(utcTodayDay(now)),
    sites: options.sites ?? defaultSites(),
    conditionMix: { ...(options.conditionMix ?? DEFAULT_CONDITION_MIX) },
    employmentMix: options.employmentMix ? { ...options.employmentMix } : null,
    eligibleRate: options.eligibleRate ?? DEFAULTS.eligibleRate,
    consentRate: options.consentRate ?? DEFAULTS.consentRate,
    ipsShare: options.ipsShare ?? DEFAULTS.ipsShare,
    usualCareJobRate: options.usualCareJobRate ?? DEFAULTS.usualCareJobRate,
    ipsHazardRatio: options.ipsHazardRatio ?? DEFAULTS.ipsHazardRatio,
    ipsSupportDays: options.ipsSupportDays ?? DEFAULTS.ipsSupportDays,
    medianJobDays: options.medianJobDays ?? DEFAULTS.medianJobDays,
    under16HoursShare: options.under16HoursShare ?? DEFAULTS.under16HoursShare,
    withdrawalRate: options.withdrawalRate ?? DEFAULTS.withdrawalRate,
    existingJobRate: options.existingJobRate ?? DEFAULTS.existingJobRate,
    mess: { ...DEFAULT_MESS, ...(options.mess ?? {}) },
  };
  checkConfig(config);
  return config;
}

function checkConfig(c: SimulationConfig): void {
  wholeNumber('seed', c.seed, 0, 0xffffffff);
  wholeNumber('participants', c.participants, 0, 10_000_000);
  calendarDate('startDate', c.startDate);
  calendarDate('today', c.today);
  if (c.startDate < '2000-01-01')
    throw new SimulationConfigError(
      'startDate',
      'must not be before 2000-01-01 (the ingest rejects earlier dates)',
    );
  if (c.startDate > c.today)
    throw new SimulationConfigError(
      'startDate',
      `must not be after today (${c.today}): a simulated trial runs in the past`,
    );
  wholeNumber('recruitmentMonths', c.recruitmentMonths, 1, 240);
  wholeNumber('followUpMonths', c.followUpMonths, 1, 240);
  wholeNumber('durationMonths', c.durationMonths, 1, 480);
  if (c.durationMonths < c.recruitmentMonths) {
    throw new SimulationConfigError(
      'durationMonths',
      `must be at least recruitmentMonths (${c.recruitmentMonths})`,
    );
  }
  if (c.sites.length === 0) throw new SimulationConfigError('sites', 'needs at least one site');
  const ids = new Set<string>();
  for (const site of c.sites) {
    if (!SITE_ID_PATTERN.test(site.siteId))
      throw new SimulationConfigError(
        'sites',
        `site id "${site.siteId}" must match ${SITE_ID_PATTERN.source}`,
      );
    if (ids.has(site.siteId))
      throw new SimulationConfigError('sites', `site id "${site.siteId}" appears twice`);
    ids.add(site.siteId);
    if (!isSiteProfileName(site.profile))
      throw new SimulationConfigError('sites', `unknown site profile "${site.profile}"`);
    if (!(site.share > 0 && Number.isFinite(site.share)))
      throw new SimulationConfigError('sites', `share of ${site.siteId} must be > 0`);
  }
  mix('conditionMix', c.conditionMix, CONDITIONS);
  if (c.employmentMix) mix('employmentMix', c.employmentMix, EMPLOYMENT_STATUSES);
  for (const field of [
    'eligibleRate',
    'consentRate',
    'withdrawalRate',
    'ipsShare',
    'under16HoursShare',
    'existingJobRate',
  ] as const) {
    probability(field, c[field]);
  }
  if (!(c.usualCareJobRate > 0 && c.usualCareJobRate < 1))
    throw new SimulationConfigError('usualCareJobRate', 'must be > 0 and < 1');
  if (!(c.ipsHazardRatio > 0 && c.ipsHazardRatio <= 20))
    throw new SimulationConfigError('ipsHazardRatio', 'must be > 0 and ≤ 20');
  wholeNumber('ipsSupportDays', c.ipsSupportDays, 0, 3650);
  if (!(c.medianJobDays >= 1 && c.medianJobDays <= 3650))
    throw new SimulationConfigError('medianJobDays', 'must be between 1 and 3650');
  for (const [field, rate] of Object.entries(c.mess)) probability(`mess.${field}`, rate);
  // the trial's end must be representable and dated after its start
  addMonths(toDayNumber(c.startDate), c.durationMonths);
}

function wholeNumber(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new SimulationConfigError(field, `must be a whole number from ${min} to ${max}`);
}

function probability(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0 && value <= 1))
    throw new SimulationConfigError(field, 'must be a number from 0 to 1');
}

function calendarDate(field: string, value: string): void {
  if (typeof value !== 'string' || !isCalendarDate(value))
    throw new SimulationConfigError(field, 'must be a real date YYYY-MM-DD');
}

function mix(field: string, weights: Record<string, number>, allowed: readonly string[]): void {
  let total = 0;
  for (const [key, weight] of Object.entries(weights)) {
    if (!allowed.includes(key))
      throw new SimulationConfigError(field, `unknown category "${key}" (one of ${allowed.join(', ')})`);
    if (!(Number.isFinite(weight) && weight >= 0))
      throw new SimulationConfigError(field, `weight of ${key} must be a number ≥ 0`);
    total += weight;
  }
  if (!(total > 0)) throw new SimulationConfigError(field, 'needs at least one positive weight');
}

import {
  CONDITIONS,
  EMPLOYMENT_STATUSES,
  SITE_ID_PATTERN,
  type Condition,
  type EmploymentStatus,
} from '@ips/contracts';
import {
  DEFAULT_MESS,
  DEFAULTS,
  NO_MESS,
  SITE_PROFILE_NAMES,
  defaultSites,
  type MessRates,
  type SimulatedSite,
  type SimulationOptions,
  type SiteProfileName,
} from '@ips/simulation';
import { CliUsageError, type OptionSpec, type ParsedOptions } from './cli-options';

// The options that shape a simulated trial, shared by `generate` and `send`, and how each
// maps onto SimulationConfig.

const pct = (x: number) => String(x);

export const TRIAL_SHAPE_OPTIONS: OptionSpec[] = [
  {
    name: 'participants',
    kind: 'int',
    value: 'N',
    min: 0,
    max: 10_000_000,
    help: 'participants referred, over all sites',
    defaultText: String(DEFAULTS.participants),
  },
  {
    name: 'seed',
    kind: 'int',
    value: 'S',
    min: 0,
    max: 0xffffffff,
    help: 'random seed; the same seed and options give the same events',
    defaultText: String(DEFAULTS.seed),
  },
  {
    name: 'start-date',
    kind: 'date',
    value: 'YYYY-MM-DD',
    help: 'trial start: first possible referral',
    defaultText: DEFAULTS.startDate,
  },
  {
    name: 'recruitment-months',
    kind: 'int',
    value: 'M',
    min: 1,
    max: 240,
    help: 'months of referrals from the start',
    defaultText: String(DEFAULTS.recruitmentMonths),
  },
  {
    name: 'follow-up-months',
    kind: 'int',
    value: 'M',
    min: 1,
    max: 240,
    help: 'months sites keep recording after randomisation',
    defaultText: String(DEFAULTS.followUpMonths),
  },
  {
    name: 'duration-months',
    kind: 'int',
    value: 'M',
    min: 1,
    max: 480,
    help: 'trial length; nothing dated later is sent',
    defaultText: 'recruitment + follow-up',
  },
  {
    name: 'conditions',
    kind: 'mix',
    value: 'MIX',
    values: CONDITIONS,
    help: 'condition mix, e.g. mental_health=0.6,musculoskeletal=0.25,multiple=0.1,learning_disability=0.03,other=0.02',
    defaultText: 'that mix',
  },
  {
    name: 'employment',
    kind: 'mix',
    value: 'MIX',
    values: EMPLOYMENT_STATUSES,
    help: 'employment status at referral at every site, e.g. unemployed=0.8,employed_off_sick=0.12,employed_struggling=0.08',
    defaultText: "each site's own",
  },
  {
    name: 'eligible-rate',
    kind: 'rate',
    value: 'P',
    help: 'share of referrals found eligible',
    defaultText: pct(DEFAULTS.eligibleRate),
  },
  {
    name: 'consent-rate',
    kind: 'rate',
    value: 'P',
    help: 'share of eligible people who consent',
    defaultText: pct(DEFAULTS.consentRate),
  },
  {
    name: 'ips-share',
    kind: 'rate',
    value: 'P',
    help: 'share randomised to IPS (1:1 is 0.5)',
    defaultText: pct(DEFAULTS.ipsShare),
  },
  {
    name: 'usual-care-job-rate',
    kind: 'number',
    value: 'P',
    min: 0.001,
    max: 0.999,
    help: 'chance a usual-care reference participant starts a job within 12 months',
    defaultText: pct(DEFAULTS.usualCareJobRate),
  },
  {
    name: 'ips-hr',
    kind: 'number',
    value: 'HR',
    min: 0.01,
    max: 20,
    help: 'IPS hazard ratio on finding a job, during IPS job-search support',
    defaultText: String(DEFAULTS.ipsHazardRatio),
  },
  {
    name: 'ips-support-days',
    kind: 'int',
    value: 'D',
    min: 0,
    max: 3650,
    help: 'days after randomisation that IPS supports the job search',
    defaultText: String(DEFAULTS.ipsSupportDays),
  },
  {
    name: 'median-job-days',
    kind: 'number',
    value: 'D',
    min: 1,
    max: 3650,
    help: 'median job length in days (log-normal)',
    defaultText: String(DEFAULTS.medianJobDays),
  },
  {
    name: 'under16-share',
    kind: 'rate',
    value: 'P',
    help: 'share of new jobs under 16 hours a week',
    defaultText: pct(DEFAULTS.under16HoursShare),
  },
  {
    name: 'withdrawal-rate',
    kind: 'rate',
    value: 'P',
    help: 'chance of withdrawal within 12 months of randomisation',
    defaultText: pct(DEFAULTS.withdrawalRate),
  },
  {
    name: 'existing-job-rate',
    kind: 'rate',
    value: 'P',
    help: 'share of people in work at referral whose current job the site records (each is a job_before_referral finding)',
    defaultText: pct(DEFAULTS.existingJobRate),
  },
  {
    name: 'duplicate-rate',
    kind: 'rate',
    value: 'P',
    help: 'events sent again unchanged',
    defaultText: pct(DEFAULT_MESS.duplicate),
  },
  {
    name: 'late-rate',
    kind: 'rate',
    value: 'P',
    help: 'events recorded 2–12 weeks after they happened',
    defaultText: pct(DEFAULT_MESS.late),
  },
  {
    name: 'out-of-order-rate',
    kind: 'rate',
    value: 'P',
    help: "events uploaded after the participant's later-dated ones",
    defaultText: pct(DEFAULT_MESS.outOfOrder),
  },
  {
    name: 'correction-rate',
    kind: 'rate',
    value: 'P',
    help: 'referrals, job starts, hours changes sent wrong, retracted and re-sent',
    defaultText: pct(DEFAULT_MESS.correction),
  },
  {
    name: 'state-problem-rate',
    kind: 'rate',
    value: 'P',
    help: 'second randomisation to the other arm / end of a job never started (per participant)',
    defaultText: pct(DEFAULT_MESS.stateProblem),
  },
  {
    name: 'invalid-rate',
    kind: 'rate',
    value: 'P',
    help: 'extra copies the ingest must reject',
    defaultText: pct(DEFAULT_MESS.invalid),
  },
  { name: 'no-mess', kind: 'flag', help: 'a perfectly tidy site: all mess rates 0 unless given' },
];

export const SITE_OPTIONS: OptionSpec[] = [
  {
    name: 'sites',
    kind: 'list',
    value: 'LIST',
    values: SITE_PROFILE_NAMES,
    help: 'sites to play',
    defaultText: SITE_PROFILE_NAMES.join(','),
  },
  {
    name: 'site-prefix',
    kind: 'string',
    value: 'P',
    pattern: /^[A-Za-z0-9_-]{0,40}$/,
    help: 'prefix for site ids, e.g. demo- makes demo-sheffield',
    defaultText: 'none',
  },
];

const MESS_OPTIONS: [string, keyof MessRates][] = [
  ['duplicate-rate', 'duplicate'],
  ['late-rate', 'late'],
  ['out-of-order-rate', 'outOfOrder'],
  ['correction-rate', 'correction'],
  ['state-problem-rate', 'stateProblem'],
  ['invalid-rate', 'invalid'],
];

/** True when any trial-shape option was given (they make no sense with --from-file). */
export function givenTrialShapeOption(options: ParsedOptions): string | null {
  const given = TRIAL_SHAPE_OPTIONS.find((spec) => options.has(spec.name));
  return given ? given.name : null;
}

/** The sites named by --sites and --site-prefix. */
export function sitesFromOptions(options: ParsedOptions): SimulatedSite[] {
  const prefix = (options.get('site-prefix') as string | undefined) ?? '';
  const names = (options.get('sites') as SiteProfileName[] | undefined) ?? SITE_PROFILE_NAMES;
  const sites = defaultSites(prefix, names);
  for (const s of sites) {
    if (!SITE_ID_PATTERN.test(s.siteId))
      throw new CliUsageError(
        `--site-prefix makes site id "${s.siteId}", which must match ${SITE_ID_PATTERN.source}`,
      );
  }
  return sites;
}

/** Maps the trial-shape options onto the generator's options (sites are added by the caller). */
export function simulationOptionsFrom(options: ParsedOptions): SimulationOptions {
  const num = (name: string) => options.get(name) as number | undefined;
  const out: SimulationOptions = {};
  const set = <K extends keyof SimulationOptions>(key: K, value: SimulationOptions[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('participants', num('participants'));
  set('seed', num('seed'));
  set('startDate', options.get('start-date') as string | undefined);
  set('recruitmentMonths', num('recruitment-months'));
  set('followUpMonths', num('follow-up-months'));
  set('durationMonths', num('duration-months'));
  set('conditionMix', options.get('conditions') as Record<Condition, number> | undefined);
  set('employmentMix', options.get('employment') as Record<EmploymentStatus, number> | undefined);
  set('eligibleRate', num('eligible-rate'));
  set('consentRate', num('consent-rate'));
  set('ipsShare', num('ips-share'));
  set('usualCareJobRate', num('usual-care-job-rate'));
  set('ipsHazardRatio', num('ips-hr'));
  set('ipsSupportDays', num('ips-support-days'));
  set('medianJobDays', num('median-job-days'));
  set('under16HoursShare', num('under16-share'));
  set('withdrawalRate', num('withdrawal-rate'));
  set('existingJobRate', num('existing-job-rate'));
  const mess: Partial<MessRates> = options.has('no-mess') ? { ...NO_MESS } : {};
  for (const [name, key] of MESS_OPTIONS) {
    const rate = num(name);
    if (rate !== undefined) mess[key] = rate;
  }
  out.mess = mess;
  const recruitment = out.recruitmentMonths ?? DEFAULTS.recruitmentMonths;
  if (out.durationMonths !== undefined && out.durationMonths < recruitment) {
    throw new CliUsageError(
      `--duration-months (${out.durationMonths}) must be at least --recruitment-months (${recruitment})`,
    );
  }
  return out;
}

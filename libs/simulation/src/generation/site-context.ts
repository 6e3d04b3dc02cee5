import {
  canonicalJson,
  CONDITIONS,
  type AgeBand,
  type Condition,
  type EmploymentStatus,
  type JobEndReason,
  type ReferralSource,
  type Sex,
  type WithdrawalReason,
} from '@ips/contracts';
import {
  AGE_BAND_WEIGHTS,
  HOURS_16_PLUS,
  HOURS_CHANGE_STEPS,
  HOURS_UNDER_16,
  JOB_END_REASON_WEIGHTS,
  JOB_SEARCH_WEIBULL_SHAPE,
  NATIONAL_LIVING_WAGE_PENCE,
  REFERRAL_SOURCE_WEIGHTS,
  SEX_WEIGHTS,
  SOC_CODES,
  WITHDRAWAL_REASON_WEIGHTS,
} from './journey-model';
import { hashString, mix32, tableFromRecord, weightedTable, type WeightedTable } from './prng';
import type { SimulatedSite, SimulationConfig } from './simulation-config';
import { SITE_PROFILES, type SiteProfile } from './site-profiles';
import { addMonths, onOrNextFriday, onOrNextWeekday, toDayNumber } from './trial-calendar';

/** Everything about one site that does not change from participant to participant. */
export interface SiteContext {
  config: SimulationConfig;
  site: SimulatedSite;
  profile: SiteProfile;
  siteIndex: number;
  /** seed words for the site's streams */
  seedWord: number;
  siteWord: number;
  /**
   * Seeds event ids: a hash of the whole config (not today) and the site id, so another
   * trial shape or another site never reuses an eventId for different content (a 409).
   */
  idWord: number;
  participants: number;
  participantIdWidth: number;
  startDay: number;
  recruitmentEndDay: number;
  trialEndDay: number;
  todayDay: number;
  /** Weibull scale (days) of the job-finding hazard */
  jobSearchScale: number;
  /** withdrawal hazard per day after randomisation */
  withdrawalPerDay: number;
  uploadOn: (recordedDay: number) => number;
  tables: {
    condition: WeightedTable<Condition>;
    employment: WeightedTable<EmploymentStatus>;
    ageBand: WeightedTable<AgeBand>;
    sex: WeightedTable<Sex>;
    source: Record<Condition, WeightedTable<ReferralSource>>;
    withdrawal: WeightedTable<WithdrawalReason>;
    jobEnd: WeightedTable<JobEndReason>;
    hoursUnder16: WeightedTable<number>;
    hours16Plus: WeightedTable<number>;
    hoursStep: WeightedTable<number>;
    soc: WeightedTable<string>;
  };
  /** living wage in pence per hour, by day */
  livingWage: { fromDay: number; pence: number }[];
}

export function siteContext(config: SimulationConfig, siteIndex: number): SiteContext {
  const site = config.sites[siteIndex];
  const profile = SITE_PROFILES[site.profile];
  const ordinal = config.sites.slice(0, siteIndex).filter((s) => s.profile === site.profile).length;
  const participants = participantsPerSite(config)[siteIndex];
  const startDay = toDayNumber(config.startDate);
  const shape = JOB_SEARCH_WEIBULL_SHAPE;
  return {
    config,
    site,
    profile,
    siteIndex,
    seedWord: mix32(config.seed ^ 0x5eed5eed),
    // the profile, not the site id, seeds the site: a prefixed site id plays the same trial
    siteWord: hashString(`${profile.key}#${ordinal}`),
    idWord: hashString(`${site.siteId}|${canonicalJson({ ...config, today: null })}`),
    participants,
    participantIdWidth: Math.max(6, String(participants).length),
    startDay,
    recruitmentEndDay: addMonths(startDay, config.recruitmentMonths),
    trialEndDay: addMonths(startDay, config.durationMonths),
    todayDay: toDayNumber(config.today),
    jobSearchScale: 365 / Math.pow(-Math.log(1 - config.usualCareJobRate), 1 / shape),
    withdrawalPerDay: -Math.log(1 - Math.min(config.withdrawalRate, 0.999999)) / 365,
    uploadOn: profile.uploadCadence === 'weekly' ? onOrNextFriday : onOrNextWeekday,
    tables: {
      condition: tableFromRecord(config.conditionMix),
      employment: tableFromRecord(config.employmentMix ?? profile.employmentMix),
      ageBand: tableFromRecord(AGE_BAND_WEIGHTS),
      sex: tableFromRecord(SEX_WEIGHTS),
      source: Object.fromEntries(
        CONDITIONS.map((c) => [
          c,
          tableFromRecord(REFERRAL_SOURCE_WEIGHTS[c] as Record<ReferralSource, number>),
        ]),
      ) as Record<Condition, WeightedTable<ReferralSource>>,
      withdrawal: tableFromRecord(WITHDRAWAL_REASON_WEIGHTS),
      jobEnd: tableFromRecord(JOB_END_REASON_WEIGHTS),
      hoursUnder16: weightedTable(HOURS_UNDER_16),
      hours16Plus: weightedTable(HOURS_16_PLUS),
      hoursStep: weightedTable(HOURS_CHANGE_STEPS),
      soc: weightedTable(SOC_CODES),
    },
    livingWage: NATIONAL_LIVING_WAGE_PENCE.map(([from, pence]) => ({ fromDay: toDayNumber(from), pence })),
  };
}

/** Splits the trial's participants over the sites by share (largest remainders). */
export function participantsPerSite(config: SimulationConfig): number[] {
  const total = config.sites.reduce((sum, s) => sum + s.share, 0);
  const exact = config.sites.map((s) => (config.participants * s.share) / total);
  const counts = exact.map(Math.floor);
  let left = config.participants - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    counts[i] += 1;
  }
  return counts;
}

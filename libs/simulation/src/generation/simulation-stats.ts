import { EVENT_TYPES, type EventType } from '@ips/contracts';

/**
 * What a simulation produced, counted as it was uploaded. The flow counts are what the
 * projector's fold will show once every uploaded event is in (DESIGN §6 `flow`), so a
 * test can compare the query API with them.
 */
export interface SimulationCounts {
  /** participants with at least one valid event */
  participants: number;
  referred: number;
  assessed: number;
  eligible: number;
  ineligible: number;
  consented: number;
  randomised: number;
  randomisedIps: number;
  randomisedUsualCare: number;
  withdrawn: number;
  /** jobs started on or after randomisation, by arm */
  newJobStarts: { ips: number; usualCare: number };
  /** randomised participants whose first competitive job started within 365 days of randomisation */
  competitiveJobWithin365: { ips: number; usualCare: number };
  /** every envelope, invalid ones included */
  events: number;
  /** valid envelopes by type */
  eventsByType: Record<EventType, number>;
  mess: {
    duplicates: number;
    late: number;
    outOfOrder: number;
    /** wrong events, each later retracted and sent again correctly */
    retractions: number;
    extraRandomisations: number;
    orphanJobEnds: number;
    invalid: number;
  };
  firstUploadOn: string | null;
  lastUploadOn: string | null;
}

export interface SiteSimulationStats extends SimulationCounts {
  siteId: string;
}

export interface TrialSimulationStats extends SimulationCounts {
  sites: SiteSimulationStats[];
}

export function emptyCounts(): SimulationCounts {
  return {
    participants: 0,
    referred: 0,
    assessed: 0,
    eligible: 0,
    ineligible: 0,
    consented: 0,
    randomised: 0,
    randomisedIps: 0,
    randomisedUsualCare: 0,
    withdrawn: 0,
    newJobStarts: { ips: 0, usualCare: 0 },
    competitiveJobWithin365: { ips: 0, usualCare: 0 },
    events: 0,
    eventsByType: Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>,
    mess: {
      duplicates: 0,
      late: 0,
      outOfOrder: 0,
      retractions: 0,
      extraRandomisations: 0,
      orphanJobEnds: 0,
      invalid: 0,
    },
    firstUploadOn: null,
    lastUploadOn: null,
  };
}

/** Sums the sites' counts into the trial's. */
export function trialStats(sites: SiteSimulationStats[]): TrialSimulationStats {
  const total = emptyCounts();
  for (const s of sites) {
    for (const key of [
      'participants',
      'referred',
      'assessed',
      'eligible',
      'ineligible',
      'consented',
      'randomised',
      'randomisedIps',
      'randomisedUsualCare',
      'withdrawn',
      'events',
    ] as const) {
      total[key] += s[key];
    }
    total.newJobStarts.ips += s.newJobStarts.ips;
    total.newJobStarts.usualCare += s.newJobStarts.usualCare;
    total.competitiveJobWithin365.ips += s.competitiveJobWithin365.ips;
    total.competitiveJobWithin365.usualCare += s.competitiveJobWithin365.usualCare;
    for (const type of EVENT_TYPES) total.eventsByType[type] += s.eventsByType[type];
    for (const key of Object.keys(total.mess) as (keyof SimulationCounts['mess'])[])
      total.mess[key] += s.mess[key];
    if (s.firstUploadOn !== null && (total.firstUploadOn === null || s.firstUploadOn < total.firstUploadOn))
      total.firstUploadOn = s.firstUploadOn;
    if (s.lastUploadOn !== null && (total.lastUploadOn === null || s.lastUploadOn > total.lastUploadOn))
      total.lastUploadOn = s.lastUploadOn;
  }
  return { ...total, sites };
}

import type { Journey } from '@ips/domain';
import { foldUploads, TrialSimulation, type SimulatedSite } from '@ips/simulation';
import type { ReportSnapshot } from '../reports/report-content/build-report-content';

// Test data: a realistic trial from the project's seeded simulator, folded into journeys
// as the projector would, so report tests see the mess and the sizes a real trial has.

export interface SimulatedTrialOptions {
  trialId?: string;
  participants?: number;
  seed?: number;
  startDate?: string;
  /** default: Sheffield and West Midlands, plus a tiny pilot site whose figures must be suppressed */
  sites?: SimulatedSite[];
  now?: Date;
}

export const PILOT_SITES: SimulatedSite[] = [
  { siteId: 'sheffield', name: 'Sheffield City Region', profile: 'sheffield', share: 0.58 },
  { siteId: 'west-midlands', name: 'West Midlands', profile: 'west-midlands', share: 0.415 },
  { siteId: 'rotherham-pilot', name: 'Rotherham pilot', profile: 'sheffield', share: 0.005 },
];

export function simulatedJourneys(options: SimulatedTrialOptions = {}): {
  journeys: Journey[];
  eventCount: number;
} {
  const trialId = options.trialId ?? 'sim-trial';
  const simulation = new TrialSimulation(
    {
      participants: options.participants ?? 2000,
      seed: options.seed ?? 7,
      startDate: options.startDate ?? '2017-07-01',
      sites: options.sites ?? PILOT_SITES,
    },
    options.now ?? new Date('2019-06-30T12:00:00Z'),
  );
  const journeys = [...foldUploads(simulation.uploads(), trialId).values()];
  return { journeys, eventCount: journeys.reduce((n, j) => n + j.eventCount, 0) };
}

export function simulatedSnapshot(options: SimulatedTrialOptions = {}): ReportSnapshot {
  const trialId = options.trialId ?? 'sim-trial';
  const { journeys, eventCount } = simulatedJourneys(options);
  return {
    trial: {
      trialId,
      name: 'Health-led employment trial (simulated)',
      startDate: options.startDate ?? '2017-07-01',
    },
    sites: (options.sites ?? PILOT_SITES).map((s) => ({ siteId: s.siteId, name: s.name })),
    journeys,
    provenance: {
      topic: 'ips.participant-events',
      consumerGroup: 'ips-projector',
      offsets: [
        { partition: 0, nextOffset: String(Math.floor(eventCount / 3)) },
        { partition: 1, nextOffset: String(Math.floor(eventCount / 3)) },
        { partition: 2, nextOffset: String(eventCount - 2 * Math.floor(eventCount / 3)) },
      ],
      eventCount,
    },
  };
}

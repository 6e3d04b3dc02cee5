import type { EventEnvelope } from '@ips/contracts';
import { ProgressBar } from '@ips/platform';
import { defaultSites, NO_MESS, TrialSimulation } from '@ips/simulation';

export interface BenchTrial {
  trialId: string;
  sites: { siteId: string; name: string }[];
  /** every envelope of the trial, per site, in the site's upload order */
  bySite: Map<string, EventEnvelope[]>;
  participants: number;
  events: number;
}

/**
 * A realistic simulated trial (no deliberate mess, so every event is accepted once). The
 * simulation of 100,000 participants takes tens of seconds: it yields to the event loop
 * every few thousand events (a long synchronous step would keep the process from noticing
 * that a server closed an idle kept-alive connection) and shows its progress.
 */
export async function simulateTrial(
  trialId: string,
  sitePrefix: string,
  participants: number,
  seed: number,
): Promise<BenchTrial> {
  const sim = new TrialSimulation({ participants, seed, sites: defaultSites(sitePrefix), mess: NO_MESS });
  const bySite = new Map<string, EventEnvelope[]>();
  for (const site of sim.config.sites) bySite.set(site.siteId, []);
  // the simulator does not know its event count in advance: about 8 a participant
  const bar = new ProgressBar(`  simulating ${trialId}`, participants * 8, { unit: 'events' });
  let events = 0;
  for (const upload of sim.uploads()) {
    bySite.get(upload.siteId)!.push(upload.envelope);
    if (++events % 5_000 === 0) {
      bar.update(events);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  bar.setTotal(events);
  bar.update(events);
  bar.finish();
  return {
    trialId,
    sites: sim.config.sites.map((s) => ({ siteId: s.siteId, name: s.name })),
    bySite,
    participants,
    events,
  };
}

/** Cuts each site's stream into batches and interleaves the sites, as two sites uploading side by side. */
export function batches(trial: BenchTrial, size: number): { siteId: string; events: EventEnvelope[] }[] {
  const perSite = [...trial.bySite].map(([siteId, events]) => {
    const list: { siteId: string; events: EventEnvelope[] }[] = [];
    for (let i = 0; i < events.length; i += size) list.push({ siteId, events: events.slice(i, i + size) });
    return list;
  });
  const out: { siteId: string; events: EventEnvelope[] }[] = [];
  for (let i = 0; perSite.some((l) => i < l.length); i++)
    for (const list of perSite) if (i < list.length) out.push(list[i]);
  return out;
}

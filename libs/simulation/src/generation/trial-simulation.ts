import { simulationConfig, type SimulationConfig, type SimulationOptions } from './simulation-config';
import { simulateSite, siteStats, type SimulatedUpload } from './site-simulation';
import { trialStats, type SiteSimulationStats, type TrialSimulationStats } from './simulation-stats';

/**
 * A simulated trial: its sites' uploads, one stream per site or all sites merged by upload
 * day, and what was produced. Seeded: the same config gives the same envelopes, in the
 * same order, every time.
 *
 * ```ts
 * const trial = new TrialSimulation({ participants: 1000, seed: 7 });
 * for (const { envelope } of trial.uploads()) send(envelope);
 * trial.stats.randomised;
 * ```
 */
export class TrialSimulation {
  readonly config: SimulationConfig;
  private siteCounts: SiteSimulationStats[];

  constructor(options: SimulationOptions | SimulationConfig = {}, now: Date = new Date()) {
    this.config = simulationConfig(options, now);
    this.siteCounts = this.config.sites.map((_, i) => siteStats(this.config, i));
  }

  /** What has been produced so far by the streams last started (per site, and summed). */
  get stats(): TrialSimulationStats {
    return trialStats(this.siteCounts);
  }

  /** One site's uploads in its upload order; restarting a site's stream restarts its counts. */
  siteUploads(siteIndex: number): Generator<SimulatedUpload, SiteSimulationStats, undefined> {
    if (!Number.isInteger(siteIndex) || siteIndex < 0 || siteIndex >= this.config.sites.length) {
      throw new RangeError(`no site at index ${siteIndex}`);
    }
    const stats = siteStats(this.config, siteIndex);
    this.siteCounts[siteIndex] = stats;
    return simulateSite(this.config, siteIndex, stats);
  }

  /** Every site's uploads merged by upload day (ties: sites in config order). */
  *uploads(): Generator<SimulatedUpload, TrialSimulationStats, undefined> {
    const streams = this.config.sites.map((_, i) => this.siteUploads(i));
    const heads: (SimulatedUpload | null)[] = streams.map((s) => {
      const first = s.next();
      return first.done ? null : first.value;
    });
    for (;;) {
      let pick = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i];
        if (head !== null && (pick < 0 || head.uploadDay < (heads[pick] as SimulatedUpload).uploadDay))
          pick = i;
      }
      if (pick < 0) break;
      yield heads[pick] as SimulatedUpload;
      const next = streams[pick].next();
      heads[pick] = next.done ? null : next.value;
    }
    return this.stats;
  }

  /** How many envelopes a full run produces (a separate run; the counts here are not touched). */
  countUploads(): number {
    let n = 0;
    for (let i = 0; i < this.config.sites.length; i++) for (const _ of simulateSite(this.config, i)) n++;
    return n;
  }
}

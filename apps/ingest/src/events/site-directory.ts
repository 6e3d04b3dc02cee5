import { Injectable } from '@nestjs/common';
import { TrialsStore } from '@ips/persistence';

/** siteId → trialId. A site never changes trial, so answers are cached for the process's life. */
@Injectable()
export class SiteDirectory {
  private readonly trialBySite = new Map<string, string>();

  constructor(private readonly trials: TrialsStore) {}

  async trialOf(siteId: string): Promise<string | null> {
    const cached = this.trialBySite.get(siteId);
    if (cached) return cached;
    const trialId = await this.trials.trialOfSite(siteId);
    if (trialId !== null) this.trialBySite.set(siteId, trialId);
    return trialId;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** siteId → trialId. A site never changes trial, so answers are cached for the process's life. */
@Injectable()
export class SiteDirectory {
  private readonly trialBySite = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  async trialOf(siteId: string): Promise<string | null> {
    const cached = this.trialBySite.get(siteId);
    if (cached) return cached;
    const rows: { trial_id: string }[] = await this.dataSource.query(
      `SELECT trial_id FROM sites WHERE site_id = $1`,
      [siteId],
    );
    if (rows[0]) this.trialBySite.set(siteId, rows[0].trial_id);
    return rows[0]?.trial_id ?? null;
  }
}

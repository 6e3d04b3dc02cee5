import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StoredTrialSummary {
  trialId: string;
  name: string;
  /** YYYY-MM-DD */
  startDate: string;
  sites: { siteId: string; name: string }[];
}

/** Trials and their sites, as readers see them. */
@Injectable()
export class TrialsStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The trial a site belongs to, or null for no such site. */
  async trialOfSite(siteId: string): Promise<string | null> {
    const rows: { trial_id: string }[] = await this.dataSource.query(
      `SELECT trial_id FROM sites WHERE site_id = $1`,
      [siteId],
    );
    return rows[0]?.trial_id ?? null;
  }

  /** Every trial with its sites; for a site (onlySite), its own trial with that site alone. */
  async readable(onlySite: string | null): Promise<StoredTrialSummary[]> {
    const rows: {
      trial_id: string;
      name: string;
      start_date: string;
      sites: { siteId: string; name: string }[];
    }[] = await this.dataSource.query(
      `SELECT t.trial_id, t.name, to_char(t.start_date, 'YYYY-MM-DD') AS start_date,
              coalesce(json_agg(json_build_object('siteId', s.site_id, 'name', s.name) ORDER BY s.site_id)
                       FILTER (WHERE s.site_id IS NOT NULL AND ($1::text IS NULL OR s.site_id = $1)), '[]') AS sites
         FROM trials t LEFT JOIN sites s ON s.trial_id = t.trial_id
        WHERE $1::text IS NULL OR t.trial_id = (SELECT trial_id FROM sites WHERE site_id = $1)
        GROUP BY t.trial_id ORDER BY t.trial_id`,
      [onlySite],
    );
    return rows.map((r) => ({ trialId: r.trial_id, name: r.name, startDate: r.start_date, sites: r.sites }));
  }
}

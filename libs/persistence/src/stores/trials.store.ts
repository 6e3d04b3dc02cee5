import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface StoredTrialSummary {
  trialId: string;
  name: string;
  /** YYYY-MM-DD */
  startDate: string;
  sites: { siteId: string; name: string }[];
}

/** Trials and their sites: creating them (admin API) and reading them. */
@Injectable()
export class TrialsStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates a trial; false when one with that id exists (nothing changed). */
  async createTrial(trial: { trialId: string; name: string; startDate: string }): Promise<boolean> {
    const rows: { trial_id: string }[] = await this.dataSource.query(
      `INSERT INTO trials (trial_id, name, start_date) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING trial_id`,
      [trial.trialId, trial.name, trial.startDate],
    );
    return rows.length > 0;
  }

  /**
   * Creates a site of a trial and, in the same transaction, whatever `withSite` writes (its
   * first API key): all of it or none. 'no-trial' and 'exists' change nothing.
   */
  async createSite<T>(
    trialId: string,
    site: { siteId: string; name: string },
    withSite: (tx: EntityManager) => Promise<T>,
  ): Promise<'no-trial' | 'exists' | T> {
    return this.dataSource.transaction(async (tx) => {
      const trial: unknown[] = await tx.query(`SELECT 1 FROM trials WHERE trial_id = $1`, [trialId]);
      if (trial.length === 0) return 'no-trial' as const;
      const inserted: unknown[] = await tx.query(
        `INSERT INTO sites (site_id, trial_id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING site_id`,
        [site.siteId, trialId, site.name],
      );
      if (inserted.length === 0) return 'exists' as const;
      return withSite(tx);
    });
  }

  async trialExists(trialId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM trials WHERE trial_id = $1`, [
      trialId,
    ]);
    return rows.length > 0;
  }

  async siteExists(siteId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM sites WHERE site_id = $1`, [siteId]);
    return rows.length > 0;
  }

  /** The trial's start date (YYYY-MM-DD), or null for no such trial. */
  async startDate(trialId: string): Promise<string | null> {
    const rows: { start_date: string }[] = await this.dataSource.query(
      `SELECT to_char(start_date, 'YYYY-MM-DD') AS start_date FROM trials WHERE trial_id = $1`,
      [trialId],
    );
    return rows[0]?.start_date ?? null;
  }

  /** The trial's sites with their names (in no particular order). */
  async sitesOf(trialId: string): Promise<{ siteId: string; name: string }[]> {
    const rows: { site_id: string; name: string }[] = await this.dataSource.query(
      `SELECT site_id, name FROM sites WHERE trial_id = $1`,
      [trialId],
    );
    return rows.map((r) => ({ siteId: r.site_id, name: r.name }));
  }

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

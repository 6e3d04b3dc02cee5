import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One open data-quality finding, as the projector keeps it in a journey. */
export interface StoredFinding {
  siteId: string;
  participantId: string;
  code: string;
  eventId: string;
  occurredOn: string;
  message: string;
}

/**
 * The open data-quality findings kept in the journeys read model, for a trial, a site,
 * or a site of a trial: the one query both the ingest (a site's own findings) and the
 * query service (a trial's) answer from.
 */
@Injectable()
export class DataQualityStore {
  constructor(private readonly dataSource: DataSource) {}

  async openFindings(scope: { trialId?: string | null; siteId?: string | null }): Promise<StoredFinding[]> {
    const rows: {
      site_id: string;
      participant_id: string;
      code: string;
      event_id: string;
      occurred_on: string;
      message: string;
    }[] = await this.dataSource.query(
      `SELECT j.site_id, j.participant_id, f->>'code' AS code, f->>'eventId' AS event_id,
              f->>'occurredOn' AS occurred_on, f->>'message' AS message
         FROM journeys j, json_array_elements(j.journey->'findings') f
        WHERE j.finding_count > 0
          AND ($1::text IS NULL OR j.trial_id = $1)
          AND ($2::text IS NULL OR j.site_id = $2)
        ORDER BY j.site_id, j.participant_id, f->>'occurredOn', f->>'code'`,
      [scope.trialId ?? null, scope.siteId ?? null],
    );
    return rows.map((r) => ({
      siteId: r.site_id,
      participantId: r.participant_id,
      code: r.code,
      eventId: r.event_id,
      occurredOn: r.occurred_on,
      message: r.message,
    }));
  }
}

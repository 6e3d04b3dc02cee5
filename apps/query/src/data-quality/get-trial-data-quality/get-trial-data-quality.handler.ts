import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { GetTrialDataQuality, type TrialDataQuality } from './get-trial-data-quality.query';

@QueryHandler(GetTrialDataQuality)
export class GetTrialDataQualityHandler implements IQueryHandler<GetTrialDataQuality, TrialDataQuality> {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: GetTrialDataQuality): Promise<TrialDataQuality> {
    const rows: {
      site_id: string;
      participant_id: string;
      code: string;
      event_id: string;
      occurred_on: string;
      message: string;
    }[] = await this.dataSource.query(
      `SELECT j.site_id, j.participant_id, f->>'code' AS code, f->>'eventId' AS event_id, f->>'occurredOn' AS occurred_on, f->>'message' AS message
           FROM journeys j, json_array_elements(j.journey->'findings') f
          WHERE j.trial_id = $1 AND j.finding_count > 0 AND ($2::text IS NULL OR j.site_id = $2)
          ORDER BY j.site_id, j.participant_id, f->>'occurredOn', f->>'code'`,
      [q.trialId, q.siteId],
    );
    const byCode: Record<string, number> = {};
    const bySite: Record<string, number> = {};
    for (const r of rows) {
      byCode[r.code] = (byCode[r.code] ?? 0) + 1;
      bySite[r.site_id] = (bySite[r.site_id] ?? 0) + 1;
    }
    return {
      trialId: q.trialId,
      count: rows.length,
      byCode,
      bySite,
      findings: rows.map((r) => ({
        siteId: r.site_id,
        participantId: r.participant_id,
        code: r.code,
        eventId: r.event_id,
        occurredOn: r.occurred_on,
        message: r.message,
      })),
    };
  }
}

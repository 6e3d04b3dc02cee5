import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { Journey } from '@ips/domain';
import { GetParticipantJourney, type ParticipantJourneyView } from './get-participant-journey.query';

@QueryHandler(GetParticipantJourney)
export class GetParticipantJourneyHandler implements IQueryHandler<
  GetParticipantJourney,
  ParticipantJourneyView | null
> {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: GetParticipantJourney): Promise<ParticipantJourneyView | null> {
    const rows: { journey: Journey }[] = await this.dataSource.query(
      `SELECT journey FROM journeys WHERE trial_id = $1 AND site_id = $2 AND participant_id = $3`,
      [q.trialId, q.siteId, q.participantId],
    );
    if (rows.length === 0) return null;
    const events: {
      event_id: string;
      type: string;
      occurred_on: string;
      recorded_at: Date;
      retracted: boolean;
    }[] = await this.dataSource.query(
      `SELECT e.event_id, e.type, to_char(e.occurred_on, 'YYYY-MM-DD') AS occurred_on, e.recorded_at,
              EXISTS (SELECT 1 FROM participant_events r
                       WHERE r.site_id = e.site_id AND r.participant_id = e.participant_id
                         AND r.type = 'event.retracted' AND r.event->'data'->>'retractedEventId' = e.event_id::text) AS retracted
         FROM participant_events e
        WHERE e.site_id = $1 AND e.participant_id = $2
        ORDER BY e.occurred_on, e.seq`,
      [q.siteId, q.participantId],
    );
    const journey = rows[0].journey;
    return {
      trialId: q.trialId,
      siteId: q.siteId,
      participantId: q.participantId,
      journey,
      findings: journey.findings,
      events: events.map((e) => ({
        eventId: e.event_id,
        type: e.type,
        occurredOn: e.occurred_on,
        recordedAt: new Date(e.recorded_at).toISOString(),
        retracted: e.retracted,
      })),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Journey } from '@ips/domain';

/** One stored event of a participant, as the journey view lists it. */
export interface StoredParticipantEvent {
  eventId: string;
  type: string;
  /** YYYY-MM-DD */
  occurredOn: string;
  recordedAt: Date;
  /** a later event.retracted names it */
  retracted: boolean;
}

/** One participant's journey (the read model) and the events it was folded from (the event store). */
@Injectable()
export class ParticipantJourneyStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The participant's journey, or null when the trial's site has no such participant. */
  async journey(trialId: string, siteId: string, participantId: string): Promise<Journey | null> {
    const rows: { journey: Journey }[] = await this.dataSource.query(
      `SELECT journey FROM journeys WHERE trial_id = $1 AND site_id = $2 AND participant_id = $3`,
      [trialId, siteId, participantId],
    );
    return rows[0]?.journey ?? null;
  }

  /** The participant's stored events in the order they happened, each marked if retracted. */
  async events(siteId: string, participantId: string): Promise<StoredParticipantEvent[]> {
    const rows: {
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
      [siteId, participantId],
    );
    return rows.map((e) => ({
      eventId: e.event_id,
      type: e.type,
      occurredOn: e.occurred_on,
      recordedAt: e.recorded_at,
      retracted: e.retracted,
    }));
  }
}

import type { EntityManager } from 'typeorm';
import type { RecordedEvent, StoredEvent } from '@ips/contracts';

export interface ParticipantRef {
  siteId: string;
  participantId: string;
}

export interface EventToStore {
  event: RecordedEvent;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The per-participant event store (participant_events). Inserts are one multi-row
 * statement per batch, deduplicated by eventId; seq follows the order given (Kafka order).
 */
export const EventStore = {
  /** Stores what is new; returns the newly stored events (with their seq) and the participants they belong to. */
  async insert(
    tx: EntityManager,
    events: EventToStore[],
  ): Promise<{ touched: ParticipantRef[]; stored: StoredEvent[] }> {
    if (events.length === 0) return { touched: [], stored: [] };
    const rows: { event_id: string; seq: string }[] = await tx.query(
      `INSERT INTO participant_events
         (event_id, trial_id, site_id, participant_id, type, occurred_on, recorded_at, event, source_topic, kafka_partition, kafka_offset)
       SELECT event_id, trial_id, site_id, participant_id, type, occurred_on, recorded_at, event, source_topic, kafka_partition, kafka_offset
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::timestamptz[], $8::json[], $9::text[], $10::int[], $11::bigint[])
              WITH ORDINALITY AS u(event_id, trial_id, site_id, participant_id, type, occurred_on, recorded_at, event, source_topic, kafka_partition, kafka_offset, ord)
        ORDER BY ord
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id, seq`,
      [
        events.map((e) => e.event.eventId),
        events.map((e) => e.event.trialId),
        events.map((e) => e.event.siteId),
        events.map((e) => e.event.participantId),
        events.map((e) => e.event.type),
        events.map((e) => e.event.occurredOn),
        events.map((e) => e.event.recordedAt),
        events.map((e) => JSON.stringify(e.event)),
        events.map((e) => e.topic),
        events.map((e) => e.partition),
        events.map((e) => e.offset),
      ],
    );
    const byId = new Map(events.map((e) => [e.event.eventId, e.event]));
    const touched = new Map<string, ParticipantRef>();
    const stored: StoredEvent[] = [];
    for (const r of rows) {
      const event = byId.get(r.event_id)!;
      stored.push({ ...event, seq: Number(r.seq) } as StoredEvent);
      touched.set(participantRefKey(event), { siteId: event.siteId, participantId: event.participantId });
    }
    stored.sort((a, b) => a.seq - b.seq);
    return { touched: [...touched.values()], stored };
  },

  /**
   * Every stored event of these participants, grouped by participant, in arrival order.
   * `inHand` holds events the caller already has (this transaction's own, by seq): their
   * rows are read but their JSON is not parsed again.
   */
  async load(
    tx: EntityManager,
    participants: ParticipantRef[],
    inHand: ReadonlyMap<number, StoredEvent> = new Map(),
  ): Promise<Map<string, StoredEvent[]>> {
    const out = new Map<string, StoredEvent[]>();
    if (participants.length === 0) return out;
    // One index probe per participant (the LATERAL subquery with OFFSET 0 cannot be merged
    // into a join): as a plain join, once the store held a few hundred thousand events the
    // planner read and sorted all of it on every batch (a parallel seq scan and an external
    // merge sort), so a batch cost grew with the store, not with the batch.
    // The event comes as text: parsed here only when it is not in hand.
    const rows: { seq: string; site_id: string; participant_id: string; event: string }[] = await tx.query(
      `SELECT e.seq, p.site_id, p.participant_id, e.event
         FROM unnest($1::text[], $2::text[]) AS p(site_id, participant_id)
        CROSS JOIN LATERAL (
              SELECT s.seq, s.event::text AS event FROM participant_events s
               WHERE s.site_id = p.site_id AND s.participant_id = p.participant_id
              OFFSET 0) AS e
        ORDER BY e.seq`,
      [participants.map((p) => p.siteId), participants.map((p) => p.participantId)],
    );
    for (const row of rows) {
      const key = participantRefKey({ siteId: row.site_id, participantId: row.participant_id });
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      const seq = Number(row.seq);
      list.push(inHand.get(seq) ?? ({ ...(JSON.parse(row.event) as RecordedEvent), seq } as StoredEvent));
    }
    return out;
  },
};

export function participantRefKey(p: ParticipantRef): string {
  return `${p.siteId}\u0000${p.participantId}`;
}

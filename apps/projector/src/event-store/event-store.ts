import type { EntityManager } from 'typeorm';
import type { RecordedEvent, StoredEvent } from '@ips/contracts';
import { copyIn, copyText, isUniqueViolation } from './copy-in';

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
 * How a batch is written: `copy` (the default) COPY straight into participant_events of the
 * events a pre-check did not find, falling back to `insert` inside a savepoint if one turned up
 * meanwhile; `insert` one INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING. COPY
 * took about half the time of the insert for a 10,000-event batch (BENCHMARKS.md, issue 16,
 * second pass; COPY into a temporary table and one INSERT … SELECT from it was measured too,
 * and fell between the two).
 */
export const EVENT_WRITES = ['copy', 'insert'] as const;
export type EventWrite = (typeof EVENT_WRITES)[number];

export interface Inserted {
  touched: ParticipantRef[];
  stored: StoredEvent[];
}

/**
 * The per-participant event store (participant_events). A batch is written in one
 * statement (or one COPY), deduplicated by eventId; seq follows the order given (Kafka order).
 */
export const EventStore = {
  /** Stores what is new; returns the newly stored events (with their seq) and the participants they belong to. */
  async insert(tx: EntityManager, events: EventToStore[], how: EventWrite = 'copy'): Promise<Inserted> {
    if (events.length === 0) return { touched: [], stored: [] };
    return how === 'copy' ? copyNew(tx, events) : insertUnnest(tx, events);
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

const COLUMNS =
  'event_id, trial_id, site_id, participant_id, type, occurred_on, recorded_at, event, source_topic, kafka_partition, kafka_offset';

async function insertUnnest(tx: EntityManager, events: EventToStore[]): Promise<Inserted> {
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
  return inserted(events, rows);
}

/** The stored events, by the (event_id, seq) rows the database reports it stored. */
function inserted(events: EventToStore[], rows: { event_id: string; seq: string | number }[]): Inserted {
  const byId = new Map(events.map((e) => [e.event.eventId.toLowerCase(), e.event]));
  const touched = new Map<string, ParticipantRef>();
  const stored: StoredEvent[] = [];
  for (const r of rows) {
    const event = byId.get(r.event_id)!;
    stored.push({ ...event, seq: Number(r.seq) } as StoredEvent);
    touched.set(participantRefKey(event), { siteId: event.siteId, participantId: event.participantId });
  }
  stored.sort((a, b) => a.seq - b.seq);
  return { touched: [...touched.values()], stored };
}

/** One event as a line of COPY text: `first`, then the COLUMNS. */
function copyLine(e: EventToStore, first: number): string {
  const v = e.event;
  return `${first}\t${copyText(v.eventId)}\t${copyText(v.trialId)}\t${copyText(v.siteId)}\t${copyText(v.participantId)}\t${copyText(v.type)}\t${copyText(v.occurredOn)}\t${copyText(v.recordedAt)}\t${copyText(JSON.stringify(v))}\t${copyText(e.topic)}\t${e.partition}\t${copyText(e.offset)}\n`;
}

/**
 * COPY straight into participant_events: the events whose eventId is not stored yet, with
 * seq values taken from the table's own sequence in the order given. COPY has no ON CONFLICT,
 * so it runs in a savepoint: if a concurrent transaction stored one of these eventIds between
 * the check and the COPY, the COPY is undone whole and the batch goes the INSERT … ON
 * CONFLICT DO NOTHING way, which stores each event at most once.
 */
async function copyNew(tx: EntityManager, events: EventToStore[]): Promise<Inserted> {
  const present: { event_id: string }[] = await tx.query(
    `SELECT event_id FROM participant_events WHERE event_id = ANY($1::uuid[])`,
    [events.map((e) => e.event.eventId)],
  );
  const known = new Set(present.map((r) => r.event_id));
  const fresh = known.size === 0 ? events : events.filter((e) => !known.has(e.event.eventId.toLowerCase()));
  if (fresh.length === 0) return { touched: [], stored: [] };
  const seqs: { seq: string }[] = await tx.query(
    `SELECT nextval(q.s) AS seq
       FROM (SELECT pg_get_serial_sequence('participant_events', 'seq')::regclass AS s) AS q,
            generate_series(1, $1::int)`,
    [fresh.length],
  );
  const order = seqs.map((r) => Number(r.seq)).sort((a, b) => a - b);
  await tx.query('SAVEPOINT event_copy');
  try {
    await copyIn(
      tx,
      `COPY participant_events (seq, ${COLUMNS}) FROM STDIN`,
      fresh.map((e, i) => copyLine(e, order[i])),
    );
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await tx.query('ROLLBACK TO SAVEPOINT event_copy');
    return insertUnnest(tx, fresh);
  }
  await tx.query('RELEASE SAVEPOINT event_copy');
  return inserted(
    fresh,
    fresh.map((e, i) => ({ event_id: e.event.eventId.toLowerCase(), seq: order[i] })),
  );
}

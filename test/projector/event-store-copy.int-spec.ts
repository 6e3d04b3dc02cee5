import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { RecordedEvent } from '@ips/contracts';
import { foldJourney } from '@ips/domain';
import {
  EventStore,
  type EventToStore,
  type EventWrite,
} from '../../apps/projector/src/event-store/event-store';
import { JourneyStore } from '../../apps/projector/src/event-store/journey-store';
import { sql } from '../support/database';
import { eventually } from '../support/http';
import { validEvent } from '../support/events';
import { TEST_DATABASE_URL, uniqueTag } from '../support/test-env';

// The event store's write paths against the real participant_events (issue 16): COPY of the
// new events after a pre-check, with a fallback to INSERT … ON CONFLICT DO NOTHING when a
// concurrent transaction stores one of them in between; and the journeys' COPY upsert. Each test uses sites of its own.
const db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL, extra: { max: 4 } });
const tag = uniqueTag('esc');
let n = 0;

beforeAll(async () => {
  await db.initialize();
});
afterAll(async () => {
  await db.destroy();
});

/** Events for a fresh site, with text that COPY's text format must escape. */
function batch(count: number): { site: string; events: EventToStore[] } {
  const site = `${tag}-${++n}`;
  const events = Array.from({ length: count }, (_, i) => {
    const event = {
      ...validEvent('event.retracted', site, `P\t${i % 3}\\x`, {
        data: {
          retractedEventId: '0b0e8c9a-3f3e-4a6e-9d7b-2f6c1f4e5a11',
          reason: `tab\there\nnewline\\back "q" é ${i}`,
        },
      }),
      trialId: `${site}-trial`,
      recordedAt: '2026-12-07T18:00:00.000Z',
    } as RecordedEvent;
    return { event, topic: `${tag}.topic`, partition: 1, offset: String(i) };
  });
  return { site, events };
}

async function storedRows(site: string) {
  return sql<{
    seq: string;
    event_id: string;
    event: RecordedEvent;
    participant_id: string;
    kafka_offset: string;
  }>(
    `SELECT seq, event_id, event, participant_id, kafka_offset FROM participant_events WHERE site_id = $1 ORDER BY seq`,
    [site],
  );
}

describe.each<EventWrite>(['copy', 'insert'])('EventStore.insert (%s)', (how) => {
  it('stores every new event once, in the order given, exactly as sent, and reports their seq', async () => {
    const { site, events } = batch(50);
    const result = await db.transaction((tx) => EventStore.insert(tx, events, how));
    const rows = await storedRows(site);
    expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.event.eventId));
    expect(rows.map((r) => r.event)).toEqual(events.map((e) => e.event));
    expect(rows.map((r) => r.participant_id)).toEqual(events.map((e) => e.event.participantId));
    expect(rows.map((r) => r.kafka_offset)).toEqual(events.map((e) => e.offset));
    expect(result.stored.map((e) => [e.eventId, e.seq])).toEqual(
      rows.map((r) => [r.event_id, Number(r.seq)]),
    );
    expect(result.touched).toHaveLength(3);
  });

  it('stores nothing twice when some of the batch is already stored, and reports only the new', async () => {
    const { site, events } = batch(20);
    await db.transaction((tx) => EventStore.insert(tx, events.slice(5, 12), how));
    const result = await db.transaction((tx) => EventStore.insert(tx, events, how));
    const rows = await storedRows(site);
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(20);
    const again = [...events.slice(0, 5), ...events.slice(12)].map((e) => e.event.eventId);
    expect(result.stored.map((e) => e.eventId).sort()).toEqual(again.sort());
    const nothing = await db.transaction((tx) => EventStore.insert(tx, events, how));
    expect(nothing.stored).toEqual([]);
    expect(await storedRows(site)).toHaveLength(20);
  });
});

it('copy: when a concurrent transaction stores one of the eventIds after the pre-check, the COPY falls back and stores nothing twice', async () => {
  const { site, events } = batch(30);
  const racer = new Client({ connectionString: TEST_DATABASE_URL });
  await racer.connect();
  try {
    // The racer stores event 17 (another copy of it, from another offset) and holds its
    // transaction open: the pre-check cannot see it, the COPY then waits on its index entry.
    await racer.query('BEGIN');
    await EventStore.insert(
      { query: (text: string, params?: unknown[]) => racer.query(text, params).then((r) => r.rows) } as never,
      [{ ...events[17], offset: '999' }],
      'insert',
    );
    const copying = db.transaction((tx) => EventStore.insert(tx, events, 'copy'));
    // commit once the COPY is blocked on the racer's row
    await eventually(
      async () => {
        const [{ waiting }] = await sql<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE 'COPY participant_events%'`,
        );
        return waiting > 0 ? true : undefined;
      },
      20_000,
      'the COPY to wait for the racing transaction',
    );
    await racer.query('COMMIT');
    const result = await copying;
    const rows = await storedRows(site);
    expect(rows.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.event.eventId).sort());
    expect(rows.find((r) => r.event_id === events[17].event.eventId)?.kafka_offset).toBe('999');
    expect(result.stored).toHaveLength(29);
    expect(result.stored.map((e) => e.eventId)).not.toContain(events[17].event.eventId);
    // seqs are ascending in Kafka order among what this batch stored
    const mine = rows.filter((r) => r.event_id !== events[17].event.eventId);
    expect(mine.map((r) => r.event_id)).toEqual(
      events.filter((_, i) => i !== 17).map((e) => e.event.eventId),
    );
  } finally {
    await racer.query('ROLLBACK').catch(() => undefined);
    await racer.end();
  }
});

it('copy: an error other than a duplicate is not swallowed, and the transaction stores nothing', async () => {
  const { site, events } = batch(5);
  (events[3].event as { occurredOn: string }).occurredOn = 'not a date';
  await expect(db.transaction((tx) => EventStore.insert(tx, events, 'copy'))).rejects.toThrow(/date/);
  expect(await storedRows(site)).toHaveLength(0);
});

describe.each(['copy', 'insert'] as const)('JourneyStore.upsert (%s)', (how) => {
  it('writes each journey as folded, and a rewrite takes a new version', async () => {
    const { site, events } = batch(9);
    const stored = await db.transaction((tx) => EventStore.insert(tx, events, 'insert'));
    const byParticipant = new Map<string, typeof stored.stored>();
    for (const e of stored.stored)
      byParticipant.set(e.participantId, [...(byParticipant.get(e.participantId) ?? []), e]);
    const journeys = [...byParticipant.values()].map((h) => foldJourney(h));
    await db.transaction((tx) => JourneyStore.upsert(tx, journeys, how));
    const read = () =>
      sql<{ participant_id: string; journey: unknown; event_count: number; version: string }>(
        `SELECT participant_id, journey, event_count, version FROM journeys WHERE site_id = $1 ORDER BY participant_id`,
        [site],
      );
    const first = await read();
    expect(first.map((r) => r.journey)).toEqual(
      JSON.parse(JSON.stringify([...journeys].sort((a, b) => (a.participantId < b.participantId ? -1 : 1)))),
    );
    expect(first.map((r) => r.event_count)).toEqual([3, 3, 3]);
    await db.transaction((tx) => JourneyStore.upsert(tx, journeys, how));
    const second = await read();
    expect(second).toHaveLength(3);
    second.forEach((r, i) => expect(BigInt(r.version)).toBeGreaterThan(BigInt(first[i].version)));
  });
});

import type { StoredEvent } from '@ips/contracts';
import { foldJourney, type Journey } from '@ips/domain';
import { sql } from './database';

/** Journeys of the given sites as the projector stored them, keyed site:participant. */
export async function storedJourneys(siteIds: string[]): Promise<Map<string, Journey>> {
  const rows = await sql<{ site_id: string; participant_id: string; journey: Journey }>(
    `SELECT site_id, participant_id, journey FROM journeys WHERE site_id = ANY($1::text[])`,
    [siteIds],
  );
  return new Map(rows.map((r) => [`${r.site_id}:${r.participant_id}`, r.journey]));
}

/**
 * The journeys a pure fold of exactly these events gives. Events are in the order they were
 * sent; per participant that is Kafka's order, so it stands in for arrival order.
 */
export function expectedJourneys(sent: Record<string, any>[], trialId: string): Map<string, Journey> {
  const byParticipant = new Map<string, StoredEvent[]>();
  sent.forEach((event, seq) => {
    const key = `${event.siteId}:${event.participantId}`;
    const list = byParticipant.get(key) ?? [];
    list.push({ ...event, trialId, recordedAt: '2020-01-01T00:00:00.000Z', seq } as StoredEvent);
    byParticipant.set(key, list);
  });
  return new Map([...byParticipant].map(([key, events]) => [key, foldJourney(events)]));
}

export async function eventStoreCount(siteIds: string[]): Promise<{ rows: number; distinct: number }> {
  const [r] = await sql<{ rows: string; distinct: string }>(
    `SELECT count(*) AS rows, count(DISTINCT event_id) AS distinct FROM participant_events WHERE site_id = ANY($1::text[])`,
    [siteIds],
  );
  return { rows: Number(r.rows), distinct: Number(r.distinct) };
}

/** Writes journeys as the projector would leave them (fixtures for read-side tests). */
export async function insertJourneys(journeys: Journey[]): Promise<void> {
  for (let i = 0; i < journeys.length; i += 2000) {
    const chunk = journeys.slice(i, i + 2000);
    await sql(
      `INSERT INTO journeys (site_id, participant_id, trial_id, journey, event_count, finding_count)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::json[], $5::int[], $6::int[])`,
      [
        chunk.map((j) => j.siteId),
        chunk.map((j) => j.participantId),
        chunk.map((j) => j.trialId),
        chunk.map((j) => JSON.stringify(j)),
        chunk.map((j) => j.eventCount),
        chunk.map((j) => j.findings.length),
      ],
    );
  }
}

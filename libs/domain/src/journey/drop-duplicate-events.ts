import type { StoredEvent } from '@ips/contracts';

/**
 * One event per eventId, the earliest arrival winning. The ingest already refuses a
 * reused eventId with different content, so a duplicate here is a redelivery.
 */
export function dropDuplicateEvents(events: readonly StoredEvent[]): StoredEvent[] {
  const byId = new Map<string, StoredEvent>();
  for (const event of events) {
    const kept = byId.get(event.eventId);
    if (kept === undefined || event.seq < kept.seq) byId.set(event.eventId, event);
  }
  return [...byId.values()];
}

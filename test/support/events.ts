import { randomUUID } from 'node:crypto';
import { EVENT_EXAMPLES, type EventType } from '@ips/contracts';

/** A valid envelope of `type` for a site and participant, with a fresh eventId. */
export function validEvent(
  type: EventType,
  siteId: string,
  participantId = 'P-1',
  overrides: Record<string, unknown> = {},
): Record<string, any> {
  const example = structuredClone(EVENT_EXAMPLES[type]) as Record<string, any>;
  return { ...example, eventId: randomUUID(), siteId, participantId, ...overrides };
}

export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

import type { StoredEvent } from '@ips/contracts';

/** DESIGN §5: by occurredOn, then arrival. ISO dates compare correctly as strings. */
export function byFoldOrder(a: StoredEvent, b: StoredEvent): number {
  if (a.occurredOn !== b.occurredOn) return a.occurredOn < b.occurredOn ? -1 : 1;
  return a.seq - b.seq;
}

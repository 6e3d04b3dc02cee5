import type { EventType } from '@ips/contracts';

/**
 * What an event is in the simulation:
 * - `truth`: what happened, as the site finally records it;
 * - `wrong`: a mistaken version the site sends first and later retracts;
 * - `retraction`: the site's `event.retracted` for a `wrong` event;
 * - `duplicate`: an event sent again unchanged;
 * - `state_problem`: an event the projector flags (second randomisation, end of a job never started);
 * - `invalid`: a copy the ingest must reject (only with an invalid rate);
 * - `superseded`: a wellbeing score entered again with the right value the same day (the fold keeps the later).
 */
export type PlannedRole =
  'truth' | 'wrong' | 'retraction' | 'duplicate' | 'state_problem' | 'invalid' | 'superseded';

/** Flags for the mess applied to a truth event. */
export const LATE = 1;
export const OUT_OF_ORDER = 2;

/** One event of a participant's plan, kept compact until it is uploaded. */
export interface PlannedEvent {
  /** simulated day the site uploads it (days since 1970-01-01) */
  upload: number;
  /** occurredOn as a day number */
  day: number;
  /** the day the site entered it; upload is the site's next upload on or after it */
  recorded: number;
  /** creation order within the participant: breaks ties of upload and day */
  order: number;
  role: PlannedRole;
  type: EventType;
  /** the contract's `data`; for a retraction, filled in when the target's id is known */
  data: Record<string, unknown>;
  /** duplicate: the event sent again; retraction: the event retracted; invalid: the event copied */
  ref: PlannedEvent | null;
  /** LATE | OUT_OF_ORDER for truth events; the kind of breakage for invalid ones */
  variant: number;
}

export function byUploadOrder(a: PlannedEvent, b: PlannedEvent): number {
  return a.upload - b.upload || a.day - b.day || a.order - b.order;
}

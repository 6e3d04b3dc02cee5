import { Command } from '@nestjs/cqrs';
import type { FieldError } from '@ips/contracts';

export interface RawEvent {
  /** where the event sat in the upload: array index, NDJSON line or CSV row */
  position: number;
  raw: unknown;
}

export type EventOutcome =
  | { position: number; status: 'accepted' | 'duplicate'; eventId: string }
  | {
      position: number;
      status: 'rejected';
      httpStatus: 400 | 403 | 409;
      eventId: string | null;
      errors: FieldError[];
    };

/** Record a chunk of a site's events: validate, dedupe, produce (acks = all), acknowledge. */
export class RecordEvents extends Command<EventOutcome[]> {
  constructor(
    readonly siteId: string,
    readonly trialId: string,
    readonly events: RawEvent[],
  ) {
    super();
  }
}

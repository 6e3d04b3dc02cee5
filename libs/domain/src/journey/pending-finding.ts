import type { StoredEvent } from '@ips/contracts';
import type { Finding, FindingCode } from './finding';

/** A finding plus the arrival seq of its event, so findings can be listed in fold order whatever the input order. */
export interface PendingFinding {
  finding: Finding;
  seq: number;
}

export function findingAbout(event: StoredEvent, code: FindingCode, message: string): PendingFinding {
  return { finding: { code, eventId: event.eventId, occurredOn: event.occurredOn, message }, seq: event.seq };
}

/** Fold order of the events the findings are about; stable, so one event's findings keep the order they were raised in. */
export function inFoldOrder(pending: PendingFinding[]): Finding[] {
  return [...pending]
    .sort((a, b) => {
      const x = a.finding.occurredOn;
      const y = b.finding.occurredOn;
      if (x !== y) return x < y ? -1 : 1;
      return a.seq - b.seq;
    })
    .map((p) => p.finding);
}

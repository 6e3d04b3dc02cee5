import type { StoredEvent } from '@ips/contracts';
import { byFoldOrder } from './fold-order';
import { findingAbout, type PendingFinding } from './pending-finding';

export interface AfterRetractions {
  /** the non-retraction events that were not retracted, in no particular order */
  remaining: StoredEvent[];
  retractedCount: number;
  findings: PendingFinding[];
}

/**
 * A retraction removes its target whatever the dates of either: a correction means the
 * event never happened, at every as-of date. Retractions are final: retracting a
 * retraction is reported and ignored, and an event is restored by sending it again
 * under a new eventId.
 */
export function applyRetractions(events: readonly StoredEvent[]): AfterRetractions {
  const byId = new Map<string, StoredEvent>();
  for (const event of events) byId.set(event.eventId, event);

  const retracted = new Set<string>();
  const findings: PendingFinding[] = [];
  const retractions = events.filter((e) => e.type === 'event.retracted').sort(byFoldOrder);
  for (const retraction of retractions) {
    if (retraction.type !== 'event.retracted') continue;
    const targetId = retraction.data.retractedEventId;
    const target = byId.get(targetId);
    if (target === undefined) {
      findings.push(
        findingAbout(
          retraction,
          'retraction_target_not_found',
          `This retraction names event ${targetId}, which has not been received for this participant. ` +
            'If that event arrives later, it will be removed then.',
        ),
      );
    } else if (target.type === 'event.retracted') {
      findings.push(
        findingAbout(
          retraction,
          'retraction_of_retraction',
          `This retraction names event ${targetId}, which is itself a retraction. Retractions are final, so it was ignored; ` +
            'to restore a retracted event, send it again under a new eventId.',
        ),
      );
    } else {
      retracted.add(targetId);
    }
  }

  const remaining = events.filter((e) => e.type !== 'event.retracted' && !retracted.has(e.eventId));
  return { remaining, retractedCount: retracted.size, findings };
}

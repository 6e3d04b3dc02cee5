import type { EventEnvelope, StoredEvent } from '@ips/contracts';
import { foldJourney, type Journey } from '@ips/domain';
import type { SimulatedUpload } from './site-simulation';

export const TEST_TRIAL = 'sim-trial';

/**
 * What the projector would make of the valid uploads: each participant's journey, folded
 * by libs/domain with arrival order = upload order and recordedAt = the upload day. Keyed
 * `siteId/participantId`. For tests, fixtures and benchmarks that need read models without
 * running the pipeline.
 */
export function foldUploads(uploads: Iterable<SimulatedUpload>, trialId = TEST_TRIAL): Map<string, Journey> {
  const byParticipant = new Map<string, StoredEvent[]>();
  let seq = 0;
  for (const upload of uploads) {
    if (!upload.valid) continue;
    const key = `${upload.siteId}/${upload.envelope.participantId}`;
    let events = byParticipant.get(key);
    if (events === undefined) {
      events = [];
      byParticipant.set(key, events);
    }
    events.push(
      stored(upload.envelope, trialId, new Date(upload.uploadDay * 86_400_000).toISOString(), ++seq),
    );
  }
  return new Map([...byParticipant].map(([key, events]) => [key, foldJourney(events)]));
}

function stored(envelope: EventEnvelope, trialId: string, recordedAt: string, seq: number): StoredEvent {
  return { ...envelope, trialId, recordedAt, seq } as StoredEvent;
}

/** A journey without the parts mess is allowed to change (findings, counts of stored events). */
export function journeyTruth(journey: Journey): Omit<Journey, 'findings' | 'eventCount' | 'retractedCount'> {
  const { findings: _findings, eventCount: _eventCount, retractedCount: _retractedCount, ...truth } = journey;
  return truth;
}

import { Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  checkEnvelope,
  eventContentHash,
  isEventType,
  latestAcceptableDate,
  type EventEnvelope,
  type RecordedEvent,
} from '@ips/contracts';
import { CLOCK, Metrics, type Clock } from '@ips/platform';
import { EventPublisher } from '../event-publisher';
import { IdempotencyStore } from '@ips/persistence';
import { RecordEvents, type EventOutcome } from './record-events.command';

interface Candidate {
  position: number;
  envelope: EventEnvelope;
  hash: Buffer;
}

@CommandHandler(RecordEvents)
export class RecordEventsHandler implements ICommandHandler<RecordEvents, EventOutcome[]> {
  private readonly counted;
  private readonly phaseSeconds;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly idempotency: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
    metrics: Metrics,
  ) {
    this.counted = metrics.counter({
      name: 'ingest_events_total',
      help: 'events received, by outcome, event type and rejection reason',
      labelNames: ['outcome', 'type', 'reason'],
    });
    this.phaseSeconds = metrics.histogram({
      name: 'ingest_phase_seconds',
      help: 'time spent per chunk in each phase of recording events',
      labelNames: ['phase'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    });
  }

  async execute(command: RecordEvents): Promise<EventOutcome[]> {
    const now = this.clock.now();
    const rules = { latestOccurredOn: latestAcceptableDate(now) };
    const outcomes: EventOutcome[] = [];
    const firstById = new Map<string, Candidate>();
    const candidates: Candidate[] = [];

    let phase = this.phaseSeconds.startTimer({ phase: 'validate' });
    for (const { position, raw } of command.events) {
      const check = checkEnvelope(raw, rules);
      if (!check.ok) {
        outcomes.push({
          position,
          status: 'rejected',
          httpStatus: 400,
          eventId: check.eventId,
          errors: check.errors,
        });
        this.count('rejected', raw, 'invalid');
        continue;
      }
      const envelope = check.envelope;
      if (envelope.siteId !== command.siteId) {
        outcomes.push({
          position,
          status: 'rejected',
          httpStatus: 403,
          eventId: envelope.eventId,
          errors: [{ path: 'siteId', message: `siteId must be the site of the API key (${command.siteId})` }],
        });
        this.count('rejected', raw, 'wrong_site');
        continue;
      }
      const candidate = { position, envelope, hash: eventContentHash(envelope) };
      const earlier = firstById.get(envelope.eventId);
      if (earlier) {
        // the same eventId twice in one upload: judged against the first occurrence
        if (earlier.hash.equals(candidate.hash)) {
          outcomes.push({ position, status: 'duplicate', eventId: envelope.eventId });
          this.count('duplicate', raw, '');
        } else {
          outcomes.push(this.conflict(position, envelope.eventId));
          this.count('rejected', raw, 'conflict');
        }
        continue;
      }
      firstById.set(envelope.eventId, candidate);
      candidates.push(candidate);
    }

    phase();
    phase = this.phaseSeconds.startTimer({ phase: 'reserve' });
    const chunkId = randomUUID();
    const reservations = await this.idempotency.reserve(
      chunkId,
      candidates.map((c) => ({ eventId: c.envelope.eventId, hash: c.hash })),
    );
    const recordedAt = now.toISOString();
    const toProduce: Candidate[] = [];
    for (const candidate of candidates) {
      const reservation = reservations.get(candidate.envelope.eventId);
      if (reservation === 'duplicate') {
        outcomes.push({
          position: candidate.position,
          status: 'duplicate',
          eventId: candidate.envelope.eventId,
        });
        this.count('duplicate', candidate.envelope, '');
      } else if (reservation === 'conflict') {
        outcomes.push(this.conflict(candidate.position, candidate.envelope.eventId));
        this.count('rejected', candidate.envelope, 'conflict');
      } else {
        toProduce.push(candidate);
      }
    }

    phase();

    // Nothing is acknowledged to the site before Kafka acknowledged it (acks = all).
    phase = this.phaseSeconds.startTimer({ phase: 'produce' });
    await this.publisher.publish(
      toProduce.map((c): RecordedEvent => ({ ...c.envelope, trialId: command.trialId, recordedAt })),
    );
    phase();
    phase = this.phaseSeconds.startTimer({ phase: 'acknowledge' });
    if (toProduce.length > 0) await this.idempotency.acknowledge(chunkId);
    phase();
    for (const c of toProduce) {
      outcomes.push({ position: c.position, status: 'accepted', eventId: c.envelope.eventId });
      this.count('accepted', c.envelope, '');
    }
    return outcomes.sort((a, b) => a.position - b.position);
  }

  private conflict(position: number, eventId: string): EventOutcome {
    return {
      position,
      status: 'rejected',
      httpStatus: 409,
      eventId,
      errors: [
        {
          path: 'eventId',
          message: 'eventId was already accepted with different content (409 Conflict); send a new eventId',
        },
      ],
    };
  }

  private count(outcome: string, event: unknown, reason: string): void {
    const type = (event as { type?: unknown })?.type;
    this.counted.inc({ outcome, type: isEventType(type) ? type : 'unknown', reason });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Message } from 'kafkajs';
import { HEADER_SCHEMA_VERSION, HEADER_TYPE, participantKey, type RecordedEvent } from '@ips/contracts';
import { KafkaClients } from '@ips/messaging';
import { LOGGER, Metrics, type Logger } from '@ips/platform';

/**
 * Kafka could not take the events: the caller answers 503 and the site retries safely.
 * `notEnoughReplicas`: the brokers answered, but fewer of them hold the topic in sync than
 * min.insync.replicas (two of three brokers down), so Kafka refused to acknowledge a write
 * it could not keep.
 */
export class KafkaUnavailable extends Error {
  readonly notEnoughReplicas: boolean;

  constructor(cause: unknown) {
    super(`Kafka unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'KafkaUnavailable';
    this.notEnoughReplicas = causedBy(cause, ['NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND']);
  }
}

/** kafkajs wraps the broker's error (retries exceeded → protocol error): look down the chain. */
export function causedBy(err: unknown, types: string[]): boolean {
  for (
    let e = err as { type?: unknown; originalError?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 6;
    depth++
  ) {
    if (typeof e.type === 'string' && types.includes(e.type)) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

/** Produces accepted events to ips.participant-events with acks = all. */
@Injectable()
export class EventPublisher {
  private readonly latency;

  constructor(
    private readonly kafka: KafkaClients,
    metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.latency = metrics.histogram({
      name: 'ingest_produce_seconds',
      help: 'time for Kafka to acknowledge a produced chunk (acks = all)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
  }

  async publish(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const messages: Message[] = events.map((event) => ({
      key: participantKey(event.siteId, event.participantId),
      value: JSON.stringify(event),
      headers: { [HEADER_TYPE]: event.type, [HEADER_SCHEMA_VERSION]: String(event.schemaVersion) },
    }));
    const stop = this.latency.startTimer();
    try {
      await this.kafka.send({
        topic: this.kafka.topics.participantEvents,
        acks: -1,
        timeout: 10_000,
        messages,
      });
    } catch (err) {
      const unavailable = new KafkaUnavailable(err);
      this.logger.warn(
        {
          err: (err as Error).message,
          notEnoughReplicas: unavailable.notEnoughReplicas,
          events: events.length,
        },
        'produce failed',
      );
      throw unavailable;
    } finally {
      stop();
    }
  }
}

import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { PRODUCER_RETRY, sendWhole } from '@ips/messaging';
import { KAFKA_BROKERS } from './test-env';

export interface RawMessage {
  key: string | null;
  value: string | null;
  headers?: Record<string, string>;
}

/** Writes messages straight onto a topic, as the ingest would (or as a broken producer might). */
export class TopicWriter {
  private producer?: Producer;
  private readonly kafka: Kafka;

  constructor(brokers = KAFKA_BROKERS) {
    this.kafka = new Kafka({
      clientId: 'test-writer',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
  }

  async send(topic: string, messages: RawMessage[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
        // as the apps: kafkajs's own retry can drop a partition that changed leader (PRODUCER_RETRY)
        retry: PRODUCER_RETRY,
      });
      await this.producer.connect();
    }
    const producer = this.producer;
    for (let i = 0; i < messages.length; i += 1000) {
      await sendWhole(() => Promise.resolve(producer), {
        topic,
        acks: -1,
        messages: messages.slice(i, i + 1000),
      });
    }
  }

  /** A recorded event as the ingest puts it on Kafka. */
  static message(
    event: Record<string, any>,
    trialId: string,
    recordedAt = new Date().toISOString(),
  ): RawMessage {
    return {
      key: `${event.siteId}:${event.participantId}`,
      value: JSON.stringify({ ...event, trialId, recordedAt }),
      headers: { type: String(event.type), schemaVersion: String(event.schemaVersion) },
    };
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}

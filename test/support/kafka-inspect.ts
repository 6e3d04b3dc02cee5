import { Kafka, logLevel, type Admin } from 'kafkajs';
import { KAFKA_BROKERS } from './test-env';

/** Looks at topics from the outside, as a test must: offsets and messages. */
export class KafkaInspector {
  private readonly kafka: Kafka;
  private admin?: Admin;

  constructor(brokers = KAFKA_BROKERS) {
    this.kafka = new Kafka({
      clientId: 'test-inspector',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
      retry: { retries: 3 },
    });
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin;
  }

  /** Messages in the topic so far (sum of high watermarks; the topic is never compacted). */
  async messageCount(topic: string): Promise<number> {
    const admin = await this.getAdmin();
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
  }

  /** Reads every message currently in the topic. */
  async readAll(topic: string): Promise<
    {
      partition: number;
      offset: string;
      key: string | null;
      value: string | null;
      headers: Record<string, string>;
    }[]
  > {
    const expected = await this.messageCount(topic);
    if (expected === 0) return [];
    const consumer = this.kafka.consumer({
      groupId: `inspector-${Date.now()}-${Math.random().toString(16).slice(2)}`,
    });
    const out: {
      partition: number;
      offset: string;
      key: string | null;
      value: string | null;
      headers: Record<string, string>;
    }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read only ${out.length}/${expected} messages of ${topic}`)),
        30_000,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            out.push({
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers: Object.fromEntries(
                Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
              ),
            });
            if (out.length >= expected) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    return out;
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
  }
}

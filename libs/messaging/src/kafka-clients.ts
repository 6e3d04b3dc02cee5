import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import { LOGGER, type Logger } from '@ips/platform';
import type { TopicNames } from '@ips/contracts';
import { createKafka, ensureTopics } from './kafka-client';
import { KAFKA_OPTIONS, topicsFor, type KafkaOptions } from './kafka-options';

/**
 * The app's kafkajs client, one producer (acks = all) and one admin, connected lazily and
 * reconnected on demand: a broker outage makes calls fail fast, not the process exit.
 */
@Injectable()
export class KafkaClients implements OnApplicationShutdown {
  readonly kafka: Kafka;
  readonly topics: TopicNames;
  private producer?: Producer;
  private producerConnecting?: Promise<Producer>;
  private admin?: Admin;

  constructor(
    @Inject(KAFKA_OPTIONS) readonly options: KafkaOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.kafka = createKafka(options, logger, String(process.pid));
    this.topics = topicsFor(options);
  }

  /** Creates the project's topics, retrying while the broker comes up. */
  async ensureTopics(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 250; ; delay = Math.min(delay * 2, 2_000)) {
      try {
        await ensureTopics(await this.getAdmin(), this.options);
        return;
      } catch (err) {
        if (Date.now() + delay > deadline) throw err;
        this.logger.warn({ err: (err as Error).message }, 'waiting for Kafka to create topics');
        await this.resetAdmin();
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.producerConnecting ??= (async () => {
      const producer = this.kafka.producer({
        allowAutoTopicCreation: false,
        // murmur2 on the key, as the Java client: siteId:participantId always lands on one partition
        createPartitioner: Partitioners.DefaultPartitioner,
        // fail fast so callers can answer 503; clients retry the same eventIds safely
        retry: { initialRetryTime: 100, retries: 2, maxRetryTime: 1_000 },
      });
      producer.on(producer.events.DISCONNECT, () => {
        if (this.producer === producer) this.producer = undefined;
      });
      try {
        await producer.connect();
        this.producer = producer;
        return producer;
      } finally {
        this.producerConnecting = undefined;
      }
    })();
    return this.producerConnecting;
  }

  async getAdmin(): Promise<Admin> {
    if (this.admin) return this.admin;
    const admin = this.kafka.admin({ retry: { retries: 1, initialRetryTime: 100 } });
    await admin.connect();
    this.admin = admin;
    return admin;
  }

  async resetAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  /** True when the broker answers a metadata request within the timeout. */
  async isReachable(timeoutMs = 2_000): Promise<boolean> {
    try {
      const admin = await withTimeout(this.getAdmin(), timeoutMs);
      const cluster = await withTimeout(admin.describeCluster(), timeoutMs);
      return cluster.brokers.length > 0;
    } catch {
      await this.resetAdmin();
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    await this.resetAdmin();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import {
  Partitioners,
  type Admin,
  type Kafka,
  type Producer,
  type ProducerRecord,
  type RecordMetadata,
} from 'kafkajs';
import { LOGGER, type Logger } from '@ips/platform';
import type { TopicNames } from '@ips/contracts';
import { createKafka, ensureTopics } from './kafka-client';
import { KAFKA_OPTIONS, topicsFor, type KafkaOptions } from './kafka-options';

/**
 * kafkajs (2.2.4) must never retry a produce itself. Its retry re-sends only to the brokers
 * that have not answered yet (sendMessages.js keeps one response per broker across retries):
 * when a partition's produce failed because its leader died and the partition moved to a
 * broker that had already answered for its own partitions, the moved partition's messages
 * are never sent again and send() resolves as if they were written (tulios/kafkajs#1303,
 * PR #1798). The three-node scenario lost acknowledged events that way. So the producer
 * fails on the first error and {@link sendWhole} re-sends the whole record: a partition
 * already written is written again (the projector dedupes by eventId, a DLQ consumer by
 * deadLetterId), none is ever skipped.
 */
export const PRODUCER_RETRY = { retries: 0 } as const;

/**
 * The waits before each attempt of one whole record (each attempt one kafkajs send without
 * retries): three attempts, as kafkajs's own retries (2) made before, so a Kafka that cannot
 * take the events still makes the ingest answer 503 within 3 × the 10 s request timeout.
 */
export const SEND_ATTEMPTS = [0, 100, 300] as const;

/**
 * Sends `record` whole, again and again after a retriable failure (up to SEND_ATTEMPTS):
 * every attempt carries every message, so nothing depends on which brokers answered before.
 * The last error is thrown (the ingest answers 503; the site retries the same eventIds).
 */
export async function sendWhole(
  producer: () => Promise<Pick<Producer, 'send'>>,
  record: ProducerRecord,
  waits: readonly number[] = SEND_ATTEMPTS,
): Promise<RecordMetadata[]> {
  for (let attempt = 0; ; attempt++) {
    if (waits[attempt] > 0) await new Promise((r) => setTimeout(r, waits[attempt]));
    try {
      return await (await producer()).send(record);
    } catch (err) {
      if (attempt + 1 >= waits.length || !retriable(err)) throw err;
    }
  }
}

/** kafkajs without retries wraps a retriable error in KafkaJSNumberOfRetriesExceeded. */
function retriable(err: unknown): boolean {
  const e = err as { name?: string; retriable?: boolean } | undefined;
  return e?.name === 'KafkaJSNumberOfRetriesExceeded' || e?.retriable === true;
}

/**
 * The app's kafkajs client, one producer (acks = all) and one admin, connected lazily and
 * reconnected on demand: a broker outage makes calls fail fast, not the process exit.
 * Produce with {@link KafkaClients.send}, never with the producer's own send.
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
        // no retries inside kafkajs (PRODUCER_RETRY): send() retries whole records, and a
        // caller that still fails answers 503; clients retry the same eventIds safely
        retry: PRODUCER_RETRY,
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

  /** Produces a record with acks as given, re-sending it whole after a failure (sendWhole). */
  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    return sendWhole(() => this.getProducer(), record);
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

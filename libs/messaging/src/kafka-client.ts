import { Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaLogCreator } from './kafka-log';
import { topicsFor, type KafkaOptions } from './kafka-options';

export function createKafka(options: KafkaOptions, logger: Logger, clientSuffix: string): Kafka {
  return new Kafka({
    clientId: `${options.clientId}-${clientSuffix}`,
    brokers: options.brokers,
    logLevel: logLevel.INFO,
    logCreator: kafkaLogCreator(logger),
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    // Connection-level retries stay short so an outage surfaces within seconds (the ingest
    // answers 503; the consumer has its own, longer retry policy).
    retry: { initialRetryTime: 100, retries: 2, maxRetryTime: 1_000 },
  });
}

/**
 * How many replicas must have a write before Kafka acknowledges it (acks = all): 2 once there
 * are three or more copies, so one broker may die without losing an acknowledged event or
 * refusing a new one, and two dead brokers make the producer refuse (NOT_ENOUGH_REPLICAS:
 * the ingest answers 503) instead of acknowledging something only one machine holds.
 */
export function minInSyncReplicas(replicationFactor: number): number {
  return replicationFactor >= 3 ? 2 : 1;
}

/**
 * Creates the project's topics if missing (DESIGN §2), with the configured partitions and
 * replication factor, and min.insync.replicas to match. Existing topics are left as they are.
 */
export async function ensureTopics(admin: Admin, options: KafkaOptions): Promise<void> {
  const names = topicsFor(options);
  // The participant-event log (and its DLQ) is kept forever: `npm run replay -- --from-topic`
  // rebuilds everything from it, so the broker must never age events out.
  const keepForever = [
    { name: 'retention.ms', value: '-1' },
    { name: 'retention.bytes', value: '-1' },
  ];
  const minInSync = {
    name: 'min.insync.replicas',
    value: String(minInSyncReplicas(options.replicationFactor)),
  };
  const wanted: ITopicConfig[] = [
    { topic: names.participantEvents, configEntries: keepForever },
    { topic: names.participantEventsDlq, configEntries: keepForever },
    { topic: names.reportsPublished, configEntries: [] },
  ].map((t) => ({
    ...t,
    configEntries: [...t.configEntries, minInSync],
    numPartitions: options.partitions,
    replicationFactor: options.replicationFactor,
  }));
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((t) => !existing.has(t.topic));
  if (missing.length === 0) return;
  try {
    await admin.createTopics({ topics: missing, waitForLeaders: true });
  } catch (err) {
    // another service may have created it between list and create
    if (!/already exists/i.test(String((err as Error).message))) throw err;
  }
}

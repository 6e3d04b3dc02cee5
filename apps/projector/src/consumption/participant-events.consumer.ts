import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KafkaClients } from '@ips/messaging';
import { HealthChecks, LOGGER, type Logger } from '@ips/platform';
import type { IncomingMessage } from '../project-batch/message-check';
import { ProjectBatch } from '../project-batch/project-batch.command';
import { ProjectBatchHandler } from '../project-batch/project-batch.handler';

export const CONSUMER_SETTINGS = Symbol('CONSUMER_SETTINGS');
export interface ConsumerSettings {
  groupId: string;
  subBatchSize: number;
  partitionsConcurrently: number;
  /** bytes one fetch may bring; a quarter of it at most from one partition */
  fetchMaxBytes: number;
}

/**
 * The projector's consumer-group member. Postgres holds the consumed offsets; on every
 * assignment the consumer seeks to them, and Kafka's committed offsets are only a
 * convenience for tooling. Each sub-batch is projected by the ProjectBatch command,
 * awaited before Kafka hears anything.
 */
@Injectable()
export class ParticipantEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: Consumer;
  private stopping = false;
  /** 'running' from joining the group until a crash; for /health */
  private state: 'starting' | 'running' | 'crashed' | 'stopped' = 'starting';
  private lastError?: string;
  /** crashes since the consumer last joined its group: the restart backoff grows with them */
  private failures = 0;

  constructor(
    private readonly kafka: KafkaClients,
    private readonly commands: CommandBus,
    private readonly projection: ProjectBatchHandler,
    private readonly dataSource: DataSource,
    @Inject(CONSUMER_SETTINGS) private readonly settings: ConsumerSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    health: HealthChecks,
  ) {
    health.register('consumer', () => this.status());
  }

  /** Whether the consumer is in its group and consuming (a crashed one is restarting). */
  status(): { up: boolean; state: string; error?: string } {
    return {
      up: this.state === 'running',
      state: this.state,
      ...(this.state !== 'running' && this.lastError ? { error: this.lastError } : {}),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka.ensureTopics();
    await this.startConsumer();
  }

  private async startConsumer(): Promise<void> {
    const topic = this.kafka.topics.participantEvents;
    const consumer = this.kafka.kafka.consumer({
      groupId: this.settings.groupId,
      // A crashed member is noticed within 10 s, so its partitions move on quickly (a
      // transaction in flight takes well under a second; heartbeats go between sub-batches).
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      // Big fetches make big batches: a sub-batch can only be as large as the batch a fetch
      // brings for its partition, and kafkajs's default (10 MiB a fetch, shared by every
      // partition) made transactions of a few thousand events. Each transaction re-folds
      // every participant its events touch, so fewer, larger ones fold and write less.
      maxBytes: this.settings.fetchMaxBytes,
      maxBytesPerPartition: Math.floor(this.settings.fetchMaxBytes / 4),
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
      // kafkajs restarts a consumer that crashed on an error it retries (a broker or the
      // database away for longer than these retries): wait before each restart, longer
      // after each failed one, rather than reconnecting in a tight loop.
      retry: {
        retries: 8,
        initialRetryTime: 300,
        maxRetryTime: 10_000,
        restartOnFailure: () => this.backOff(),
      },
    });
    this.consumer = consumer;

    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = payload.memberAssignment[topic] ?? [];
      this.logger.info({ partitions, groupId: this.settings.groupId }, 'partitions assigned');
      this.state = 'running';
      this.failures = 0;
      this.projection.forgetHistories();
      void this.seekToStoredOffsets(consumer, topic, partitions);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.state = 'crashed';
      this.lastError = payload.error?.message;
      this.logger.error({ err: payload.error?.message, restart: payload.restart }, 'consumer crashed');
      // kafkajs gives up on errors it does not retry: never leave the process alive but idle
      if (!payload.restart && !this.stopping && consumer === this.consumer)
        void this.replaceConsumer(consumer);
    });

    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConcurrently,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Exponential backoff before a restart (0.25 s doubling to 5 s); false once stopping. */
  private async backOff(): Promise<boolean> {
    const delay = Math.min(5_000, 250 * 2 ** this.failures++);
    await new Promise((r) => setTimeout(r, delay));
    return !this.stopping;
  }

  /** Replaces a consumer kafkajs will not restart by a new one, retrying with backoff. */
  private async replaceConsumer(old: Consumer): Promise<void> {
    await old.disconnect().catch(() => undefined);
    while (!this.stopping) {
      if (!(await this.backOff())) return;
      try {
        this.logger.warn({ failures: this.failures }, 'starting a new consumer');
        await this.startConsumer();
        return;
      } catch (err) {
        this.lastError = (err as Error).message;
        this.logger.error({ err: this.lastError }, 'could not start a new consumer');
        await this.consumer?.disconnect().catch(() => undefined);
      }
    }
  }

  private async seekToStoredOffsets(consumer: Consumer, topic: string, partitions: number[]): Promise<void> {
    try {
      const rows: { partition: number; next_offset: string }[] = await this.dataSource.query(
        `SELECT partition, next_offset FROM projector_offsets WHERE consumer_group = $1 AND topic = $2 AND partition = ANY($3::int[])`,
        [this.settings.groupId, topic, partitions],
      );
      for (const row of rows) consumer.seek({ topic, partition: row.partition, offset: row.next_offset });
    } catch (err) {
      // The batch guard still holds: nothing below the stored offset is applied twice,
      // and a batch that starts past it is refused and re-sought.
      this.logger.warn({ err: (err as Error).message }, 'could not seek to stored offsets');
    }
  }

  private async onBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const messages: IncomingMessage[] = batch.messages.map((m) => ({
      partition: batch.partition,
      offset: m.offset,
      key: m.key,
      value: m.value,
      headers: Object.fromEntries(
        Object.entries(m.headers ?? {}).map(([k, v]) => [k, v === undefined ? undefined : String(v)]),
      ),
    }));
    for (let i = 0; i < messages.length; i += this.settings.subBatchSize) {
      if (!isRunning() || isStale() || this.stopping) return;
      const slice = messages.slice(i, i + this.settings.subBatchSize);
      const result = await this.commands.execute(
        new ProjectBatch(this.settings.groupId, batch.topic, batch.partition, slice),
      );
      if (result.gapFrom !== undefined) {
        await this.recoverFromGap(batch.topic, batch.partition, result.gapFrom, slice[0].offset);
        return;
      }
      // Only after the Postgres commit: tell Kafka (a convenience; Postgres is the truth).
      resolveOffset(slice[slice.length - 1].offset);
      await commitOffsetsIfNecessary({
        topics: [
          { topic: batch.topic, partitions: [{ partition: batch.partition, offset: result.nextOffset }] },
        ],
      }).catch((err: Error) =>
        this.logger.warn(
          { err: err.message },
          'Kafka offset commit failed (Postgres offsets are authoritative)',
        ),
      );
      await heartbeat();
    }
  }

  /**
   * The fetched batch starts past the stored offset. Normally (Kafka's committed offset ahead
   * of Postgres, e.g. after a database restore) seek back and re-read. If the stored offset is
   * below what the broker still retains, those events are gone from Kafka: say so loudly and
   * continue from the earliest retained offset rather than stall the partition forever.
   */
  private async recoverFromGap(
    topic: string,
    partition: number,
    storedNext: string,
    fetched: string,
  ): Promise<void> {
    const offsets = await (await this.kafka.getAdmin()).fetchTopicOffsets(topic);
    const low = offsets.find((o) => o.partition === partition)?.low ?? '0';
    if (BigInt(storedNext) >= BigInt(low)) {
      this.logger.warn(
        { partition, storedNext, fetched },
        'batch starts past the stored offset; seeking back',
      );
      this.consumer?.seek({ topic, partition, offset: storedNext });
      return;
    }
    this.logger.error(
      { partition, storedNext, low },
      'events between the stored offset and the retained log are lost to retention; continuing',
    );
    await this.dataSource.query(
      `UPDATE projector_offsets SET next_offset = $4, updated_at = now() WHERE consumer_group = $1 AND topic = $2 AND partition = $3`,
      [this.settings.groupId, topic, partition, low],
    );
    this.consumer?.seek({ topic, partition, offset: low });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // disconnect waits for the batch in hand to finish its transaction, then leaves the group
    await this.consumer?.disconnect().catch(() => undefined);
    this.state = 'stopped';
    this.logger.info(
      { groupId: this.settings.groupId },
      'consumer stopped (batch in hand finished, offsets committed, group left)',
    );
  }
}

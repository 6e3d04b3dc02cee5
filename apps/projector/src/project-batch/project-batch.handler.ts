import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Message } from 'kafkajs';
import { DataSource, type EntityManager } from 'typeorm';
import { DLQ_HEADER_ID, deadLetterId, type StoredEvent } from '@ips/contracts';
import { foldJourney } from '@ips/domain';
import { KafkaClients } from '@ips/messaging';
import { LOGGER, Metrics, type Logger } from '@ips/platform';
import {
  EventStore,
  participantRefKey,
  type EventWrite,
  type ParticipantRef,
} from '../event-store/event-store';
import { JourneyStore, type JourneyWrite } from '../event-store/journey-store';
import { ParticipantHistoryCache } from '../event-store/participant-history-cache';
import { FaultInjector } from './fault-injector';
import { checkMessage, type CheckedMessage } from './message-check';
import { ProjectBatch, type ProjectBatchResult } from './project-batch.command';

/** Held shared by every projection transaction and exclusively by `npm run replay`. */
export const PROJECTION_LOCK = 74_201_701;
/** false only inside the replay command, which itself holds PROJECTION_LOCK exclusively. */
export const TAKE_PROJECTION_LOCK = Symbol('TAKE_PROJECTION_LOCK');
export const HISTORY_CACHE = Symbol('HISTORY_CACHE');
/** How events and journeys are written (PROJECTOR_EVENT_WRITE, PROJECTOR_JOURNEY_WRITE). */
export const WRITES = Symbol('WRITES');
export interface Writes {
  events: EventWrite;
  journeys: JourneyWrite;
}

interface Projected {
  result: ProjectBatchResult;
  /** the touched participants' full histories, for the cache once the transaction committed */
  histories?: Map<string, StoredEvent[]>;
}

@CommandHandler(ProjectBatch)
export class ProjectBatchHandler implements ICommandHandler<ProjectBatch, ProjectBatchResult> {
  private readonly projected;
  private readonly batchSeconds;
  private readonly phaseSeconds;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaClients,
    private readonly faults: FaultInjector,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(TAKE_PROJECTION_LOCK) private readonly takeLock: boolean,
    @Inject(HISTORY_CACHE) private readonly cache: ParticipantHistoryCache,
    @Inject(WRITES) private readonly writes: Writes,
    metrics: Metrics,
  ) {
    this.projected = metrics.counter({
      name: 'projector_messages_total',
      help: 'messages projected, by outcome',
      labelNames: ['outcome'],
    });
    this.phaseSeconds = metrics.histogram({
      name: 'projector_phase_seconds',
      help: 'time spent in each phase of a projection transaction',
      labelNames: ['phase'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
    this.batchSeconds = metrics.histogram({
      name: 'projector_batch_seconds',
      help: 'time to project one sub-batch (one transaction)',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
  }

  async execute(command: ProjectBatch): Promise<ProjectBatchResult> {
    const stop = this.batchSeconds.startTimer();
    this.faults.batchStarted();
    this.faults.at('before-transaction');
    const { result, histories } = await this.dataSource.transaction('READ COMMITTED', (tx) =>
      this.project(tx, command),
    );
    if (histories) this.cache.remember(command.topic, command.partition, result.nextOffset, histories);
    this.faults.at('after-commit');
    stop();
    return result;
  }

  /** A rebalance or a replay: nothing cached can be trusted any more. */
  forgetHistories(): void {
    this.cache.clear();
  }

  private async project(tx: EntityManager, command: ProjectBatch): Promise<Projected> {
    const { consumerGroup, topic, partition } = command;
    // Durability comes from Kafka, not from this commit: the offsets move in the same
    // transaction as the read models, so a commit lost in a Postgres crash loses its offset
    // advance too and the batch is simply consumed again. Atomicity is what exactly-once
    // needs, so the commit need not wait for the WAL flush.
    // The statements here are large but simple: compiling them (JIT) cost more than it saved
    // (up to half a second on a load of 20,000 histories), and the sort of a batch's
    // histories should not spill to disk.
    await tx.query(`SET LOCAL synchronous_commit = off; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`);
    if (this.takeLock) await tx.query(`SELECT pg_advisory_xact_lock_shared($1)`, [PROJECTION_LOCK]);
    // The stored offset is the truth; the row lock serialises two instances that briefly
    // both hold this partition during a rebalance.
    await tx.query(
      `INSERT INTO projector_offsets (consumer_group, topic, partition, next_offset) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING`,
      [consumerGroup, topic, partition],
    );
    const [{ next_offset: storedNext }]: { next_offset: string }[] = await tx.query(
      `SELECT next_offset FROM projector_offsets WHERE consumer_group = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
      [consumerGroup, topic, partition],
    );
    this.cache.checkPartition(topic, partition, storedNext);
    const next = BigInt(storedNext);
    const fresh = command.messages.filter((m) => BigInt(m.offset) >= next);
    const alreadyApplied = command.messages.length - fresh.length;
    if (fresh.length === 0)
      return {
        result: { nextOffset: storedNext, stored: 0, journeysRefolded: 0, deadLettered: 0, alreadyApplied },
      };
    if (BigInt(fresh[0].offset) > next) {
      return {
        result: {
          nextOffset: storedNext,
          stored: 0,
          journeysRefolded: 0,
          deadLettered: 0,
          alreadyApplied,
          gapFrom: storedNext,
        },
      };
    }

    let phase = this.phaseSeconds.startTimer({ phase: 'check' });
    const checked = fresh.map(checkMessage);
    // deduplicated by eventId before the insert: the first copy in Kafka order stands
    const seen = new Set<string>();
    const valid = checked.filter(
      (c): c is Extract<CheckedMessage, { ok: true }> =>
        c.ok && !seen.has(c.event.eventId) && seen.add(c.event.eventId) !== undefined,
    );
    const poison = checked.filter((c): c is Extract<CheckedMessage, { ok: false }> => !c.ok);
    phase();

    phase = this.phaseSeconds.startTimer({ phase: 'store' });
    const { touched, stored } = await EventStore.insert(
      tx,
      valid.map((c) => ({ event: c.event, topic, partition, offset: c.message.offset })),
      this.writes.events,
    );
    phase();
    phase = this.phaseSeconds.startTimer({ phase: 'load' });
    const histories = await this.histories(tx, touched, stored);
    phase();
    phase = this.phaseSeconds.startTimer({ phase: 'fold' });
    const journeys = touched.map((p) => foldJourney(histories.get(participantRefKey(p)) ?? []));
    phase();
    phase = this.phaseSeconds.startTimer({ phase: 'upsert' });
    await JourneyStore.upsert(tx, journeys, this.writes.journeys);
    phase();
    this.faults.at('inside-transaction');

    if (poison.length > 0) await this.deadLetter(tx, topic, poison);

    const nextOffset = (BigInt(fresh[fresh.length - 1].offset) + 1n).toString();
    await tx.query(
      `UPDATE projector_offsets SET next_offset = $4, updated_at = now() WHERE consumer_group = $1 AND topic = $2 AND partition = $3`,
      [consumerGroup, topic, partition, nextOffset],
    );
    this.projected.inc({ outcome: 'stored' }, stored.length);
    this.projected.inc({ outcome: 'duplicate' }, checked.length - poison.length - stored.length);
    this.projected.inc({ outcome: 'dead_lettered' }, poison.length);
    return {
      result: {
        nextOffset,
        stored: stored.length,
        journeysRefolded: journeys.length,
        deadLettered: poison.length,
        alreadyApplied,
      },
      histories,
    };
  }

  /**
   * Every stored event of the touched participants: the cached history plus what this batch
   * stored, or — for participants not cached — a read of the event store (which, inside
   * this transaction, already holds the new events).
   */
  private async histories(
    tx: EntityManager,
    touched: ParticipantRef[],
    stored: StoredEvent[],
  ): Promise<Map<string, StoredEvent[]>> {
    const added = new Map<string, StoredEvent[]>();
    for (const event of stored) {
      const key = participantRefKey(event);
      const list = added.get(key);
      if (list) list.push(event);
      else added.set(key, [event]);
    }
    const out = new Map<string, StoredEvent[]>();
    const uncached: ParticipantRef[] = [];
    for (const ref of touched) {
      const key = participantRefKey(ref);
      const cached = this.cache.get(key);
      if (cached) out.set(key, [...cached, ...(added.get(key) ?? [])]);
      else uncached.push(ref);
    }
    if (uncached.length > 0) {
      const inHand = new Map(stored.map((e) => [e.seq, e]));
      for (const [key, events] of await EventStore.load(tx, uncached, inHand)) out.set(key, events);
    }
    return out;
  }

  /**
   * Poison messages are recorded in dead_letters (same transaction: exactly once) and
   * produced to the DLQ topic before the transaction commits, so a crash can repeat a
   * DLQ message (at least once, same `deadLetterId` and original topic/partition/offset
   * headers, by which a consumer dedupes) but never lose one.
   */
  private async deadLetter(
    tx: EntityManager,
    topic: string,
    poison: Extract<CheckedMessage, { ok: false }>[],
  ): Promise<void> {
    await tx.query(
      `INSERT INTO dead_letters (topic, partition, kafka_offset, reason, message_key, message_value)
       SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::bytea[])
       ON CONFLICT DO NOTHING`,
      [
        poison.map(() => topic),
        poison.map((p) => p.message.partition),
        poison.map((p) => p.message.offset),
        poison.map((p) => p.reason),
        poison.map((p) => p.message.key?.toString('utf8') ?? null),
        poison.map((p) => p.message.value),
      ],
    );
    const messages: Message[] = poison.map((p) => ({
      key: p.message.key,
      value: p.message.value,
      headers: {
        [DLQ_HEADER_ID]: deadLetterId(topic, p.message.partition, p.message.offset),
        reason: p.reason,
        originalTopic: topic,
        originalPartition: String(p.message.partition),
        originalOffset: p.message.offset,
      },
    }));
    await this.kafka.send({ topic: this.kafka.topics.participantEventsDlq, acks: -1, messages });
    this.logger.warn(
      { topic, count: poison.length, reasons: [...new Set(poison.map((p) => p.reason.slice(0, 80)))] },
      'messages dead-lettered',
    );
  }
}

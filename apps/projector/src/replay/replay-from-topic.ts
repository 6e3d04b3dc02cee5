import type { QueryRunner } from 'typeorm';
import type { KafkaClients } from '@ips/messaging';
import { ProgressBar, type Logger } from '@ips/platform';
import type { IncomingMessage } from '../project-batch/message-check';
import { ProjectBatch } from '../project-batch/project-batch.command';
import type { ProjectBatchHandler } from '../project-batch/project-batch.handler';

export interface TopicReplayReport {
  messages: number;
  participantsBefore: number;
  participantsAfter: number;
  /** journeys that differ from before the replay (added, removed or changed) */
  differences: number;
}

/**
 * Empties the event store and read models, then re-consumes the participant-event topic from
 * offset 0 up to the end it had when the replay began, through the same ProjectBatch handler
 * the live projector uses (offsets stored under the live group, batch by batch). If the
 * replay dies half-way, the live projector carries on from where it stopped.
 */
export async function replayFromTopic(deps: {
  /** the connection holding the projection lock; the before/after comparison lives on it */
  session: QueryRunner;
  kafka: KafkaClients;
  handler: ProjectBatchHandler;
  groupId: string;
  logger: Logger;
  force: boolean;
}): Promise<TopicReplayReport> {
  const { session, kafka, handler, groupId } = deps;
  const topic = kafka.topics.participantEvents;
  const admin = await kafka.getAdmin();
  const ends = await admin.fetchTopicOffsets(topic);
  const truncatedLog = ends.filter((o) => o.low !== '0');
  if (truncatedLog.length > 0 && !deps.force) {
    throw new Error(
      `the broker no longer holds the start of ${topic} (partitions ${truncatedLog.map((o) => o.partition).join(', ')}); ` +
        'a replay from the topic would lose events. Rebuild from the event store instead (npm run replay), or pass --force.',
    );
  }
  const total = ends.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);

  // Only this topic's events and the journeys of its participants are rebuilt; a database
  // shared with other topics (other deployments, tests) keeps the rest.
  await session.query(`DROP TABLE IF EXISTS pg_temp.replay_before`);
  await session.query(
    `CREATE TEMP TABLE replay_before AS
       SELECT j.site_id, j.participant_id, j.journey FROM journeys j
        WHERE EXISTS (SELECT 1 FROM participant_events e WHERE e.source_topic = $1 AND e.site_id = j.site_id AND e.participant_id = j.participant_id)`,
    [topic],
  );
  await session.startTransaction();
  try {
    await session.query(
      `DELETE FROM journeys j USING replay_before b WHERE j.site_id = b.site_id AND j.participant_id = b.participant_id`,
    );
    await session.query(`DELETE FROM participant_events WHERE source_topic = $1`, [topic]);
    await session.query(`DELETE FROM dead_letters WHERE topic = $1`, [topic]);
    await session.query(`DELETE FROM projector_offsets WHERE consumer_group = $1 AND topic = $2`, [
      groupId,
      topic,
    ]);
    await session.query(`UPDATE read_model_epoch SET epoch = epoch + 1 WHERE id = 1`);
    await session.commitTransaction();
  } catch (err) {
    await session.rollbackTransaction();
    throw err;
  }

  const bar = new ProgressBar('replaying topic', total, { unit: 'messages' });
  const remaining = new Map(ends.map((o) => [o.partition, BigInt(o.high)]));
  for (const [p, high] of remaining)
    if (high === BigInt(ends.find((o) => o.partition === p)!.low)) remaining.delete(p);

  if (remaining.size > 0) {
    const replayGroup = `${groupId}-replay-${Date.now()}`;
    const consumer = kafka.kafka.consumer({
      groupId: replayGroup,
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: 2,
          eachBatch: async ({ batch, heartbeat, resolveOffset }) => {
            const high = remaining.get(batch.partition);
            if (high === undefined) {
              if (batch.messages.length > 0) resolveOffset(batch.messages[batch.messages.length - 1].offset);
              return;
            }
            const messages: IncomingMessage[] = batch.messages
              .filter((m) => BigInt(m.offset) < high)
              .map((m) => ({
                partition: batch.partition,
                offset: m.offset,
                key: m.key,
                value: m.value,
                headers: Object.fromEntries(
                  Object.entries(m.headers ?? {}).map(([k, v]) => [
                    k,
                    v === undefined ? undefined : String(v),
                  ]),
                ),
              }));
            for (let i = 0; i < messages.length; i += 5000) {
              const slice = messages.slice(i, i + 5000);
              await handler.execute(new ProjectBatch(groupId, topic, batch.partition, slice));
              // without this kafkajs fetches the same batch again and again
              resolveOffset(slice[slice.length - 1].offset);
              bar.tick(slice.length);
              await heartbeat();
            }
            const last = messages[messages.length - 1];
            if (last && BigInt(last.offset) + 1n >= high) remaining.delete(batch.partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    await admin.deleteGroups([replayGroup]).catch(() => undefined);
  }
  bar.finish();

  const [counts]: { before: string; after: string; differences: string }[] = await session.query(
    `WITH after AS (
       SELECT j.site_id, j.participant_id, j.journey FROM journeys j
        WHERE EXISTS (SELECT 1 FROM participant_events e WHERE e.source_topic = $1 AND e.site_id = j.site_id AND e.participant_id = j.participant_id))
     SELECT (SELECT count(*) FROM replay_before) AS before,
            (SELECT count(*) FROM after) AS after,
            (SELECT count(*) FROM after a FULL JOIN replay_before b USING (site_id, participant_id)
              WHERE a.journey::jsonb IS DISTINCT FROM b.journey::jsonb) AS differences`,
    [topic],
  );
  await session.query(`DROP TABLE replay_before`);
  return {
    messages: total,
    participantsBefore: Number(counts.before),
    participantsAfter: Number(counts.after),
    differences: Number(counts.differences),
  };
}

import { sql } from './database';
import { eventually } from './http';
import { eventStoreCount } from './journeys';
import { KafkaInspector } from './kafka-inspect';
import { messyTrialEvents } from './random-journeys';
import { TopicWriter } from './topic-writer';
import type { TrialHarness } from './trial-harness';

/**
 * Waits until the projector has projected every message on `topic` that is there now: the
 * offsets it stored (with the read models, in one transaction) add up to the topic's
 * messages. A condition to await before checking that something did NOT happen (a duplicate
 * not counted twice), instead of sleeping and hoping it would have happened by then.
 */
export async function projectedEverything(
  topic: string,
  consumerGroup: string,
  timeoutMs = 60_000,
): Promise<void> {
  const inspector = new KafkaInspector();
  try {
    const onTopic = await inspector.messageCount(topic);
    await eventually(
      async () => {
        const [{ n }] = await sql<{ n: string }>(
          `SELECT coalesce(sum(next_offset), 0)::text AS n FROM projector_offsets WHERE consumer_group = $1 AND topic = $2`,
          [consumerGroup, topic],
        );
        return Number(n) >= onTopic ? true : undefined;
      },
      timeoutMs,
      `the projector to reach the end of ${topic} (${onTopic} messages)`,
    );
  } finally {
    await inspector.close();
  }
}

/**
 * Sends a simulated site's messy events (`messyTrialEvents`) to the harness's topic and waits
 * until the running projector has stored every distinct one. Returns what was sent.
 */
export async function projectMessyTrial(
  harness: TrialHarness,
  writer: TopicWriter,
  site: string,
  participants: number,
  seed: number,
): Promise<Record<string, any>[]> {
  const sent = messyTrialEvents(site, participants, seed);
  await writer.send(
    `${harness.tag}.ips.participant-events`,
    sent.map((e) => TopicWriter.message(e, harness.trialId)),
  );
  const distinct = new Set(sent.map((e) => e.eventId)).size;
  await eventually(
    async () => ((await eventStoreCount([site])).rows === distinct ? true : undefined),
    60_000,
    'all events projected',
  );
  return sent;
}

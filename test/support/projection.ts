import { sql } from './database';
import { eventually } from './http';
import { KafkaInspector } from './kafka-inspect';

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

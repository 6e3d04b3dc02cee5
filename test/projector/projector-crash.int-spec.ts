import { sql } from '../support/database';
import { eventually } from '../support/http';
import { eventStoreCount, expectedJourneys, storedJourneys } from '../support/journeys';
import { KafkaInspector } from '../support/kafka-inspect';
import { messyTrialEvents } from '../support/random-journeys';
import { ServiceProcess } from '../support/service-process';
import { TopicWriter } from '../support/topic-writer';
import { TrialHarness } from '../support/trial-harness';

// Issue 4: crash safety. The projector is killed (SIGKILL, by its own fault-injection hook)
// at each point of a batch — before the transaction, inside it, after the commit but before
// Kafka hears of it — again and again, and restarted each time. Afterwards the journeys must
// equal a pure fold of everything sent: nothing lost, nothing counted twice.
const CRASH_POINTS = ['before-transaction', 'inside-transaction', 'after-commit'] as const;

describe.each(CRASH_POINTS)('projector killed %s', (point) => {
  const harness = new TrialHarness();
  const writer = new TopicWriter();
  const inspector = new KafkaInspector();
  const site = `${harness.tag}-crash`;

  afterAll(async () => {
    await writer.close();
    await inspector.close();
    await harness.stopAll();
  }, 60_000);

  it('loses nothing and counts nothing twice', async () => {
    const topic = `${harness.tag}.ips.participant-events`;
    const sent = messyTrialEvents(site, 80, point.length);
    const distinct = new Set(sent.map((e) => e.eventId)).size;

    // the first (crashing) start creates the topics; write once they exist
    const env = harness.env({
      PROJECTOR_SUB_BATCH: '40',
      PROJECTOR_CRASH_AT: point,
      PROJECTOR_CRASH_AFTER_BATCHES: '3',
    });
    let crashes = 0;
    let proc = ServiceProcess.launch('projector', env, { tag: harness.tag });
    await eventually(
      async () =>
        (await inspector.messageCount(topic)) >= 0 && (await topicExists(inspector, topic))
          ? true
          : undefined,
      30_000,
      'topic',
    );
    await writer.send(
      topic,
      sent.map((e) => TopicWriter.message(e, harness.trialId)),
    );

    // crash, restart, crash… until a crashing run makes no progress any more
    for (let round = 0; round < 40; round++) {
      const code = await Promise.race([
        proc.waitForExit(),
        new Promise<'alive'>((r) => setTimeout(() => r('alive'), 20_000)),
      ]);
      if (code === 'alive') {
        // it stopped crashing because nothing is left to project; or it is still waiting out
        // the killed member's session before it gets its partitions: then keep waiting
        if ((await eventStoreCount([site])).rows === distinct) break;
        continue;
      }
      crashes++;
      if ((await eventStoreCount([site])).rows === distinct && point !== 'after-commit') break;
      proc = ServiceProcess.launch('projector', env, { tag: harness.tag });
    }
    await proc.kill();
    expect(crashes).toBeGreaterThan(1);

    // a clean projector finishes the job
    const clean = await ServiceProcess.start('projector', harness.env(), { tag: harness.tag });
    try {
      await eventually(
        async () => ((await eventStoreCount([site])).rows === distinct ? true : undefined),
        60_000,
        'all events stored',
      );
      await eventually(
        async () => {
          const offsets = await sql<{ n: string }>(
            `SELECT coalesce(sum(next_offset), 0) AS n FROM projector_offsets WHERE topic = $1`,
            [topic],
          );
          return Number(offsets[0].n) === (await inspector.messageCount(topic)) ? true : undefined;
        },
        60_000,
        'offsets at the end of the topic',
      );
    } finally {
      await clean.stop();
    }

    expect(await eventStoreCount([site])).toEqual({ rows: distinct, distinct });
    expect(await storedJourneys([site])).toEqual(expectedJourneys(sent, harness.trialId));
  }, 600_000);
});

async function topicExists(inspector: KafkaInspector, topic: string): Promise<boolean> {
  try {
    await inspector.messageCount(topic);
    const admin = (
      inspector as unknown as { getAdmin(): Promise<{ listTopics(): Promise<string[]> }> }
    ).getAdmin();
    return (await (await admin).listTopics()).includes(topic);
  } catch {
    return false;
  }
}

import { randomUUID } from 'node:crypto';
import { sql } from '../support/database';
import { validEvent } from '../support/events';
import { eventually } from '../support/http';
import { eventStoreCount, expectedJourneys, storedJourneys } from '../support/journeys';
import { KafkaInspector } from '../support/kafka-inspect';
import { TopicWriter } from '../support/topic-writer';
import { TrialHarness } from '../support/trial-harness';

// Issue 4: the projector against the real broker and database. Messages are written straight
// onto the topic so the test controls order, duplicates and poison.
const harness = new TrialHarness({ PROJECTOR_SUB_BATCH: '7' });
const writer = new TopicWriter();
const inspector = new KafkaInspector();
const site = `${harness.tag}-s`;
let topic = '';

beforeAll(async () => {
  await harness.start(['projector']);
  topic = `${harness.tag}.ips.participant-events`;
}, 120_000);

afterAll(async () => {
  await writer.close();
  await inspector.close();
  await harness.stopAll();
}, 60_000);

const ev = (
  type: Parameters<typeof validEvent>[0],
  participantId: string,
  occurredOn: string,
  data?: Record<string, unknown>,
) => validEvent(type, site, participantId, { occurredOn, ...(data ? { data } : {}) });

async function waitForJourneys(expected: number): Promise<void> {
  await eventually(
    async () => ((await storedJourneys([site])).size >= expected ? true : undefined),
    30_000,
    `${expected} journeys`,
  );
}

it('folds out-of-order arrivals, duplicates and a retraction that arrives before its event into the right journeys', async () => {
  const referral = ev('participant.referred', 'A', '2017-07-03');
  const randomised = ev('participant.randomised', 'A', '2017-07-10', { arm: 'ips' });
  const started = ev('job.started', 'A', '2017-09-01', { jobId: 'j1', hoursPerWeek: 20, competitive: true });
  const ended = ev('job.ended', 'A', '2017-10-01', { jobId: 'j1', reason: 'resigned' });
  const bJob = ev('job.started', 'B', '2017-09-05', { jobId: 'jb', hoursPerWeek: 10, competitive: true });
  const bReferral = ev('participant.referred', 'B', '2017-07-01');
  const bRetraction = ev('event.retracted', 'B', '2017-09-06', {
    retractedEventId: bJob.eventId,
    reason: 'wrong participant',
  });
  const cRetraction = ev('event.retracted', 'C', '2017-09-06', {
    retractedEventId: randomUUID(),
    reason: 'typo',
  });
  const cReferral = ev('participant.referred', 'C', '2017-07-01');

  // A arrives newest-first with its job start twice; B's retraction comes before the job it retracts.
  const sent = [
    ended,
    started,
    randomised,
    started,
    referral,
    bRetraction,
    bReferral,
    bJob,
    cReferral,
    cRetraction,
  ];
  await writer.send(
    topic,
    sent.map((e) => TopicWriter.message(e, harness.trialId)),
  );
  await eventually(
    async () => ((await eventStoreCount([site])).rows === 9 ? true : undefined),
    30_000,
    '9 stored events',
  );

  const stored = await storedJourneys([site]);
  expect(stored).toEqual(expectedJourneys(sent, harness.trialId));
  const a = stored.get(`${site}:A`)!;
  expect(a.randomisation).toEqual({ on: '2017-07-10', arm: 'ips' });
  expect(a.jobs).toEqual([
    expect.objectContaining({ jobId: 'j1', startedOn: '2017-09-01', endedOn: '2017-10-01' }),
  ]);
  expect(a.findings.map((f) => f.code)).toEqual(['randomised_without_consent']);
  expect(stored.get(`${site}:B`)!.jobs).toEqual([]);
  expect(stored.get(`${site}:C`)!.findings.map((f) => f.code)).toEqual(['retraction_target_not_found']);
  expect(await eventStoreCount([site])).toEqual({ rows: 9, distinct: 9 });
});

it('sends every kind of poison message to the DLQ with the reason and origin, and keeps consuming', async () => {
  const good = ev('participant.referred', 'D', '2017-07-03');
  const base = TopicWriter.message(good, harness.trialId);
  const key = base.key;
  const body = JSON.parse(base.value!);
  const poison: [string, { key: string | null; value: string | null; headers?: Record<string, string> }][] = [
    ['not JSON', { key, value: '{"eventId": ' }],
    ['empty value', { key, value: null }],
    ['a JSON array', { key, value: '[1,2]' }],
    [
      'unknown type',
      { key, value: JSON.stringify({ ...body, eventId: randomUUID(), type: 'participant.hired' }) },
    ],
    ['schemaVersion 2', { key, value: JSON.stringify({ ...body, eventId: randomUUID(), schemaVersion: 2 }) }],
    [
      'a missing data field',
      {
        key,
        value: JSON.stringify({ ...body, eventId: randomUUID(), data: { condition: 'mental_health' } }),
      },
    ],
    ['no trialId', { key, value: JSON.stringify({ ...body, eventId: randomUUID(), trialId: undefined }) }],
    [
      'occurredOn after recordedAt',
      {
        key,
        value: JSON.stringify({
          ...body,
          eventId: randomUUID(),
          occurredOn: '2030-01-01',
          recordedAt: '2020-01-01T00:00:00Z',
        }),
      },
    ],
    [
      'a key that is not siteId:participantId',
      { key: `${site}:someone-else`, value: JSON.stringify({ ...body, eventId: randomUUID() }) },
    ],
    [
      'a type header that contradicts the value',
      {
        key,
        value: JSON.stringify({ ...body, eventId: randomUUID() }),
        headers: { type: 'job.ended', schemaVersion: '1' },
      },
    ],
  ];
  const after = ev('participant.consented', 'D', '2017-07-05');
  const dlqTopic = `${harness.tag}.ips.participant-events.dlq`;
  const dlqBefore = await inspector.messageCount(dlqTopic);

  await writer.send(topic, [base, ...poison.map(([, m]) => m), TopicWriter.message(after, harness.trialId)]);

  await eventually(
    async () => {
      const j = (await storedJourneys([site])).get(`${site}:D`);
      return j && j.consents.length === 1 ? true : undefined;
    },
    30_000,
    'the event after the poison to be projected',
  );
  await eventually(
    async () => ((await inspector.messageCount(dlqTopic)) >= dlqBefore + poison.length ? true : undefined),
    30_000,
    'DLQ messages',
  );

  const dlq = (await inspector.readAll(dlqTopic)).slice(dlqBefore);
  expect(dlq).toHaveLength(poison.length);
  for (const m of dlq) {
    expect(m.headers).toEqual({
      deadLetterId: `${topic}/${m.headers.originalPartition}/${m.headers.originalOffset}`,
      reason: expect.any(String),
      originalTopic: topic,
      originalPartition: expect.stringMatching(/^\d+$/),
      originalOffset: expect.stringMatching(/^\d+$/),
    });
  }
  // one id per poison message: the DLQ contract a consumer dedupes by
  expect(new Set(dlq.map((m) => m.headers.deadLetterId)).size).toBe(poison.length);
  const reasons = dlq.map((m) => m.headers.reason).join('\n');
  for (const expected of [
    /not valid JSON/,
    /empty/,
    /not a JSON object/,
    /type/,
    /schemaVersion/,
    /data.referralSource/,
    /trialId/,
    /future/,
    /key/,
    /header type/,
  ]) {
    expect(reasons).toMatch(expected);
  }
  // a DLQ message is produced before its batch's transaction commits the dead_letters row,
  // and the message with the wrong key may sit in another partition, projected separately
  const deadLetters = async () =>
    (await sql(`SELECT count(*)::int AS n FROM dead_letters WHERE topic = $1`, [topic]))[0].n as number;
  await eventually(
    async () => ((await deadLetters()) >= poison.length ? true : undefined),
    30_000,
    'dead_letters rows',
  );
  expect(await deadLetters()).toBe(poison.length);
  expect((await storedJourneys([site])).get(`${site}:D`)!.referrals).toHaveLength(1);
});

it('stores its offsets in Postgres, equal to what it consumed', async () => {
  await waitForJourneys(4);
  const stored = async () => {
    const offsets = await sql<{ partition: number; next_offset: string }>(
      `SELECT partition, next_offset FROM projector_offsets WHERE consumer_group = $1 AND topic = $2`,
      [`${harness.tag}-projector`, topic],
    );
    return offsets.reduce((sum, o) => sum + Number(o.next_offset), 0);
  };
  const end = await inspector.messageCount(topic);
  // the projector may still be committing its last batch: wait until it has caught up, then
  // the stored offsets must be exactly the end of the log (never beyond it)
  await eventually(
    async () => ((await stored()) >= end ? true : undefined),
    30_000,
    'offsets at the end of the topic',
  );
  expect(await stored()).toBe(end);
});

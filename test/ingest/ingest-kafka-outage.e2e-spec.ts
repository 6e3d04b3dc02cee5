import { request } from 'node:http';
import { sql } from '../support/database';
import { validEvent } from '../support/events';
import { eventually, http } from '../support/http';
import { KafkaInspector } from '../support/kafka-inspect';
import { OwnBroker } from '../support/own-broker';
import { TrialHarness } from '../support/trial-harness';

// Issue 3: Kafka stopped mid-request → 503 with Retry-After; after the broker is back, a
// retry of the same events is accepted once. This test runs its own broker so stopping it
// disturbs nothing else.
let broker: OwnBroker;
let harness: TrialHarness;

beforeAll(async () => {
  broker = await OwnBroker.create('ingest-outage'); // ports from the OS
  harness = new TrialHarness({
    KAFKA_BROKERS: broker.bootstrap,
    RATE_LIMIT_PER_SECOND: '1000',
    RATE_LIMIT_BURST: '1000',
  });
  broker.start();
  await harness.start(['ingest', 'projector']);
  await harness.createTrial(1);
}, 180_000);

afterAll(async () => {
  await harness?.stopAll();
  broker?.destroy();
}, 90_000);

const events = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) =>
    validEvent('participant.referred', harness.sites[0].siteId, `${prefix}-${i}`),
  );

async function storedCount(eventIds: string[]): Promise<number> {
  const [row] = await sql<{ n: string }>(
    `SELECT count(*) AS n FROM participant_events WHERE event_id = ANY($1::uuid[])`,
    [eventIds],
  );
  return Number(row.n);
}

it('answers 503 with Retry-After while Kafka is down, and accepts the retry once when it is back', async () => {
  const key = harness.sites[0].apiKey;
  const url = `${harness.url('ingest')}/v1/events`;
  const before = events(20, 'B');
  expect((await http('POST', url, { key, json: before })).body.accepted).toBe(20);

  broker.stop();
  const during = events(50, 'D');
  const refused = await http('POST', url, { key, json: during });
  expect(refused.status).toBe(503);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(refused.body).toMatchObject({
    statusCode: 503,
    error: 'Service Unavailable',
    message: expect.stringMatching(/Kafka/),
  });

  broker.start();
  const retried = await eventually(
    async () => {
      const res = await http('POST', url, { key, json: during });
      return res.status === 202 ? res : undefined;
    },
    60_000,
    'ingest to recover without a restart',
  );
  expect(retried.body).toEqual({ accepted: 50, duplicates: 0, rejected: [] });
  const again = await http('POST', url, { key, json: during });
  expect(again.body).toEqual({ accepted: 0, duplicates: 50, rejected: [] });

  const ids = [...before, ...during].map((e) => e.eventId);
  await eventually(
    async () => ((await storedCount(ids)) === 70 ? true : undefined),
    60_000,
    'all 70 events in the event store',
  );
}, 180_000);

it('stops an NDJSON stream with 503 when Kafka dies mid-request; resending the whole stream accepts the rest exactly once', async () => {
  const key = harness.sites[0].apiKey;
  const all = events(6_000, 'S');
  const lines = all.map((e) => JSON.stringify(e) + '\n');

  // Stream the upload; once Kafka holds the first chunk, kill the broker and keep sending.
  const inspector = new KafkaInspector(broker.bootstrap);
  const topic = `${harness.tag}.ips.participant-events`;
  const already = await inspector.messageCount(topic);
  const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
    const u = new URL(`${harness.url('ingest')}/v1/events`);
    const timer = setTimeout(() => reject(new Error('no answer within 90 s')), 90_000);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          clearTimeout(timer);
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch (err) {
            reject(
              new Error(
                `answer ${res.statusCode} is not JSON: ${text.slice(0, 200)} (${(err as Error).message})`,
              ),
            );
          }
        });
      },
    );
    req.on('error', reject);
    const write = (line: string) =>
      new Promise<void>((done) => (req.write(line) ? done() : req.once('drain', () => done())));
    (async () => {
      for (const line of lines.slice(0, 2_500)) await write(line);
      await eventually(
        async () => ((await inspector.messageCount(topic)) >= already + 1_000 ? true : undefined),
        30_000,
        'the first chunk in Kafka',
      );
      broker.kill();
      for (const line of lines.slice(2_500)) await write(line);
      req.end();
    })().catch(reject);
  });
  await inspector.close();
  expect(answer.status).toBe(503);
  const acceptedSoFar: number = answer.body.details.acceptedSoFar.accepted;
  expect(acceptedSoFar).toBeGreaterThan(0);
  expect(acceptedSoFar).toBeLessThan(all.length);

  broker.start();
  const resend = await eventually(
    async () => {
      const res = await http('POST', `${harness.url('ingest')}/v1/events`, {
        key,
        body: lines.join(''),
        contentType: 'application/x-ndjson',
      });
      return res.status === 202 ? res : undefined;
    },
    60_000,
    'the resend to be accepted',
  );
  expect(resend.body.rejected).toEqual([]);
  expect(resend.body.duplicates).toBe(acceptedSoFar);
  expect(resend.body.accepted).toBe(all.length - acceptedSoFar);
  await eventually(
    async () => ((await storedCount(all.map((e) => e.eventId))) === all.length ? true : undefined),
    90_000,
    'all events stored once',
  );
}, 240_000);

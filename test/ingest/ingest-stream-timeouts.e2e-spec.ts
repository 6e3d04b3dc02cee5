import { request, type ClientRequest } from 'node:http';
import { validEvent } from '../support/events';
import { eventually } from '../support/http';
import { KafkaInspector } from '../support/kafka-inspect';
import { TrialHarness } from '../support/trial-harness';

// Issue 15 (4): a streamed upload (NDJSON, CSV) has no batch limit, so the total request
// timeout must not cut one that keeps sending; one that stops sending is answered 408 after
// INGEST_STREAM_IDLE_TIMEOUT_MS and closed, keeping what was acknowledged and nothing else.
// The settings are shortened so the test stays short: an upload here lasts several times
// REQUEST_TIMEOUT_MS, as a long real one would outlast the default 300 s.
const REQUEST_TIMEOUT_MS = 2_000;
const IDLE_MS = 1_500;
const CHUNK = 5;
const harness = new TrialHarness({
  REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  HEADERS_TIMEOUT_MS: '1000',
  INGEST_STREAM_IDLE_TIMEOUT_MS: String(IDLE_MS),
  INGEST_CHUNK_SIZE: String(CHUNK),
});
const inspector = new KafkaInspector();
const topic = () => `${harness.tag}.ips.participant-events`;

beforeAll(async () => {
  await harness.start(['ingest']);
  await harness.createTrial(1);
}, 120_000);

afterAll(async () => {
  await inspector.close();
  await harness.stopAll();
}, 60_000);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  /** the server closed the connection */
  closed: Promise<void>;
}

/** An upload the test writes by hand; `answer` settles with the server's response. */
function upload(path: string, contentType: string): { req: ClientRequest; answer: Promise<Answer> } {
  const u = new URL(`${harness.url('ingest')}${path}`);
  let req!: ClientRequest;
  const answer = new Promise<Answer>((resolve, reject) => {
    req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${harness.sites[0].apiKey}`,
          'content-type': contentType,
          'transfer-encoding': 'chunked',
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: JSON.parse(text),
              closed: new Promise((done) =>
                req.socket?.destroyed ? done() : req.socket?.once('close', done),
              ),
            });
          } catch (err) {
            reject(new Error(`answer ${res.statusCode} is not JSON: ${text.slice(0, 200)} (${String(err)})`));
          }
        });
      },
    );
    req.on('error', reject);
  });
  return { req, answer };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function csvLine(e: Record<string, any>): string {
  return `${e.eventId},${e.type},${e.participantId},${e.occurredOn},${e.data.condition},${e.data.referralSource},${e.data.employmentStatus}\n`;
}
const CSV_HEADER =
  'eventId,type,participantId,occurredOn,data.condition,data.referralSource,data.employmentStatus\n';

async function eventIdsOnTopic(): Promise<Set<string>> {
  return new Set((await inspector.readAll(topic())).map((m) => JSON.parse(m.value!).eventId as string));
}

describe.each([
  ['NDJSON', '/v1/events', 'application/x-ndjson', '', (e: Record<string, any>) => `${JSON.stringify(e)}\n`],
  ['CSV', '/v1/events/csv', 'text/csv', CSV_HEADER, csvLine],
] as const)('%s', (name, path, contentType, header, line) => {
  it('an upload that keeps sending for 3× REQUEST_TIMEOUT_MS, a line every 250 ms, is taken in whole (202)', async () => {
    const events = Array.from({ length: Math.ceil((3 * REQUEST_TIMEOUT_MS) / 250) }, (_, i) =>
      validEvent('participant.referred', harness.sites[0].siteId, `LONG-${name}-${i}`),
    );
    const { req, answer } = upload(path, contentType);
    if (header) req.write(header);
    for (const e of events) {
      req.write(line(e));
      await pause(250); // the client's pace: slower than the total timeout allows, never idle
    }
    req.end();
    const res = await answer;
    expect({ status: res.status, body: res.body }).toEqual({
      status: 202,
      body: { accepted: events.length, duplicates: 0, rejected: [] },
    });
    const onTopic = await eventIdsOnTopic();
    expect(events.filter((e) => !onTopic.has(e.eventId))).toEqual([]);
  }, 60_000);

  it('an upload that stops sending is answered 408 and closed: what was acknowledged stays, nothing after it is written', async () => {
    const site = harness.sites[0].siteId;
    const acknowledged = Array.from({ length: 2 * CHUNK }, (_, i) =>
      validEvent('participant.referred', site, `STALL-A-${name}-${i}`),
    );
    // fewer than a chunk: read by the ingest, but held until the chunk fills or the body ends
    const held = Array.from({ length: CHUNK - 2 }, (_, i) =>
      validEvent('participant.referred', site, `STALL-H-${name}-${i}`),
    );
    const all = [...acknowledged, ...held];
    const { req, answer } = upload(path, contentType);
    req.write(header + acknowledged.map(line).join(''));
    // (a CSV parser holds a row back until it sees what follows it, so wait for one chunk)
    await eventually(
      async () => {
        const ids = await eventIdsOnTopic();
        return acknowledged.slice(0, CHUNK).every((e) => ids.has(e.eventId)) ? true : undefined;
      },
      30_000,
      'the first chunk in Kafka',
    );
    req.write(held.map(line).join(''));
    // …and then nothing more: the request stays open, its body unfinished
    const res = await answer;
    expect(res.status).toBe(408);
    expect(res.headers.connection).toBe('close');
    expect(res.body).toMatchObject({
      statusCode: 408,
      error: 'Request Timeout',
      message: expect.stringContaining('INGEST_STREAM_IDLE_TIMEOUT_MS'),
      details: { acceptedSoFar: { duplicates: 0, rejected: [] } },
    });
    await res.closed;
    // exactly the events acknowledged (whole chunks, in order) are in Kafka, none after them
    const accepted: number = res.body.details.acceptedSoFar.accepted;
    expect(accepted).toBeGreaterThanOrEqual(CHUNK);
    expect(accepted).toBeLessThan(all.length);
    const onTopic = await eventIdsOnTopic();
    expect(all.map((e) => onTopic.has(e.eventId))).toEqual(all.map((_, i) => i < accepted));
    req.destroy();
  }, 60_000);
});

it('a JSON body is still held to the total REQUEST_TIMEOUT_MS: one dribbling in slower is answered 408', async () => {
  const body = JSON.stringify([validEvent('participant.referred', harness.sites[0].siteId, 'JSON-SLOW')]);
  const u = new URL(`${harness.url('ingest')}/v1/events`);
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${harness.sites[0].apiKey}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    let i = 0;
    const drip = setInterval(() => {
      // a byte every 200 ms: never idle, but the whole body would take far longer than 2 s
      if (i < body.length - 1 && !req.destroyed) req.write(body[i++]);
    }, 200);
    req.once('close', () => clearInterval(drip));
    req.once('response', () => clearInterval(drip));
  });
  expect(status).toBe(408);
}, 30_000);

import { randomUUID } from 'node:crypto';
import { EVENT_TYPES } from '@ips/contracts';
import { validEvent } from '../support/events';
import { http } from '../support/http';
import { KafkaInspector } from '../support/kafka-inspect';
import { TrialHarness } from '../support/trial-harness';

// Issue 3: three ways in with one answer shape (JSON by index, NDJSON by line, CSV by row),
// the Kafka message form, OpenAPI with an example per event type, health and metrics.
const harness = new TrialHarness({ RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '1000' });
const inspector = new KafkaInspector();
let siteId = '';
let key = '';
let topic = '';

beforeAll(async () => {
  await harness.start(['ingest']);
  await harness.createTrial(1);
  ({ siteId, apiKey: key } = harness.sites[0]);
  topic = `${harness.tag}.ips.participant-events`;
}, 120_000);

afterAll(async () => {
  await inspector.close();
  await harness.stopAll();
}, 60_000);

const csvPost = (text: string) =>
  http('POST', `${harness.url('ingest')}/v1/events/csv`, { key, body: text, contentType: 'text/csv' });

describe('NDJSON', () => {
  it('reports results by line (1-based), skipping blank lines but counting them', async () => {
    const good = validEvent('participant.referred', siteId, 'N-1');
    const bad = validEvent('participant.randomised', siteId, 'N-1', { data: { arm: 'placebo' } });
    const body = `${JSON.stringify(good)}\n\n${JSON.stringify(bad)}\nnot json\n${JSON.stringify(good)}\n`;
    const res = await http('POST', `${harness.url('ingest')}/v1/events`, {
      key,
      body,
      contentType: 'application/x-ndjson',
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.duplicates).toBe(1);
    expect(res.body.rejected.map((r: { line: number; status: number }) => [r.line, r.status])).toEqual([
      [3, 400],
      [4, 400],
    ]);
    expect(res.body.rejected[0].errors[0].path).toBe('data.arm');
  });
});

describe('CSV', () => {
  const header =
    'eventId,type,participantId,occurredOn,data.condition,data.referralSource,data.employmentStatus,data.arm,data.jobId,data.hoursPerWeek,data.competitive';

  it('accepts typed rows and reports results by spreadsheet row (header = 1)', async () => {
    const before = await inspector.messageCount(topic);
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const text = [
      header,
      `${ids[0]},participant.referred,C-1,2017-07-03,musculoskeletal,msk_service,employed_off_sick,,,,`,
      `${ids[1]},participant.randomised,C-1,2017-07-10,,,,usual_care,,,`,
      `${ids[2]},job.started,C-1,2017-09-01,,,,,j1,twenty,true`,
      `${ids[3]},job.started,C-1,2017-09-01,,,,,j1,18.5,true`,
      `${randomUUID()},job.started,C-1,2017-09-01,,,,,j1`,
    ].join('\n');
    const res = await csvPost(text);
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(3);
    expect(res.body.rejected.map((r: { row: number }) => r.row)).toEqual([4, 6]);
    expect(res.body.rejected[0].errors[0]).toMatchObject({
      path: 'data.hoursPerWeek',
      message: expect.stringMatching(/number/),
    });
    expect(res.body.rejected[1].errors[0].message).toMatch(/cells/);
    const messages = (await inspector.readAll(topic)).slice(before);
    const job = messages.map((m) => JSON.parse(m.value!)).find((e) => e.eventId === ids[3]);
    expect(job.data).toEqual({ jobId: 'j1', hoursPerWeek: 18.5, competitive: true });
    expect(job.siteId).toBe(siteId);
  });

  it.each([
    ['an unknown column', 'eventId,type,participantId,occurredOn,data.colour', 'data.colour'],
    ['a missing envelope column', 'eventId,type,occurredOn,data.arm', 'participantId'],
    ['a repeated column', 'eventId,type,participantId,occurredOn,data.arm,data.arm', 'data.arm'],
    ['a siteId column (the key decides the site)', 'eventId,type,siteId,participantId,occurredOn', 'siteId'],
  ])('rejects a header with %s: 400 naming the column, nothing produced', async (_name, head, column) => {
    const before = await inspector.messageCount(topic);
    const res = await csvPost(`${head}\n${randomUUID()},participant.consented,C-2,2017-07-03\n`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/header/);
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(column);
    expect(await inspector.messageCount(topic)).toBe(before);
  });

  it('rejects an empty upload and a non-CSV content type', async () => {
    expect((await csvPost('')).status).toBe(400);
    const wrongType = await http('POST', `${harness.url('ingest')}/v1/events/csv`, { key, json: [] });
    expect(wrongType.status).toBe(415);
  });
});

describe('the Kafka message', () => {
  it('is keyed siteId:participantId, carries type and schemaVersion headers, and adds trialId and recordedAt', async () => {
    const before = await inspector.messageCount(topic);
    const event = validEvent('job.started', siteId, 'K-9');
    const res = await http('POST', `${harness.url('ingest')}/v1/events`, { key, json: [event] });
    expect(res.body.accepted).toBe(1);
    const [message] = (await inspector.readAll(topic)).filter((m) => m.value?.includes(event.eventId));
    expect(await inspector.messageCount(topic)).toBe(before + 1);
    expect(message.key).toBe(`${siteId}:K-9`);
    expect(message.headers).toEqual({ type: 'job.started', schemaVersion: '1' });
    const value = JSON.parse(message.value!);
    expect(value).toEqual({
      ...event,
      trialId: harness.trialId,
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });
});

describe('operations', () => {
  it('documents the API at /docs with an example for every event type', async () => {
    const doc = await http('GET', `${harness.url('ingest')}/docs/openapi.json`);
    expect(doc.status).toBe(200);
    const post = doc.body.paths['/v1/events'].post;
    const examples = post.requestBody.content['application/json'].examples;
    expect(Object.keys(examples).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) expect(examples[type].value[0].type).toBe(type);
    expect(doc.body.paths['/v1/events/csv']).toBeDefined();
    expect(doc.body.components.schemas.JobStartedDataDto.properties.hoursPerWeek).toBeDefined();
    expect(doc.body.components.schemas.WellbeingMeasuredDataDto.properties.instrument.enum).toEqual([
      'wemwbs',
      'swemwbs',
      'phq9',
      'gad7',
      'eq5d_vas',
    ]);
    expect(examples['wellbeing.measured'].value[0].data).toEqual({ instrument: 'wemwbs', score: 41 });
    expect((await http('GET', `${harness.url('ingest')}/docs`)).status).toBe(200);
  });

  it('reports health of Kafka and Postgres', async () => {
    const res = await http('GET', `${harness.url('ingest')}/health`);
    expect(res.status).toBe(200);
    expect(res.body.details).toEqual({ postgres: { status: 'up' }, kafka: { status: 'up' } });
  });

  it('counts accepted, duplicate and rejected events by type and reason, and produce latency', async () => {
    const event = validEvent('participant.withdrawn', siteId, 'M-1');
    await http('POST', `${harness.url('ingest')}/v1/events`, {
      key,
      json: [event, event, { ...event, eventId: 'x' }],
    });
    const metrics = (await http('GET', `${harness.url('ingest')}/metrics`)).text;
    expect(metrics).toMatch(
      /ingest_events_total\{outcome="accepted",type="participant.withdrawn",reason=""\} [1-9]/,
    );
    expect(metrics).toMatch(
      /ingest_events_total\{outcome="duplicate",type="participant.withdrawn",reason=""\} [1-9]/,
    );
    expect(metrics).toMatch(
      /ingest_events_total\{outcome="rejected",type="participant.withdrawn",reason="invalid"\} [1-9]/,
    );
    expect(metrics).toMatch(/ingest_produce_seconds_count [1-9]/);
  });
});

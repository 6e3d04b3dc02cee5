import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, type EventType } from '@ips/contracts';
import { daysFromToday, validEvent } from '../support/events';
import { http } from '../support/http';
import { KafkaInspector } from '../support/kafka-inspect';
import { TrialHarness } from '../support/trial-harness';

// Issue 3: the bad-input battery and the property test. Every case asserts the status, the
// named field and that nothing reached Kafka (the test's own topic's message count).
const harness = new TrialHarness({
  INGEST_JSON_BODY_LIMIT: '256kb',
  INGEST_MAX_BATCH: '50',
  RATE_LIMIT_PER_SECOND: '1000',
  RATE_LIMIT_BURST: '1000',
});
const inspector = new KafkaInspector();
let topic = '';
let siteId = '';
let key = '';

beforeAll(async () => {
  await harness.start(['ingest']);
  await harness.createTrial(1);
  topic = `${harness.tag}.ips.participant-events`;
  ({ siteId, apiKey: key } = harness.sites[0]);
}, 120_000);

afterAll(async () => {
  await inspector.close();
  await harness.stopAll();
}, 60_000);

const post = (body: unknown, opts: { contentType?: string; raw?: string } = {}) =>
  http(
    'POST',
    `${harness.url('ingest')}/v1/events`,
    opts.raw !== undefined
      ? { key, body: opts.raw, contentType: opts.contentType ?? 'application/json' }
      : { key, json: body },
  );

type Mutation = (e: Record<string, any>) => void;
const long = (n: number) => 'x'.repeat(n);

// [case, event type, mutation, field that must be named, words the message must contain]
const BAD_EVENTS: [string, EventType, Mutation, string, RegExp][] = [
  ['unknown envelope field', 'participant.consented', (e) => (e.extra = 1), 'extra', /not a field/],
  ['unknown data field', 'participant.consented', (e) => (e.data.note = 'x'), 'data.note', /not a field/],
  ['eventId not a UUID', 'participant.consented', (e) => (e.eventId = 'abc'), 'eventId', /UUID/],
  ['eventId missing', 'participant.consented', (e) => delete e.eventId, 'eventId', /required/],
  ['unknown type', 'participant.consented', (e) => (e.type = 'participant.hired'), 'type', /one of/],
  ['schemaVersion 2', 'participant.consented', (e) => (e.schemaVersion = 2), 'schemaVersion', /must be 1/],
  [
    'schemaVersion as text',
    'participant.consented',
    (e) => (e.schemaVersion = '1'),
    'schemaVersion',
    /must be 1/,
  ],
  [
    'participantId with a space',
    'participant.consented',
    (e) => (e.participantId = 'John Smith'),
    'participantId',
    /must match/,
  ],
  [
    'participantId too long',
    'participant.consented',
    (e) => (e.participantId = long(65)),
    'participantId',
    /must match/,
  ],
  [
    'participantId empty',
    'participant.consented',
    (e) => (e.participantId = ''),
    'participantId',
    /must match/,
  ],
  [
    'participantId a number',
    'participant.consented',
    (e) => (e.participantId = 123),
    'participantId',
    /string/,
  ],
  [
    'impossible date',
    'participant.consented',
    (e) => (e.occurredOn = '2017-02-30'),
    'occurredOn',
    /real calendar date/,
  ],
  ['non-ISO date', 'participant.consented', (e) => (e.occurredOn = '3/7/2017'), 'occurredOn', /ISO date/],
  [
    'date with time',
    'participant.consented',
    (e) => (e.occurredOn = '2017-07-03T10:00:00Z'),
    'occurredOn',
    /ISO date/,
  ],
  [
    'date before 2000',
    'participant.consented',
    (e) => (e.occurredOn = '1999-12-31'),
    'occurredOn',
    /before 2000-01-01/,
  ],
  [
    'date in the future',
    'participant.consented',
    (e) => (e.occurredOn = daysFromToday(3)),
    'occurredOn',
    /future/,
  ],
  ['date a number', 'participant.consented', (e) => (e.occurredOn = 20170703), 'occurredOn', /string/],
  ['data an array', 'participant.consented', (e) => (e.data = []), 'data', /object/],
  ['data missing', 'participant.consented', (e) => delete e.data, 'data', /required/],
  ['bad condition', 'participant.referred', (e) => (e.data.condition = 'cancer'), 'data.condition', /one of/],
  [
    'bad referral source',
    'participant.referred',
    (e) => (e.data.referralSource = 'gp'),
    'data.referralSource',
    /one of/,
  ],
  [
    'employment status missing',
    'participant.referred',
    (e) => delete e.data.employmentStatus,
    'data.employmentStatus',
    /required/,
  ],
  ['bad age band', 'participant.referred', (e) => (e.data.ageBand = '18-24'), 'data.ageBand', /one of/],
  ['bad sex', 'participant.referred', (e) => (e.data.sex = 'x'), 'data.sex', /one of/],
  [
    'eligible as text',
    'participant.eligibility_assessed',
    (e) => (e.data.eligible = 'yes'),
    'data.eligible',
    /boolean/,
  ],
  [
    'eligibility reason too long',
    'participant.eligibility_assessed',
    (e) => (e.data.reason = long(201)),
    'data.reason',
    /200/,
  ],
  ['bad arm', 'participant.randomised', (e) => (e.data.arm = 'control'), 'data.arm', /one of/],
  [
    'bad withdrawal reason',
    'participant.withdrawn',
    (e) => (e.data.reason = 'bored'),
    'data.reason',
    /one of/,
  ],
  ['zero hours', 'job.started', (e) => (e.data.hoursPerWeek = 0), 'data.hoursPerWeek', /greater than 0/],
  ['negative hours', 'job.started', (e) => (e.data.hoursPerWeek = -4), 'data.hoursPerWeek', /greater than 0/],
  [
    'hours over 80',
    'job.started',
    (e) => (e.data.hoursPerWeek = 80.5),
    'data.hoursPerWeek',
    /greater than 80/,
  ],
  ['hours as text', 'job.started', (e) => (e.data.hoursPerWeek = '20'), 'data.hoursPerWeek', /number/],
  ['competitive missing', 'job.started', (e) => delete e.data.competitive, 'data.competitive', /required/],
  ['jobId too long', 'job.started', (e) => (e.data.jobId = long(65)), 'data.jobId', /64/],
  [
    'wage not whole pence',
    'job.started',
    (e) => (e.data.hourlyWagePence = 9.5),
    'data.hourlyWagePence',
    /integer/,
  ],
  [
    'negative wage',
    'job.started',
    (e) => (e.data.hourlyWagePence = -1),
    'data.hourlyWagePence',
    /less than 0/,
  ],
  ['socCode 3 digits', 'job.started', (e) => (e.data.socCode = '123'), 'data.socCode', /4-digit/],
  ['socCode a number', 'job.started', (e) => (e.data.socCode = 9233), 'data.socCode', /string/],
  [
    'hours change over 80',
    'job.hours_changed',
    (e) => (e.data.hoursPerWeek = 100),
    'data.hoursPerWeek',
    /greater than 80/,
  ],
  ['bad job end reason', 'job.ended', (e) => (e.data.reason = 'fired'), 'data.reason', /one of/],
  ['inWork as text', 'job.retention_checked', (e) => (e.data.inWork = 'true'), 'data.inWork', /boolean/],
  [
    'retracted id not a UUID',
    'event.retracted',
    (e) => (e.data.retractedEventId = 'abc'),
    'data.retractedEventId',
    /UUID/,
  ],
  ['retraction reason missing', 'event.retracted', (e) => delete e.data.reason, 'data.reason', /required/],
  ['retraction reason too long', 'event.retracted', (e) => (e.data.reason = long(201)), 'data.reason', /200/],
  [
    'wellbeing score above its instrument',
    'wellbeing.measured',
    (e) => (e.data.score = 71),
    'data.score',
    /between 14 and 70 for wemwbs/,
  ],
  [
    'wellbeing score below its instrument',
    'wellbeing.measured',
    (e) => (e.data = { instrument: 'swemwbs', score: 6 }),
    'data.score',
    /between 7 and 35 for swemwbs/,
  ],
  [
    "wellbeing score in another instrument's range only",
    'wellbeing.measured',
    (e) => (e.data = { instrument: 'phq9', score: 41 }),
    'data.score',
    /between 0 and 27 for phq9/,
  ],
  [
    'fractional wellbeing score',
    'wellbeing.measured',
    (e) => (e.data.score = 41.5),
    'data.score',
    /whole number/,
  ],
  [
    'wellbeing score as text',
    'wellbeing.measured',
    (e) => (e.data.score = 'high'),
    'data.score',
    /whole number/,
  ],
  [
    'unknown instrument',
    'wellbeing.measured',
    (e) => (e.data.instrument = 'sf36'),
    'data.instrument',
    /one of wemwbs/,
  ],
  ['wellbeing score missing', 'wellbeing.measured', (e) => delete e.data.score, 'data.score', /required/],
  [
    'instrument missing',
    'wellbeing.measured',
    (e) => delete e.data.instrument,
    'data.instrument',
    /required/,
  ],
];

describe('bad input battery: each event is rejected, naming the field and rule, and nothing reaches Kafka', () => {
  it.each(BAD_EVENTS)('%s', async (_name, type, mutate, path, rule) => {
    const before = await inspector.messageCount(topic);
    const event = validEvent(type, siteId);
    mutate(event);
    const res = await post([event]);
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(0);
    expect(res.body.rejected).toHaveLength(1);
    expect(res.body.rejected[0]).toMatchObject({ index: 0, status: 400 });
    const named = res.body.rejected[0].errors.filter((e: { path: string }) => e.path === path);
    expect(named.length).toBeGreaterThan(0);
    expect(named.map((e: { message: string }) => e.message).join(' ')).toMatch(rule);
    expect(await inspector.messageCount(topic)).toBe(before);
  });

  it('accepts the valid events of a batch and rejects the invalid ones by index', async () => {
    const before = await inspector.messageCount(topic);
    const good = EVENT_TYPES.map((t) => validEvent(t, siteId));
    const bad = validEvent('job.started', siteId);
    bad.data.hoursPerWeek = 90;
    const res = await post([...good.slice(0, 3), bad, ...good.slice(3)]);
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(EVENT_TYPES.length);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([3]);
    expect(await inspector.messageCount(topic)).toBe(before + EVENT_TYPES.length);
  });

  it('rejects the same eventId with different content as 409 for that item, and produces nothing', async () => {
    const event = validEvent('participant.randomised', siteId);
    expect((await post([event])).body.accepted).toBe(1);
    const before = await inspector.messageCount(topic);
    const changed = { ...event, data: { arm: 'usual_care' } };
    const res = await post([changed]);
    expect(res.body.rejected[0]).toMatchObject({ index: 0, status: 409, eventId: event.eventId });
    expect(res.body.rejected[0].errors[0].path).toBe('eventId');
    expect(await inspector.messageCount(topic)).toBe(before);
  });

  const REQUEST_CASES: [string, number, RegExp, () => Promise<{ status: number; body: any }>][] = [
    ['body not an array', 400, /JSON array/, () => post({ events: [] })],
    ['malformed JSON', 400, /not valid JSON/, () => post(undefined, { raw: '[{"eventId": ' })],
    ['empty body', 400, /JSON array/, () => post(undefined, { raw: '' })],
    ['a JSON string, not an array', 400, /./, () => post(undefined, { raw: '"x"' })],
    [
      'too many events in a batch',
      413,
      /at most 50/,
      () => post(Array.from({ length: 51 }, () => validEvent('participant.consented', siteId))),
    ],
    ['body over the size limit', 413, /too large/, () => post([{ pad: 'x'.repeat(300_000) }])],
    [
      'wrong content type',
      415,
      /Content-Type/,
      () => post(undefined, { raw: 'hello', contentType: 'text/plain' }),
    ],
    [
      'another site in the batch',
      403,
      /another site/,
      () =>
        post([
          validEvent('participant.consented', siteId),
          validEvent('participant.consented', 'someone-else'),
        ]),
    ],
    [
      'no key',
      401,
      /API key/,
      () =>
        http('POST', `${harness.url('ingest')}/v1/events`, {
          json: [validEvent('participant.consented', siteId)],
        }),
    ],
  ];

  it.each(REQUEST_CASES)(
    'request: %s → %i, with the standard error body, nothing produced',
    async (_name, status, message, send) => {
      const before = await inspector.messageCount(topic);
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({
        statusCode: status,
        error: expect.any(String),
        message: expect.stringMatching(message),
      });
      expect(await inspector.messageCount(topic)).toBe(before);
    },
  );
});

describe('property: no input makes the ingest fail or produce an invalid event', () => {
  it('arbitrary JSON bodies never give a 5xx, and Kafka receives exactly what was accepted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
        const before = await inspector.messageCount(topic);
        const res = await post(undefined, { raw: JSON.stringify(body) });
        expect(res.status).toBeLessThan(500);
        const accepted = res.status === 202 ? res.body.accepted : 0;
        expect(await inspector.messageCount(topic)).toBe(before + accepted);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  const field = fc.constantFrom(
    'eventId',
    'type',
    'schemaVersion',
    'participantId',
    'occurredOn',
    'data',
    'siteId',
    'unexpected',
  );
  const dataField = fc.constantFrom(
    'condition',
    'hoursPerWeek',
    'jobId',
    'arm',
    'eligible',
    'reason',
    'inWork',
    'retractedEventId',
    'competitive',
    'surprise',
  );
  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant('set' as const),
      where: fc.constantFrom('envelope', 'data'),
      envelopeField: field,
      dataField,
      value: fc.jsonValue({ maxDepth: 2 }),
    }),
    fc.record({
      kind: fc.constant('delete' as const),
      where: fc.constantFrom('envelope', 'data'),
      envelopeField: field,
      dataField,
      value: fc.constant(null),
    }),
  );

  it('mutated valid envelopes never give a 5xx; accepted ones are valid and reach Kafka once, rejected ones never', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...EVENT_TYPES),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (type, mutations) => {
          const event = validEvent(type, siteId, `P-${randomUUID().slice(0, 8)}`);
          for (const m of mutations) {
            const target =
              m.where === 'data' && event.data && typeof event.data === 'object' ? event.data : event;
            const name = target === event ? m.envelopeField : m.dataField;
            if (m.kind === 'delete') delete target[name];
            else target[name] = m.value;
          }
          const before = await inspector.messageCount(topic);
          const res = await post([event]);
          expect(res.status).toBeLessThan(500);
          const accepted = res.status === 202 ? res.body.accepted : 0;
          expect(await inspector.messageCount(topic)).toBe(before + accepted);
        },
      ),
      { numRuns: 120 },
    );
  }, 180_000);
});

import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { canonicalJson } from '@ips/contracts';
import { sql } from '../support/database';
import { eventually, http } from '../support/http';
import { KafkaInspector } from '../support/kafka-inspect';
import { TrialHarness } from '../support/trial-harness';
import { verifyWebhook } from '../../apps/reporting/src/subscriptions/webhook-signature';
import { WebhookReceiver, type ReceivedDelivery } from './support/webhook-receiver';

// Issue 5, done when: a programme lead subscribed to a trial receives, without anyone
// acting, the interim reports and the first-year results, each readable in a browser and
// verifiable by hash. Ingest, projector and reporting run as processes; events go in over
// HTTP, through Kafka and the projector; reports come out by webhook and on Kafka.

const SECRET = `e2e-webhook-secret-${randomBytes(8).toString('hex')}`;
const harness = new TrialHarness({
  REPORTING_SECRET_KEY: randomBytes(32).toString('hex'),
  REPORTING_TICK_SECONDS: '1',
  REPORTING_DISPATCH_MS: '200',
  REPORTING_MIN_SCHEDULE_INTERVAL_SECONDS: '1',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_RETRY_BASE_MS: '500',
});
const receiver = new WebhookReceiver([200]);
const inspector = new KafkaInspector();
let leadKey = '';
let subscriptionId = '';
let eventsSent = 0;

const METADATA = ['id', 'version', 'createdAt', 'trigger', 'scheduledFor', 'contentHash', 'links'];
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const startDate = day(-400);
// the first anniversary, by the calendar (366 days when a 29 February falls in the year),
// fixed when the file loads so a run that crosses midnight UTC still agrees with itself
const firstYearAsOf = (([y, m, d]) => new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10))(
  startDate.split('-').map(Number),
);

function deliveries(type: string): { delivery: ReceivedDelivery; body: Record<string, any> }[] {
  // the subscription covers every trial: keep to this file's own
  return receiver.received
    .map((delivery) => ({ delivery, body: JSON.parse(delivery.body) }))
    .filter(({ body }) => body.type === type && body.trialId === harness.trialId);
}

/** What a programme lead does with a delivery: check the signature, fetch the report, check its hash. */
async function readAndVerify(
  delivery: ReceivedDelivery,
  body: Record<string, any>,
): Promise<Record<string, any>> {
  const headers = {
    timestamp: delivery.headers['x-ips-timestamp'] as string,
    signature: delivery.headers['x-ips-signature'] as string,
  };
  expect(verifyWebhook(SECRET, headers, delivery.body, Math.floor(Date.now() / 1000))).toBe(true);
  const reporting = harness.url('reporting');
  const json = await http('GET', `${reporting}${body.links.json}`, { key: leadKey });
  expect(json.status).toBe(200);
  const content = Object.fromEntries(
    Object.entries(json.body as Record<string, unknown>).filter(([k]) => !METADATA.includes(k)),
  );
  expect(createHash('sha256').update(canonicalJson(content)).digest('hex')).toBe(body.contentHash);
  const html = await http('GET', `${reporting}${body.links.html}`, { key: leadKey });
  expect(html.status).toBe(200);
  expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(html.text).toContain(body.contentHash);
  return json.body;
}

function enrolment(
  siteId: string,
  participantId: string,
  arm: 'ips' | 'usual_care',
  on: string,
  jobOn: string | null,
) {
  const envelope = (type: string, occurredOn: string, data: Record<string, unknown>) => ({
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    siteId,
    participantId,
    occurredOn,
    data,
  });
  const events = [
    envelope('participant.referred', on, {
      condition: 'mental_health',
      referralSource: 'primary_care',
      employmentStatus: 'unemployed',
    }),
    envelope('participant.eligibility_assessed', on, { eligible: true }),
    envelope('participant.consented', on, {}),
    envelope('participant.randomised', on, { arm }),
  ];
  if (jobOn)
    events.push(envelope('job.started', jobOn, { jobId: 'job-1', hoursPerWeek: 20, competitive: true }));
  return events;
}

beforeAll(async () => {
  await receiver.start();
  await harness.start(['ingest', 'projector', 'reporting'], { REPORTING_TRIAL_PREFIX: harness.tag });
  leadKey = (
    await http('POST', `${harness.url('ingest')}/v1/keys`, {
      key: harness.adminKey,
      json: { role: 'programme_lead' },
    })
  ).body.apiKey;
  // subscribed before the trial exists, so not even the first tick can beat the subscription
  const subscribed = await http('POST', `${harness.url('reporting')}/v1/subscriptions`, {
    key: leadKey,
    json: { url: receiver.url, secret: SECRET },
  });
  expect(subscribed.status).toBe(201);
  subscriptionId = subscribed.body.subscriptionId;
  await harness.createTrial(2, startDate);
}, 180_000);

afterAll(async () => {
  if (subscriptionId)
    await http('DELETE', `${harness.url('reporting')}/v1/subscriptions/${subscriptionId}`, {
      key: leadKey,
    }).catch(() => undefined);
  await harness.stopAll();
  await receiver.stop();
  await inspector.close();
}, 60_000);

describe('a subscribed programme lead, without anyone acting', () => {
  it('receives the first-year results once the first anniversary has passed, signed and verifiable', async () => {
    const [{ delivery, body }] = await eventually(
      async () => (deliveries('first_year').length > 0 ? deliveries('first_year') : undefined),
      60_000,
      'first-year results',
    );
    expect(body).toMatchObject({
      event: 'report.published',
      trialId: harness.trialId,
      type: 'first_year',
      asOf: firstYearAsOf,
      version: 1,
    });
    const report = await readAndVerify(delivery, body);
    expect(report.trigger).toBe('schedule');
  }, 90_000);

  it('receives interim reports on the trial’s schedule, changed through the API without a restart, computed from the events sent', async () => {
    const [a, b] = harness.sites;
    const batches = [a, b].map((site, s) =>
      Array.from({ length: 20 }, (_, i) => {
        const arm = i % 2 === 0 ? 'ips' : 'usual_care';
        // 8 of 10 find a job with IPS, 5 of 10 with usual care, at each site
        const job = arm === 'ips' ? i % 5 !== 0 : i % 4 === 1;
        return enrolment(site.siteId, `P-${s}-${i}`, arm, day(-390 + i), job ? day(-300 + i) : null);
      }).flat(),
    );
    for (const [s, events] of batches.entries()) {
      const sent = await http('POST', `${harness.url('ingest')}/v1/events`, {
        key: harness.sites[s].apiKey,
        json: events,
      });
      expect(sent.body).toMatchObject({ accepted: events.length, rejected: [] });
      eventsSent += events.length;
    }
    await eventually(
      async () => {
        const [{ count }] = await sql<{ count: string }>(
          `SELECT count(*) FROM journeys WHERE trial_id = $1`,
          [harness.trialId],
        );
        return Number(count) === 40 ? true : undefined;
      },
      60_000,
      'the projector to fold 40 journeys',
    );

    const changed = await http('PUT', `${harness.url('reporting')}/v1/trials/${harness.trialId}/schedule`, {
      key: leadKey,
      json: { cron: '*/2 * * * * *' },
    });
    expect(changed.status).toBe(200);
    const interim = await eventually(
      async () => {
        for (const { delivery, body } of deliveries('interim')) {
          const doc = (await http('GET', `${harness.url('reporting')}${body.links.json}`, { key: leadKey }))
            .body;
          if (doc.provenance.eventCount === eventsSent) return { delivery, body };
        }
        return undefined;
      },
      60_000,
      'an interim report of every event sent',
    );
    await http('PUT', `${harness.url('reporting')}/v1/trials/${harness.trialId}/schedule`, {
      key: leadKey,
      json: { cron: '0 6 1 * *' },
    });

    expect(interim.body).toMatchObject({
      trialId: harness.trialId,
      type: 'interim',
      asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const report = await readAndVerify(interim.delivery, interim.body);
    expect(report.tables.trial.groups[0].flow.randomised).toBe(40);
    expect(
      report.provenance.offsets.reduce((n: number, o: { nextOffset: string }) => n + Number(o.nextOffset), 0),
    ).toBe(eventsSent);
    // 20 people an arm, every one of them a year in: the 12-month comparison is published
    expect(report.tables.byArm.effects[0]).toMatchObject({
      metric: 'jobStart12m',
      ips: { numerator: 15, denominator: 20 },
      usualCare: { numerator: 10, denominator: 20 },
    });
    expect(report.tables.byArm.effects[0].riskDifference).toBe(0.3); // 16/20 − 10/20, from the unrounded counts
    // a site-level arm of 10 people with 8 jobs: both counts published (rounded), nothing small
    expect(
      report.tables.bySiteAndArm.groups.find((g: { key: { arm: string } }) => g.key.arm === 'ips')
        .jobStart12m,
    ).toMatchObject({ numerator: 10, denominator: 10 });
  }, 180_000);

  it('sees each delivery’s status, and every report announced on ips.reports.published', async () => {
    // the receiver sees a delivery before the reporting service has its 200 and records it,
    // and the two-second schedule may have made one more report before it was put back
    const status = await eventually(
      async () => {
        const res = await http(
          'GET',
          `${harness.url('reporting')}/v1/subscriptions/${subscriptionId}/deliveries`,
          { key: leadKey },
        );
        const settled = res.body.deliveries.every((d: { status: string }) => d.status !== 'pending');
        return res.status === 200 && settled ? res : undefined;
      },
      30_000,
      'every delivery settled',
    );
    expect(status.body.deliveries.length).toBeGreaterThanOrEqual(2);
    expect(status.body.deliveries.map((d: { status: string }) => d.status)).toEqual(
      status.body.deliveries.map(() => 'delivered'),
    );

    const delivered = new Set(
      [...deliveries('first_year'), ...deliveries('interim')].map(({ body }) => body.reportId),
    );
    const announced = await eventually(
      async () => {
        const messages = (await inspector.readAll(`${harness.tag}.ips.reports.published`)).map((m) =>
          JSON.parse(m.value!),
        );
        return [...delivered].every((id) => messages.some((m) => m.reportId === id)) ? messages : undefined;
      },
      30_000,
      'the delivered reports on Kafka',
    );
    expect(
      announced.every((m) => m.trialId === harness.trialId && /^[0-9a-f]{64}$/.test(m.contentHash)),
    ).toBe(true);
  }, 60_000);

  it('documents the API, the webhook signature and the roles in OpenAPI', async () => {
    const docs = await http('GET', `${harness.url('reporting')}/docs/openapi.json`);
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/reports',
        '/v1/reports/{ref}',
        '/v1/trials/{trialId}/reports',
        '/v1/trials/{trialId}/schedule',
        '/v1/subscriptions',
        '/v1/subscriptions/{subscriptionId}/deliveries',
      ]),
    );
    expect(docs.body.info.description).toContain('X-IPS-Signature: sha256=<hex>');
    expect(docs.body.paths['/v1/subscriptions'].post.description).toContain('HMAC-SHA256');
  }, 30_000);

  it('can have the first-year results re-published on demand, as a new version with the events now known', async () => {
    const again = await http('POST', `${harness.url('reporting')}/v1/trials/${harness.trialId}/reports`, {
      key: leadKey,
      json: { type: 'first_year' },
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({
      type: 'first_year',
      asOf: firstYearAsOf,
      version: 2,
      trigger: 'on_demand',
      eventCount: eventsSent,
    });
    const { delivery, body } = await eventually(
      async () => deliveries('first_year').find((d) => d.body.version === 2),
      30_000,
      'the new version delivered',
    );
    await readAndVerify(delivery, body);
  }, 60_000);
});

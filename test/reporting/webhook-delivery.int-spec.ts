import { sql } from '../support/database';
import { http } from '../support/http';
import { KafkaInspector } from '../support/kafka-inspect';
import { verifyWebhook } from '../../apps/reporting/src/subscriptions/webhook-signature';
import { ReportingApp, ReportingWorld } from './support/reporting-app';
import { WebhookReceiver, type ReceivedDelivery } from './support/webhook-receiver';

// Issue 5, publication: webhooks to local HTTP receivers (signature, retries after 500s,
// status per subscriber, a failing subscriber never holding up the others) and the
// ips.reports.published message. Real Postgres and Kafka; the clock is moved by the test.

const world = new ReportingWorld();
const flaky = new WebhookReceiver([500, 500, 200]);
const healthy = new WebhookReceiver([200]);
const dead = new WebhookReceiver(['hang']);
const inspector = new KafkaInspector();
const secrets = {
  flaky: 'flaky-secret-0123456789',
  healthy: 'healthy-secret-0123456789',
  dead: 'dead-secret-0123456789',
};
const ids: Record<keyof typeof secrets, string> = { flaky: '', healthy: '', dead: '' };
let app: ReportingApp;
let reportId = '';

function seconds(app: ReportingApp): number {
  return Math.floor(app.clock.now().getTime() / 1000);
}

function expectSigned(delivery: ReceivedDelivery, secret: string, nowSeconds: number): void {
  expect(delivery.headers['content-type']).toBe('application/json');
  expect(delivery.headers['x-ips-event']).toBe('report.published');
  expect(delivery.headers['x-ips-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  const headers = {
    timestamp: delivery.headers['x-ips-timestamp'] as string,
    signature: delivery.headers['x-ips-signature'] as string,
  };
  expect(verifyWebhook(secret, headers, delivery.body, nowSeconds)).toBe(true);
  expect(verifyWebhook('not-the-secret-at-all', headers, delivery.body, nowSeconds)).toBe(false);
}

beforeAll(async () => {
  await Promise.all([flaky.start(), healthy.start(), dead.start()]);
  await world.create('2017-07-01');
  await world.project({ participants: 400 });
  app = await new ReportingApp(world, new Date('2018-12-01T09:00:00Z')).start();
  for (const name of ['flaky', 'healthy', 'dead'] as const) {
    const receiver = { flaky, healthy, dead }[name];
    const created = await http('POST', `${app.url}/v1/subscriptions`, {
      key: world.keys.programmeLead,
      json: { url: receiver.url, secret: secrets[name], trialId: world.trialId },
    });
    expect(created.status).toBe(201);
    expect(created.text).not.toContain(secrets[name]);
    ids[name] = created.body.subscriptionId;
  }
  const report = await http('POST', `${app.url}/v1/trials/${world.trialId}/reports`, {
    key: world.keys.programmeLead,
    json: { type: 'interim', asOf: '2018-12-01' },
  });
  expect(report.status).toBe(201);
  reportId = report.body.id;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await inspector.close();
  await Promise.all([flaky.stop(), healthy.stop(), dead.stop()]);
}, 60_000);

describe('webhook delivery', () => {
  it('delivers a signed message to every subscriber at once, a hanging or failing one holding up nobody', async () => {
    const pass = await app.publication.dispatch();
    expect(pass).toEqual({ announced: 1, delivered: 1, failed: 2 });
    // the others had their deliveries before the sender gave up on the one that never answers
    // (the order of events across the receivers, not wall-clock times). The receiver hears of
    // the give-up when its socket's close event fires, which may be after dispatch() returned
    // (never a hanging delivery: undefined, and then NaN makes both comparisons below false)
    const gaveUpAt = (await dead.received[0].abandoned) ?? NaN;
    expect(Number.isInteger(gaveUpAt)).toBe(true);
    expect([flaky.received[0].receivedAt < gaveUpAt, healthy.received[0].receivedAt < gaveUpAt]).toEqual([
      true,
      true,
    ]);

    expect(healthy.received).toHaveLength(1);
    expectSigned(healthy.received[0], secrets.healthy, seconds(app));
    const body = JSON.parse(healthy.received[0].body);
    const metadata = (
      await http('GET', `${app.url}/v1/reports?trialId=${world.trialId}`, { key: world.keys.programmeLead })
    ).body.reports[0];
    expect(body).toEqual({
      event: 'report.published',
      schemaVersion: 1,
      reportId,
      trialId: world.trialId,
      type: 'interim',
      asOf: '2018-12-01',
      version: 1,
      createdAt: '2018-12-01T09:00:00.000Z',
      definitionsVersion: 2,
      contentHash: metadata.contentHash,
      links: {
        json: `/v1/reports/${reportId}.json`,
        csv: `/v1/reports/${reportId}.csv`,
        html: `/v1/reports/${reportId}.html`,
        pdf: `/v1/reports/${reportId}.pdf`,
      },
    });
    expect(flaky.received.map((r) => r.answeredWith)).toEqual([500]);
    expect(dead.received.map((r) => r.answeredWith)).toEqual(['no answer']);
  }, 60_000);

  it('retries after 500s with exponential backoff, and records each subscriber’s status', async () => {
    const status = async (name: keyof typeof ids) =>
      (
        await http('GET', `${app.url}/v1/subscriptions/${ids[name]}/deliveries`, {
          key: world.keys.programmeLead,
        })
      ).body.deliveries[0];

    const afterFirst = await status('flaky');
    expect(afterFirst).toMatchObject({
      reportId,
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
      deliveredAt: null,
    });
    const wait1 = Date.parse(afterFirst.nextAttemptAt) - app.clock.now().getTime();
    expect(wait1).toBeGreaterThanOrEqual(60_000);
    expect(wait1).toBeLessThanOrEqual(72_000);
    expect(await status('dead')).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect((await status('dead')).lastError).toMatch(/timeout|aborted/i);

    // not due yet: nothing is sent
    app.clock.advance(59_000);
    expect(await app.publication.dispatch()).toEqual({ announced: 0, delivered: 0, failed: 0 });

    app.clock.advance(14_000);
    expect(await app.publication.dispatch()).toEqual({ announced: 0, delivered: 0, failed: 2 });
    const afterSecond = await status('flaky');
    expect(afterSecond).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 500 });
    const wait2 = Date.parse(afterSecond.nextAttemptAt) - app.clock.now().getTime();
    expect(wait2).toBeGreaterThanOrEqual(120_000); // doubled
    expect(wait2).toBeLessThanOrEqual(144_000);

    app.clock.advance(145_000);
    expect(await app.publication.dispatch()).toEqual({ announced: 0, delivered: 1, failed: 1 });
    expect(await status('flaky')).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(flaky.received.map((r) => r.answeredWith)).toEqual([500, 500, 200]);
    // one delivery, retried: the same delivery id each time, a fresh timestamp and signature each time
    expect(new Set(flaky.received.map((r) => r.headers['x-ips-delivery'])).size).toBe(1);
    expectSigned(flaky.received[2], secrets.flaky, seconds(app));
    expect(flaky.received[2].body).toBe(flaky.received[0].body);
  }, 60_000);

  it('gives up on a subscriber after the last attempt, and shows each subscriber’s status for the report', async () => {
    app.clock.advance(6 * 3600_000);
    await app.publication.dispatch();
    const byReport = await http('GET', `${app.url}/v1/reports/${reportId}/deliveries`, {
      key: world.keys.admin,
    });
    expect(byReport.status).toBe(200);
    const bySubscriber = Object.fromEntries(
      byReport.body.deliveries.map((d: { subscriptionId: string }) => [d.subscriptionId, d]),
    );
    expect(bySubscriber[ids.healthy]).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(bySubscriber[ids.flaky]).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(bySubscriber[ids.dead]).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null });
    expect(dead.received).toHaveLength(4);

    const list = await http('GET', `${app.url}/v1/subscriptions`, { key: world.keys.programmeLead });
    const dead_ = list.body.subscriptions.find(
      (s: { subscriptionId: string }) => s.subscriptionId === ids.dead,
    );
    expect(dead_).toMatchObject({
      url: dead.url,
      trialId: world.trialId,
      deliveries: { pending: 0, delivered: 0, failed: 1 },
      lastDelivery: { status: 'failed' },
    });
    expect(list.text).not.toMatch(/secret/i);
  }, 60_000);

  it('announces the report on ips.reports.published with its links and hash', async () => {
    const messages = await inspector.readAll(world.reportsTopic);
    expect(messages).toHaveLength(1);
    expect(messages[0].key).toBe(world.trialId);
    expect(messages[0].headers).toMatchObject({ type: 'report.published', schemaVersion: '1' });
    expect(JSON.parse(messages[0].value!)).toEqual(JSON.parse(healthy.received[0].body));
  }, 60_000);

  it('keeps retries across a restart: a pending delivery is sent by the next instance', async () => {
    const again = new WebhookReceiver([503, 200]);
    await again.start();
    try {
      const created = await http('POST', `${app.url}/v1/subscriptions`, {
        key: world.keys.programmeLead,
        json: { url: again.url, secret: 'restart-secret-0123456789', trialId: world.trialId },
      });
      const report = await http('POST', `${app.url}/v1/trials/${world.trialId}/reports`, {
        key: world.keys.programmeLead,
        json: { type: 'interim' },
      });
      await app.publication.dispatch();
      expect(again.received.map((r) => r.answeredWith)).toEqual([503]);
      await app.stop();

      app = await new ReportingApp(world, new Date(app.clock.now().getTime() + 3600_000)).start();
      await app.publication.dispatch();
      expect(again.received.map((r) => r.answeredWith)).toEqual([503, 200]);
      const status = await http(
        'GET',
        `${app.url}/v1/subscriptions/${created.body.subscriptionId}/deliveries`,
        { key: world.keys.programmeLead },
      );
      expect(status.body.deliveries).toEqual([
        expect.objectContaining({ reportId: report.body.id, status: 'delivered', attempts: 2 }),
      ]);
    } finally {
      await again.stop();
    }
  }, 60_000);

  it('stops delivering to a revoked subscription', async () => {
    const revoked = await http('DELETE', `${app.url}/v1/subscriptions/${ids.healthy}`, {
      key: world.keys.programmeLead,
    });
    expect(revoked.status).toBe(204);
    expect(
      (await http('DELETE', `${app.url}/v1/subscriptions/${ids.healthy}`, { key: world.keys.programmeLead }))
        .status,
    ).toBe(404);
    const before = healthy.received.length;
    await http('POST', `${app.url}/v1/trials/${world.trialId}/reports`, {
      key: world.keys.programmeLead,
      json: { type: 'interim' },
    });
    await app.publication.dispatch();
    expect(healthy.received).toHaveLength(before);
  }, 60_000);
});

describe('webhook subscriptions', () => {
  it('keep secrets sealed at rest, never in clear', async () => {
    const rows = await sql<{ secret_ciphertext: Buffer; secret_key_id: string }>(
      `SELECT secret_ciphertext, secret_key_id FROM report_subscriptions WHERE subscription_id = $1`,
      [ids.flaky],
    );
    expect(rows[0].secret_ciphertext.includes(Buffer.from(secrets.flaky))).toBe(false);
    expect(rows[0].secret_key_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('are taken from programme leads only, for http(s) URLs and existing trials', async () => {
    const body = { url: healthy.url, secret: 'another-secret-0123456789' };
    for (const key of [world.keys.evaluator, world.keys.admin, world.keys.site]) {
      expect((await http('POST', `${app.url}/v1/subscriptions`, { key, json: body })).status).toBe(403);
    }
    expect((await http('POST', `${app.url}/v1/subscriptions`, { json: body })).status).toBe(401);
    const short = await http('POST', `${app.url}/v1/subscriptions`, {
      key: world.keys.programmeLead,
      json: { ...body, secret: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.details).toEqual([
      { path: 'secret', message: 'secret must be at least 16 characters' },
    ]);
    const ftp = await http('POST', `${app.url}/v1/subscriptions`, {
      key: world.keys.programmeLead,
      json: { ...body, url: 'ftp://example.org/x' },
    });
    expect(ftp.body.details).toEqual([{ path: 'url', message: 'url must use https (or http)' }]);
    expect(
      (
        await http('POST', `${app.url}/v1/subscriptions`, {
          key: world.keys.programmeLead,
          json: { ...body, trialId: `${world.tag}-nope` },
        })
      ).status,
    ).toBe(404);
  });

  it('refuse internal addresses unless the deployment allows them', async () => {
    const strict = await new ReportingApp(world, new Date('2018-12-01T09:00:00Z'), {
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false',
    }).start();
    try {
      const res = await http('POST', `${strict.url}/v1/subscriptions`, {
        key: world.keys.programmeLead,
        json: { url: 'http://169.254.169.254/latest', secret: 'another-secret-0123456789' },
      });
      expect(res.status).toBe(400);
      expect(res.body.details[0].message).toMatch(/link-local/);
    } finally {
      await strict.stop();
    }
  });

  it('are refused with 503, naming the setting, when the service has no key to seal secrets with', async () => {
    const keyless = await new ReportingApp(world, new Date('2018-12-01T09:00:00Z'), {
      REPORTING_SECRET_KEY: '',
    }).start();
    try {
      const res = await http('POST', `${keyless.url}/v1/subscriptions`, {
        key: world.keys.programmeLead,
        json: { url: healthy.url, secret: 'another-secret-0123456789' },
      });
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(/REPORTING_SECRET_KEY/);
    } finally {
      await keyless.stop();
    }
  });
});

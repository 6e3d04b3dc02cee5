import { randomBytes } from 'node:crypto';
import { sql } from '../support/database';
import { http } from '../support/http';
import { ReportingApp, ReportingWorld } from './support/reporting-app';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink';

// Issue 17, reports by e-mail: a real SMTP server in this process (smtp-server) on a port
// the OS picked, every message parsed back with mailparser. Double opt-in, the report
// message (headline, numbers under disclosure control, the HTML and PDF report attached,
// the unsubscribe link and header that work), retries when the server is down or defers,
// a refusal that is final, and /health. Real Postgres and Kafka; the clock is the test's.

// a busy machine (CI shares its cores) may take its time; waits are bounded, never asserted
jest.setTimeout(120_000);

const world = new ReportingWorld();
const sink = new SmtpSink();
const LEAD = 'programme.lead@example.org';
let app: ReportingApp;
let participantIds: string[] = [];

const lead = () => ({ key: world.keys.programmeLead });
const subscribe = (json: unknown) => http('POST', `${app.url}/v1/email-subscriptions`, { ...lead(), json });
const publish = async (asOf: string) => {
  const res = await http('POST', `${app.url}/v1/trials/${world.trialId}/reports`, {
    ...lead(),
    json: { type: 'interim', asOf },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
};
const link = (mail: ReceivedMail, path: string) => {
  const m = new RegExp(`(http://[^\\s"<>]+${path}\\?code=[A-Za-z0-9._%-]+)`).exec(mail.parsed.text ?? '');
  if (!m) throw new Error(`no ${path} link in:\n${mail.parsed.text}`);
  return m[1];
};
const deliveries = async (subscriptionId: string) =>
  (await http('GET', `${app.url}/v1/email-subscriptions/${subscriptionId}/deliveries`, lead())).body
    .deliveries;

beforeAll(async () => {
  await sink.start();
  await world.create('2017-07-01');
  participantIds = (await world.project({ participants: 1500 })).map((j) => j.participantId);
  app = await new ReportingApp(world, new Date('2018-12-01T09:00:00Z'), {
    SMTP_URL: sink.url,
    EMAIL_FROM: 'IPS reports <reports@example.org>',
    EMAIL_TIMEOUT_MS: '20000',
    EMAIL_RETRY_BASE_MS: '60000',
    EMAIL_MAX_ATTEMPTS: '3',
  }).start();
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await sink.stop();
  await sql(
    `UPDATE email_subscriptions SET status = 'ended', ended_at = now() WHERE trial_id = $1 AND status <> 'ended'`,
    [world.trialId],
  );
}, 60_000);

describe('subscribing an address', () => {
  it('refuses a malformed address naming it, an unknown trial, and a role other than programme lead', async () => {
    for (const address of [
      'not-an-address',
      'lead@',
      'lead@example',
      ' lead@example.org',
      'a@b@example.org',
    ]) {
      const res = await subscribe({ address, trialId: world.trialId });
      expect(res.status).toBe(400);
      expect(res.body.details[0].path).toBe('address');
      expect(res.body.details[0].message).toMatch(/address/);
    }
    const missing = await subscribe({ trialId: world.trialId });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toMatch(/address/);
    expect((await subscribe({ address: LEAD, trialId: `${world.tag}-nope` })).status).toBe(404);
    const asEvaluator = await http('POST', `${app.url}/v1/email-subscriptions`, {
      key: world.keys.evaluator,
      json: { address: LEAD, trialId: world.trialId },
    });
    expect(asEvaluator.status).toBe(403);
  });

  it('sends a confirmation first and nothing else until it is followed; then the page confirms it', async () => {
    const created = await subscribe({ address: LEAD, trialId: world.trialId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ address: LEAD, trialId: world.trialId, status: 'pending' });
    expect((await subscribe({ address: LEAD.toUpperCase(), trialId: world.trialId })).status).toBe(409);
    const id = created.body.subscriptionId;

    // a report published before the address is confirmed is not sent to it
    const early = await publish('2018-11-28');
    expect(await app.email.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(sink.to(LEAD)).toHaveLength(1);
    const confirmation = sink.to(LEAD)[0];
    expect(confirmation.parsed.subject).toMatch(/^Confirm: e-mail reports of /);
    expect(confirmation.parsed.from?.value[0]).toEqual({
      address: 'reports@example.org',
      name: 'IPS reports',
    });
    expect(confirmation.parsed.text).toMatch(/Nothing will be sent until you confirm/);
    expect(confirmation.parsed.html).toContain('Confirm and receive the reports');
    expect(
      (await http('GET', `${app.url}/v1/reports/${early.id}/email-deliveries`, lead())).body.deliveries,
    ).toEqual([]);

    const confirmUrl = link(confirmation, '/email/confirm');
    // opening the link (as a mail scanner would) shows a button and confirms nothing
    const page = await http('GET', confirmUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(page.text).toContain('<form method="post"');
    expect(page.text).toContain('p•••@example.org');
    expect(page.text).not.toContain(LEAD);
    expect((await http('GET', `${app.url}/v1/email-subscriptions/${id}`, lead())).body.status).toBe(
      'pending',
    );

    const done = await http('POST', confirmUrl, {
      body: '',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Subscription confirmed');
    expect((await http('GET', `${app.url}/v1/email-subscriptions/${id}`, lead())).body).toMatchObject({
      status: 'confirmed',
      confirmedAt: app.clock.now().toISOString(),
    });
    const [row] = await sql<{ actor: string; action: string }>(
      `SELECT actor, action FROM audit_log WHERE details->>'subscriptionId' = $1 AND action = 'email_subscription.confirm'`,
      [id],
    );
    expect(row).toEqual({ actor: 'email link', action: 'email_subscription.confirm' });

    // a changed token is refused
    const forged = await http(
      'GET',
      confirmUrl.replace(/code=(.)/, (_, c) => `code=${c === 'c' ? 'u' : 'c'}`),
    );
    expect(forged.status).toBe(400);
  }, 60_000);
});

describe('the message for a published report', () => {
  let mail: ReceivedMail;
  let reportId = '';

  beforeAll(async () => {
    sink.received.length = 0;
    reportId = (await publish('2018-12-01')).id;
    expect(await app.email.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    mail = sink.to(LEAD)[0];
  }, 120_000);

  it('says the headline in words and the main numbers in a text and an HTML part', async () => {
    const report = (await http('GET', `${app.url}/v1/reports/${reportId}.json`, lead())).body;
    expect(mail.parsed.subject).toBe(`Interim report: ${report.trial.name}, outcomes as of 1 December 2018`);
    const text = mail.parsed.text!;
    const html = mail.parsed.html as string;
    const ips = report.tables.byArm.groups.find((g: { key: { arm: string } }) => g.key.arm === 'ips');
    const usual = report.tables.byArm.groups.find(
      (g: { key: { arm: string } }) => g.key.arm === 'usual_care',
    );
    const trial = report.tables.trial.groups[0];
    const pct = (v: number | string) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : v);
    const oneLine = text.replace(/\s+/g, ' ');
    // this trial is big enough for the headline comparison to be published
    expect(
      typeof report.tables.byArm.effects.find((e: { metric: string }) => e.metric === 'jobStart12m')
        .riskDifference,
    ).toBe('number');
    expect(oneLine).toContain(
      `Within 12 months of joining the trial, ${pct(ips.jobStart12m.rate)} of people offered IPS had started a paid job, compared with ${pct(usual.jobStart12m.rate)} of people offered usual care.`,
    );
    const count = (v: number | string) => (typeof v === 'number' ? v.toLocaleString('en-GB') : v);
    expect(oneLine).toContain(
      `Randomised so far: ${count(trial.flow.randomised)} (IPS ${count(ips.flow.randomised)}, usual care ${count(usual.flow.randomised)})`,
    );
    expect(oneLine).toContain(
      `Started a paid job within 12 months: IPS ${pct(ips.jobStart12m.rate)} (${count(ips.jobStart12m.numerator)} of ${count(ips.jobStart12m.denominator)})`,
    );
    // published counts only: every count is rounded to 5 or suppressed
    for (const m of oneLine.matchAll(/\((\d[\d,]*) of (\d[\d,]*)\)/g))
      for (const n of [m[1], m[2]]) expect(Number(n.replace(/,/g, '')) % 5).toBe(0);
    expect(html).toContain('The main numbers');
    expect(html.replace(/\s+/g, ' ')).toContain(`${pct(ips.jobStart12m.rate)} of people offered IPS`);
    // no participant identifier anywhere in the message or its attachments
    const everything =
      mail.raw.toString('utf8') + mail.parsed.attachments.map((a) => a.content.toString('latin1')).join('');
    expect(participantIds.filter((p) => everything.includes(p))).toEqual([]);
  });

  it('attaches the report as HTML (the archive’s page) and as a PDF', async () => {
    const page = await http('GET', `${app.url}/v1/reports/${reportId}.html`, lead());
    const names = mail.parsed.attachments.map((a) => [a.filename, a.contentType]);
    expect(names).toEqual([
      [`${world.trialId}-interim-2018-12-01-v1.html`, 'text/html'],
      [`${world.trialId}-interim-2018-12-01-v1.pdf`, 'application/pdf'],
    ]);
    expect(mail.parsed.attachments[0].content.toString('utf8')).toBe(page.text);
    expect(mail.parsed.attachments[1].content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(mail.parsed.headers.get('x-ips-report-id')).toBe(reportId);
    expect(mail.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@example\.org>$/);
  });

  it('records the delivery and the SMTP server’s answer per subscriber', async () => {
    const byReport = (await http('GET', `${app.url}/v1/reports/${reportId}/email-deliveries`, lead())).body
      .deliveries;
    expect(byReport).toEqual([
      expect.objectContaining({
        kind: 'report',
        reportId,
        status: 'delivered',
        attempts: 1,
        lastResponse: expect.stringMatching(/^250 .*queued as/),
      }),
    ]);
  });

  it('unsubscribes with one click from the List-Unsubscribe header, and sends nothing more', async () => {
    const header = mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const url = /<([^>]+)>/.exec(header.replace(/\r?\n\s+/g, ''))?.[1];
    if (!url) throw new Error(`no URL in ${JSON.stringify(header)}`);
    expect(url).toBe(link(mail, '/email/unsubscribe'));
    expect(mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    const oneClick = await http('POST', url, {
      body: 'List-Unsubscribe=One-Click',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(oneClick.status).toBe(200);
    expect(oneClick.text).toContain('You are unsubscribed');
    const [subscription] = (
      await http('GET', `${app.url}/v1/email-subscriptions`, lead())
    ).body.subscriptions.filter(
      (s: { trialId: string; address: string }) => s.trialId === world.trialId && s.address === LEAD,
    );
    expect(subscription).toMatchObject({ status: 'ended', endedBy: 'unsubscribe link' });
    sink.received.length = 0;
    await publish('2018-11-29');
    expect(await app.email.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    expect(sink.received).toEqual([]);
    // the page still answers (a second click, a scanner): already done
    expect((await http('GET', url)).text).toContain('You are unsubscribed');
  }, 60_000);
});

describe('when the SMTP server is down or refuses', () => {
  afterEach(async () => {
    if (!sink.running) await sink.start();
  });

  it('retries with backoff while reports are still published, and /health says mail is degraded', async () => {
    const address = `down-${randomBytes(3).toString('hex')}@example.org`;
    const created = await subscribe({ address, trialId: world.trialId });
    await app.email.deliverDue();
    const confirmUrl = link(sink.to(address)[0], '/email/confirm');
    await http('POST', confirmUrl);
    await sink.stop();

    const report = await publish('2018-11-30'); // published while mail is down
    expect(await app.email.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    const forReport = async () =>
      (await deliveries(created.body.subscriptionId)).find(
        (d: { reportId: string }) => d.reportId === report.id,
      );
    const first = await forReport();
    expect(first).toMatchObject({ status: 'pending', attempts: 1 });
    expect(first.lastError).toMatch(/connection/);
    const wait = Date.parse(first.nextAttemptAt) - app.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(60_000);
    expect(wait).toBeLessThanOrEqual(72_000);

    const health = await http('GET', `${app.url}/health`);
    expect(health.status).toBe(200);
    expect(health.body.info.mail).toMatchObject({
      status: 'up',
      state: 'degraded',
      pending: expect.any(Number),
    });
    expect(health.body.info.mail.reason).toMatch(/SMTP server 127\.0\.0\.1:\d+/);
    expect(health.text).not.toContain(address);

    await sink.start();
    app.clock.advance(59_000);
    expect(await app.email.deliverDue()).toEqual({ delivered: 0, failed: 0 }); // not due yet
    app.clock.advance(14_000);
    expect(await app.email.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(await forReport()).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(
      sink.to(address).filter((m) => m.parsed.headers.get('x-ips-report-id') === report.id),
    ).toHaveLength(1);
    expect((await http('GET', `${app.url}/health`)).body.info.mail).toMatchObject({ state: 'ok' });
  }, 60_000);

  it('tries again after a 4xx, gives up at once on a 5xx', async () => {
    const address = `refused-${randomBytes(3).toString('hex')}@example.org`;
    const created = await subscribe({ address, trialId: world.trialId });
    sink.answers = ['defer'];
    expect(await app.email.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    expect((await deliveries(created.body.subscriptionId))[0]).toMatchObject({
      kind: 'confirmation',
      status: 'pending',
      attempts: 1,
      lastError: expect.stringMatching(/^SMTP 451/),
    });
    app.clock.advance(80_000);
    sink.answers = ['refuse'];
    expect(await app.email.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    const [refused] = await deliveries(created.body.subscriptionId);
    expect(refused).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: null });
    expect(refused.lastError).toMatch(/^SMTP 550/);
    expect(refused.lastError).not.toContain(address);
    app.clock.advance(3600_000);
    expect(await app.email.deliverDue()).toEqual({ delivered: 0, failed: 0 });
  }, 60_000);
});

describe('addresses at rest', () => {
  it('keeps no address readable in the database', async () => {
    const rows = await sql<{ dump: string }>(
      `SELECT string_agg(s::text, ' ') AS dump FROM email_subscriptions s WHERE trial_id = $1`,
      [world.trialId],
    );
    expect(rows[0].dump).not.toMatch(/example\.org/);
  });
});

import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { hashApiKey } from '@ips/platform';
import { WebhookReceiver } from '../reporting/support/webhook-receiver';
import { sql } from '../support/database';
import { eventually, http } from '../support/http';
import type { ServiceName } from '../support/service-process';
import { referral } from '../support/trial-harness';
import { findNeedles, scanDatabaseDump, scanFile, type Needle } from './support/secret-scan';
import { enrolment, SecurityWorld } from './support/security-world';

// Issue 7, security — keys: never stored or logged in clear; revocation takes effect;
// keys in URLs refused. A realistic flow runs through all four apps (logging at trace,
// the most they ever write); then the whole test database is dumped and every log file
// the processes wrote is read, looking for this test's keys, secrets and participant ids.

const APPS: ServiceName[] = ['ingest', 'projector', 'query', 'reporting'];
const REPORTING_SECRET_KEY = randomBytes(32).toString('hex');
const WEBHOOK_SECRET = `whsec-${randomBytes(20).toString('hex')}`;
const world = new SecurityWorld({
  REPORTING_SECRET_KEY,
  REPORTING_TICK_SECONDS: '0',
  REPORTING_DISPATCH_MS: '200',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_RETRY_BASE_MS: '500',
  LOG_LEVEL: 'trace',
});
const receiver = new WebhookReceiver([200]);
const startedAt = new Date();

/** Participant ids no other test uses, so finding one anywhere means this test put it there. */
const pid = (what: string) => `PID${what}-${randomBytes(6).toString('hex')}`;
const participants = {
  json: pid('json'),
  ndjson: pid('ndjson'),
  csv: pid('csv'),
  rejected: pid('rejected'),
  foreign: pid('foreign'),
  unknown: pid('unknown'),
};
const keys: Record<string, string> = {};
const keyIds: Record<string, string> = {};
let logFiles: string[] = [];
let subscriptionId = '';

beforeAll(async () => {
  await receiver.start();
  await world.start(APPS);
  logFiles = APPS.map((app) => world.harness.service(app).logFile);
  await world.setUp();
  Object.assign(keys, {
    bootstrapAdmin: world.adminKey,
    siteA: world.siteA.apiKey,
    siteB: world.siteB.apiKey,
    siteC: world.siteC.apiKey,
    evaluator: world.harness.evaluatorKey,
    programmeLead: world.harness.programmeLeadKey,
  });
  for (const [name, role] of [
    ['issuedAdmin', 'admin'],
    ['leadToRevoke', 'programme_lead'],
  ] as const) {
    const issued = await world.issueKey(role);
    keys[name] = issued.apiKey;
    keyIds[name] = issued.keyId;
  }
  // keys tried and refused: they must not be written down either
  keys.nearMissEvaluator = keys.evaluator.slice(0, -1) + (keys.evaluator.endsWith('A') ? 'B' : 'A');
  keys.randomWrong = `ipsk_${randomBytes(32).toString('base64url')}`;
  keys.nearMissAdmin = `${world.adminKey}x`;
}, 180_000);

afterAll(async () => {
  if (subscriptionId && world.harness.services.has('reporting')) {
    await http('DELETE', `${world.url('reporting')}/v1/subscriptions/${subscriptionId}`, {
      key: keys.programmeLead,
    }).catch(() => undefined);
  }
  await world.stop();
  await receiver.stop();
}, 60_000);

describe('a realistic flow', () => {
  it('sites send events (JSON, NDJSON, CSV), some rejected, one of another site refused; the projector folds them', async () => {
    const ingest = world.url('ingest');
    const { siteA, siteB } = world;
    const job = {
      eventId: randomUUID(),
      type: 'job.started',
      schemaVersion: 1,
      siteId: siteA.siteId,
      participantId: participants.json,
      occurredOn: '2017-09-01',
      data: { jobId: 'j1', hoursPerWeek: 20, competitive: true },
    };
    await world.sendEvents(siteA, [...enrolment(siteA.siteId, participants.json), job]);

    const ndjson = enrolment(siteB.siteId, participants.ndjson, '2017-07-10', 'usual_care')
      .map((e) => JSON.stringify(e))
      .join('\n');
    const nd = await http('POST', `${ingest}/v1/events`, {
      key: keys.siteB,
      body: `${ndjson}\n`,
      contentType: 'application/x-ndjson',
    });
    expect(nd.body).toMatchObject({ accepted: 4, rejected: [] });

    const csv = await http('POST', `${ingest}/v1/events/csv`, {
      key: keys.siteA,
      contentType: 'text/csv',
      body: `eventId,type,participantId,occurredOn\n${randomUUID()},participant.consented,${participants.csv},2017-07-04\n`,
    });
    expect(csv.body).toMatchObject({ accepted: 1, rejected: [] });

    const bad = {
      ...job,
      eventId: randomUUID(),
      participantId: participants.rejected,
      data: { jobId: 'j1', hoursPerWeek: 0, competitive: true },
    };
    const rejected = await http('POST', `${ingest}/v1/events`, { key: keys.siteA, json: [bad] });
    expect(rejected.body.rejected).toHaveLength(1);
    const badCsv = await http('POST', `${ingest}/v1/events/csv`, {
      key: keys.siteA,
      contentType: 'text/csv',
      body: `eventId,type,participantId,occurredOn\nnot-a-uuid,participant.consented,${participants.rejected},2017-07-04\n`,
    });
    expect(badCsv.body.rejected).toHaveLength(1);
    const foreign = await http('POST', `${ingest}/v1/events`, {
      key: keys.siteA,
      json: [referral(siteB.siteId, participants.foreign)],
    });
    expect(foreign.status).toBe(403);

    const query = world.url('query');
    await eventually(
      async () =>
        (
          await http(
            'GET',
            `${query}/v1/trials/${world.trialId}/participants/${siteA.siteId}/${participants.csv}`,
            { key: keys.evaluator },
          )
        ).status === 200
          ? true
          : undefined,
      30_000,
      'the CSV participant projected',
    );
    for (const [site, p] of [
      [siteA.siteId, participants.json],
      [siteB.siteId, participants.ndjson],
    ]) {
      await eventually(
        async () =>
          (
            await http('GET', `${query}/v1/trials/${world.trialId}/participants/${site}/${p}`, {
              key: keys.evaluator,
            })
          ).status === 200
            ? true
            : undefined,
        30_000,
        `participant ${p} projected`,
      );
    }
  }, 90_000);

  it('an evaluator reads outcomes, journeys and findings; a programme lead subscribes a webhook and a report reaches it', async () => {
    const query = world.url('query');
    expect(
      (
        await http('GET', `${query}/v1/trials/${world.trialId}/outcomes?groupBy=site,arm`, {
          key: keys.evaluator,
        })
      ).status,
    ).toBe(200);
    const dq = await http('GET', `${query}/v1/trials/${world.trialId}/data-quality`, { key: keys.evaluator });
    expect(dq.text).toContain(participants.csv); // the finding (consent without referral) names the participant, to the evaluator
    expect(
      (
        await http(
          'GET',
          `${query}/v1/trials/${world.trialId}/participants/${world.siteA.siteId}/${participants.unknown}`,
          { key: keys.evaluator },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await http('GET', `${world.url('ingest')}/v1/sites/${world.siteA.siteId}/data-quality`, {
          key: keys.siteA,
        })
      ).text,
    ).toContain(participants.csv);

    const reporting = world.url('reporting');
    const sub = await http('POST', `${reporting}/v1/subscriptions`, {
      key: keys.programmeLead,
      json: { url: receiver.url, secret: WEBHOOK_SECRET, trialId: world.trialId },
    });
    expect(sub.status).toBe(201);
    expect(sub.text).not.toContain(WEBHOOK_SECRET);
    subscriptionId = sub.body.subscriptionId;
    const report = await http('POST', `${reporting}/v1/trials/${world.trialId}/reports`, {
      key: keys.issuedAdmin,
      json: { type: 'interim', asOf: '2018-01-01' },
    });
    expect(report.status).toBe(201);
    const delivery = await eventually(
      async () => receiver.received.find((d) => d.body.includes(report.body.id)),
      30_000,
      'the webhook delivery',
    );
    // signed with the secret: it was opened from the database and used
    const mac = createHmac('sha256', WEBHOOK_SECRET)
      .update(`${delivery.headers['x-ips-timestamp']}.${delivery.body}`)
      .digest('hex');
    expect(delivery.headers['x-ips-signature']).toBe(`sha256=${mac}`);
    expect(
      (await http('GET', `${reporting}/v1/subscriptions/${subscriptionId}`, { key: keys.programmeLead }))
        .text,
    ).not.toContain(WEBHOOK_SECRET);
  }, 60_000);

  it('wrong keys are refused with 401 on every app', async () => {
    for (const [app, path] of [
      ['ingest', `/v1/sites/${world.siteA.siteId}/data-quality`],
      ['query', `/v1/trials/${world.trialId}/outcomes`],
      ['reporting', '/v1/reports'],
    ] as const) {
      for (const key of [keys.nearMissEvaluator, keys.randomWrong, keys.nearMissAdmin]) {
        expect((await http('GET', `${world.url(app)}${path}`, { key })).status).toBe(401);
      }
    }
  });
});

describe('revocation', () => {
  it('takes effect at once on every app: the next request with the key is 401 on ingest, query and reporting', async () => {
    const key = keys.leadToRevoke;
    const reads: [ServiceName, string][] = [
      ['ingest', `/v1/sites/${world.siteA.siteId}/data-quality`],
      ['query', `/v1/trials/${world.trialId}/outcomes`],
      ['reporting', `/v1/reports?trialId=${world.trialId}`],
    ];
    for (const [app, path] of reads)
      expect([app, (await http('GET', `${world.url(app)}${path}`, { key })).status]).toEqual([app, 200]);
    expect(
      (
        await http('DELETE', `${world.url('ingest')}/v1/keys/${keyIds.leadToRevoke}`, {
          key: keys.issuedAdmin,
        })
      ).status,
    ).toBe(204);
    for (const [app, path] of reads) {
      const res = await http('GET', `${world.url(app)}${path}`, { key });
      expect([app, res.status, res.body]).toEqual([
        app,
        401,
        { statusCode: 401, error: 'Unauthorized', message: 'missing or invalid API key' },
      ]);
    }
    const [row] = await sql(`SELECT revoked_at FROM api_keys WHERE key_id = $1`, [keyIds.leadToRevoke]);
    expect(row.revoked_at).toBeInstanceOf(Date);
  });
});

describe('keys in URLs', () => {
  it.each([
    ['ingest', (): string => `/v1/sites/${world.siteA.siteId}/data-quality`],
    ['projector', (): string => '/health'],
    ['query', (): string => `/v1/trials/${world.trialId}/outcomes`],
    ['reporting', (): string => '/v1/reports'],
  ] as const)(
    '%s refuses a key in the query string (by name or by value), even with a good Authorization header',
    async (app, path) => {
      for (const query of [
        `api_key=${keys.evaluator}`,
        `token=${keys.evaluator}`,
        `access_token=${world.adminKey}`,
        `q=${keys.evaluator}`,
        `x=Bearer%20${keys.evaluator}`,
      ]) {
        const res = await http('GET', `${world.url(app)}${path()}?${query}`, { key: keys.evaluator });
        expect([query.split('=')[0], res.status, res.body.message]).toEqual([
          query.split('=')[0],
          401,
          'API keys are accepted only in the Authorization header, never in the URL',
        ]);
      }
    },
  );
});

describe('audit', () => {
  it("records this test's admin actions and auth failures, naming keys by id only", async () => {
    const rows = await sql<{
      service: string;
      actor: string;
      action: string;
      outcome: string;
      details: Record<string, unknown>;
    }>(`SELECT service, actor, action, outcome, details FROM audit_log WHERE at >= $1 ORDER BY id`, [
      startedAt,
    ]);
    const mine = new Set([...Object.values(keyIds), world.siteA.keyId, world.siteB.keyId, world.siteC.keyId]);
    const adminActions = rows.filter((r) => r.outcome === 'ok').map((r) => `${r.service} ${r.action}`);
    expect(adminActions).toEqual(
      expect.arrayContaining([
        'ingest trial.create',
        'ingest site.create',
        'ingest key.create',
        'ingest key.revoke',
        'reporting subscription.create',
        'reporting report.generate',
      ]),
    );
    expect(
      rows.filter(
        (r) => r.action === 'key.revoke' && (r.details as { keyId?: string }).keyId === keyIds.leadToRevoke,
      ),
    ).toHaveLength(1);
    expect(rows.some((r) => r.action === 'report.generate' && r.actor === keyIds.issuedAdmin)).toBe(true);
    const failures = rows
      .filter((r) => r.outcome === 'denied')
      .map((r) => `${r.service} ${r.action} ${(r.details as { reason?: string }).reason ?? ''}`.trim());
    for (const app of ['ingest', 'query', 'reporting', 'projector'])
      expect(failures).toContain(`${app} authenticate key in URL`);
    for (const app of ['ingest', 'query', 'reporting']) expect(failures).toContain(`${app} authenticate`);
    expect(
      rows.some((r) => r.action === 'ingest.json' && r.outcome === 'denied' && r.actor === world.siteA.keyId),
    ).toBe(true);
    expect(rows.some((r) => r.outcome === 'rejected' && mine.has(r.actor))).toBe(true);
  });
});

describe('at rest and in the logs', () => {
  const keyNeedles = (): Needle[] => [
    ...Object.entries(keys).map(([label, value]) => ({ label: `API key ${label}`, value })),
    { label: 'webhook secret', value: WEBHOOK_SECRET },
    { label: 'REPORTING_SECRET_KEY', value: REPORTING_SECRET_KEY },
  ];
  const participantNeedles = (): Needle[] =>
    Object.entries(participants).map(([label, value]) => ({ label: `participant id ${label}`, value }));

  it('the scanner finds a needle split across chunks (self-check)', async () => {
    const stream = Readable.from([Buffer.from('....ipsk_abc'), Buffer.from('def....')]);
    expect([
      ...(await findNeedles(stream, [
        { label: 'k', value: 'ipsk_abcdef' },
        { label: 'absent', value: 'ipsk_zzz' },
      ])),
    ]).toEqual(['k']);
  });

  it('pg_dump of the database holds no key, webhook secret or sealing key in clear — but the keys’ hashes and the participants, as it should', async () => {
    const hashes: Needle[] = Object.entries(keys)
      .filter(([label]) => !/^(nearMiss|randomWrong)/.test(label))
      .map(([label, value]) => ({ label: `hash of ${label}`, value: hashApiKey(value).toString('hex') }));
    const { found, bytes } = await scanDatabaseDump([...keyNeedles(), ...hashes, ...participantNeedles()]);
    expect(bytes).toBeGreaterThan(10_000);
    expect(
      keyNeedles()
        .filter((n) => found.has(n.label))
        .map((n) => n.label),
    ).toEqual([]);
    // the controls: the dump does hold this test's rows
    expect(hashes.filter((n) => !found.has(n.label)).map((n) => n.label)).toEqual([]);
    for (const p of ['json', 'ndjson', 'csv']) expect(found).toContain(`participant id ${p}`);
  }, 60_000);

  it('no log line of any app holds a key, a secret or a participant id', async () => {
    await world.stop(); // graceful: every log line is flushed
    expect(logFiles).toHaveLength(APPS.length);
    const leaks: string[] = [];
    for (const file of logFiles) {
      expect(statSync(file).size).toBeGreaterThan(1_000);
      const found = await scanFile(file, [
        ...keyNeedles(),
        ...participantNeedles(),
        { label: 'control: listening', value: 'listening' },
      ]);
      expect([file, found.has('control: listening')]).toEqual([file, true]);
      for (const label of found) if (!label.startsWith('control')) leaks.push(`${label} in ${file}`);
    }
    const reporting = logFiles.find((f) => f.includes('-reporting-'))!;
    expect(
      (await scanFile(reporting, [{ label: 'delivered', value: 'webhook delivered' }])).has('delivered'),
    ).toBe(true);
    expect(leaks).toEqual([]);
  }, 60_000);
});

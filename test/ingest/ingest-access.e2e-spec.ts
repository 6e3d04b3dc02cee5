import { randomUUID } from 'node:crypto';
import { sql } from '../support/database';
import { validEvent } from '../support/events';
import { http } from '../support/http';
import { KafkaInspector } from '../support/kafka-inspect';
import { TrialHarness } from '../support/trial-harness';

// Issue 3: authentication and broken object-level authorisation. Two sites in one trial
// and a third site in another trial; every endpoint tried with each key against the
// other site.
const harness = new TrialHarness({ RATE_LIMIT_PER_SECOND: '2', RATE_LIMIT_BURST: '200' });
const other = new TrialHarness();
const inspector = new KafkaInspector();
let topic = '';

beforeAll(async () => {
  await harness.start(['ingest', 'query']);
  await harness.createTrial(2);
  topic = `${harness.tag}.ips.participant-events`;
  // a second trial, set up through the same ingest (same database)
  const ingest = harness.url('ingest');
  await http('POST', `${ingest}/v1/trials`, {
    key: harness.adminKey,
    json: { trialId: other.trialId, name: 'Other', startDate: '2018-01-01' },
  });
  const site = await http('POST', `${ingest}/v1/trials/${other.trialId}/sites`, {
    key: harness.adminKey,
    json: { siteId: `${other.tag}-x`, name: 'X' },
  });
  other.sites.push({ siteId: `${other.tag}-x`, apiKey: site.body.apiKey, keyId: site.body.keyId });
}, 120_000);

afterAll(async () => {
  await inspector.close();
  await harness.stopAll();
}, 60_000);

describe('broken object-level authorisation', () => {
  it('a site key cannot send events naming another site: 403, nothing produced', async () => {
    const [a, b] = harness.sites;
    const before = await inspector.messageCount(topic);
    const res = await http('POST', `${harness.url('ingest')}/v1/events`, {
      key: a.apiKey,
      json: [validEvent('participant.consented', b.siteId)],
    });
    expect(res.status).toBe(403);
    const ndjson = await http('POST', `${harness.url('ingest')}/v1/events`, {
      key: a.apiKey,
      body: JSON.stringify(validEvent('participant.consented', b.siteId)) + '\n',
      contentType: 'application/x-ndjson',
    });
    expect(ndjson.body.rejected[0]).toMatchObject({ line: 1, status: 403 });
    expect(await inspector.messageCount(topic)).toBe(before);
  });

  it.each([
    ['ingest', (site: string) => `/v1/sites/${site}/data-quality`],
    ['query', (site: string) => `/v1/trials/TRIAL/outcomes?site=${site}`],
    ['query', (site: string) => `/v1/trials/TRIAL/participants/${site}/P-1`],
  ] as const)(
    '%s GET %s: each site key is refused for the other site and allowed for its own',
    async (service, path) => {
      const [a, b] = harness.sites;
      for (const [me, them] of [
        [a, b],
        [b, a],
      ]) {
        const url = (site: string) =>
          `${harness.url(service)}${path(site).replace('TRIAL', harness.trialId)}`;
        expect((await http('GET', url(them.siteId), { key: me.apiKey })).status).toBe(403);
        expect([200, 404]).toContain((await http('GET', url(me.siteId), { key: me.apiKey })).status);
      }
    },
  );

  it("a site key reads only its own site's outcomes and findings, and not another trial at all", async () => {
    const [a] = harness.sites;
    const own = await http(
      'GET',
      `${harness.url('query')}/v1/trials/${harness.trialId}/outcomes?groupBy=site`,
      { key: a.apiKey },
    );
    expect(own.status).toBe(200);
    expect(own.body.groups.every((g: { key: { site: string } }) => g.key.site === a.siteId)).toBe(true);
    const dq = await http('GET', `${harness.url('query')}/v1/trials/${harness.trialId}/data-quality`, {
      key: a.apiKey,
    });
    expect(dq.status).toBe(200);
    expect(Object.keys(dq.body.bySite).every((s) => s === a.siteId)).toBe(true);
    for (const path of ['outcomes', 'data-quality']) {
      expect(
        (await http('GET', `${harness.url('query')}/v1/trials/${other.trialId}/${path}`, { key: a.apiKey }))
          .status,
      ).toBe(403);
    }
    expect(
      (
        await http('GET', `${harness.url('query')}/v1/trials/${harness.trialId}/outcomes`, {
          key: other.sites[0].apiKey,
        })
      ).status,
    ).toBe(403);
  });

  it('site, evaluator and programme-lead keys cannot use the admin API', async () => {
    for (const key of [harness.sites[0].apiKey, harness.evaluatorKey, harness.programmeLeadKey]) {
      const ingest = harness.url('ingest');
      expect(
        (
          await http('POST', `${ingest}/v1/trials`, {
            key,
            json: { trialId: 'x', name: 'x', startDate: '2017-01-01' },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await http('POST', `${ingest}/v1/trials/${harness.trialId}/sites`, {
            key,
            json: { siteId: 'x', name: 'x' },
          })
        ).status,
      ).toBe(403);
      expect((await http('POST', `${ingest}/v1/keys`, { key, json: { role: 'admin' } })).status).toBe(403);
      expect((await http('DELETE', `${ingest}/v1/keys/${harness.sites[1].keyId}`, { key })).status).toBe(403);
    }
  });

  it('evaluator and programme-lead keys cannot send events', async () => {
    for (const key of [harness.evaluatorKey, harness.programmeLeadKey, harness.adminKey]) {
      const res = await http('POST', `${harness.url('ingest')}/v1/events`, {
        key,
        json: [validEvent('participant.consented', harness.sites[0].siteId)],
      });
      expect(res.status).toBe(403);
    }
  });
});

describe('keys', () => {
  const outcomes = () => `${harness.url('query')}/v1/trials/${harness.trialId}/outcomes`;

  it('unknown, malformed, revoked and missing keys all get the same 401', async () => {
    const issued = await http('POST', `${harness.url('ingest')}/v1/keys`, {
      key: harness.adminKey,
      json: { role: 'evaluator' },
    });
    expect(issued.status).toBe(201);
    expect(issued.body.apiKey).toMatch(/^ipsk_[A-Za-z0-9_-]{43}$/);
    expect((await http('GET', outcomes(), { key: issued.body.apiKey })).status).toBe(200);
    expect(
      (
        await http('DELETE', `${harness.url('ingest')}/v1/keys/${issued.body.keyId}`, {
          key: harness.adminKey,
        })
      ).status,
    ).toBe(204);

    const answers = await Promise.all(
      [issued.body.apiKey, `ipsk_${'A'.repeat(43)}`, 'not-a-key', '', harness.adminKey.slice(0, -1)].map(
        (key) => http('GET', outcomes(), key ? { key } : {}),
      ),
    );
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'missing or invalid API key',
      });
    }
  });

  it('a key in the query string is refused, even a valid one', async () => {
    for (const param of [
      `api_key=${harness.evaluatorKey}`,
      `token=${harness.evaluatorKey}`,
      `x=${harness.evaluatorKey}`,
    ]) {
      const res = await http('GET', `${outcomes()}?${param}`, { key: harness.evaluatorKey });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/Authorization header/);
    }
  });

  it('revoking an unknown key is 404; creating what exists is 409', async () => {
    expect(
      (await http('DELETE', `${harness.url('ingest')}/v1/keys/${randomUUID()}`, { key: harness.adminKey }))
        .status,
    ).toBe(404);
    expect(
      (
        await http('POST', `${harness.url('ingest')}/v1/trials`, {
          key: harness.adminKey,
          json: { trialId: harness.trialId, name: 'x', startDate: '2017-07-01' },
        })
      ).status,
    ).toBe(409);
    const dup = await http('POST', `${harness.url('ingest')}/v1/trials/${harness.trialId}/sites`, {
      key: harness.adminKey,
      json: { siteId: harness.sites[0].siteId, name: 'x' },
    });
    expect(dup.status).toBe(409);
  });

  it('keys are stored only as hashes', async () => {
    const rows = await sql(`SELECT encode(key_hash, 'hex') AS h FROM api_keys`);
    const text = JSON.stringify(rows) + JSON.stringify(await sql(`SELECT details FROM audit_log`));
    for (const key of [harness.adminKey, harness.evaluatorKey, ...harness.sites.map((s) => s.apiKey)])
      expect(text).not.toContain(key);
  });
});

describe('limits and audit', () => {
  it('a key over its rate limit gets 429 with Retry-After; another key is unaffected', async () => {
    const limited = harness.sites[1];
    const url = `${harness.url('ingest')}/v1/sites/${limited.siteId}/data-quality`;
    let last = 0;
    let retryAfter: string | null = null;
    for (let i = 0; i < 260 && last !== 429; i++) {
      const res = await http('GET', url, { key: limited.apiKey });
      last = res.status;
      retryAfter = res.headers.get('retry-after');
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    const otherKey = await http(
      'GET',
      `${harness.url('ingest')}/v1/sites/${harness.sites[0].siteId}/data-quality`,
      { key: harness.sites[0].apiKey },
    );
    expect(otherKey.status).toBe(200);
  });

  it('records admin actions, authentication failures and rejected batches in the audit log, without keys or participant ids', async () => {
    const site = harness.sites[0];
    const bad = validEvent('job.started', site.siteId, 'SECRET-PARTICIPANT-42');
    bad.data.hoursPerWeek = 0;
    await http('POST', `${harness.url('ingest')}/v1/events`, { key: site.apiKey, json: [bad] });
    await http('GET', `${harness.url('ingest')}/v1/sites/${site.siteId}/data-quality`, { key: 'ipsk_wrong' });
    const rows = await sql<{ actor: string; action: string; outcome: string; details: unknown }>(
      `SELECT actor, action, outcome, details FROM audit_log WHERE at > now() - interval '10 minutes' ORDER BY id`,
    );
    const actions = rows.map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'trial.create:ok',
        'site.create:ok',
        'key.create:ok',
        'key.revoke:ok',
        'authenticate:denied',
        'ingest.json:rejected',
      ]),
    );
    expect(rows.find((r) => r.action === 'ingest.json' && r.actor === site.keyId)).toBeDefined();
    expect(JSON.stringify(rows)).not.toContain('SECRET-PARTICIPANT-42');
  });

  it('refuses to update or delete audit rows, whoever asks', async () => {
    await expect(sql(`UPDATE audit_log SET outcome = 'ok'`)).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(sql(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });
});

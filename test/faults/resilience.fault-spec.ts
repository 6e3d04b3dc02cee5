import { request } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { eventually, http } from '../support/http';
import { expectedJourneys } from '../support/journeys';
import { messyTrialEvents } from '../support/random-journeys';
import { TopicWriter } from '../support/topic-writer';
import { referral } from '../support/trial-harness';
import { FaultSystem } from './support/fault-system';
import { record } from './support/scenario';

// Issue 7, resilience behaviour: graceful shutdown on SIGTERM in every app (stop taking work,
// finish the work in hand, commit, exit 0; the next start resumes exactly), and the query's
// journey cache missing nothing when journeys commit out of version order or Postgres
// restarts. Outages (503, reconnection, truthful /health) and poison under load are shown by
// the scenarios in the other *.fault-spec.ts files.
const system = new FaultSystem({ name: 'resilience' });

beforeAll(() => system.start({ projectors: 1 }), 300_000);
afterAll(() => system.destroy(), 120_000);

const exited = (s: { child: { exitCode: number | null; signalCode: string | null } }) => ({
  code: s.child.exitCode,
  signal: s.child.signalCode,
});

describe('SIGTERM', () => {
  it('projector: finishes the batch in hand, commits to Postgres and Kafka, exits 0; the next start resumes exactly where it stopped', async () => {
    await system.removeProjector(system.projectors[0], 'term');
    const site = `${system.tag}-graceful`;
    const sent = messyTrialEvents(site, 2_500, 7);
    const distinct = new Set(sent.map((e) => e.eventId)).size;
    const writer = new TopicWriter(system.broker.bootstrap);
    await writer.send(
      system.topic,
      sent.map((e) => TopicWriter.message(e, system.trialId)),
    );
    await writer.close();
    const stored = async () =>
      Number(
        (await system.sql(`SELECT count(*) AS n FROM participant_events WHERE site_id = $1`, [site]))[0].n,
      );

    // small transactions, so the backlog takes a while; stop it a quarter of the way through
    const projector = await system.addProjector({
      PROJECTOR_SUB_BATCH: '20',
      PROJECTOR_PARTITIONS_CONCURRENTLY: '1',
    });
    await eventually(
      async () => ((await stored()) > distinct / 4 ? true : undefined),
      120_000,
      'a quarter of the backlog',
    );
    const t0 = Date.now();
    const code = await system.removeProjector(projector, 'term');
    const stopSeconds = (Date.now() - t0) / 1000;
    expect(code).toBe(0);
    const storedAtExit = await stored();
    expect(storedAtExit).toBeLessThan(distinct); // it stopped, rather than draining everything

    // what it committed to Postgres, it also told Kafka: the group resumes from there
    const pgOffsets = await system.sql<{ partition: number; next_offset: string }>(
      `SELECT partition, next_offset::text AS next_offset FROM projector_offsets WHERE consumer_group = $1 AND topic = $2 ORDER BY partition`,
      [system.groupId, system.topic],
    );
    const admin = new Kafka({ brokers: [system.broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const [kafkaOffsets] = await admin.fetchOffsets({ groupId: system.groupId, topics: [system.topic] });
    await admin.disconnect();
    const committed = Object.fromEntries(kafkaOffsets.partitions.map((p) => [p.partition, p.offset]));
    expect(Object.fromEntries(pgOffsets.map((r) => [r.partition, r.next_offset]))).toEqual(
      Object.fromEntries(pgOffsets.map((r) => [r.partition, committed[r.partition]])),
    );

    // the next start finishes the job: nothing lost, nothing twice
    await system.addProjector();
    await eventually(
      async () => ((await stored()) === distinct ? true : undefined),
      120_000,
      'the rest of the backlog',
    );
    const rows = await system.sql<{ site_id: string; participant_id: string; journey: unknown }>(
      `SELECT site_id, participant_id, journey FROM journeys WHERE site_id = $1`,
      [site],
    );
    const journeys = new Map(rows.map((r) => [`${r.site_id}:${r.participant_id}`, r.journey]));
    expect(journeys).toEqual(
      new Map(
        [...expectedJourneys(sent, system.trialId)].map(([k, j]) => [k, JSON.parse(JSON.stringify(j))]),
      ),
    );
    record({ check: 'projector SIGTERM', stopSeconds, storedAtExit, total: distinct });
  }, 300_000);

  it('ingest: answers the upload in hand (202, every event accepted), then exits 0 and stops listening', async () => {
    const site = system.sites[0];
    const events = Array.from({ length: 3_000 }, (_, i) => referral(site.siteId, `TERM-${i}`));
    const lines = events.map((e) => `${JSON.stringify(e)}\n`);
    const ingest = system.ingest!;
    // an NDJSON upload: half of it sent, then SIGTERM, then the rest
    const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: system.ingestPort,
          path: '/v1/events',
          method: 'POST',
          headers: { authorization: `Bearer ${site.apiKey}`, 'content-type': 'application/x-ndjson' },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
        },
      );
      req.on('error', reject);
      req.write(lines.slice(0, 1_500).join(''));
      setTimeout(() => {
        ingest.child.kill('SIGTERM');
        setTimeout(() => req.end(lines.slice(1_500).join('')), 300);
      }, 300);
    });
    expect(answer).toEqual({ status: 202, body: { accepted: 3_000, duplicates: 0, rejected: [] } });
    expect(await ingest.waitForExit()).toBe(0);
    await expect(fetch(`${system.ingestUrl}/health`)).rejects.toThrow();
    system.ingest = await system.startService('ingest');
  }, 120_000);

  it('query and reporting: exit 0', async () => {
    const reporting = await system.startService('reporting', { REPORTING_TICK_SECONDS: '0' });
    for (const service of [system.query!, reporting]) {
      // stop() sends SIGKILL after 30 s: exit code 0 and no signal mean it left by itself
      expect(await service.stop(30_000)).toBe(0);
      expect({ service: service.name, ...exited(service) }).toEqual({
        service: service.name,
        code: 0,
        signal: null,
      });
    }
    system.query = await system.startService('query');
  }, 120_000);

  it('projector with Kafka away: still exits (0, or 1 when the shutdown deadline cut it short), never hangs', async () => {
    system.broker.stop();
    try {
      const projector = system.projectors[0];
      const t0 = Date.now();
      const code = await system.removeProjector(projector, 'term');
      const seconds = (Date.now() - t0) / 1000;
      record({ check: 'projector SIGTERM with Kafka down', code, seconds });
      // removeProjector sends SIGKILL after 60 s (code null): 0 or 1 means it left by itself
      expect([0, 1]).toContain(code);
    } finally {
      system.broker.start();
    }
    await system.addProjector();
  }, 180_000);
});

describe("the query's journey cache", () => {
  const site = () => system.sites[1].siteId;
  const conditions = async (): Promise<Record<string, number>> => {
    const res = await eventually(
      async () => {
        const r = await http(
          'GET',
          `${system.queryUrl}/v1/trials/${system.trialId}/outcomes?groupBy=condition&site=${site()}`,
          { key: system.evaluatorKey },
        );
        return r.status === 200 ? r : undefined;
      },
      60_000,
      'outcomes',
    );
    return Object.fromEntries(res.body.groups.map((g: any) => [g.key.condition, g.flow.referred]));
  };
  const db = async () => {
    const client = new Client({ connectionString: system.postgres.url });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const relabel = (participantId: string, condition: string) => ({
    text: `UPDATE journeys SET journey = jsonb_set(journey::jsonb, '{referrals,0,condition}', to_jsonb($3::text))::json, version = nextval('journey_version_seq')
            WHERE site_id = $1 AND participant_id = $2`,
    values: [site(), participantId, condition],
  });

  beforeAll(async () => {
    const key = system.sites[1].apiKey;
    const res = await http('POST', `${system.ingestUrl}/v1/events`, {
      key,
      json: [referral(site(), 'CACHE-A'), referral(site(), 'CACHE-B')],
    });
    expect(res.status).toBe(202);
    await eventually(
      async () => ((await conditions()).mental_health === 2 ? true : undefined),
      60_000,
      'both referrals in the outcomes',
    );
  }, 120_000);

  it('sees a journey committed after one with a higher version was already read', async () => {
    const slow = await db();
    const fast = await db();
    try {
      await slow.query('BEGIN');
      await slow.query(relabel('CACHE-A', 'musculoskeletal')); // takes version v, not committed yet
      await fast.query(relabel('CACHE-B', 'mental_health')); // takes v + 1, committed at once
      await conditions(); // the cache reads v + 1 …
      await slow.query('COMMIT'); // … and only now does v become visible
    } finally {
      await slow.end();
      await fast.end();
    }
    expect(await conditions()).toEqual({ mental_health: 1, musculoskeletal: 1 });
  }, 120_000);

  it('starts again from scratch after Postgres restarted (versions lost in a crash may be handed out again)', async () => {
    await conditions();
    system.postgres.stopImmediate();
    await system.postgres.start();
    const client = await db();
    try {
      // as after a crash that lost the last asynchronously committed transactions and the
      // sequence's unflushed advance: the next versions are below what the cache has read
      const [{ max }] = (await client.query(`SELECT max(version)::text AS max FROM journeys`)).rows;
      await client.query(`SELECT setval('journey_version_seq', $1)`, [Math.max(1, Number(max) - 1)]);
      await client.query(relabel('CACHE-B', 'musculoskeletal'));
      await client.query(`SELECT setval('journey_version_seq', $1)`, [Number(max) + 1_000]);
    } finally {
      await client.end();
    }
    expect(await conditions()).toEqual({ musculoskeletal: 2 });
  }, 120_000);
});

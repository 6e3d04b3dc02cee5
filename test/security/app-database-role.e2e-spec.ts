import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import {
  AppDatabaseRole1763900000200,
  APP_ROLE,
} from '../../libs/persistence/src/migrations/1763900000200-app-database-role';
import { sql } from '../support/database';
import { eventually, http } from '../support/http';
import type { ServiceName } from '../support/service-process';
import { TEST_DATABASE_URL } from '../support/test-env';
import { referral } from '../support/trial-harness';
import { SecurityWorld } from './support/security-world';

// Issue 7, security — audit rows: "the application's database role cannot update or delete
// them". Migration 1763900000200 creates the role the services run as (ips_app) with what
// they need and no more. Here: its privileges refuse UPDATE, DELETE and TRUNCATE of the
// audit log before the append-only trigger is even reached (the trigger itself, which
// holds for the owner too, is tested in test/ingest/ingest-access.e2e-spec.ts); and all
// four apps do their normal work connected as ips_app.

const APP_DATABASE_URL = (() => {
  const url = new URL(TEST_DATABASE_URL);
  url.username = APP_ROLE;
  url.password = '';
  return url.toString();
})();

async function asApp<T = unknown>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: APP_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const refused = (statement: string) =>
  asApp(statement).then(
    () => 'allowed',
    (err: { code?: string; message: string }) => `${err.code}: ${err.message}`,
  );

describe('the ips_app role', () => {
  beforeAll(async () => {
    const [role] = await sql(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [APP_ROLE]);
    if (!role)
      throw new Error(`role ${APP_ROLE} is missing: run the migrations (1763900000200) on the test database`);
  });

  it('is an ordinary login role that owns nothing', async () => {
    const [role] = await sql(
      `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication, rolcanlogin FROM pg_roles WHERE rolname = $1`,
      [APP_ROLE],
    );
    expect(role).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
      rolreplication: false,
      rolcanlogin: true,
    });
    expect(await sql(`SELECT tablename FROM pg_tables WHERE tableowner = $1`, [APP_ROLE])).toEqual([]);
  });

  it('can append to the audit log and read it, but not update, delete or truncate it: refused by privilege, before the trigger', async () => {
    const marker = `role-test-${randomBytes(6).toString('hex')}`;
    await asApp(
      `INSERT INTO audit_log (service, actor, action, outcome, details) VALUES ('test', $1, 'role.check', 'ok', '{}')`,
      [marker],
    );
    expect(await asApp(`SELECT action FROM audit_log WHERE actor = $1`, [marker])).toEqual([
      { action: 'role.check' },
    ]);
    for (const statement of [
      `UPDATE audit_log SET outcome = 'denied' WHERE actor = '${marker}'`,
      `DELETE FROM audit_log WHERE actor = '${marker}'`,
      'TRUNCATE audit_log',
    ]) {
      expect([statement, await refused(statement)]).toEqual([
        statement,
        '42501: permission denied for table audit_log',
      ]);
    }
    // nor can it take the trigger away, or the table
    expect(await refused('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')).toBe(
      '42501: must be owner of table audit_log',
    );
    expect(await refused('DROP TABLE audit_log')).toBe('42501: must be owner of table audit_log');
    expect(await asApp(`SELECT count(*)::int AS n FROM audit_log WHERE actor = $1`, [marker])).toEqual([
      { n: 1 },
    ]);
  });

  it('may only mark a report published and a key revoked; cannot touch the migration history or the schema', async () => {
    expect(await refused(`UPDATE reports SET content = '{}'::json WHERE false`)).toBe(
      '42501: permission denied for table reports',
    );
    expect(await refused(`DELETE FROM reports WHERE false`)).toBe(
      '42501: permission denied for table reports',
    );
    expect(await refused(`UPDATE reports SET published_at = now() WHERE false`)).toBe('allowed');
    expect(await refused(`UPDATE api_keys SET role = 'admin' WHERE false`)).toBe(
      '42501: permission denied for table api_keys',
    );
    expect(await refused(`DELETE FROM api_keys WHERE false`)).toBe(
      '42501: permission denied for table api_keys',
    );
    expect(await refused(`UPDATE api_keys SET revoked_at = now() WHERE false`)).toBe('allowed');
    expect(await refused(`DELETE FROM schema_migrations WHERE false`)).toBe(
      '42501: permission denied for table schema_migrations',
    );
    // analysis exports (issue 13) are immutable: added and read, never changed or removed
    for (const table of ['analysis_exports', 'analysis_export_chunks']) {
      expect(await refused(`UPDATE ${table} SET export_id = export_id WHERE false`)).toBe(
        `42501: permission denied for table ${table}`,
      );
      expect(await refused(`DELETE FROM ${table} WHERE false`)).toBe(
        `42501: permission denied for table ${table}`,
      );
    }
    expect(await refused(`CREATE TABLE ips_app_was_here (x int)`)).toBe(
      '42501: permission denied for schema public',
    );
  });

  it('reads and writes every other table, including those later migrations add (default privileges)', async () => {
    const tables = await sql<{ t: string; r: boolean; w: boolean; d: boolean; x: boolean }>(
      `SELECT tablename AS t, has_table_privilege($1, 'public.' || quote_ident(tablename), 'SELECT') AS r,
              has_table_privilege($1, 'public.' || quote_ident(tablename), 'INSERT') AS w,
              has_table_privilege($1, 'public.' || quote_ident(tablename), 'DELETE') AS d,
              has_table_privilege($1, 'public.' || quote_ident(tablename), 'TRUNCATE') AS x
         FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
      [APP_ROLE],
    );
    const limited = new Set([
      'audit_log',
      'reports',
      'api_keys',
      'schema_migrations',
      'analysis_exports',
      'analysis_export_chunks',
      // a plan changes until its first look, a look never (migration 1763900000700): no DELETE
      'monitoring_plans',
      'monitoring_looks',
    ]);
    expect(tables.filter((t) => !t.r).map((t) => t.t)).toEqual([]);
    expect(tables.filter((t) => t.x).map((t) => t.t)).toEqual([]);
    expect(tables.filter((t) => !limited.has(t.t) && !(t.w && t.d)).map((t) => t.t)).toEqual([]);
    expect(tables.filter((t) => limited.has(t.t) && t.d).map((t) => t.t)).toEqual([]);

    // a table created the way a later migration would (by the owner), rolled back
    const owner = new Client({ connectionString: TEST_DATABASE_URL });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      await owner.query('CREATE TABLE security_default_privileges_probe (id bigserial PRIMARY KEY, x int)');
      const { rows } = await owner.query(
        `SELECT has_table_privilege($1, 'security_default_privileges_probe', 'SELECT, INSERT, UPDATE, DELETE') AS dml,
                has_table_privilege($1, 'security_default_privileges_probe', 'TRUNCATE') AS truncate,
                has_sequence_privilege($1, 'security_default_privileges_probe_id_seq', 'USAGE') AS seq`,
        [APP_ROLE],
      );
      expect(rows[0]).toEqual({ dml: true, truncate: false, seq: true });
    } finally {
      await owner.query('ROLLBACK');
      await owner.end();
    }
  });

  it('the migration can run again (every statement is idempotent)', async () => {
    const owner = new Client({ connectionString: TEST_DATABASE_URL });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      const runner = { query: (text: string) => owner.query(text) } as unknown as QueryRunner;
      await new AppDatabaseRole1763900000200().up(runner);
      await new AppDatabaseRole1763900000200().up(runner);
      expect(
        (await owner.query(`SELECT has_table_privilege($1, 'audit_log', 'UPDATE') AS u`, [APP_ROLE])).rows[0]
          .u,
      ).toBe(false);
    } finally {
      await owner.query('ROLLBACK');
      await owner.end();
    }
  });
});

describe('the four apps connected as ips_app', () => {
  const APPS: ServiceName[] = ['ingest', 'projector', 'query', 'reporting'];
  const world = new SecurityWorld({
    DATABASE_URL: APP_DATABASE_URL,
    REPORTING_SECRET_KEY: randomBytes(32).toString('hex'),
    REPORTING_TICK_SECONDS: '1',
    REPORTING_DISPATCH_MS: '200',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  });

  beforeAll(async () => {
    await world.start(APPS);
    await world.setUp(); // bootstrap admin key, trials, sites, keys: INSERTs as ips_app
  }, 180_000);

  afterAll(() => world.stop(), 60_000);

  it('do their normal work: one event end to end, a revoked key, a schedule, a report published, a subscription; audited; no permission errors', async () => {
    const site = world.siteA;
    const posted = await http('POST', `${world.url('ingest')}/v1/events`, {
      key: site.apiKey,
      json: [referral(site.siteId, 'P-role-1')],
    });
    expect(posted.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const referred = async () =>
      (
        await http('GET', `${world.url('query')}/v1/trials/${world.trialId}/outcomes`, {
          key: world.key('evaluator'),
        })
      ).body.groups?.[0]?.flow?.referred;
    await eventually(
      async () => ((await referred()) === 1 ? true : undefined),
      30_000,
      'flow.referred = 1 through the projector',
    );

    const spare = await world.issueKey('evaluator');
    expect(
      (await http('DELETE', `${world.url('ingest')}/v1/keys/${spare.keyId}`, { key: world.adminKey })).status,
    ).toBe(204);
    expect((await http('GET', `${world.url('query')}/v1/trials`, { key: spare.apiKey })).status).toBe(401);

    const reporting = world.url('reporting');
    const lead = world.key('programmeLead');
    expect(
      (
        await http('PUT', `${reporting}/v1/trials/${world.trialId}/schedule`, {
          key: lead,
          json: { cron: '0 7 1 * *' },
        })
      ).status,
    ).toBe(200);
    const report = await http('POST', `${reporting}/v1/trials/${world.trialId}/reports`, {
      key: lead,
      json: { type: 'interim', asOf: '2018-01-01' },
    });
    expect(report.status).toBe(201);
    await eventually(
      async () =>
        (await sql(`SELECT published_at FROM reports WHERE report_id = $1`, [report.body.id]))[0]
          ?.published_at
          ? true
          : undefined,
      30_000,
      'the report announced on Kafka (published_at set by ips_app)',
    );
    const sub = await http('POST', `${reporting}/v1/subscriptions`, {
      key: lead,
      json: {
        url: 'http://127.0.0.1:9/hooks/ips',
        secret: randomBytes(16).toString('hex'),
        trialId: world.trialId,
      },
    });
    expect(sub.status).toBe(201);
    expect(
      (await http('DELETE', `${reporting}/v1/subscriptions/${sub.body.subscriptionId}`, { key: lead }))
        .status,
    ).toBe(204);

    const audited = await sql<{ action: string }>(
      `SELECT DISTINCT action FROM audit_log WHERE at > now() - interval '5 minutes' AND (details->>'trialId' = $1 OR details->>'keyId' = $2)`,
      [world.trialId, spare.keyId],
    );
    expect(audited.map((r) => r.action).sort()).toEqual(
      expect.arrayContaining([
        'key.create',
        'key.revoke',
        'report.generate',
        'schedule.update',
        'site.create',
        'trial.create',
      ]),
    );
    // an idle pool closes its connections after 10 s: each app's health check opens one
    const connections = await eventually(
      async () => {
        for (const app of APPS) await http('GET', `${world.url(app)}/health`);
        const rows = await sql<{ application_name: string }>(
          `SELECT DISTINCT application_name FROM pg_stat_activity WHERE usename = $1`,
          [APP_ROLE],
        );
        return rows.length >= APPS.length ? rows : undefined;
      },
      30_000,
      'a connection from every app',
    );
    expect(connections.map((c) => c.application_name)).toEqual(
      expect.arrayContaining(['ips-ingest', 'ips-projector', 'ips-query', 'ips-reporting']),
    );
    for (const app of APPS) {
      expect([
        app,
        readFileSync(world.harness.service(app).logFile, 'utf8').match(/permission denied[^"]*/g) ?? [],
      ]).toEqual([app, []]);
    }
  }, 90_000);
});

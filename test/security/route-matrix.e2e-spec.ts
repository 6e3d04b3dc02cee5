import { Controller, Get, Module } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { Allow, createLogger } from '@ips/platform';
import { loadIngestConfig } from '../../apps/ingest/src/ingest.config';
import { IngestModule } from '../../apps/ingest/src/ingest.module';
import { loadProjectorConfig } from '../../apps/projector/src/projector.config';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { loadQueryConfig } from '../../apps/query/src/query.config';
import { QueryModule } from '../../apps/query/src/query.module';
import { loadReportingConfig } from '../../apps/reporting/src/reporting.config';
import { ReportingModule } from '../../apps/reporting/src/reporting.module';
import { sql } from '../support/database';
import { eventually, http } from '../support/http';
import type { ServiceName } from '../support/service-process';
import { referral } from '../support/trial-harness';
import { nestRoutes, servedRoutes, type NestRoute } from './support/route-inventory';
import { enrolment, PRINCIPALS, SecurityWorld, type RequestSpec, type Who } from './support/security-world';

// Issue 7, security: every endpoint of every app against broken object-level
// authorisation, with two sites, an evaluator, a programme lead, an admin and no key.
// The routes come from the running apps themselves (each logs its express route table at
// start-up), so a route added anywhere — a controller, or something mounted beside Nest —
// fails this test until it has a row in MATRIX below; a Nest route without @Allow/@Public
// fails it too. test/ingest/ingest-access.e2e-spec.ts holds the ingest's finer cases
// (NDJSON lines of another site, identical 401s, audit rows); this file covers the breadth.

const APPS: ServiceName[] = ['ingest', 'projector', 'query', 'reporting'];
const world = new SecurityWorld({
  RATE_LIMIT_PER_SECOND: '1000',
  RATE_LIMIT_BURST: '1000',
  REPORTING_SECRET_KEY: randomBytes(32).toString('hex'),
  REPORTING_TICK_SECONDS: '0',
  REPORTING_DISPATCH_MS: '0',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  // nobody listens there and dispatch is off: no e-mail is ever sent
  SMTP_URL: 'smtp://127.0.0.1:9',
  EMAIL_FROM: 'reports@example.org',
});

type Expect = 'ok' | 400 | 401 | 403 | 404;
type Expectations = Record<Who, Expect>;
interface Case {
  what: string;
  send: (who: Who) => RequestSpec | Promise<RequestSpec>;
  expect: Expectations;
}
interface Row {
  app: ServiceName;
  route: string;
  cases: Case[];
}

const SITES: Who[] = ['siteA', 'siteB'];
const READERS: Who[] = ['evaluator', 'programmeLead'];
/** `ok` (2xx) for `ok`, 401 without a key, 403 for every other key; then the exceptions. */
function only(ok: Who[], exceptions: Partial<Expectations> = {}): Expectations {
  return Object.fromEntries(
    PRINCIPALS.map((w) => [w, exceptions[w] ?? (ok.includes(w) ? 'ok' : w === 'anonymous' ? 401 : 403)]),
  ) as Expectations;
}
const EVERYONE = only([...PRINCIPALS]);
const NOBODY_FINDS = Object.fromEntries(PRINCIPALS.map((w) => [w, 404])) as Expectations;
const NOBODY_GETS_IN = Object.fromEntries(PRINCIPALS.map((w) => [w, 400])) as Expectations;

// fixtures made in beforeAll
const f = { pA: '', pB: '', pC: '', reportId: '', subscriptionId: '', exportId: '', emailSubscriptionId: '' };
let serial = 0;
const fresh = (what: string) => `${world.tag}-${what}${++serial}`;
const get = (path: string): RequestSpec => ({ method: 'GET', path });

// Routes mounted by SwaggerModule beside Nest (no controller, no guard): public by design.
const docsRows = (app: ServiceName): Row[] => [
  ...[
    'GET /docs',
    'GET /docs/',
    'GET /docs/index.html',
    'GET /docs/openapi.json',
    'GET /docs-yaml',
    'GET /docs/swagger-ui-init.js',
    'GET /docs/docs/swagger-ui-init.js',
  ].map((route): Row => ({
    app,
    route,
    cases: [{ what: 'API docs', send: () => get(route.slice(4)), expect: EVERYONE }],
  })),
  {
    app,
    route: 'GET /docs/LICENSE',
    cases: [{ what: 'swagger-ui answers 404 here', send: () => get('/docs/LICENSE'), expect: NOBODY_FINDS }],
  },
  {
    app,
    route: 'USE /docs',
    cases: [{ what: 'swagger-ui assets', send: () => get('/docs/swagger-ui.css'), expect: EVERYONE }],
  },
];
const operationsRows = (app: ServiceName): Row[] => [
  { app, route: 'GET /health', cases: [{ what: 'health', send: () => get('/health'), expect: EVERYONE }] },
  { app, route: 'GET /metrics', cases: [{ what: 'metrics', send: () => get('/metrics'), expect: EVERYONE }] },
];
/** The same three cuts for every outcomes-shaped route: own trial by site, site B only, trial U. */
const outcomeCuts = (path: (trial: string) => string): Case[] => [
  {
    what: 'trial T by site',
    send: () => get(`${path(world.trialId)}?groupBy=site`),
    expect: only([...SITES, ...READERS]),
  },
  {
    what: "trial T, site=B (site B's figures)",
    send: () => get(`${path(world.trialId)}?site=${world.siteB.siteId}`),
    expect: only(['siteB', ...READERS]),
  },
  { what: 'trial U (another trial)', send: () => get(path(world.otherTrialId)), expect: only(READERS) },
];

const MATRIX: Row[] = [
  // ingest
  {
    app: 'ingest',
    route: 'POST /v1/events',
    cases: [
      {
        what: "the caller's own site's event",
        send: (who) => ({
          method: 'POST',
          path: '/v1/events',
          json: [referral(world.siteOf(who).siteId, fresh('P'))],
        }),
        expect: only(SITES),
      },
      {
        what: "site B's event",
        send: () => ({
          method: 'POST',
          path: '/v1/events',
          json: [referral(world.siteB.siteId, fresh('P'))],
        }),
        expect: only(['siteB']),
      },
    ],
  },
  {
    app: 'ingest',
    route: 'POST /v1/events/csv',
    cases: [
      {
        what: 'one CSV row',
        send: () => ({
          method: 'POST',
          path: '/v1/events/csv',
          contentType: 'text/csv',
          body: `eventId,type,participantId,occurredOn\n${randomUUID()},participant.consented,${fresh('P')},2017-07-04\n`,
        }),
        expect: only(SITES),
      },
    ],
  },
  {
    app: 'ingest',
    route: 'GET /v1/events/csv/templates/:file',
    cases: [
      {
        what: 'a template (it holds no data)',
        send: () => get('/v1/events/csv/templates/job.started.csv'),
        expect: EVERYONE,
      },
      {
        what: 'a type that does not exist',
        send: () => get('/v1/events/csv/templates/job.start.csv'),
        expect: NOBODY_FINDS,
      },
    ],
  },
  {
    app: 'ingest',
    route: 'GET /v1/keys/current',
    cases: [
      {
        what: "the caller's own key",
        send: () => get('/v1/keys/current'),
        expect: only([...SITES, ...READERS, 'admin']),
      },
    ],
  },
  {
    app: 'ingest',
    route: 'GET /site',
    cases: [{ what: 'the page (it holds no data)', send: () => get('/site'), expect: EVERYONE }],
  },
  {
    app: 'ingest',
    route: 'GET /v1/sites/:siteId/data-quality',
    cases: [
      {
        what: "site A's findings",
        send: () => get(`/v1/sites/${world.siteA.siteId}/data-quality`),
        expect: only(['siteA', ...READERS, 'admin']),
      },
      {
        what: "site B's findings",
        send: () => get(`/v1/sites/${world.siteB.siteId}/data-quality`),
        expect: only(['siteB', ...READERS, 'admin']),
      },
      {
        what: "site C's findings (trial U)",
        send: () => get(`/v1/sites/${world.siteC.siteId}/data-quality`),
        expect: only([...READERS, 'admin']),
      },
    ],
  },
  {
    app: 'ingest',
    route: 'POST /v1/trials',
    cases: [
      {
        what: 'a new trial',
        send: () => ({
          method: 'POST',
          path: '/v1/trials',
          json: { trialId: fresh('T'), name: 'matrix', startDate: '2017-07-01' },
        }),
        expect: only(['admin']),
      },
    ],
  },
  {
    app: 'ingest',
    route: 'POST /v1/trials/:trialId/sites',
    cases: [
      {
        what: 'a new site of trial U',
        send: () => ({
          method: 'POST',
          path: `/v1/trials/${world.otherTrialId}/sites`,
          json: { siteId: fresh('S'), name: 'matrix' },
        }),
        expect: only(['admin']),
      },
    ],
  },
  {
    app: 'ingest',
    route: 'POST /v1/keys',
    cases: [
      {
        what: 'an evaluator key',
        send: () => ({ method: 'POST', path: '/v1/keys', json: { role: 'evaluator' } }),
        expect: only(['admin']),
      },
    ],
  },
  {
    app: 'ingest',
    route: 'GET /v1/keys',
    cases: [{ what: 'the key list', send: () => get('/v1/keys'), expect: only(['admin']) }],
  },
  {
    app: 'ingest',
    route: 'DELETE /v1/keys/:keyId',
    cases: [
      {
        what: 'revoke a fresh key',
        send: async () => ({
          method: 'DELETE',
          path: `/v1/keys/${(await world.issueKey('evaluator')).keyId}`,
        }),
        expect: only(['admin']),
      },
    ],
  },
  ...operationsRows('ingest'),
  ...docsRows('ingest'),

  // projector
  ...operationsRows('projector'),

  // query
  {
    app: 'query',
    route: 'GET /v1/trials',
    cases: [
      {
        what: 'the trials the caller may read',
        send: () => get('/v1/trials'),
        expect: only([...SITES, ...READERS]),
      },
    ],
  },
  {
    app: 'query',
    route: 'GET /v1/trials/:trialId/outcomes',
    cases: outcomeCuts((t) => `/v1/trials/${t}/outcomes`),
  },
  {
    app: 'query',
    route: 'GET /v1/trials/:trialId/outcomes/first-job-curves',
    cases: outcomeCuts((t) => `/v1/trials/${t}/outcomes/first-job-curves`),
  },
  {
    app: 'query',
    route: 'GET /v1/trials/:trialId/outcomes/first-job-curves.svg',
    cases: outcomeCuts((t) => `/v1/trials/${t}/outcomes/first-job-curves.svg`),
  },
  {
    app: 'query',
    route: 'GET /v1/trials/:trialId/participants/:siteId/:participantId',
    cases: [
      {
        what: "site A's participant",
        send: () => get(`/v1/trials/${world.trialId}/participants/${world.siteA.siteId}/${f.pA}`),
        expect: only(['siteA', ...READERS]),
      },
      {
        what: "site B's participant",
        send: () => get(`/v1/trials/${world.trialId}/participants/${world.siteB.siteId}/${f.pB}`),
        expect: only(['siteB', ...READERS]),
      },
      {
        what: "site C's participant (trial U)",
        send: () => get(`/v1/trials/${world.otherTrialId}/participants/${world.siteC.siteId}/${f.pC}`),
        expect: only(READERS),
      },
      {
        what: "site C's participant asked for under trial T",
        send: () => get(`/v1/trials/${world.trialId}/participants/${world.siteC.siteId}/${f.pC}`),
        expect: only([], { evaluator: 404, programmeLead: 404 }),
      },
    ],
  },
  {
    app: 'query',
    route: 'GET /v1/trials/:trialId/data-quality',
    cases: [
      {
        what: 'trial T',
        send: () => get(`/v1/trials/${world.trialId}/data-quality`),
        expect: only([...SITES, ...READERS]),
      },
      {
        what: 'trial U (another trial)',
        send: () => get(`/v1/trials/${world.otherTrialId}/data-quality`),
        expect: only(READERS),
      },
    ],
  },
  {
    app: 'query',
    route: 'POST /v1/trials/:trialId/exports',
    cases: [
      {
        what: 'an analysis dataset of trial T',
        send: () => ({
          method: 'POST',
          path: `/v1/trials/${world.trialId}/exports`,
          json: { asOf: '2018-01-01' },
        }),
        expect: only(['evaluator']),
      },
      {
        what: 'an analysis dataset of a trial that does not exist',
        send: () => ({
          method: 'POST',
          path: `/v1/trials/${fresh('nope')}/exports`,
          json: { asOf: '2018-01-01' },
        }),
        expect: only([], { evaluator: 404 }),
      },
    ],
  },
  {
    app: 'query',
    route: 'GET /v1/exports/:ref',
    cases: [
      {
        what: "an export's metadata",
        send: () => get(`/v1/exports/${f.exportId}`),
        expect: only(['evaluator']),
      },
      {
        what: "an export's archive",
        send: () => get(`/v1/exports/${f.exportId}.zip`),
        expect: only(['evaluator']),
      },
      {
        what: 'an export that does not exist',
        send: () => get(`/v1/exports/00000000-0000-4000-8000-000000000000.zip`),
        expect: only([], { evaluator: 404 }),
      },
    ],
  },
  {
    app: 'query',
    route: 'GET /v1/trials/:trialId/monitoring',
    cases: [
      {
        what: "trial T's plan and looks (the dashboard's copy of the reporting service's answer)",
        send: async () => {
          await sql(
            `INSERT INTO monitoring_plans (trial_id, primary_outcome, planned_participants, alpha, set_at, set_by)
             VALUES ($1, 'worked13wIn12m', 100000, 0.05, now(), 'route-matrix') ON CONFLICT (trial_id) DO NOTHING`,
            [world.trialId],
          );
          return get(`/v1/trials/${world.trialId}/monitoring`);
        },
        expect: only(READERS),
      },
      {
        what: 'a trial that does not exist',
        send: () => get(`/v1/trials/${fresh('nope')}/monitoring`),
        expect: only(READERS, { evaluator: 404, programmeLead: 404 }),
      },
    ],
  },
  {
    app: 'query',
    route: 'GET /dashboard',
    cases: [{ what: 'the page (it holds no data)', send: () => get('/dashboard'), expect: EVERYONE }],
  },
  ...operationsRows('query'),
  ...docsRows('query'),

  // reporting: reports cover every site, so site keys have no access to any of it
  {
    app: 'reporting',
    route: 'GET /v1/reports',
    cases: [
      {
        what: "trial T's archive",
        send: () => get(`/v1/reports?trialId=${world.trialId}`),
        expect: only(READERS),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/reports/:ref',
    cases: [
      { what: 'a report as JSON', send: () => get(`/v1/reports/${f.reportId}.json`), expect: only(READERS) },
      { what: 'a report as HTML', send: () => get(`/v1/reports/${f.reportId}.html`), expect: only(READERS) },
    ],
  },
  {
    app: 'reporting',
    route: 'POST /v1/trials/:trialId/reports',
    cases: [
      {
        what: 'trial T, on demand',
        send: () => ({
          method: 'POST',
          path: `/v1/trials/${world.trialId}/reports`,
          json: { type: 'interim', asOf: '2018-01-01' },
        }),
        expect: only(['programmeLead', 'admin']),
      },
      {
        what: 'trial U, on demand',
        send: () => ({
          method: 'POST',
          path: `/v1/trials/${world.otherTrialId}/reports`,
          json: { type: 'interim', asOf: '2018-01-01' },
        }),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/schedules',
    cases: [
      { what: 'every schedule', send: () => get('/v1/schedules'), expect: only([...READERS, 'admin']) },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/trials/:trialId/schedule',
    cases: [
      {
        what: 'trial T',
        send: () => get(`/v1/trials/${world.trialId}/schedule`),
        expect: only([...READERS, 'admin']),
      },
      {
        what: 'trial U',
        send: () => get(`/v1/trials/${world.otherTrialId}/schedule`),
        expect: only([...READERS, 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'PUT /v1/trials/:trialId/schedule',
    cases: [
      {
        what: 'trial T',
        send: () => ({
          method: 'PUT',
          path: `/v1/trials/${world.trialId}/schedule`,
          json: { cron: '0 6 1 * *', timezone: 'Europe/London' },
        }),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'POST /v1/subscriptions',
    cases: [
      {
        what: "a webhook for trial T's reports",
        send: () => ({ method: 'POST', path: '/v1/subscriptions', json: subscription() }),
        expect: only(['programmeLead']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/subscriptions',
    cases: [
      {
        what: 'every subscription',
        send: () => get('/v1/subscriptions'),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/subscriptions/:subscriptionId',
    cases: [
      {
        what: 'one',
        send: () => get(`/v1/subscriptions/${f.subscriptionId}`),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'DELETE /v1/subscriptions/:subscriptionId',
    cases: [
      {
        what: 'revoke a fresh one',
        send: async () => ({ method: 'DELETE', path: `/v1/subscriptions/${await subscribe()}` }),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/subscriptions/:subscriptionId/deliveries',
    cases: [
      {
        what: "one subscription's deliveries",
        send: () => get(`/v1/subscriptions/${f.subscriptionId}/deliveries`),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/reports/:reportId/deliveries',
    cases: [
      {
        what: "one report's deliveries",
        send: () => get(`/v1/reports/${f.reportId}/deliveries`),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'POST /v1/email-subscriptions',
    cases: [
      {
        what: "an address for trial T's reports",
        send: () => ({ method: 'POST', path: '/v1/email-subscriptions', json: emailSubscription() }),
        expect: only(['programmeLead']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/email-subscriptions',
    cases: [
      {
        what: 'every e-mail subscription',
        send: () => get('/v1/email-subscriptions'),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/email-subscriptions/:subscriptionId',
    cases: [
      {
        what: 'one',
        send: () => get(`/v1/email-subscriptions/${f.emailSubscriptionId}`),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'DELETE /v1/email-subscriptions/:subscriptionId',
    cases: [
      {
        what: 'end a fresh one',
        send: async () => ({ method: 'DELETE', path: `/v1/email-subscriptions/${await subscribeEmail()}` }),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/email-subscriptions/:subscriptionId/deliveries',
    cases: [
      {
        what: "one e-mail subscription's messages",
        send: () => get(`/v1/email-subscriptions/${f.emailSubscriptionId}/deliveries`),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/reports/:reportId/email-deliveries',
    cases: [
      {
        what: "one report's e-mails",
        send: () => get(`/v1/reports/${f.reportId}/email-deliveries`),
        expect: only(['programmeLead', 'admin']),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'PUT /v1/trials/:trialId/monitoring',
    cases: [
      {
        what: "trial U's plan (no look taken yet)",
        send: () => ({
          method: 'PUT',
          path: `/v1/trials/${world.otherTrialId}/monitoring`,
          json: { primaryOutcome: 'jobStart12m', plannedParticipants: 100_000, alpha: 0.05 },
        }),
        expect: only(['programmeLead', 'admin']),
      },
      {
        what: 'a trial that does not exist',
        send: () => ({
          method: 'PUT',
          path: `/v1/trials/${fresh('nope')}/monitoring`,
          json: { primaryOutcome: 'jobStart12m', plannedParticipants: 100_000 },
        }),
        expect: only(['programmeLead', 'admin'], { programmeLead: 404, admin: 404 }),
      },
    ],
  },
  {
    app: 'reporting',
    route: 'GET /v1/trials/:trialId/monitoring',
    cases: [
      {
        what: "trial U's plan and looks (set by the row above)",
        send: () => get(`/v1/trials/${world.otherTrialId}/monitoring`),
        expect: only(READERS),
      },
      {
        what: 'a trial that does not exist',
        send: () => get(`/v1/trials/${fresh('nope')}/monitoring`),
        expect: only(READERS, { evaluator: 404, programmeLead: 404 }),
      },
    ],
  },
  // the pages behind e-mail links: no key, the signed code is the authority (a made-up one gets in nowhere)
  ...(['GET', 'POST'] as const).flatMap((method) =>
    (['confirm', 'unsubscribe'] as const).map((page): Row => ({
      app: 'reporting',
      route: `${method} /email/${page}`,
      cases: [
        {
          what: `${page} page with a made-up code`,
          send: () => ({ method, path: `/email/${page}?code=c.${'0'.repeat(32)}.0.${'A'.repeat(22)}` }),
          expect: NOBODY_GETS_IN,
        },
      ],
    })),
  ),
  ...operationsRows('reporting'),
  ...docsRows('reporting'),
];

function emailSubscription() {
  return { address: `${fresh('lead')}@example.org`, trialId: world.trialId };
}

async function subscribeEmail(): Promise<string> {
  const res = await http('POST', `${world.url('reporting')}/v1/email-subscriptions`, {
    key: world.key('programmeLead'),
    json: emailSubscription(),
  });
  if (res.status !== 201) throw new Error(`subscribe e-mail: ${res.status} ${res.text}`);
  return res.body.subscriptionId;
}

function subscription() {
  // nobody listens there and dispatch is off here: nothing is ever sent
  return {
    url: 'http://127.0.0.1:9/hooks/ips',
    secret: randomBytes(16).toString('hex'),
    trialId: world.trialId,
  };
}

async function subscribe(): Promise<string> {
  const res = await http('POST', `${world.url('reporting')}/v1/subscriptions`, {
    key: world.key('programmeLead'),
    json: subscription(),
  });
  if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${res.text}`);
  return res.body.subscriptionId;
}

/** The same modules main.ts starts, built from settings good enough to read their routes. */
let modules: Record<ServiceName, ReturnType<typeof IngestModule.forRoot>> | undefined;
function appModules(): Record<ServiceName, ReturnType<typeof IngestModule.forRoot>> {
  const logger = createLogger('route-matrix', 'silent');
  return (modules ??= {
    ingest: IngestModule.forRoot(loadIngestConfig({ ADMIN_API_KEY: 'x'.repeat(32) }), logger),
    projector: ProjectorModule.forRoot(loadProjectorConfig({}), logger),
    query: QueryModule.forRoot(loadQueryConfig({}), logger),
    reporting: ReportingModule.forRoot(
      loadReportingConfig({
        REPORTING_SECRET_KEY: randomBytes(32).toString('hex'),
        SMTP_URL: 'smtp://127.0.0.1:9',
        EMAIL_FROM: 'reports@example.org',
      }),
      logger,
    ),
  });
}

const served = new Map<ServiceName, string[]>();

beforeAll(async () => {
  await world.start(APPS);
  await world.setUp();
  for (const app of APPS) served.set(app, await servedRoutes(world.harness.service(app)));

  f.pA = fresh('PA');
  f.pB = fresh('PB');
  f.pC = fresh('PC');
  await world.sendEvents(world.siteA, enrolment(world.siteA.siteId, f.pA));
  await world.sendEvents(world.siteB, enrolment(world.siteB.siteId, f.pB, '2017-07-05', 'usual_care'));
  await world.sendEvents(world.siteC, enrolment(world.siteC.siteId, f.pC));
  const query = world.url('query');
  for (const [trial, site, p] of [
    [world.trialId, world.siteA.siteId, f.pA],
    [world.trialId, world.siteB.siteId, f.pB],
    [world.otherTrialId, world.siteC.siteId, f.pC],
  ]) {
    await eventually(
      async () =>
        (
          await http('GET', `${query}/v1/trials/${trial}/participants/${site}/${p}`, {
            key: world.key('evaluator'),
          })
        ).status === 200
          ? true
          : undefined,
      30_000,
      `participant ${p} projected`,
    );
  }
  const report = await http('POST', `${world.url('reporting')}/v1/trials/${world.trialId}/reports`, {
    key: world.key('programmeLead'),
    json: { type: 'interim', asOf: '2018-01-01' },
  });
  if (report.status !== 201) throw new Error(`report: ${report.status} ${report.text}`);
  f.reportId = report.body.id;
  const analysisExport = await http('POST', `${query}/v1/trials/${world.trialId}/exports`, {
    key: world.key('evaluator'),
    json: { asOf: '2018-01-01' },
  });
  if (analysisExport.status !== 201)
    throw new Error(`export: ${analysisExport.status} ${analysisExport.text}`);
  f.exportId = analysisExport.body.id;
  f.subscriptionId = await subscribe();
  f.emailSubscriptionId = await subscribeEmail();
}, 180_000);

afterAll(async () => {
  // give up every subscription this file made (none can deliver, but keep the table tidy)
  const reporting = world.harness.services.get('reporting');
  if (reporting) {
    const list = await http('GET', `${reporting.url}/v1/subscriptions`, {
      key: world.key('programmeLead'),
    }).catch(() => undefined);
    for (const s of (list?.body?.subscriptions ?? []) as {
      subscriptionId: string;
      trialId: string | null;
      revokedAt?: string | null;
    }[]) {
      if (s.trialId === world.trialId && !s.revokedAt)
        await http('DELETE', `${reporting.url}/v1/subscriptions/${s.subscriptionId}`, {
          key: world.key('programmeLead'),
        });
    }
  }
  if (reporting) {
    const emails = await http('GET', `${reporting.url}/v1/email-subscriptions`, {
      key: world.key('programmeLead'),
    }).catch(() => undefined);
    for (const s of (emails?.body?.subscriptions ?? []) as {
      subscriptionId: string;
      trialId: string | null;
      status: string;
    }[]) {
      if (s.trialId === world.trialId && s.status !== 'ended')
        await http('DELETE', `${reporting.url}/v1/email-subscriptions/${s.subscriptionId}`, {
          key: world.key('programmeLead'),
        });
    }
  }
  await world.stop();
}, 60_000);

describe('every route has an access rule and a row in the matrix', () => {
  it.each(APPS)(
    '%s: every Nest route carries @Allow or @Public, and the running app serves exactly those (plus the API docs)',
    (app) => {
      const routes = nestRoutes(appModules()[app]);
      const withoutRule = routes.filter((r) => !r.rule).map(describeRoute);
      expect(withoutRule).toEqual([]);
      const live = served.get(app)!;
      const missing = routes.map((r) => r.route).filter((r) => !live.includes(r));
      expect(missing).toEqual([]); // a Nest route the process does not serve: rebuild dist
      const besideNest = live.filter((r) => !routes.some((n) => n.route === r));
      expect(besideNest.filter((r) => !/^(GET|USE) \/docs(\/|-yaml|$)/.test(r))).toEqual([]);
    },
  );

  it.each(APPS)(
    '%s: every route the running app serves has a row in the matrix, and every row a route',
    (app) => {
      const rows = MATRIX.filter((r) => r.app === app).map((r) => r.route);
      const live = served.get(app)!;
      expect(
        live.filter((r) => !rows.includes(r)).map((r) => `new route without a matrix row: ${app} ${r}`),
      ).toEqual([]);
      expect(
        rows
          .filter((r) => !live.includes(r))
          .map((r) => `matrix row for a route ${app} does not serve: ${r}`),
      ).toEqual([]);
    },
  );

  it('notices a route without a rule (self-check of the inventory)', () => {
    @Controller('v1/forgotten')
    class ForgottenController {
      @Get()
      list() {
        return [];
      }

      @Get(':id')
      @Allow('admin')
      one() {
        return {};
      }
    }
    @Module({ controllers: [ForgottenController] })
    class ForgottenModule {}
    const routes = nestRoutes({ module: class Root {}, imports: [ForgottenModule] });
    expect(routes.map((r) => [r.route, r.rule?.kind ?? 'none'])).toEqual([
      ['GET /v1/forgotten', 'none'],
      ['GET /v1/forgotten/:id', 'roles'],
    ]);
  });
});

describe('who gets what: every route × site A, site B, evaluator, programme lead, admin, no key', () => {
  it.each(APPS)(
    '%s answers each principal as the matrix says, and a site key never sees another site or trial, nor anyone without a key any identifier',
    async (app) => {
      const mismatches: string[] = [];
      for (const row of MATRIX.filter((r) => r.app === app)) {
        for (const c of row.cases) {
          for (const who of PRINCIPALS) {
            const spec = await c.send(who);
            const res = await world.send(app, who, spec);
            const wanted = c.expect[who];
            const ok = wanted === 'ok' ? res.status >= 200 && res.status < 300 : res.status === wanted;
            if (!ok)
              mismatches.push(
                `${row.route} [${c.what}] as ${who}: expected ${wanted}, got ${res.status} ${res.text.slice(0, 120)}`,
              );
            const leak =
              ok && wanted === 'ok' ? foreignIds(who).find((id) => res.text.includes(id)) : undefined;
            if (leak) mismatches.push(`${row.route} [${c.what}] as ${who}: the answer mentions ${leak}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    },
    120_000,
  );

  it("an evaluator's cut by site shows both sites, where each site's key sees only its own", async () => {
    const path = `${world.url('query')}/v1/trials/${world.trialId}/outcomes?groupBy=site`;
    const sitesIn = async (key: string | undefined) =>
      ((await http('GET', path, { key })).body.groups as { key: { site: string } }[])
        .map((g) => g.key.site)
        .sort();
    expect(await sitesIn(world.key('evaluator'))).toEqual([world.siteA.siteId, world.siteB.siteId].sort());
    expect(await sitesIn(world.key('siteA'))).toEqual([world.siteA.siteId]);
    expect(await sitesIn(world.key('siteB'))).toEqual([world.siteB.siteId]);
  });
});

/** Ids a caller must never read about: for a site, the other site of its trial and trial U; without a key, any. */
function foreignIds(who: Who): string[] {
  if (who === 'siteA') return [world.siteB.siteId, world.siteC.siteId, world.otherTrialId, f.pB, f.pC];
  if (who === 'siteB') return [world.siteA.siteId, world.siteC.siteId, world.otherTrialId, f.pA, f.pC];
  if (who === 'anonymous')
    return [
      world.trialId,
      world.otherTrialId,
      world.siteA.siteId,
      world.siteB.siteId,
      world.siteC.siteId,
      f.pA,
      f.pB,
      f.pC,
    ];
  return [];
}

function describeRoute(r: NestRoute): string {
  return `${r.route} (${r.controller}.${r.handler}) has no @Allow or @Public`;
}

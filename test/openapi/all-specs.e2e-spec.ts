import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { http } from '../support/http';
import type { ServiceName } from '../support/service-process';
import { TEST_OUTPUT } from '../support/service-process';
import { TrialHarness } from '../support/trial-harness';
import { redoclyLint, typeCheckClient } from './support/openapi-tools';

// Issue 14, "an OpenAPI you can generate a client from", for every service with an API:
// the ingest, query and reporting apps run as built (processes, as in production) and
// their specs as served pass `redocly lint` (recommended rules) with no error; every
// operation declares what it answers on success (a schema or a media type, or 204/3xx) and,
// unless public, the key guard's 401/403/429 as ErrorBody; and a client generated from the
// reporting spec by openapi-typescript type-checks reading a field of the report list,
// which the running service then answers.

const harness = new TrialHarness({
  REPORTING_TICK_SECONDS: '0',
  REPORTING_DISPATCH_MS: '0',
});
const dir = join(TEST_OUTPUT, `openapi-all-${harness.tag}`);
const SPECS: ServiceName[] = ['ingest', 'query', 'reporting'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Response {
  $ref?: string;
  content?: Record<string, { schema?: { $ref?: string; type?: string; oneOf?: unknown[] } }>;
}
interface Operation {
  security?: Record<string, unknown>[];
  responses?: Record<string, Response>;
}
interface Spec {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
}

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  await harness.start(['ingest', 'projector', 'query', 'reporting'], {
    REPORTING_TRIAL_PREFIX: harness.tag,
  });
  await harness.createTrial(1);
}, 180_000);

afterAll(() => harness.stopAll(), 60_000);

async function served(name: ServiceName): Promise<{ file: string; doc: Spec }> {
  const res = await http('GET', `${harness.url(name)}/docs/openapi.json`);
  expect(res.status).toBe(200);
  const file = join(dir, `${name}.openapi.json`);
  writeFileSync(file, res.text);
  return { file, doc: JSON.parse(res.text) as Spec };
}

function operations(doc: Spec): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((m) => {
      const op = item[m];
      return op ? [[`${m.toUpperCase()} ${path}`, op] as [string, Operation]] : [];
    }),
  );
}

/** A success is described: 204 or a redirect, or content with a schema for each media type. */
function describesSuccess(op: Operation): boolean {
  return Object.entries(op.responses ?? {}).some(([status, response]) => {
    if (status === '204' || /^3\d\d$/.test(status)) return true;
    if (!/^2\d\d$/.test(status)) return false;
    const media = Object.values(response.content ?? {});
    return (
      media.length > 0 && media.every((m) => m.schema && (m.schema.$ref || m.schema.type || m.schema.oneOf))
    );
  });
}

interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
}

/**
 * Where a JSON answer departs from its schema (types, required and undeclared fields,
 * enums, nullability): an empty list when the schema describes what the service sent.
 */
function departures(
  doc: Spec & { components?: { schemas?: Record<string, Schema> } },
  schema: Schema,
  value: unknown,
  at = '$',
): string[] {
  if (schema.$ref) return departures(doc, doc.components!.schemas![schema.$ref.split('/').pop()!], value, at);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives)
    return alternatives.some((s) => departures(doc, s, value, at).length === 0)
      ? []
      : [`${at}: matches none of its alternatives`];
  if (value === null) return schema.nullable ? [] : [`${at}: null, not nullable`];
  if (schema.enum && !schema.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`];
  const actual = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (schema.type && !(schema.type === actual || (schema.type === 'number' && actual === 'integer')))
    return [`${at}: ${actual}, not ${schema.type}`];
  if (Array.isArray(value))
    return schema.items ? value.flatMap((v, i) => departures(doc, schema.items!, v, `${at}[${i}]`)) : [];
  if (typeof value !== 'object' || !schema.properties) {
    if (typeof value === 'object' && typeof schema.additionalProperties === 'object')
      return Object.entries(value).flatMap(([k, v]) =>
        departures(doc, schema.additionalProperties as Schema, v, `${at}.${k}`),
      );
    return [];
  }
  const record = value as Record<string, unknown>;
  return [
    ...(schema.required ?? []).filter((k) => !(k in record)).map((k) => `${at}.${k}: missing`),
    ...Object.entries(record).flatMap(([k, v]) =>
      schema.properties![k]
        ? departures(doc, schema.properties![k], v, `${at}.${k}`)
        : [`${at}.${k}: not in the schema`],
    ),
  ];
}

const isPublic = (op: Operation) =>
  Array.isArray(op.security) && op.security.every((s) => Object.keys(s).length === 0);

it.each(SPECS)(
  'publishes a %s spec that redocly lint passes with no error (recommended rules)',
  async (name) => {
    const { file } = await served(name);
    const lint = await redoclyLint(file);
    expect({ code: lint.code, output: lint.code === 0 ? '' : lint.output }).toEqual({ code: 0, output: '' });
    // written for the API's users: no citations of a design document they do not have
    expect(readFileSync(file, 'utf8')).not.toMatch(/DESIGN §/);
  },
  120_000,
);

it.each(SPECS)(
  'describes every %s operation: its success with a schema or media type, and the key guard’s answers',
  async (name) => {
    const { doc } = await served(name);
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.filter(([, op]) => !describesSuccess(op)).map(([id]) => id)).toEqual([]);
    const errorBody = { $ref: '#/components/schemas/ErrorBody' };
    for (const [id, op] of ops.filter(([, o]) => !isPublic(o))) {
      for (const status of ['401', '403', '429'])
        expect({ id, status, schema: op.responses?.[status]?.content?.['application/json']?.schema }).toEqual(
          {
            id,
            status,
            schema: errorBody,
          },
        );
    }
  },
  120_000,
);

it('describes what the services answer: real JSON answers match their published schemas', async () => {
  const site = harness.sites[0];
  const report = await http('POST', `${harness.url('reporting')}/v1/trials/${harness.trialId}/reports`, {
    key: harness.programmeLeadKey,
    json: { type: 'interim', asOf: '2017-09-30' },
  });
  expect(report.status).toBe(201);
  const asked: [ServiceName, string, string, string][] = [
    ['ingest', '/v1/keys', '/v1/keys', harness.adminKey],
    ['ingest', '/v1/keys/current', '/v1/keys/current', site.apiKey],
    ['ingest', '/v1/sites/{siteId}/data-quality', `/v1/sites/${site.siteId}/data-quality`, site.apiKey],
    ['query', '/v1/trials', '/v1/trials', harness.evaluatorKey],
    [
      'query',
      '/v1/trials/{trialId}/data-quality',
      `/v1/trials/${harness.trialId}/data-quality`,
      harness.evaluatorKey,
    ],
    [
      'query',
      '/v1/trials/{trialId}/outcomes/first-job-curves',
      `/v1/trials/${harness.trialId}/outcomes/first-job-curves?groupBy=arm`,
      harness.evaluatorKey,
    ],
    ['reporting', '/v1/reports', `/v1/reports?trialId=${harness.trialId}`, harness.evaluatorKey],
    ['reporting', '/v1/reports/{ref}', `/v1/reports/${report.body.id}.json`, harness.evaluatorKey],
    ['reporting', '/v1/schedules', '/v1/schedules', harness.programmeLeadKey],
    [
      'reporting',
      '/v1/trials/{trialId}/schedule',
      `/v1/trials/${harness.trialId}/schedule`,
      harness.programmeLeadKey,
    ],
    ['reporting', '/v1/subscriptions', '/v1/subscriptions', harness.programmeLeadKey],
    ['reporting', '/v1/email-subscriptions', '/v1/email-subscriptions', harness.programmeLeadKey],
    [
      'reporting',
      '/v1/reports/{reportId}/deliveries',
      `/v1/reports/${report.body.id}/deliveries`,
      harness.programmeLeadKey,
    ],
  ];
  const specs = Object.fromEntries(
    await Promise.all(SPECS.map(async (n) => [n, (await served(n)).doc] as const)),
  );
  for (const [name, path, url, key] of asked) {
    const res = await http('GET', `${harness.url(name)}${url}`, { key });
    expect({ url, status: res.status }).toEqual({ url, status: 200 });
    const doc = specs[name];
    const schema = doc.paths[path]?.get?.responses?.['200']?.content?.['application/json']?.schema as Schema;
    expect({ url, departures: departures(doc, schema, res.body) }).toEqual({ url, departures: [] });
  }
  const created = specs.reporting.paths['/v1/trials/{trialId}/reports']?.post?.responses?.['201']?.content?.[
    'application/json'
  ]?.schema as Schema;
  expect(departures(specs.reporting, created, report.body)).toEqual([]);
}, 180_000);

it('gives a client generated from the reporting spec the report list’s types, and the service answers them', async () => {
  const { file } = await served('reporting');
  const diagnostics = await typeCheckClient(
    file,
    'reporting-api',
    `import type { paths } from './reporting-api';

type Reports = paths['/v1/reports']['get']['responses'][200]['content']['application/json'];

export function firstHash(body: Reports): string {
  const hash: string = body.reports[0].contentHash;
  const csv: string = body.reports[0].links.csv;
  // @ts-expect-error — a typed answer has no such field (were it any, this line would compile and the directive fail)
  void body.reports[0].noSuchField;
  return hash + csv;
}
`,
  );
  expect(diagnostics).toEqual([]);

  const reporting = harness.url('reporting');
  const made = await http('POST', `${reporting}/v1/trials/${harness.trialId}/reports`, {
    key: harness.programmeLeadKey,
    json: { type: 'interim', asOf: '2017-12-31' },
  });
  expect(made.status).toBe(201);
  const res = await http('GET', `${reporting}/v1/reports?trialId=${harness.trialId}`, {
    key: harness.evaluatorKey,
  });
  expect(res.status).toBe(200);
  const hash: unknown = res.body.reports[0].contentHash;
  expect(hash).toBe(made.body.contentHash);
  expect(typeof hash).toBe('string');
}, 180_000);

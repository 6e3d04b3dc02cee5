import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { http } from '../support/http';
import { TEST_OUTPUT } from '../support/service-process';
import { QueryWorld } from '../dashboard/support/query-world';
import { redoclyLint, typeCheckClient } from './support/openapi-tools';

// Issue 14, "an OpenAPI you can generate a client from": the query service's published
// spec passes `redocly lint` (recommended rules), and a client generated from it by
// openapi-typescript type-checks reading groups[0].firstJob.at[0].cumulativeIncidence as
// a number or null — not unknown, not any — which the running API then answers.

const world = new QueryWorld();
const dir = join(TEST_OUTPUT, `openapi-${world.tag}`);

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  await world.create({ participants: 300, seed: 23 });
  await world.start();
}, 120_000);

afterAll(() => world.stop(), 30_000);

/** The query app's spec as it serves it (the app as main.ts builds it), saved for the tools. */
async function spec(): Promise<string> {
  const res = await http('GET', `${world.url}/docs/openapi.json`);
  expect(res.status).toBe(200);
  const file = join(dir, 'query.openapi.json');
  writeFileSync(file, res.text);
  return file;
}

it('publishes a query spec that redocly lint passes (recommended rules), with an opaque-key bearer scheme', async () => {
  const file = await spec();
  const lint = await redoclyLint(file);
  expect({ code: lint.code, output: lint.code === 0 ? '' : lint.output }).toEqual({ code: 0, output: '' });
  const doc = JSON.parse((await http('GET', `${world.url}/docs/openapi.json`)).text);
  expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(doc.components.securitySchemes.bearer.bearerFormat).not.toMatch(/JWT/);
  expect(JSON.stringify(doc)).not.toMatch(/DESIGN §/);
}, 120_000);

it('gives a generated client the outcome types: it type-checks reading the first job curve, and the API answers it', async () => {
  const file = await spec();
  const diagnostics = await typeCheckClient(
    file,
    'query-api',
    `import type { paths } from './query-api';

type Outcomes =
  paths['/v1/trials/{trialId}/outcomes']['get']['responses'][200]['content']['application/json'];

export function firstIncidence(body: Outcomes): number | null {
  const value: number | null = body.groups[0].firstJob.at[0].cumulativeIncidence;
  // @ts-expect-error — a typed answer has no such field (were it any, this line would compile and the directive fail)
  void body.groups[0].firstJob.noSuchField;
  return value;
}
`,
  );
  expect(diagnostics).toEqual([]);

  const res = await http(
    'GET',
    `${world.url}/v1/trials/${world.trialId}/outcomes?groupBy=arm&asOf=2019-06-30`,
    {
      key: world.keys.evaluator,
    },
  );
  expect(res.status).toBe(200);
  const value: unknown = res.body.groups[0].firstJob.at[0].cumulativeIncidence;
  expect(typeof value).toBe('number');
}, 120_000);

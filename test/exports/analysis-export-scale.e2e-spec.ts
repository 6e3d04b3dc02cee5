import { createHash } from 'node:crypto';
import type { AnalysisExportMetadata } from '@ips/contracts';
import { http } from '../support/http';
import { rssMiB, sampleRss } from '../support/process-memory';
import { ServiceProcess } from '../support/service-process';
import { serviceEnv } from '../support/test-env';
import { ReportingWorld } from '../reporting/support/reporting-app';

// Issue 13, scale: a 100,000-participant trial (a seeded simulated trial, as the projector
// would have folded it) exports without the query process's memory growing with the trial.
// The export reads the journeys 500 at a time and streams the zip into the database, so the
// process holds a batch, not the trial: it runs with a heap limit below the size of the
// trial's journeys, and its resident memory stays flat while the rows are written.

const PARTICIPANTS = 100_000;
/** the query process's V8 old-space limit: far below what the trial's journeys take once parsed */
const HEAP_LIMIT_MIB = 96;
const world = new ReportingWorld();
let query: ServiceProcess;
let journeysMiB = 0;

beforeAll(async () => {
  await world.create('2017-07-01');
  const journeys = await world.project({
    participants: PARTICIPANTS,
    seed: 13,
    now: new Date('2019-06-30T12:00:00Z'),
  });
  journeysMiB = journeys.reduce((n, j) => n + JSON.stringify(j).length, 0) / 1048576;
  query = await ServiceProcess.start(
    'query',
    serviceEnv(world.tag, { NODE_OPTIONS: `--max-old-space-size=${HEAP_LIMIT_MIB}` }),
    {
      tag: world.tag,
    },
  );
}, 900_000);

afterAll(() => query?.stop(), 60_000);

async function exportAt(asOf: string): Promise<AnalysisExportMetadata> {
  const res = await http<AnalysisExportMetadata>('POST', `${query.url}/v1/trials/${world.trialId}/exports`, {
    key: world.keys.evaluator,
    json: { asOf, shiftDates: true },
  });
  expect(res.status).toBe(201);
  return res.body;
}

it('exports 100,000 participants with flat memory, and streams the archive back out', async () => {
  // warm up (JIT, pools, the zip library) on the trial's first weeks
  const small = await exportAt('2017-07-20');
  expect(small.participants).toBeLessThan(PARTICIPANTS / 10);
  const baseline = rssMiB(query.pid);

  const sampler = sampleRss(query.pid, 100);
  const started = performance.now();
  const big = await exportAt('2019-06-30');
  const seconds = (performance.now() - started) / 1000;
  const res = await fetch(`${query.url}${big.links.zip}`, {
    headers: { authorization: `Bearer ${world.keys.evaluator}` },
  });
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  const samples = sampler.stop();
  const peak = Math.max(...samples);

  expect(res.status).toBe(200);
  expect(bytes).toBe(big.archive.bytes);
  expect(hash.digest('hex')).toBe(big.archive.sha256);
  expect(big.participants).toBe(PARTICIPANTS);
  expect(big.files.find((f) => f.name === 'participants.csv')!.rows).toBe(PARTICIPANTS);
  process.stdout.write(
    `analysis export of ${PARTICIPANTS.toLocaleString('en-GB')} participants: ${seconds.toFixed(1)} s to create, ` +
      `${(bytes / 1048576).toFixed(1)} MiB archive; query RSS baseline ${baseline.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB; ` +
      `the journeys as JSON ${journeysMiB.toFixed(0)} MiB; heap limit ${HEAP_LIMIT_MIB} MiB\n`,
  );
  // the journeys' JSON text alone is most of the heap limit; parsed, they would far exceed it
  expect(journeysMiB).toBeGreaterThan(HEAP_LIMIT_MIB / 2);
  expect(peak - baseline).toBeLessThan(120);
  // flat, not growing with the rows written: the second half of the run is no higher than the first
  const half = Math.floor(samples.length / 2);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  expect(mean(samples.slice(half)) - mean(samples.slice(0, half))).toBeLessThan(48);
}, 900_000);

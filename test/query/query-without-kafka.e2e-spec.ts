import { createServer, type Server } from 'node:net';
import { http } from '../support/http';
import { TrialHarness } from '../support/trial-harness';

// Issue 14, "no unused connections": the query service reads Postgres only. It is started
// with KAFKA_BROKERS pointing at a listener that counts connections (what a broker address
// it tried would see): it answers, its /health checks Postgres alone and says nothing of
// Kafka, and nothing ever connects to that address.

const harness = new TrialHarness();
let decoy: Server;
let connections = 0;

beforeAll(async () => {
  decoy = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
  const address = decoy.address();
  if (address === null || typeof address === 'string') throw new Error('no port for the decoy broker');
  await harness.start(['ingest']);
  await harness.createTrial(1);
  await harness.start(['query'], { KAFKA_BROKERS: `127.0.0.1:${address.port}` });
}, 120_000);

afterAll(async () => {
  await harness.stopAll();
  await new Promise((resolve) => decoy.close(resolve));
});

it('answers outcomes and reports itself healthy by Postgres alone, and never connects to a broker', async () => {
  const query = harness.url('query');
  const outcomes = await http('GET', `${query}/v1/trials/${harness.trialId}/outcomes?groupBy=arm`, {
    key: harness.evaluatorKey,
  });
  expect(outcomes.status).toBe(200);
  const health = await http<{ status: string; details: Record<string, { status: string }> }>(
    'GET',
    `${query}/health`,
  );
  expect(health.status).toBe(200);
  expect(health.body.status).toBe('ok');
  expect(health.body.details).toEqual({ postgres: { status: 'up' } });
  expect(connections).toBe(0);
});

it('the ingest, which does use Kafka, still checks it', async () => {
  const health = await http<{ details: Record<string, { status: string }> }>(
    'GET',
    `${harness.url('ingest')}/health`,
  );
  expect(health.status).toBe(200);
  expect(health.body.details.kafka).toEqual({ status: 'up' });
});

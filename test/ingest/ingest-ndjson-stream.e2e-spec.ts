import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { http } from '../support/http';
import { KafkaInspector } from '../support/kafka-inspect';
import { rssMiB, sampleRss } from '../support/process-memory';
import { TrialHarness } from '../support/trial-harness';

// Issue 3: an NDJSON stream of 200,000 events is acknowledged in full while the ingest's
// memory stays flat (measured and printed; the bound below is generous on purpose: a server
// that buffered the stream would need several hundred MiB more).
const harness = new TrialHarness({ RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '1000' });
const inspector = new KafkaInspector();
const TOTAL = 200_000;

beforeAll(async () => {
  await harness.start(['ingest']);
  await harness.createTrial(1);
}, 120_000);

afterAll(async () => {
  await inspector.close();
  await harness.stopAll();
}, 60_000);

function eventLines(siteId: string, total: number): Readable {
  let i = 0;
  return new Readable({
    read() {
      let chunk = '';
      for (let n = 0; n < 500 && i < total; n++, i++) {
        chunk += `${JSON.stringify({
          eventId: randomUUID(),
          type: 'job.hours_changed',
          schemaVersion: 1,
          siteId,
          participantId: `P-${i % 20_000}`,
          occurredOn: '2018-01-15',
          data: { jobId: `job-${i}`, hoursPerWeek: 16 + (i % 20) },
        })}\n`;
      }
      this.push(chunk || null);
    },
  });
}

it('acknowledges all 200,000 events of one NDJSON stream with flat memory', async () => {
  const site = harness.sites[0];
  const ingest = harness.service('ingest');
  const topic = `${harness.tag}.ips.participant-events`;
  // warm up (JIT, pools, producer connection) before taking the baseline
  await http('POST', `${ingest.url}/v1/events`, {
    key: site.apiKey,
    body: await streamToString(eventLines(site.siteId, 5_000)),
    contentType: 'application/x-ndjson',
  });
  const baseline = rssMiB(ingest.pid);
  const before = await inspector.messageCount(topic);

  const sampler = sampleRss(ingest.pid);
  const started = Date.now();
  const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
    const u = new URL(`${ingest.url}/v1/events`);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: { authorization: `Bearer ${site.apiKey}`, 'content-type': 'application/x-ndjson' },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    eventLines(site.siteId, TOTAL).pipe(req);
  });
  const seconds = (Date.now() - started) / 1000;
  const samples = sampler.stop();
  const peak = Math.max(...samples);

  expect(answer.status).toBe(202);
  expect(answer.body).toEqual({ accepted: TOTAL, duplicates: 0, rejected: [] });
  expect(await inspector.messageCount(topic)).toBe(before + TOTAL);
  console.log(
    `NDJSON 200k: ${Math.round(TOTAL / seconds)} events/s; ingest RSS baseline ${baseline.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB, ` +
      `end ${samples[samples.length - 1]?.toFixed(0)} MiB; by quarter of the stream ${[0.25, 0.5, 0.75, 1].map((q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length) - 1)]?.toFixed(0)).join(' / ')} MiB`,
  );
  expect(peak - baseline).toBeLessThan(160);
  // flat, not growing with the stream: the second half is no higher than the first half
  const half = Math.floor(samples.length / 2);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  expect(mean(samples.slice(half)) - mean(samples.slice(0, half))).toBeLessThan(48);
}, 300_000);

async function streamToString(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk;
  return out;
}

import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { participantKey, type EventEnvelope } from '@ips/contracts';
import { ProgressBar } from '@ips/platform';
import type { BenchContext } from './bench-context';
import { isStaleConnection } from './stale-connection';
import { inParallel } from './bench-stats';
import { batches, type BenchTrial } from './trial-data';

export interface SiteKey {
  siteId: string;
  apiKey: string;
}

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);

/** Bench 1 baseline: a bare kafkajs producer sending the same events in the same batches (acks = all). */
export async function bareProducerBaseline(
  ctx: BenchContext,
  trial: BenchTrial,
  batchSize: number,
): Promise<number> {
  const kafka = new Kafka({
    clientId: 'bench-baseline',
    brokers: ctx.settings.brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `${ctx.settings.tag}.baseline`;
  await admin.createTopics({
    topics: [{ topic, numPartitions: 6, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const recordedAt = new Date().toISOString();
  const prepared = batches(trial, batchSize).map((b) =>
    b.events.map((e) => ({
      key: participantKey(e.siteId, e.participantId),
      value: JSON.stringify({ ...e, trialId: trial.trialId, recordedAt }),
      headers: { type: e.type, schemaVersion: '1' },
    })),
  );
  const bar = new ProgressBar('  baseline producer', trial.events, { unit: 'events' });
  const started = process.hrtime.bigint();
  await inParallel(prepared, CONCURRENCY, async (messages) => {
    await producer.send({ topic, acks: -1, messages });
    bar.tick(messages.length);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  bar.finish();
  await producer.disconnect();
  return trial.events / seconds;
}

/** Bench 1: the ingest API, JSON batches, acknowledged only after Kafka (acks = all). */
export async function ingestJsonBatches(
  ingestUrl: string,
  trial: BenchTrial,
  keys: SiteKey[],
  batchSize: number,
): Promise<number> {
  const keyOf = new Map(keys.map((k) => [k.siteId, k.apiKey]));
  const prepared = batches(trial, batchSize).map((b) => ({
    key: keyOf.get(b.siteId)!,
    body: JSON.stringify(b.events),
    n: b.events.length,
  }));
  const bar = new ProgressBar('  ingest JSON batches', trial.events, { unit: 'events' });
  let accepted = 0;
  const started = process.hrtime.bigint();
  await inParallel(prepared, CONCURRENCY, async (batch) => {
    const answer = await post(`${ingestUrl}/v1/events`, batch.key, 'application/json', batch.body);
    accepted += answer.accepted;
    bar.tick(batch.n);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  bar.finish();
  if (accepted !== trial.events) throw new Error(`ingest accepted ${accepted} of ${trial.events} events`);
  return trial.events / seconds;
}

/** Bench 2: the same over NDJSON streams and CSV uploads (each site's share split between them). */
export async function ingestStreams(
  ingestUrl: string,
  trial: BenchTrial,
  keys: SiteKey[],
  chunk: number,
): Promise<{ ndjson: number; csv: number }> {
  const keyOf = new Map(keys.map((k) => [k.siteId, k.apiKey]));
  const ndjsonParts: { key: string; body: string; n: number }[] = [];
  const csvParts: { key: string; body: string; n: number }[] = [];
  for (const [siteId, events] of trial.bySite) {
    const half = Math.floor(events.length / 2);
    for (let i = 0; i < half; i += chunk) {
      const part = events.slice(i, Math.min(half, i + chunk));
      ndjsonParts.push({
        key: keyOf.get(siteId)!,
        body: part.map((e) => JSON.stringify(e)).join('\n') + '\n',
        n: part.length,
      });
    }
    for (let i = half; i < events.length; i += chunk) {
      const part = events.slice(i, i + chunk);
      csvParts.push({ key: keyOf.get(siteId)!, body: toCsv(part), n: part.length });
    }
  }
  const run = async (
    label: string,
    parts: { key: string; body: string; n: number }[],
    path: string,
    type: string,
  ) => {
    const total = parts.reduce((s, p) => s + p.n, 0);
    const bar = new ProgressBar(`  ingest ${label}`, total, { unit: 'events' });
    let accepted = 0;
    const started = process.hrtime.bigint();
    await inParallel(parts, 2, async (p) => {
      const answer = await post(`${ingestUrl}${path}`, p.key, type, p.body);
      if (answer.accepted !== p.n)
        throw new Error(
          `${label}: ${answer.accepted} of ${p.n} accepted: ${JSON.stringify(answer).slice(0, 400)}`,
        );
      accepted += answer.accepted;
      bar.tick(p.n);
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    bar.finish();
    if (accepted !== total) throw new Error(`${label}: ingest accepted ${accepted} of ${total} events`);
    return total / seconds;
  };
  const ndjson = await run('NDJSON streams', ndjsonParts, '/v1/events', 'application/x-ndjson');
  const csv = await run('CSV uploads', csvParts, '/v1/events/csv', 'text/csv');
  return { ndjson, csv };
}

const CSV_FIELDS = [
  'condition',
  'referralSource',
  'employmentStatus',
  'ageBand',
  'sex',
  'eligible',
  'reason',
  'arm',
  'jobId',
  'hoursPerWeek',
  'competitive',
  'selfEmployed',
  'hourlyWagePence',
  'socCode',
  'inWork',
  'retractedEventId',
  // wellbeing.measured (issue 12): without them the CSV bench's uploads were refused
  'instrument',
  'score',
];

function toCsv(events: EventEnvelope[]): string {
  const header = [
    'eventId',
    'type',
    'participantId',
    'occurredOn',
    ...CSV_FIELDS.map((f) => `data.${f}`),
  ].join(',');
  const cell = (v: unknown) => {
    if (v === undefined || v === null) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = events.map((e) => {
    const data = e.data as Record<string, unknown>;
    return [e.eventId, e.type, e.participantId, e.occurredOn, ...CSV_FIELDS.map((f) => cell(data[f]))].join(
      ',',
    );
  });
  return `${header}\n${rows.join('\n')}\n`;
}

async function post(
  url: string,
  key: string,
  contentType: string,
  body: string,
): Promise<{ accepted: number; duplicates: number; rejected: unknown[] }> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
        body,
      });
    } catch (err) {
      // A kept-alive connection the ingest closed while it sat idle (the bench prepares
      // the next bench's bodies between requests): send again on a fresh one. Safe: the
      // ingest dedupes by eventId, and counts a resent event it already had as a duplicate.
      if (isStaleConnection(err) && attempt < 5) continue;
      throw err;
    }
    const text = await res.text();
    if (res.status === 202) {
      const answer = JSON.parse(text) as { accepted: number; duplicates: number; rejected: unknown[] };
      // after a resend, what the lost attempt may have accepted comes back as duplicates
      return attempt > 0
        ? { ...answer, accepted: answer.accepted + answer.duplicates, duplicates: 0 }
        : answer;
    }
    if ((res.status === 503 || res.status === 429) && attempt < 5) {
      await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
      continue;
    }
    throw new Error(`POST ${url} → ${res.status}: ${text.slice(0, 300)}`);
  }
}

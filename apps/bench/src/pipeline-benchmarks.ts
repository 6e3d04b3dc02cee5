import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ProgressBar, repoRoot } from '@ips/platform';
import type { BenchContext } from './bench-context';
import { sleep } from './bench-stats';
import { rssMiB } from './export-benchmark';
import type { SiteKey } from './ingest-benchmarks';

async function topicTotal(ctx: BenchContext, topic: string): Promise<number> {
  const kafka = new Kafka({
    clientId: 'bench-admin',
    brokers: ctx.settings.brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return offsets.reduce((s, o) => s + Number(o.high) - Number(o.low), 0);
}

/** Bench 3 baseline: a bare kafkajs consumer reading the whole topic and doing nothing. */
export async function bareConsumerBaseline(ctx: BenchContext): Promise<number> {
  const total = await topicTotal(ctx, ctx.topic);
  const kafka = new Kafka({
    clientId: 'bench-consumer',
    brokers: ctx.settings.brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({
    groupId: `${ctx.settings.tag}-bare-${Date.now()}`,
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: ctx.topic, fromBeginning: true });
  const bar = new ProgressBar('  bare consumer', total, { unit: 'messages' });
  let seen = 0;
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          bar.tick(batch.messages.length);
          if (seen >= total) resolve();
        },
      })
      .catch(reject);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  bar.finish();
  await consumer.disconnect();
  return total / seconds;
}

/** Bench 3: start the projector on a full topic and time it to the end (every write, exactly once). */
export async function projectorCatchUp(
  ctx: BenchContext,
): Promise<{ eventsPerSecond: number; messages: number }> {
  const total = await topicTotal(ctx, ctx.topic);
  const bar = new ProgressBar('  projector catch-up', total, { unit: 'messages' });
  const started = process.hrtime.bigint();
  await ctx.start('projector');
  for (;;) {
    const [row] = await ctx.sql<{ n: string }>(
      `SELECT coalesce(sum(next_offset), 0) AS n FROM projector_offsets WHERE topic = $1`,
      [ctx.topic],
    );
    bar.update(Number(row.n));
    if (Number(row.n) >= total) break;
    await sleep(200);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  bar.finish();
  return { eventsPerSecond: total / seconds, messages: total };
}

/** Bench 4: at a steady 1,000 events/s, time from the ingest's 202 to the event's effect in the query API. */
export async function freshness(
  ingestUrl: string,
  queryUrl: string,
  trialId: string,
  site: SiteKey,
  evaluatorKey: string,
  seconds: number,
): Promise<number[]> {
  const latencies: number[] = [];
  const probes: Promise<void>[] = [];
  const perTick = 50; // 20 ticks a second × 50 events
  const bar = new ProgressBar('  freshness at 1,000 events/s', seconds * 20, { unit: 'batches' });
  const start = Date.now();
  for (let tick = 0; tick < seconds * 20; tick++) {
    const due = start + tick * 50;
    if (Date.now() < due) await sleep(due - Date.now());
    const events = Array.from({ length: perTick }, (_, i) => ({
      eventId: randomUUID(),
      type: 'participant.referred',
      schemaVersion: 1,
      siteId: site.siteId,
      participantId: `fresh-${tick}-${i}`,
      occurredOn: '2018-01-10',
      data: { condition: 'mental_health', referralSource: 'self', employmentStatus: 'unemployed' },
    }));
    const res = await fetch(`${ingestUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${site.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    const acknowledged = Date.now();
    if (res.status !== 202) throw new Error(`freshness: ingest answered ${res.status}`);
    await res.arrayBuffer();
    const probe = events[perTick - 1];
    probes.push(
      (async () => {
        for (;;) {
          const r = await fetch(
            `${queryUrl}/v1/trials/${trialId}/participants/${site.siteId}/${probe.participantId}`,
            { headers: { authorization: `Bearer ${evaluatorKey}` } },
          );
          await r.arrayBuffer();
          if (r.status === 200) {
            latencies.push(Date.now() - acknowledged);
            return;
          }
          if (Date.now() - acknowledged > 30_000)
            throw new Error('freshness: an event was not visible after 30 s');
          await sleep(10);
        }
      })(),
    );
    bar.tick();
  }
  await Promise.all(probes);
  bar.finish();
  return latencies;
}

/**
 * Bench 5: the outcomes query, two cuts, after a warm-up; and the baseline SELECT count(*) over
 * the journeys. Also the query process's memory for its copy of the trial's journeys: its
 * RSS before the warm-up (the first load of the trial) and after it, once a few idle seconds
 * let V8 collect what loading left behind (no GC can be forced in the app: an upper bound).
 */
export async function outcomesQuery(
  ctx: BenchContext,
  queryUrl: string,
  queryPid: number,
  trialId: string,
  evaluatorKey: string,
  rounds: number,
) {
  // a different as-of date every round: the query reuses an answer for the same cut of
  // unchanged journeys, and this bench measures computing one
  const asOf = (round: number) =>
    new Date(Date.UTC(2019, 5, 30) - round * 86_400_000).toISOString().slice(0, 10);
  const timeQuery = async (groupBy: string, round: number) => {
    const t = process.hrtime.bigint();
    const res = await fetch(
      `${queryUrl}/v1/trials/${trialId}/outcomes?groupBy=${groupBy}&asOf=${asOf(round)}`,
      { headers: { authorization: `Bearer ${evaluatorKey}` } },
    );
    const body = await res.text();
    if (res.status !== 200) throw new Error(`outcomes → ${res.status}: ${body.slice(0, 200)}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const rssBeforeMiB = rssMiB(queryPid);
  for (let i = 0; i < 3; i++) await timeQuery('arm,condition', rounds + 1 + i); // warm-up: first load of the journeys
  await sleep(5_000);
  const rssAfterMiB = rssMiB(queryPid);
  const cuts: Record<string, number[]> = { 'arm,condition': [], 'site,arm,cohort': [] };
  const bar = new ProgressBar('  outcomes queries', rounds * 2, { unit: 'queries' });
  for (let i = 0; i < rounds; i++) {
    for (const cut of Object.keys(cuts)) {
      cuts[cut].push(await timeQuery(cut, i));
      bar.tick();
    }
  }
  bar.finish();
  const count: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    await ctx.sql(`SELECT count(*) FROM journeys WHERE trial_id = $1`, [trialId]);
    count.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { cuts, count, memory: { rssBeforeMiB, rssAfterMiB } };
}

/**
 * Bench 5's memory figure: the heap that JourneyReader's copy of the trial takes, each side
 * measured after full GCs, in a process of its own (scripts/dev/query-memory.js run, with
 * --expose-gc) reading the journeys the projector stored in this run's database. The query
 * app's RSS cannot show it: a GC cannot be forced there, and what the load leaves behind
 * stays in its RSS for a while.
 */
export async function journeyCopyHeap(
  ctx: BenchContext,
  trialId: string,
): Promise<{ journeys: number; heapBytesPerJourney: number; heapMiBPer100k: number }> {
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '--expose-gc',
        '-r',
        join(repoRoot(), 'scripts', 'register-aliases.js'),
        join(repoRoot(), 'scripts', 'dev', 'query-memory.js'),
        'run',
        '--url',
        ctx.settings.databaseUrl,
        '--trial',
        trialId,
        '--rounds',
        '0',
      ],
      { env: { PATH: process.env.PATH ?? '' }, maxBuffer: 1024 * 1024 },
      (err, stdout) => (err ? reject(new Error(`query-memory.js: ${err.message}`)) : resolve(stdout)),
    );
  });
  return JSON.parse(out.trim().split('\n').pop()!) as {
    journeys: number;
    heapBytesPerJourney: number;
    heapMiBPer100k: number;
  };
}

/** Runs `npm run replay` (the built entry point) with these arguments; its JSON report line. */
async function runReplay<Report>(ctx: BenchContext, args: string[]): Promise<Report> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [
        '-r',
        join(repoRoot(), 'scripts', 'register-aliases.js'),
        join(repoRoot(), 'dist', 'apps', 'projector', 'src', 'replay', 'replay.js'),
        ...args,
      ],
      { env: { PATH: process.env.PATH ?? '', ...ctx.env() }, maxBuffer: 16 * 1024 * 1024 },
      // --check exits 1 when it finds a difference: the report line is still there
      (err, stdout) => (err && !stdout ? reject(err) : resolve(stdout)),
    );
    child.stderr?.pipe(process.stderr);
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Report;
}

/** What the journeys hold, ignoring versions and timestamps: equal before and after a rebuild. */
async function journeysFingerprint(ctx: BenchContext): Promise<string> {
  const [row] = await ctx.sql<{ n: string; h: string }>(
    `SELECT count(*)::text AS n, coalesce(sum(hashtextextended(site_id || ' ' || participant_id || ' ' || journey::text, 0)), 0)::text AS h FROM journeys`,
  );
  return `${row.n}:${row.h}`;
}

/** The report line of `npm run replay` and `-- --check` (apps/projector/src/replay). */
interface RebuildReport {
  participants: number;
  events: number;
  different: number;
  missing: number;
  orphaned: number;
  unreadable: number;
  journeysWritten: number;
  seconds: number;
}

export interface RebuildFigures {
  events: number;
  participants: number;
  checkSeconds: number;
  rebuildSeconds: number;
}

/**
 * Bench 6: the rebuild from the event store over the whole store the projector left —
 * `npm run replay -- --check` (read, fold and compare everything: must find no difference),
 * then `npm run replay` after the journeys were emptied, so it writes every journey (the
 * worst case: a changed fold rewrites them all), and must give back exactly what the
 * projector had written.
 */
export async function rebuildFromEventStore(ctx: BenchContext): Promise<RebuildFigures> {
  const check = await runReplay<RebuildReport>(ctx, ['--check']);
  if (check.different + check.missing + check.orphaned + check.unreadable !== 0)
    throw new Error(`replay --check: the live read models differ from a rebuild (${JSON.stringify(check)})`);
  const before = await journeysFingerprint(ctx);
  await ctx.sql(`TRUNCATE journeys`);
  const rebuild = await runReplay<RebuildReport>(ctx, []);
  if (rebuild.journeysWritten !== check.participants)
    throw new Error(
      `replay: wrote ${rebuild.journeysWritten} journeys for ${check.participants} participants`,
    );
  const after = await journeysFingerprint(ctx);
  if (after !== before)
    throw new Error(`replay: the rebuilt journeys differ from the projector's (${before} → ${after})`);
  return {
    events: check.events,
    participants: check.participants,
    checkSeconds: check.seconds,
    rebuildSeconds: rebuild.seconds,
  };
}

/** Bench 6, from the topic: `npm run replay -- --from-topic` over the whole topic. */
export async function replayFromTopic(ctx: BenchContext): Promise<{ seconds: number; messages: number }> {
  const report = await runReplay<{ differences: number; seconds: number; messages: number }>(ctx, [
    '--from-topic',
  ]);
  if (report.differences !== 0) throw new Error(`replay: ${report.differences} journeys differ from before`);
  return { seconds: report.seconds, messages: report.messages };
}

import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChildService, repoRoot } from '@ips/platform';
import { BenchContext, machineDescription } from './bench-context';
import { histogramSums, percentile, round } from './bench-stats';
import { bareProducerBaseline, ingestJsonBatches, ingestStreams, type SiteKey } from './ingest-benchmarks';
import {
  bareConsumerBaseline,
  freshness,
  outcomesQuery,
  journeyCopyHeap,
  projectorCatchUp,
  rebuildFromEventStore,
  replayFromTopic,
} from './pipeline-benchmarks';
import { analysisExport } from './export-benchmark';
import { firstYearReport } from './report-benchmark';
import { isStaleConnection } from './stale-connection';
import { simulateTrial } from './trial-data';

/** bench 8's query process: small enough that an export holding the trial in memory would not fit */
const EXPORT_HEAP_MIB = 128;

// `npm run bench [-- --participants N --participants-b N --freshness-seconds S --ingest-only --no-record]`
// (--ingest-only: benches 1 and 2 only, for A/B runs of the ingest)
// Every figure is printed with its ratio to a baseline measured in the same run, on this
// machine, and appended to BENCHMARKS.md with the command, date and machine. Never a test.
interface Row {
  bench: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

async function api<T = any>(method: string, url: string, key: string, body?: unknown): Promise<T> {
  const send = () =>
    fetch(url, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  // one more try on a fresh connection if the reused one turned out closed
  const res = await send().catch((err: unknown) => {
    if (isStaleConnection(err)) return send();
    throw err;
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

async function main(): Promise<void> {
  const tag = `bench${Date.now().toString(36)}`;
  const ctx = new BenchContext({
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ips_outcomes_bench',
    brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    tag,
    adminKey: `bench-admin-${randomBytes(24).toString('hex')}`,
    participantsA: option('participants', 100_000),
    participantsB: option('participants-b', 100_000),
    freshnessSeconds: option('freshness-seconds', 30),
  });
  const rows: Row[] = [];
  const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
  const log = (s: string) => process.stderr.write(`${s}\n`);

  try {
    // Simulated before any connection is open, so none sits idle through it.
    log(
      `▶ simulating trial A (${fmt(ctx.settings.participantsA)} participants) and trial B (${fmt(ctx.settings.participantsB)})`,
    );
    const trialA = await simulateTrial(`${tag}-a`, `${tag}-a-`, ctx.settings.participantsA, 1);
    const trialB = await simulateTrial(`${tag}-b`, `${tag}-b-`, ctx.settings.participantsB, 2);
    log(`▶ preparing: fresh benchmark database, topics ${tag}.*`);
    await ctx.freshDatabase();
    const ingest = await ctx.start('ingest');
    const query = await ctx.start('query');
    const admin = ctx.settings.adminKey;
    const evaluatorKey = (await api('POST', `${ingest.url}/v1/keys`, admin, { role: 'evaluator' }))
      .apiKey as string;
    const leadKey = (await api('POST', `${ingest.url}/v1/keys`, admin, { role: 'programme_lead' }))
      .apiKey as string;
    const keys: SiteKey[] = [];
    for (const trial of [trialA, trialB]) {
      await api('POST', `${ingest.url}/v1/trials`, admin, {
        trialId: trial.trialId,
        name: trial.trialId,
        startDate: '2017-07-01',
      });
      for (const site of trial.sites) {
        keys.push({
          siteId: site.siteId,
          apiKey: (await api('POST', `${ingest.url}/v1/trials/${trial.trialId}/sites`, admin, site)).apiKey,
        });
      }
    }
    log(`  trial A: ${fmt(trialA.events)} events; trial B: ${fmt(trialB.events)} events`);

    log('▶ 1. ingest throughput, JSON batches of 500');
    const baseline1 = await bareProducerBaseline(ctx, trialA, 500);
    const json = await ingestJsonBatches(ingest.url, trialA, keys, 500);
    log(
      `  ingest time by phase (s): ${JSON.stringify(await histogramSums(`${ingest.url}/metrics`, 'ingest_phase_seconds', 'phase'))}`,
    );
    rows.push({
      bench: '1. ingest, HTTP JSON batches of 500 → Kafka acks=all',
      figure: `${fmt(json)} events/s`,
      baseline: `bare kafkajs producer ${fmt(baseline1)} events/s`,
      ratio: `${round(json / baseline1, 2)}×`,
      target: '≥ 0.75× bare producer',
      met: json / baseline1 >= 0.75 ? 'yes' : 'no',
    });

    log('▶ 2. ingest throughput, NDJSON streams and CSV uploads');
    const streams = await ingestStreams(ingest.url, trialB, keys, 20_000);
    rows.push({
      bench: '2a. ingest, NDJSON streams of 20,000 lines',
      figure: `${fmt(streams.ndjson)} events/s`,
      baseline: `bench 1 ${fmt(json)} events/s`,
      ratio: `${round(streams.ndjson / json, 2)}×`,
      target: 'reported',
      met: '—',
    });
    rows.push({
      bench: '2b. ingest, CSV uploads of 20,000 rows',
      figure: `${fmt(streams.csv)} events/s`,
      baseline: `bench 1 ${fmt(json)} events/s`,
      ratio: `${round(streams.csv / json, 2)}×`,
      target: 'reported',
      met: '—',
    });

    benches: {
      if (process.argv.includes('--ingest-only')) break benches;
      log('▶ 3. projector catch-up from offset 0');
      const baseline3 = await bareConsumerBaseline(ctx);
      const catchUp = await projectorCatchUp(ctx);
      log(
        `  projector time by phase (s): ${JSON.stringify(await histogramSums(`${ctx.services.get('projector')!.url}/metrics`, 'projector_phase_seconds', 'phase'))}`,
      );
      rows.push({
        bench: `3. projector catch-up from offset 0 (${fmt(catchUp.messages)} events, exactly-once)`,
        figure: `${fmt(catchUp.eventsPerSecond)} events/s`,
        baseline: `bare kafkajs consumer ${fmt(baseline3)} msgs/s`,
        ratio: `${round(catchUp.eventsPerSecond / baseline3, 2)}×`,
        target: '≥ 25,000 events/s',
        met: catchUp.eventsPerSecond >= 25_000 ? 'yes' : 'no',
      });

      log('▶ 5. outcomes query on trial A');
      const q = await outcomesQuery(ctx, query.url, query.pid, trialA.trialId, evaluatorKey, 40);
      const p95 = (xs: number[]) => percentile(xs, 95);
      const countP95 = p95(q.count);
      for (const [cut, samples] of Object.entries(q.cuts)) {
        rows.push({
          bench: `5. outcomes query groupBy=${cut}, ${fmt(ctx.settings.participantsA)} participants`,
          figure: `p95 ${round(p95(samples), 1)} ms (p50 ${round(percentile(samples, 50), 1)} ms)`,
          baseline: `SELECT count(*) over the journeys p95 ${round(countP95, 1)} ms`,
          ratio: `${round(p95(samples) / countP95, 1)}×`,
          target: 'p95 ≤ 100 ms',
          met: p95(samples) <= 100 ? 'yes' : 'no',
        });
      }
      // issue 16: the query's copy of the journeys, per 100,000: its heap (after full GCs, in a
      // process of its own, from this run's database) and the query app's RSS growth on the
      // first load (trial A has one journey per participant), which also holds what the load left
      try {
        const copy = await journeyCopyHeap(ctx, trialA.trialId);
        const rssMiB = q.memory.rssAfterMiB - q.memory.rssBeforeMiB;
        rows.push({
          bench: `5. query memory: heap of JourneyReader's copy of trial A (${fmt(copy.journeys)} journeys, after full GCs)`,
          figure: `${fmt(copy.heapMiBPer100k)} MiB per 100,000 journeys (${fmt(copy.heapBytesPerJourney)} B each)`,
          baseline: `query app RSS +${fmt((rssMiB / ctx.settings.participantsA) * 100_000)} MiB per 100,000 on the first load, 5 s after, no GC (from ${fmt(q.memory.rssBeforeMiB)} MiB)`,
          ratio: '—',
          target: '≤ 100 MiB per 100,000',
          met: copy.heapMiBPer100k <= 100 ? 'yes' : 'no',
        });
      } catch (err) {
        rows.push({
          bench: '5. query memory',
          figure: `not measured: ${(err as Error).message.slice(0, 120)}`,
          baseline: '—',
          ratio: '—',
          target: '≤ 100 MiB per 100,000',
          met: '—',
        });
      }

      log('▶ 4. freshness at a steady 1,000 events/s');
      const site = keys.find((k) => k.siteId === trialA.sites[0].siteId)!;
      const fresh = await freshness(
        ingest.url,
        query.url,
        trialA.trialId,
        site,
        evaluatorKey,
        ctx.settings.freshnessSeconds,
      );
      rows.push({
        bench: `4. freshness at 1,000 events/s for ${ctx.settings.freshnessSeconds} s (202 → visible in the query API)`,
        figure: `p99 ${fmt(percentile(fresh, 99))} ms (p50 ${fmt(percentile(fresh, 50))} ms, p95 ${fmt(percentile(fresh, 95))} ms)`,
        baseline: '—',
        ratio: '—',
        target: 'p99 ≤ 1 s',
        met: percentile(fresh, 99) <= 1000 ? 'yes' : 'no',
      });

      log('▶ 7. first-year report for trial A');
      try {
        const reporting = await ctx.start('reporting');
        const report = await firstYearReport(reporting.url, trialA.trialId, leadKey, '2018-07-01');
        rows.push({
          bench: `7. first-year report, all formats, ${fmt(ctx.settings.participantsA)} participants`,
          figure: `${fmt(report.totalMs)} ms (generate ${fmt(report.generateMs)} ms; ${Object.entries(
            report.formatsMs,
          )
            .map(([f, ms]) => `${f} ${fmt(ms)} ms`)
            .join(', ')})`,
          baseline: `bench 5 p95 ${round(p95(q.cuts['arm,condition']), 1)} ms`,
          ratio: `${round(report.totalMs / p95(q.cuts['arm,condition']), 1)}×`,
          target: 'reported',
          met: '—',
        });
      } catch (err) {
        rows.push({
          bench: '7. first-year report',
          figure: `not measured: ${(err as Error).message.slice(0, 120)}`,
          baseline: '—',
          ratio: '—',
          target: 'reported',
          met: '—',
        });
      }

      log(
        `▶ 8. analysis export (DESIGN §6d) of trial A, on a fresh query process with a ${EXPORT_HEAP_MIB} MiB heap`,
      );
      try {
        // A process of its own, with no cached journeys and its heap capped: the export streams,
        // so it must complete for a trial of any size; holding the trial would end in an
        // out-of-memory crash, reported here as "not measured".
        const exporter = await ChildService.start(
          'query',
          ctx.env({ LOG_LEVEL: 'info' }),
          join(ctx.logDir, 'query-export.log'),
          120_000,
          [`--max-old-space-size=${EXPORT_HEAP_MIB}`],
        );
        let ex;
        try {
          ex = await analysisExport(exporter.url, exporter.pid, trialA.trialId, evaluatorKey, '2018-07-01');
        } finally {
          await exporter.stop();
        }
        rows.push({
          bench: `8. analysis export, shifted dates, ${fmt(ex.participants)} participants (create + download), fresh query process, heap capped at ${EXPORT_HEAP_MIB} MiB`,
          figure: `${fmt(ex.createMs + ex.downloadMs)} ms (create ${fmt(ex.createMs)} ms, download ${fmt(ex.downloadMs)} ms, ${round(ex.archiveBytes / 1048576, 1)} MiB); RSS peak ${fmt(ex.rssPeakMiB)} MiB`,
          baseline: `RSS before ${fmt(ex.rssBeforeMiB)} MiB`,
          ratio: `+${fmt(ex.rssPeakMiB - ex.rssBeforeMiB)} MiB`,
          target: `completes under the heap cap`,
          met: 'yes',
        });
      } catch (err) {
        rows.push({
          bench: '8. analysis export',
          figure: `not measured: ${(err as Error).message.slice(0, 120)}`,
          baseline: '—',
          ratio: '—',
          target: `completes under the heap cap`,
          met: 'no',
        });
      }

      log('▶ 6. rebuild from the event store (--check, then a rebuild writing every journey)');
      await ctx.stop('projector');
      const rebuild = await rebuildFromEventStore(ctx);
      for (const [what, seconds] of [
        ['--check', rebuild.checkSeconds],
        ['rebuild, every journey written', rebuild.rebuildSeconds],
      ] as const) {
        const rate = rebuild.events / seconds;
        const per1M = 1_000_000 / rate;
        rows.push({
          bench: `6. replay ${what} from the event store (${fmt(rebuild.events)} events, ${fmt(rebuild.participants)} participants)`,
          figure: `${round(seconds, 1)} s (${fmt(rate)} events/s; ${round(per1M, 1)} s per 1,000,000)`,
          baseline: `bench 3 ${fmt(catchUp.eventsPerSecond)} events/s`,
          ratio: `${round(rate / catchUp.eventsPerSecond, 2)}×`,
          target: '≤ 30 s per 1,000,000 events',
          met: per1M <= 30 ? 'yes' : 'no',
        });
      }

      log('▶ 6. full replay from the topic');
      const replay = await replayFromTopic(ctx);
      const replayRate = replay.messages / replay.seconds;
      const per1M = 1_000_000 / replayRate;
      rows.push({
        bench: `6. replay --from-topic (${fmt(replay.messages)} events)`,
        figure: `${round(replay.seconds, 1)} s (${fmt(replayRate)} events/s; ${round(per1M, 1)} s per 1,000,000)`,
        baseline: `bench 3 ${fmt(catchUp.eventsPerSecond)} events/s`,
        ratio: `${round(replayRate / catchUp.eventsPerSecond, 2)}×`,
        // the projector's own pipeline, so bench 3's pace (docs/decisions.md, "Rebuild")
        target: 'reported (≈ bench 3)',
        met: '—',
      });
    }
  } finally {
    await ctx.stopAll();
  }

  const command = `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const table = [
    '| bench | figure | baseline (same run) | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.bench} | ${r.figure} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met} |`),
  ].join('\n');
  const section = `\n## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\n\nCommand: \`${command}\`  \nMachine: ${machineDescription()}\n\n${table}\n`;
  process.stdout.write(`${section}\n`);
  if (!process.argv.includes('--no-record')) {
    const file = join(repoRoot(), 'BENCHMARKS.md');
    if (!existsSync(file))
      writeFileSync(
        file,
        '# Benchmarks\n\nProduced by `npm run bench` (apps/bench). Each run appends a section; the newest is last.\n',
      );
    appendFileSync(file, section);
    process.stderr.write(`recorded in ${file}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import type { EventEnvelope } from '@ips/contracts';
import { ChildService, distDir, repoRoot } from '@ips/platform';
import { defaultSites, TrialSimulation } from '@ips/simulation';
import { machineDescription } from './bench-context';
import { percentile, round, sleep } from './bench-stats';

// `npm run soak -- --minutes 15 [--rate 500] [--reads 20] [--writers 4]`
//
// A soak: the ingest, projector and query run as processes against a fresh soak database
// (SOAK_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/ips_outcomes_soak; its name
// must contain "soak") and KAFKA_BROKERS, with a steady write rate through the ingest API
// (a realistic simulated trial, JSON batches) and a steady read mix (outcomes by arm and by
// site × arm at random as-of dates, participant journeys, data quality) for N minutes. It
// reports throughput, latency percentiles per request kind, errors, the projector's lag,
// and the memory (RSS; and V8 heap for the Node apps) of every process — ingest, projector,
// query, the Kafka broker, Postgres — after a one-minute warm-up and at the end, with the
// per-minute trend, so growth (a leak) shows. KAFKA_PID_FILE names the broker's pid file
// (default .run/kafka/kafka.pid); Postgres is found through its data directory.

interface Options {
  minutes: number;
  rate: number;
  reads: number;
  writers: number;
}

/** `--minutes 15 --rate 500 --reads 20 --writers 4`, each a positive number (util.parseArgs). */
function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      minutes: { type: 'string', default: '15' },
      rate: { type: 'string', default: '500' },
      reads: { type: 'string', default: '20' },
      writers: { type: 'string', default: '4' },
    },
    strict: true,
    allowPositionals: false,
  });
  const positive = (name: keyof Options): number => {
    const value = Number(values[name]);
    if (!(value > 0)) throw new Error(`--${name} must be a positive number (got "${values[name]}")`);
    return value;
  };
  return {
    minutes: positive('minutes'),
    rate: positive('rate'),
    reads: positive('reads'),
    writers: positive('writers'),
  };
}

const log = (s: string) => process.stderr.write(`${s}\n`);

async function sql<T = any>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function freshDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/soak/.test(name))
    throw new Error(`refusing to recreate database "${name}": its name must contain "soak"`);
  u.pathname = '/postgres';
  await sql(u.toString(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await sql(u.toString(), `CREATE DATABASE "${name}"`);
  execFileSync(
    process.execPath,
    [
      '-r',
      join(repoRoot(), 'scripts', 'register-aliases.js'),
      join(distDir(), 'libs', 'persistence', 'src', 'cli', 'migrate.js'),
    ],
    {
      env: { ...process.env, DATABASE_URL: url },
      stdio: 'ignore',
    },
  );
}

// ---- memory ------------------------------------------------------------------------------

function rssMiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) out.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** The postmaster and the backends serving this database (RSS includes shared buffers they touched). */
async function postgresPids(url: string): Promise<() => number[]> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  let postmaster = 0;
  try {
    const [{ data_directory: dir }] = await sql<{ data_directory: string }>(url, 'SHOW data_directory');
    postmaster = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return () => [];
  }
  return () => [
    postmaster,
    ...childrenOf(postmaster).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${name} `);
      } catch {
        return false;
      }
    }),
  ];
}

async function heapMiB(service: ChildService): Promise<number> {
  try {
    const text = await (await fetch(`${service.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    return Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? 0) / 2 ** 20;
  } catch {
    return 0;
  }
}

// ---- load --------------------------------------------------------------------------------

class Latencies {
  readonly byKind = new Map<string, number[]>();
  readonly statuses = new Map<string, number>();
  add(kind: string, ms: number, status: number): void {
    if (status >= 200 && status < 300) {
      let list = this.byKind.get(kind);
      if (!list) this.byKind.set(kind, (list = []));
      list.push(ms);
    }
    const key = `${kind} ${status}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }
}

async function timed(
  kind: string,
  lat: Latencies,
  url: string,
  init: RequestInit,
): Promise<{ status: number; body: any }> {
  const started = performance.now();
  let status = 0;
  let body: any = null;
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    status = res.status;
    const text = await res.text();
    body = (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
  } catch {
    status = 0;
  }
  lat.add(kind, performance.now() - started, status);
  return { status, body };
}

async function api(method: string, url: string, key: string, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

async function main(): Promise<void> {
  const opts = options();
  const databaseUrl = process.env.SOAK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ips_outcomes_soak';
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const tag = `soak${Date.now().toString(36)}`;
  const runDir = join(repoRoot(), '.run', 'soak', tag);
  mkdirSync(runDir, { recursive: true });
  const adminKey = `soak-admin-${randomBytes(24).toString('hex')}`;
  const env = {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: `${tag}.`,
    KAFKA_TOPIC_PARTITIONS: '6',
    PROJECTOR_GROUP_ID: `${tag}-projector`,
    ADMIN_API_KEY: adminKey,
    INGEST_PORT: '0',
    QUERY_PORT: '0',
    PROJECTOR_PORT: '0',
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
    LOG_LEVEL: 'info',
  };

  log(
    `▶ soak ${opts.minutes} min: ${opts.rate} events/s written, ${opts.reads} reads/s; database ${new URL(databaseUrl).pathname.slice(1)}, broker ${brokers}, topics ${tag}.*`,
  );
  await freshDatabase(databaseUrl);
  const services = new Map<string, ChildService>();
  for (const name of ['ingest', 'projector', 'query']) {
    services.set(name, await ChildService.start(name, env, join(runDir, `${name}.log`), 120_000));
  }
  const ingest = services.get('ingest')!;
  const query = services.get('query')!;
  const projector = services.get('projector')!;

  try {
    // the trial: enough simulated participants for the whole run (about 5 events each)
    const participants = Math.ceil((opts.rate * opts.minutes * 60 * 1.2) / 5);
    const trialId = `${tag}-trial`;
    const sites = defaultSites(`${tag}-`);
    await api('POST', `${ingest.url}/v1/trials`, adminKey, {
      trialId,
      name: 'Soak trial',
      startDate: '2017-07-01',
    });
    const keyOf = new Map<string, string>();
    for (const site of sites)
      keyOf.set(
        site.siteId,
        (
          await api('POST', `${ingest.url}/v1/trials/${trialId}/sites`, adminKey, {
            siteId: site.siteId,
            name: site.name,
          })
        ).apiKey,
      );
    const evaluatorKey = (await api('POST', `${ingest.url}/v1/keys`, adminKey, { role: 'evaluator' })).apiKey;
    const uploads = new TrialSimulation({ participants, seed: 17, sites }).uploads();
    log(
      `  trial ${trialId}: ${participants.toLocaleString('en-GB')} simulated participants (${sites.length} sites)`,
    );

    const lat = new Latencies();
    const known: { siteId: string; participantId: string }[] = [];
    let acknowledged = 0;
    let exhausted = false;
    const next = (n: number): EventEnvelope[] => {
      const out: EventEnvelope[] = [];
      while (out.length < n) {
        const item = uploads.next();
        if (item.done) {
          exhausted = true;
          break;
        }
        out.push(item.value.envelope);
      }
      return out;
    };

    const started = Date.now();
    const endAt = started + opts.minutes * 60_000;
    const perWriter = opts.rate / opts.writers;
    const minute: { minute: number; events: number; reads: number }[] = [];
    let eventsThisMinute = 0;
    let readsThisMinute = 0;

    const writer = async (w: number) => {
      let sent = 0;
      const t0 = Date.now();
      while (Date.now() < endAt && !exhausted) {
        const size = 50 + Math.floor(Math.random() * 151);
        // each writer sends only one site's events, so a participant's events stay in order
        const batch = next(size);
        if (batch.length === 0) break;
        const bySite = new Map<string, EventEnvelope[]>();
        for (const e of batch) {
          const list = bySite.get(e.siteId);
          if (list) list.push(e);
          else bySite.set(e.siteId, [e]);
        }
        for (const [siteId, events] of bySite) {
          for (let attempt = 0; ; attempt++) {
            const res = await timed('ingest POST /v1/events', lat, `${ingest.url}/v1/events`, {
              method: 'POST',
              headers: { authorization: `Bearer ${keyOf.get(siteId)}`, 'content-type': 'application/json' },
              body: JSON.stringify(events),
            });
            if (res.status === 202) {
              acknowledged += events.length;
              eventsThisMinute += events.length;
              break;
            }
            if (attempt > 20) throw new Error(`writer ${w}: batch refused ${res.status}`);
            await sleep(500);
          }
          for (const e of events)
            if (e.type === 'participant.referred' && known.length < 200_000)
              known.push({ siteId, participantId: e.participantId });
        }
        sent += batch.length;
        const due = t0 + (sent / perWriter) * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
      }
    };
    // Writers take consecutive slices of one simulated upload stream; two writers' batches
    // may overtake each other, which the projector handles like any late arrival (the fold
    // orders by occurredOn). The soak checks that everything acknowledged was stored.

    const reader = async () => {
      const kinds = [
        'outcomes by arm',
        'outcomes by site × arm, random as-of',
        'participant journey',
        'participant journey',
        'data quality',
      ];
      let i = 0;
      const inFlight = new Set<Promise<unknown>>();
      while (Date.now() < endAt) {
        const kind = kinds[i++ % kinds.length];
        const base = `${query.url}/v1/trials/${trialId}`;
        let url = `${base}/outcomes?groupBy=arm`;
        if (kind.startsWith('outcomes by site')) {
          const asOf = new Date(
            Date.parse('2018-01-01') + Math.random() * (Date.now() - Date.parse('2018-01-01')),
          )
            .toISOString()
            .slice(0, 10);
          url = `${base}/outcomes?groupBy=site,arm&asOf=${asOf}`;
        } else if (kind === 'participant journey') {
          const p = known[Math.floor(Math.random() * known.length)];
          if (!p) {
            await sleep(100);
            continue;
          }
          url = `${base}/participants/${p.siteId}/${p.participantId}`;
        } else if (kind === 'data quality') url = `${base}/data-quality`;
        // open loop: a slow answer does not slow the offered read rate (at most 50 in flight)
        if (inFlight.size < 50) {
          const p = timed(kind, lat, url, { headers: { authorization: `Bearer ${evaluatorKey}` } }).finally(
            () => inFlight.delete(p),
          );
          inFlight.add(p);
          readsThisMinute++;
        }
        await sleep(1000 / opts.reads);
      }
      await Promise.all(inFlight);
    };

    // memory: after a one-minute warm-up, every minute, and at the end
    const kafkaPidFile = process.env.KAFKA_PID_FILE ?? join(repoRoot(), '.run', 'kafka', 'kafka.pid');
    const kafkaPid = existsSync(kafkaPidFile) ? Number(readFileSync(kafkaPidFile, 'utf8')) : 0;
    const pgPids = await postgresPids(databaseUrl);
    const sampleMemory = async () => ({
      ingest: { rss: rssMiB(ingest.pid), heap: await heapMiB(ingest) },
      projector: { rss: rssMiB(projector.pid), heap: await heapMiB(projector) },
      query: { rss: rssMiB(query.pid), heap: await heapMiB(query) },
      kafka: { rss: kafkaPid ? rssMiB(kafkaPid) : 0 },
      postgres: { rss: pgPids().reduce((s, pid) => s + rssMiB(pid), 0), processes: pgPids().length },
    });
    const memory: { minute: number; at: Awaited<ReturnType<typeof sampleMemory>> }[] = [];
    const lagOf = async () => {
      const [row] = await sql<{ n: string }>(
        databaseUrl,
        `SELECT count(*) AS n FROM participant_events WHERE trial_id = $1`,
        [trialId],
      );
      return Number(row.n);
    };
    const monitor = async () => {
      for (let m = 1; Date.now() < endAt; m++) {
        await sleep(Math.max(0, started + m * 60_000 - Date.now()));
        const at = await sampleMemory();
        memory.push({ minute: m, at });
        minute.push({ minute: m, events: eventsThisMinute, reads: readsThisMinute });
        eventsThisMinute = 0;
        readsThisMinute = 0;
        log(
          `  min ${m}: ${minute[minute.length - 1].events} events, ${minute[minute.length - 1].reads} reads; RSS MiB ingest ${round(at.ingest.rss)} projector ${round(at.projector.rss)} query ${round(at.query.rss)} kafka ${round(at.kafka.rss)} postgres ${round(at.postgres.rss)}`,
        );
      }
    };

    await Promise.all([...Array.from({ length: opts.writers }, (_, w) => writer(w)), reader(), monitor()]);
    const writeSeconds = (Date.now() - started) / 1000;
    // the projector's catch-up once writing stops
    const caughtUpFrom = Date.now();
    const distinct = (
      await sql<{ n: string }>(databaseUrl, `SELECT count(DISTINCT event_id) AS n FROM accepted_events`)
    )[0].n;
    for (let i = 0; i < 600 && (await lagOf()) < Number(distinct); i++) await sleep(500);
    const catchUpSeconds = (Date.now() - caughtUpFrom) / 1000;
    const end = await sampleMemory();
    const stored = await lagOf();

    // ---- report ----
    const first = memory[0]?.at ?? end;
    const slope = (pick: (m: (typeof memory)[number]['at']) => number) => {
      const pts = memory.slice(1).map((m) => [m.minute, pick(m.at)] as const);
      if (pts.length < 2) return 0;
      const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
      const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
      const num = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
      const den = pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
      return den === 0 ? 0 : num / den;
    };
    const memRows = (['ingest', 'projector', 'query', 'kafka', 'postgres'] as const).map((name) => {
      const rss = (m: typeof end) => m[name].rss;
      const heap = (m: typeof end) => ('heap' in m[name] ? (m[name] as { heap: number }).heap : NaN);
      return `| ${name} | ${round(rss(first))} | ${round(rss(end))} | ${round(slope(rss), 2)} | ${Number.isNaN(heap(end)) ? '—' : `${round(heap(first))} → ${round(heap(end))} (${round(slope(heap), 2)}/min)`} |`;
    });
    const latRows = [...lat.byKind].map(
      ([kind, ms]) =>
        `| ${kind} | ${ms.length} | ${round(percentile(ms, 50), 1)} | ${round(percentile(ms, 95), 1)} | ${round(percentile(ms, 99), 1)} | ${round(Math.max(...ms), 1)} |`,
    );
    const errors = [...lat.statuses].filter(([k]) => !/ 2\d\d$/.test(k)).map(([k, n]) => `${k}: ${n}`);
    const report = [
      `## Soak ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `Command: \`npm run soak -- ${process.argv.slice(2).join(' ')}\`  `,
      `Machine: ${machineDescription()}  `,
      `Offered: ${opts.rate} events/s by ${opts.writers} writers (JSON batches of 50–200), ${opts.reads} reads/s; ${opts.minutes} min`,
      '',
      `Throughput: ${acknowledged.toLocaleString('en-GB')} events acknowledged in ${round(writeSeconds)} s = ${round(acknowledged / writeSeconds)} events/s; per minute ${minute.map((m) => m.events).join(', ')}; projector caught up ${round(catchUpSeconds, 1)} s after the last write (${stored.toLocaleString('en-GB')} of ${Number(distinct).toLocaleString('en-GB')} acknowledged eventIds stored); errors: ${errors.length ? errors.join(', ') : 'none'}`,
      '',
      '| request | n | p50 ms | p95 ms | p99 ms | max ms |',
      '| --- | --- | --- | --- | --- | --- |',
      ...latRows,
      '',
      `Memory (MiB): after the 1-minute warm-up, at the end, and the trend over minutes 2–${opts.minutes} (least squares, MiB/min)`,
      '',
      '| process | RSS start | RSS end | RSS trend | V8 heap used start → end (trend) |',
      '| --- | --- | --- | --- | --- |',
      ...memRows,
      '',
    ].join('\n');
    writeFileSync(
      join(runDir, 'report.json'),
      JSON.stringify(
        {
          opts,
          acknowledged,
          stored,
          distinct: Number(distinct),
          writeSeconds,
          catchUpSeconds,
          minute,
          memory,
          end,
          statuses: Object.fromEntries(lat.statuses),
        },
        null,
        2,
      ),
    );
    process.stdout.write(`${report}\n`);
    log(`details: ${join(runDir, 'report.json')}`);
  } finally {
    await Promise.all([...services.values()].map((s) => s.stop()));
  }
}

main().catch((err) => {
  process.stderr.write(`soak failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});

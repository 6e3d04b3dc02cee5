import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@ips/contracts';
import { defaultSites, NO_MESS, TrialSimulation, DEFAULT_MESS } from '@ips/simulation';
import { seeded } from '../../support/random-journeys';
import { TopicWriter, type RawMessage } from '../../support/topic-writer';
import type { FaultSite } from './fault-system';
import { sleep } from './fault-system';

export interface LoadTarget {
  /** where the ingest is now (a restarted ingest keeps its port, but a test may move it) */
  ingestUrl: () => string;
  queryUrl: () => string;
  sites: FaultSite[];
  trialId: string;
  evaluatorKey: string;
  /** the site ids were made with this prefix (defaultSites(prefix)) */
  sitePrefix: string;
}

export interface LoadOptions {
  participants: number;
  seed: number;
  /** concurrent clients per site; each owns a share of the site's participants */
  clientsPerSite: number;
  /** JSON batch sizes, drawn uniformly */
  batchMin: number;
  batchMax: number;
  /** target write rate over all clients, events/s */
  eventsPerSecond: number;
  /** reads (outcomes, a journey, data quality) per second, while writing */
  readsPerSecond: number;
  /** a site's usual mess (duplicates, late and out-of-order events, corrections); default on */
  mess?: boolean;
}

export interface LoadStats {
  requests: number;
  accepted: number;
  duplicates: number;
  /** answers by status, and connection failures as status 0 */
  byStatus: Record<string, number>;
  retries: number;
  /** latencies (ms) of requests answered 202 */
  latencies: number[];
  /** anything a correct system must never do (400s for valid events, 409s, …) */
  violations: string[];
  reads: Record<string, number>;
  readLatencies: number[];
}

export interface PoisonRecord {
  key: string;
  kind: string;
}

/**
 * A load generator as a trial site's client would be: streams a realistic simulated trial
 * (TrialSimulation, with the usual site mess) through the ingest API as JSON batches of
 * random sizes, from a few concurrent clients, each owning a share of the participants so
 * a participant's events leave in order. A batch is retried with the same eventIds after a
 * 503, a 429, a 5xx, a timeout or a broken connection, until acknowledged, as a real client
 * would. It records every eventId that got a 202 (and its content, in send order), reads
 * outcomes and journeys alongside, and can put poison messages straight onto the topic.
 */
export class LoadGenerator {
  /** acknowledged events, per participant in the order they were sent */
  readonly acknowledged: EventEnvelope[] = [];
  readonly acknowledgedIds = new Set<string>();
  readonly poison: PoisonRecord[] = [];
  readonly stats: LoadStats = {
    requests: 0,
    accepted: 0,
    duplicates: 0,
    byStatus: {},
    retries: 0,
    latencies: [],
    violations: [],
    reads: {},
    readLatencies: [],
  };
  /** every ingest request: when it was sent and answered, its status and Retry-After */
  readonly answers: {
    sentAt: number;
    at: number;
    status: number;
    retryAfter: string | null;
    /** events a 202 reported accepted (new, produced to Kafka) */
    accepted: number;
  }[] = [];
  readonly total: number;
  private readonly queues: { site: FaultSite; events: EventEnvelope[] }[] = [];
  private running?: Promise<void>;
  private writing = false;
  private stopping = false;
  private paused = false;
  private sent = 0;
  private readonly random: () => number;
  startedAt = 0;
  finishedAt = 0;

  constructor(
    private readonly target: LoadTarget,
    readonly options: LoadOptions,
  ) {
    this.random = seeded(options.seed * 7919 + 1);
    const sim = new TrialSimulation({
      participants: options.participants,
      seed: options.seed,
      sites: defaultSites(target.sitePrefix),
      mess: options.mess === false ? NO_MESS : { ...DEFAULT_MESS, invalid: 0 },
    });
    const queues = new Map<string, { site: FaultSite; events: EventEnvelope[] }>();
    let total = 0;
    for (const upload of sim.uploads()) {
      const site = target.sites.find((s) => s.siteId === upload.siteId);
      if (!site) throw new Error(`no key for simulated site ${upload.siteId}`);
      const client = hash(upload.envelope.participantId) % options.clientsPerSite;
      const id = `${site.siteId}#${client}`;
      let queue = queues.get(id);
      if (!queue) queues.set(id, (queue = { site, events: [] }));
      queue.events.push(upload.envelope);
      total++;
    }
    this.queues = [...queues.values()];
    this.total = total;
  }

  /** Starts writing (and reading); resolves when every event is acknowledged. */
  start(): Promise<void> {
    this.startedAt = Date.now();
    this.writing = true;
    const perClient = this.options.eventsPerSecond / this.queues.length;
    const writers = this.queues.map((q) => this.client(q.site, q.events, perClient));
    const reader = this.reader();
    this.running = Promise.all(writers).then(() => {
      this.writing = false;
      this.finishedAt = Date.now();
      return reader;
    });
    return this.running;
  }

  /** Fraction of the events acknowledged so far. */
  get progress(): number {
    return this.acknowledgedCount / this.total;
  }

  private acknowledgedCount = 0;
  /** ingest requests sent and not yet answered */
  inFlight = 0;

  async waitForProgress(fraction: number, timeoutMs = 600_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.progress < fraction) {
      if (!this.writing && this.running) break;
      if (Date.now() > deadline) throw new Error(`load stuck at ${(this.progress * 100).toFixed(1)}%`);
      await sleep(100);
    }
  }

  async done(): Promise<void> {
    await this.running;
  }

  /** Stops sending new batches (in-flight ones still finish); the rest is never sent. */
  stop(): void {
    this.stopping = true;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  private async client(site: FaultSite, events: EventEnvelope[], eventsPerSecond: number): Promise<void> {
    const began = Date.now();
    let i = 0;
    let sentHere = 0;
    while (i < events.length && !this.stopping) {
      while (this.paused && !this.stopping) await sleep(50);
      const size =
        this.options.batchMin +
        Math.floor(this.random() * (this.options.batchMax - this.options.batchMin + 1));
      const batch = events.slice(i, i + size);
      // steady rate: wait until this batch is due
      const due = began + (sentHere / eventsPerSecond) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      await this.sendUntilAcknowledged(site, batch);
      for (const e of batch) {
        this.acknowledged.push(e);
        this.acknowledgedIds.add(e.eventId);
      }
      this.acknowledgedCount += batch.length;
      i += batch.length;
      sentHere += batch.length;
      this.sent += batch.length;
    }
  }

  private async sendUntilAcknowledged(site: FaultSite, batch: EventEnvelope[]): Promise<void> {
    const giveUpAt = Date.now() + 300_000;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) this.stats.retries++;
      const started = Date.now();
      let status = 0;
      let retryAfterMs = 0;
      let retryAfter: string | null = null;
      let body: any;
      this.inFlight++;
      try {
        const res = await fetch(`${this.target.ingestUrl()}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${site.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(batch),
          signal: AbortSignal.timeout(30_000),
        });
        status = res.status;
        const text = await res.text();
        body = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
        retryAfter = res.headers.get('retry-after');
        retryAfterMs = Math.min(1_000, Number(retryAfter ?? 0) * 1000);
      } catch {
        status = 0; // refused, reset, timed out: the outcome is unknown, so send it again
      } finally {
        this.inFlight--;
      }
      this.stats.requests++;
      this.answers.push({
        sentAt: started,
        at: Date.now(),
        status,
        retryAfter,
        accepted: status === 202 ? Number(body?.accepted ?? 0) : 0,
      });
      this.stats.byStatus[status] = (this.stats.byStatus[status] ?? 0) + 1;
      if (status === 202) {
        this.stats.latencies.push(Date.now() - started);
        this.stats.accepted += body.accepted;
        this.stats.duplicates += body.duplicates;
        if (body.rejected.length > 0)
          this.stats.violations.push(`valid events rejected: ${JSON.stringify(body.rejected.slice(0, 3))}`);
        if (body.accepted + body.duplicates + body.rejected.length !== batch.length) {
          this.stats.violations.push(
            `202 counts ${body.accepted}+${body.duplicates} for a batch of ${batch.length}`,
          );
        }
        return;
      }
      if (status !== 0 && status !== 429 && status !== 503 && status < 500) {
        this.stats.violations.push(
          `${status} for a valid batch: ${typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body).slice(0, 200)}`,
        );
        return;
      }
      if (this.stopping) return; // the scenario failed: stop retrying
      if (Date.now() > giveUpAt) {
        this.stats.violations.push(
          `batch not acknowledged after 5 minutes of retries (last status ${status})`,
        );
        return;
      }
      await sleep(Math.max(retryAfterMs, Math.min(2_000, 100 * 1.5 ** Math.min(attempt, 10))));
    }
  }

  /** The read mix: outcomes by arm, one participant's journey, the trial's data quality. */
  private async reader(): Promise<void> {
    const rate = this.options.readsPerSecond;
    if (rate <= 0) return;
    const kinds = ['outcomes', 'journey', 'dataQuality'] as const;
    let n = 0;
    while (this.writing && !this.stopping) {
      const kind = kinds[n++ % kinds.length];
      const base = `${this.target.queryUrl()}/v1/trials/${this.target.trialId}`;
      let url = `${base}/outcomes?groupBy=arm`;
      if (kind === 'journey') {
        const e = this.acknowledged[Math.floor(this.random() * this.acknowledged.length)];
        if (!e) {
          await sleep(1000 / rate);
          continue;
        }
        url = `${base}/participants/${e.siteId}/${e.participantId}`;
      } else if (kind === 'dataQuality') url = `${base}/data-quality`;
      const started = Date.now();
      let status = 0;
      try {
        const res = await fetch(url, {
          headers: { authorization: `Bearer ${this.target.evaluatorKey}` },
          signal: AbortSignal.timeout(30_000),
        });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0;
      }
      this.stats.readLatencies.push(Date.now() - started);
      const label = `${kind} ${status}`;
      this.stats.reads[label] = (this.stats.reads[label] ?? 0) + 1;
      await sleep(1000 / rate);
    }
  }

  /**
   * Puts `count` poison messages straight onto the topic (every kind the projector's schema
   * check knows), each under a unique key `<site>:PZ-…` so it can be recognised in the DLQ.
   * Retried until the broker takes them (the writer is only used while the broker is up).
   */
  async injectPoison(brokers: string, topic: string, count: number): Promise<void> {
    const site = this.target.sites[0].siteId;
    const messages: (RawMessage & { kind: string })[] = [];
    for (let i = 0; i < count; i++) {
      const participantId = `PZ-${randomUUID().slice(0, 13)}`;
      const key = `${site}:${participantId}`;
      const body = {
        eventId: randomUUID(),
        type: 'participant.referred',
        schemaVersion: 1,
        siteId: site,
        participantId,
        occurredOn: '2017-07-03',
        data: { condition: 'mental_health', referralSource: 'primary_care', employmentStatus: 'unemployed' },
        trialId: this.target.trialId,
        recordedAt: new Date().toISOString(),
      };
      const kinds: [string, RawMessage][] = [
        ['not JSON', { key, value: `{"eventId": "${body.eventId}", ` }],
        ['empty value', { key, value: null }],
        ['a JSON array', { key, value: JSON.stringify([body]) }],
        ['unknown type', { key, value: JSON.stringify({ ...body, type: 'participant.hired' }) }],
        ['schemaVersion 2', { key, value: JSON.stringify({ ...body, schemaVersion: 2 }) }],
        [
          'a missing data field',
          { key, value: JSON.stringify({ ...body, data: { condition: 'mental_health' } }) },
        ],
        ['no trialId', { key, value: JSON.stringify({ ...body, trialId: undefined }) }],
        [
          'occurredOn after recordedAt',
          {
            key,
            value: JSON.stringify({ ...body, occurredOn: '2030-01-01', recordedAt: '2020-01-01T00:00:00Z' }),
          },
        ],
        ['a key that is not siteId:participantId', { key: `${key}-elsewhere`, value: JSON.stringify(body) }],
        [
          'a type header that contradicts the value',
          { key, value: JSON.stringify(body), headers: { type: 'job.ended', schemaVersion: '1' } },
        ],
      ];
      const [kind, message] = kinds[(this.poison.length + i) % kinds.length];
      messages.push({ ...message, kind });
    }
    const writer = new TopicWriter(brokers);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await writer.send(
            topic,
            messages.map(({ kind: _kind, ...m }) => m),
          );
          break;
        } catch (err) {
          if (attempt >= 20) throw err;
          await sleep(1_000);
        }
      }
    } finally {
      await writer.close().catch(() => undefined);
    }
    for (const m of messages) this.poison.push({ key: m.key!, kind: m.kind });
  }

  summary(): Record<string, unknown> {
    const lat = [...this.stats.latencies].sort((a, b) => a - b);
    const p = (q: number) =>
      lat.length ? lat[Math.min(lat.length - 1, Math.ceil(q * lat.length) - 1)] : null;
    const seconds = ((this.finishedAt || Date.now()) - this.startedAt) / 1000;
    return {
      events: this.total,
      acknowledged: this.acknowledgedIds.size,
      seconds: Math.round(seconds),
      eventsPerSecond: Math.round(this.sent / seconds),
      requests: this.stats.requests,
      retries: this.stats.retries,
      byStatus: this.stats.byStatus,
      p50ms: p(0.5),
      p99ms: p(0.99),
      reads: this.stats.reads,
      poison: this.poison.length,
    };
  }
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

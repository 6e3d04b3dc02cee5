import { errorMessage, type HttpAnswer, type HttpTransport } from './http-transport';
import { RetriesExhausted, sendWithRetries, type RetryPolicy } from './retry-policy';

export type UploadFormat = 'json' | 'ndjson';

/** What one site's uploads came to, as the ingest reported it. */
export interface SiteSendTally {
  siteId: string;
  events: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  requests: number;
  retries: number;
}

export interface RejectedSample {
  siteId: string;
  /** JSON: 0-based index in its batch; NDJSON: 1-based line in its request */
  position: number;
  eventId: string | null;
  status: number;
  errors: { path: string; message: string }[];
}

export interface EventSenderOptions {
  ingestUrl: string;
  /** site id → site API key */
  siteKeys: ReadonlyMap<string, string>;
  format: UploadFormat;
  batchSize: number;
  /** requests in flight at once, over all sites */
  concurrency: number;
  retry: RetryPolicy;
  transport: HttpTransport;
  /** called after each batch is answered, with its number of events */
  onSent?: (events: number) => void;
}

/** The send cannot go on (bad key, the ingest refused a batch, retries exhausted). */
export class SendFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SendFailed';
  }
}

interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: {
    index?: number;
    line?: number;
    eventId: string | null;
    status?: number;
    errors: { path: string; message: string }[];
  }[];
  rejectedTotal?: number;
}

const MAX_SAMPLES = 20;

/**
 * Streams envelopes to the ingest API as a site would: per site, in the order given, in
 * batches (a JSON array or an NDJSON body), a few requests in flight, retrying "busy"
 * answers (429/503) as the server asks. Resending after a 503 is safe: what was accepted
 * before the outage comes back as duplicates, which are not counted twice here.
 */
export class EventSender {
  private readonly pending = new Map<string, unknown[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private failure: Error | null = null;
  private readonly tallies = new Map<string, SiteSendTally>();
  readonly rejectedSamples: RejectedSample[] = [];

  constructor(private readonly options: EventSenderOptions) {
    for (const siteId of options.siteKeys.keys()) this.tallyOf(siteId);
  }

  get sites(): SiteSendTally[] {
    return [...this.tallies.values()];
  }

  get failed(): Error | null {
    return this.failure;
  }

  /** Queues one envelope; when a batch goes out and the sender is busy, returns a promise to await. */
  add(siteId: string, envelope: unknown): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    if (!this.options.siteKeys.has(siteId)) {
      throw (this.failure = new SendFailed(
        `no API key for site "${siteId}"; give one with --keys or --keys-file`,
      ));
    }
    let batch = this.pending.get(siteId);
    if (batch === undefined) {
      batch = [];
      this.pending.set(siteId, batch);
    }
    batch.push(envelope);
    if (batch.length < this.options.batchSize) return undefined;
    this.pending.set(siteId, []);
    return this.dispatch(siteId, batch);
  }

  /** Sends what is left and waits for every answer; throws if the send failed. */
  async finish(): Promise<void> {
    for (const [siteId, batch] of this.pending) {
      if (batch.length === 0 || this.failure) continue;
      this.pending.set(siteId, []);
      await this.dispatch(siteId, batch);
    }
    await this.settle();
    if (this.failure) throw this.failure;
  }

  /** Waits for requests in flight without sending more (after a failure). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  private async dispatch(siteId: string, batch: unknown[]): Promise<void> {
    while (this.inFlight.size >= this.options.concurrency) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const request: Promise<void> = this.post(siteId, batch)
      .catch((err: unknown) => {
        this.failure ??= err instanceof Error ? err : new Error(String(err));
      })
      .finally(() => this.inFlight.delete(request));
    this.inFlight.add(request);
  }

  private async post(siteId: string, batch: unknown[]): Promise<void> {
    const { format, ingestUrl, transport, retry } = this.options;
    const tally = this.tallyOf(siteId);
    const body =
      format === 'json' ? JSON.stringify(batch) : `${batch.map((e) => JSON.stringify(e)).join('\n')}\n`;
    let acceptedBeforeOutage = 0;
    let answer: HttpAnswer;
    let retries: number;
    try {
      ({ answer, retries } = await sendWithRetries(
        transport,
        {
          method: 'POST',
          url: `${ingestUrl}/v1/events`,
          headers: {
            authorization: `Bearer ${this.options.siteKeys.get(siteId)}`,
            'content-type': format === 'json' ? 'application/json' : 'application/x-ndjson',
          },
          body,
        },
        retry,
        (busy) => {
          if (busy?.status === 503) acceptedBeforeOutage += acceptedSoFar(busy);
        },
      ));
    } catch (err) {
      tally.accepted += acceptedBeforeOutage;
      if (err instanceof RetriesExhausted) {
        tally.requests += err.attempts;
        tally.retries += err.attempts - 1;
        throw new SendFailed(`site ${siteId}: the ingest stayed busy or unreachable; ${err.message}`);
      }
      throw err;
    }
    tally.requests += retries + 1;
    tally.retries += retries;
    if (answer.status !== 202) {
      tally.accepted += acceptedBeforeOutage;
      throw new SendFailed(
        `site ${siteId}: the ingest answered ${answer.status}: ${errorMessage(answer)}${hint(answer.status)}`,
      );
    }
    const result = JSON.parse(answer.text) as IngestAnswer;
    tally.events += batch.length;
    tally.accepted += result.accepted + acceptedBeforeOutage;
    tally.duplicates += Math.max(0, result.duplicates - acceptedBeforeOutage);
    tally.rejected += result.rejectedTotal ?? result.rejected.length;
    for (const r of result.rejected) {
      if (this.rejectedSamples.length >= MAX_SAMPLES) break;
      this.rejectedSamples.push({
        siteId,
        position: r.index ?? r.line ?? -1,
        eventId: r.eventId,
        status: r.status ?? 400,
        errors: r.errors,
      });
    }
    this.options.onSent?.(batch.length);
  }

  private tallyOf(siteId: string): SiteSendTally {
    let tally = this.tallies.get(siteId);
    if (tally === undefined) {
      tally = { siteId, events: 0, accepted: 0, duplicates: 0, rejected: 0, requests: 0, retries: 0 };
      this.tallies.set(siteId, tally);
    }
    return tally;
  }
}

function acceptedSoFar(answer: HttpAnswer): number {
  try {
    const body = JSON.parse(answer.text) as { details?: { acceptedSoFar?: { accepted?: unknown } } };
    const accepted = body.details?.acceptedSoFar?.accepted;
    return typeof accepted === 'number' ? accepted : 0;
  } catch {
    return 0;
  }
}

function hint(status: number): string {
  switch (status) {
    case 401:
      return ' (is the site key right? keys are shown once, at setup)';
    case 403:
      return " (a site key sends only its own site's events)";
    case 413:
      return ' (use a smaller --batch)';
    default:
      return '';
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { ApiError, AuditLog, BodyStalled, readWithIdleTimeout, type Principal } from '@ips/platform';
import { KafkaUnavailable } from '../event-publisher';
import { SiteDirectory } from '../site-directory';
import { INGEST_LIMITS, type IngestLimits } from '../ingest-limits';
import { IntakeTally, type IngestResult, type PositionName } from './intake-tally';
import { RecordEvents, type RawEvent } from './record-events.command';

export const MAX_NDJSON_LINE_BYTES = 1_048_576;

/**
 * Feeds uploads (JSON array, NDJSON stream, CSV rows) through RecordEvents in chunks.
 * Streams are read chunk by chunk with backpressure, so memory stays flat however long
 * the upload; a Kafka or Postgres outage stops the upload with 503 and what was accepted
 * so far stays accepted (the site resends everything; duplicates are recognised).
 */
@Injectable()
export class EventIntake {
  constructor(
    private readonly commands: CommandBus,
    private readonly sites: SiteDirectory,
    private readonly audit: AuditLog,
    @Inject(INGEST_LIMITS) private readonly limits: IngestLimits,
  ) {}

  async fromArray(principal: Principal, body: unknown[]): Promise<IngestResult> {
    const events = body.map((raw, index) => ({ position: index, raw }));
    return this.run(principal, 'index', 'json', false, async (submit) => {
      for (let i = 0; i < events.length; i += this.limits.chunkSize)
        await submit(events.slice(i, i + this.limits.chunkSize));
    });
  }

  async fromNdjson(principal: Principal, stream: Readable): Promise<IngestResult> {
    return this.run(principal, 'line', 'ndjson', false, async (submit, tally) => {
      const decoder = new StringDecoder('utf8');
      let pending: RawEvent[] = [];
      let partial = '';
      let lineNo = 0;
      let overlong = false;
      const takeLine = (text: string) => {
        lineNo++;
        if (overlong) {
          overlong = false;
          tally.reject(lineNo, null, 400, [
            { path: '', message: `line is longer than ${MAX_NDJSON_LINE_BYTES} bytes` },
          ]);
          return;
        }
        const trimmed = text.trim();
        if (trimmed === '') return;
        try {
          pending.push({ position: lineNo, raw: JSON.parse(trimmed) });
        } catch {
          tally.reject(lineNo, null, 400, [{ path: '', message: 'line is not valid JSON' }]);
        }
      };
      // readWithIdleTimeout leaves the request stream open when the loop is left early (the
      // 503 or 408 answer goes back on its socket) and fails when the client goes quiet
      for await (const chunk of readWithIdleTimeout(stream, this.limits.streamIdleTimeoutMs)) {
        const text = partial + decoder.write(chunk);
        const lines = text.split('\n');
        partial = lines.pop() ?? '';
        if (partial.length > MAX_NDJSON_LINE_BYTES) {
          overlong = true;
          partial = '';
        }
        for (const line of lines) takeLine(line);
        if (pending.length >= this.limits.chunkSize) {
          await submit(pending);
          pending = [];
        }
      }
      const rest = partial + decoder.end();
      if (rest.trim() !== '' || overlong) takeLine(rest);
      if (pending.length > 0) await submit(pending);
    });
  }

  /** CSV rows are already turned into envelopes (or row errors) by the CSV reader. */
  async fromRows(
    principal: Principal,
    rows: AsyncIterable<
      { row: number; raw: unknown } | { row: number; errors: { path: string; message: string }[] }
    >,
    listDuplicates = false,
  ): Promise<IngestResult> {
    return this.run(principal, 'row', 'csv', listDuplicates, async (submit, tally) => {
      let pending: RawEvent[] = [];
      for await (const item of rows) {
        if ('errors' in item) tally.reject(item.row, null, 400, item.errors);
        else pending.push({ position: item.row, raw: item.raw });
        if (pending.length >= this.limits.chunkSize) {
          await submit(pending);
          pending = [];
        }
      }
      if (pending.length > 0) await submit(pending);
    });
  }

  private async run(
    principal: Principal,
    positionName: PositionName,
    via: string,
    listDuplicates: boolean,
    feed: (submit: (events: RawEvent[]) => Promise<void>, tally: IntakeTally) => Promise<void>,
  ): Promise<IngestResult> {
    const siteId = principal.siteId;
    const trialId = siteId ? await this.sites.trialOf(siteId) : null;
    if (!siteId || !trialId) throw new ApiError(403, 'this key is not attached to a site of any trial');
    const tally = new IntakeTally(positionName, listDuplicates);
    try {
      await feed(
        async (events) => tally.add(await this.commands.execute(new RecordEvents(siteId, trialId, events))),
        tally,
      );
    } catch (err) {
      if (err instanceof ApiError) throw err;
      const details = {
        acceptedSoFar: tally.result(),
        hint: 'resend the same events; accepted ones are reported as duplicates',
      };
      if (err instanceof BodyStalled) {
        // What was acknowledged (acceptedSoFar) stays; the lines read since the last
        // acknowledged chunk were never produced. The rest of the body is not waited for.
        throw new ApiError(
          408,
          `the upload stopped: nothing arrived for ${err.idleMs / 1000} s (INGEST_STREAM_IDLE_TIMEOUT_MS); the events in acceptedSoFar are kept, nothing after them was taken`,
          details,
          { Connection: 'close' },
        );
      }
      const message =
        err instanceof KafkaUnavailable
          ? err.notEnoughReplicas
            ? 'Kafka cannot keep the events yet: too few brokers hold them in sync (min.insync.replicas); nothing after the accepted events was taken'
            : 'Kafka is unavailable; nothing after the accepted events was taken'
          : 'storage is unavailable';
      if (err instanceof KafkaUnavailable || isDatabaseOutage(err)) {
        // No `Connection: close`: Node discards the rest of the upload after the answer, so
        // a client still sending receives the 503 instead of a broken pipe.
        throw new ApiError(503, message, details, { 'Retry-After': '5' });
      }
      throw err;
    }
    if (tally.rejectedTotal > 0) {
      await this.audit.record({
        actor: principal.keyId,
        action: `ingest.${via}`,
        outcome: 'rejected',
        details: tally.summary(),
      });
    }
    return tally.result();
  }
}

function isDatabaseOutage(err: unknown): boolean {
  const e = err as { code?: string; message?: string; name?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006', '08003', '08001'].includes(
      e?.code ?? '',
    ) ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(
      e?.message ?? '',
    )
  );
}

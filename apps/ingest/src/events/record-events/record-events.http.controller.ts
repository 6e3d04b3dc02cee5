import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import { EVENT_DATA_DTOS, EVENT_EXAMPLES, EventEnvelopeDto } from '@ips/contracts';
import {
  Allow,
  ApiError,
  AuditLog,
  CurrentPrincipal,
  readWithIdleTimeout,
  type Principal,
} from '@ips/platform';
import { INGEST_LIMITS, type IngestLimits } from '../ingest-limits';
import { csvEventRows } from './csv-event-rows';
import { EventIntake } from './event-intake.service';
import { IngestResultDto } from './ingest-result.dto';

const examples = Object.fromEntries(
  Object.entries(EVENT_EXAMPLES).map(([type, example]) => [type, { summary: type, value: [example] }]),
);

@ApiTags('events')
@ApiExtraModels(EventEnvelopeDto, ...Object.values(EVENT_DATA_DTOS), IngestResultDto)
@Controller('v1/events')
export class RecordEventsHttpController {
  constructor(
    private readonly intake: EventIntake,
    private readonly audit: AuditLog,
    @Inject(INGEST_LIMITS) private readonly limits: IngestLimits,
  ) {}

  @Post()
  @HttpCode(202)
  @Allow('site')
  @ApiOperation({
    summary: 'Send participant events (JSON array, or NDJSON stream)',
    description:
      'JSON: an array of up to 5,000 envelopes; results by `index` (0-based). ' +
      'NDJSON (`Content-Type: application/x-ndjson`): one envelope a line, streamed, no batch limit; results by `line` (1-based). ' +
      'Valid events are accepted even when others are rejected. Nothing is acknowledged before Kafka has acknowledged it. ' +
      'Resending the same eventId with the same content is reported as a duplicate; with different content it is rejected (status 409). ' +
      `The \`data\` of each type is described by the schemas ${Object.values(EVENT_DATA_DTOS)
        .map((d) => d.name)
        .join(', ')}.`,
  })
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({
    schema: { type: 'array', maxItems: 5000, items: { $ref: getSchemaPath(EventEnvelopeDto) } },
    examples,
  })
  @ApiResponse({ status: 202, type: IngestResultDto })
  @ApiResponse({ status: 400, description: 'body is not a JSON array / not JSON' })
  @ApiResponse({ status: 403, description: 'an event names another site (nothing is produced)' })
  @ApiResponse({ status: 413, description: 'body or batch too large' })
  @ApiResponse({
    status: 415,
    description: 'Content-Type is neither application/json nor application/x-ndjson',
  })
  @ApiResponse({
    status: 408,
    description:
      'an NDJSON upload sent nothing for INGEST_STREAM_IDLE_TIMEOUT_MS (30 s): the events acknowledged before (details) are kept, nothing after them was taken; the connection is closed',
  })
  @ApiResponse({
    status: 503,
    description:
      'Kafka unavailable, or too few brokers in sync to keep the events (min.insync.replicas); retry the same events after Retry-After seconds',
  })
  async record(@Req() req: Request, @CurrentPrincipal() principal: Principal): Promise<IngestResultDto> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/x-ndjson' || type === 'application/ndjson')
      return this.intake.fromNdjson(principal, req);
    if (type !== 'application/json') {
      throw new ApiError(
        415,
        'Content-Type must be application/json (an array) or application/x-ndjson; CSV goes to /v1/events/csv',
      );
    }
    const body: unknown = req.body;
    if (!Array.isArray(body)) throw new ApiError(400, 'body must be a JSON array of event envelopes');
    if (body.length > this.limits.maxBatch) {
      throw new ApiError(
        413,
        `batch has ${body.length} events; at most ${this.limits.maxBatch} (use NDJSON for more)`,
      );
    }
    const foreign = body.findIndex((e) => typeof e?.siteId === 'string' && e.siteId !== principal.siteId);
    if (foreign >= 0) {
      await this.audit.record({
        actor: principal.keyId,
        action: 'ingest.json',
        outcome: 'denied',
        details: { reason: 'event of another site', index: foreign },
      });
      throw new ApiError(
        403,
        `event at index ${foreign} names another site; a site key sends only its own site's events (nothing was accepted)`,
      );
    }
    return this.intake.fromArray(principal, body);
  }

  @Post('csv')
  @HttpCode(202)
  @Allow('site')
  @ApiOperation({
    summary: 'Upload participant events as CSV',
    description:
      'One event a row. Columns `eventId,type,participantId,occurredOn` then `data.<field>` columns (empty cell = field absent). ' +
      "siteId is the key's site. Results by `row` as a spreadsheet numbers them (header = row 1, a blank line is a row, a cell with line breaks stays one row). A header that does not match is a 400. " +
      'With `listDuplicates=true` the answer also lists the rows that were duplicates (`duplicateRows`), so every row can be told accepted, duplicate or rejected.',
  })
  @ApiQuery({
    name: 'listDuplicates',
    required: false,
    enum: ['true', 'false'],
    description: 'also list the duplicate rows (`duplicateRows`, the first 10,000)',
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'eventId,type,participantId,occurredOn,data.condition,data.referralSource,data.employmentStatus,data.arm\n' +
        '0b6f8a9e-3c1d-4e55-9a53-7f0c2a1d5e01,participant.referred,SCR-000123,2017-07-03,mental_health,primary_care,unemployed,\n' +
        '0b6f8a9e-3c1d-4e55-9a53-7f0c2a1d5e04,participant.randomised,SCR-000123,2017-07-12,,,,ips\n',
    },
  })
  @ApiResponse({ status: 202, type: IngestResultDto })
  @ApiResponse({
    status: 400,
    description: 'the header does not match, or listDuplicates is neither true nor false',
  })
  @ApiResponse({
    status: 408,
    description: 'the upload sent nothing for INGEST_STREAM_IDLE_TIMEOUT_MS (30 s)',
  })
  @ApiResponse({ status: 415, description: 'Content-Type is not text/csv' })
  async recordCsv(
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
    @Query('listDuplicates') listDuplicates?: unknown,
  ): Promise<IngestResultDto> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'text/csv') throw new ApiError(415, 'Content-Type must be text/csv');
    if (listDuplicates !== undefined && listDuplicates !== 'true' && listDuplicates !== 'false')
      throw new ApiError(400, 'listDuplicates must be true or false', [
        { path: 'listDuplicates', message: 'listDuplicates must be true or false' },
      ]);
    // read with the idle timeout: an upload that stops sending is answered 408 (EventIntake)
    const body = Readable.from(readWithIdleTimeout(req, this.limits.streamIdleTimeoutMs), {
      objectMode: false,
    });
    return this.intake.fromRows(
      principal,
      csvEventRows(body, principal.siteId ?? ''),
      listDuplicates === 'true',
    );
  }
}

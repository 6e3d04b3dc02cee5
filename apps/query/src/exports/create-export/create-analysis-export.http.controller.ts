import { Body, Controller, HttpCode, Inject, Param, Post, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  ANALYSIS_EXPORT_METADATA_SCHEMA,
  isCalendarDate,
  latestAcceptableDate,
  type AnalysisExportMetadata,
} from '@ips/contracts';
import {
  Allow,
  ApiError,
  AuditLog,
  CLOCK,
  CurrentPrincipal,
  strictValidationPipe,
  utcToday,
  type Clock,
  type Principal,
} from '@ips/platform';
import { CreateAnalysisExport } from './create-analysis-export.command';
import { CreateAnalysisExportRequestDto } from './create-analysis-export.request.dto';

/** exports one instance makes at a time: each reads a whole trial and holds a connection */
const MAX_CONCURRENT_EXPORTS = 2;

@ApiTags('exports')
@Controller('v1/trials')
export class CreateAnalysisExportHttpController {
  private running = 0;

  constructor(
    private readonly commands: CommandBus,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':trialId/exports')
  @HttpCode(201)
  @Allow('evaluator')
  @UsePipes(strictValidationPipe())
  @ApiOperation({
    summary: 'Make a pseudonymised analysis dataset of the trial (role evaluator)',
    description:
      'A zip of participants.csv, jobs.csv, measurements.csv, dictionary.csv, load.R, load.do and manifest.json, as of `asOf`. ' +
      'Pseudonyms are HMAC-SHA256 under a secret drawn for this export and never stored, so two exports cannot be linked. ' +
      'Answers with the metadata; the archive is at `links.zip`. Every export is audit-logged.',
  })
  @ApiResponse({
    status: 201,
    description: 'the export’s metadata: id, file hashes, manifest, links',
    schema: ANALYSIS_EXPORT_METADATA_SCHEMA as SchemaObject,
  })
  @ApiResponse({
    status: 400,
    description: '`asOf` malformed or in the future, or `shiftDates` not a boolean',
  })
  @ApiResponse({ status: 403, description: 'any role but evaluator' })
  @ApiResponse({ status: 404, description: 'no such trial' })
  @ApiResponse({ status: 429, description: 'this instance is already making its limit of exports' })
  async create(
    @Param('trialId') trialId: string,
    @Body() body: CreateAnalysisExportRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AnalysisExportMetadata> {
    const asOf = body.asOf ?? utcToday(this.clock);
    const shiftDates = body.shiftDates ?? false;
    const refuse = async (status: number, message: string, details?: unknown) => {
      await this.audit.record({
        actor: principal.keyId,
        action: 'analysis_export.create',
        outcome: 'rejected',
        details: { trialId, asOf, shiftDates, status },
      });
      return new ApiError(status, message, details);
    };
    if (!isCalendarDate(asOf))
      throw await refuse(400, 'request is invalid', [
        { path: 'asOf', message: `asOf must be a real calendar date (${asOf} does not exist)` },
      ]);
    if (asOf > latestAcceptableDate(this.clock.now()))
      throw await refuse(400, 'request is invalid', [
        { path: 'asOf', message: 'asOf must not be in the future' },
      ]);
    if (this.running >= MAX_CONCURRENT_EXPORTS)
      throw new ApiError(429, 'this instance is already making exports; try again shortly', undefined, {
        'Retry-After': '30',
      });
    this.running++;
    try {
      const metadata = await this.commands.execute(
        new CreateAnalysisExport(trialId, asOf, shiftDates, principal.keyId),
      );
      if (metadata === null) throw await refuse(404, `trial ${trialId} does not exist`);
      await this.audit.record({
        actor: principal.keyId,
        action: 'analysis_export.create',
        outcome: 'ok',
        details: { exportId: metadata.id, trialId, asOf, shiftDates, participants: metadata.participants },
      });
      return metadata;
    } finally {
      this.running--;
    }
  }
}

import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ANALYSIS_EXPORT_METADATA_SCHEMA, type AnalysisExportMetadata } from '@ips/contracts';
import { Allow, ApiError, AuditLog, CurrentPrincipal, type Principal } from '@ips/platform';
import { AnalysisExportStore } from '@ips/persistence';

const REF = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(\.zip)?$/;

@ApiTags('exports')
@Controller('v1/exports')
export class GetAnalysisExportHttpController {
  constructor(
    private readonly store: AnalysisExportStore,
    private readonly audit: AuditLog,
  ) {}

  @Get(':ref')
  @Allow('evaluator')
  @ApiOperation({
    summary: 'An analysis export: `{id}` its metadata, `{id}.zip` the archive (role evaluator)',
    description:
      'Exports are immutable. The archive’s SHA-256 is in the metadata (`archive.sha256`) and in the `X-Content-SHA256` header; ' +
      'each file’s is in manifest.json. Every download is audit-logged.',
  })
  @ApiParam({ name: 'ref', example: '3f1c2a9e-6d0b-4c39-9d6a-1f1f0e7a2b11.zip' })
  @ApiProduces('application/json', 'application/zip')
  @ApiOkResponse({
    description: '`{id}`: the metadata; `{id}.zip`: the archive',
    content: {
      'application/json': { schema: ANALYSIS_EXPORT_METADATA_SCHEMA as SchemaObject },
      'application/zip': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiResponse({ status: 404, description: 'no such export, or a ref that is not an export id' })
  async get(
    @Param('ref') ref: string,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const m = REF.exec(ref);
    if (!m) throw new ApiError(404, `no export ${ref}: expected an export id, optionally with .zip`);
    const found = await this.store.find(m[1]!.toLowerCase());
    if (!found) throw new ApiError(404, `export ${m[1]} does not exist`);
    const { metadata } = found;
    if (!m[2]) {
      res.setHeader('Cache-Control', 'no-store');
      res.type('application/json').send(JSON.stringify(metadata satisfies AnalysisExportMetadata));
      return;
    }

    await this.audit.record({
      actor: principal.keyId,
      action: 'analysis_export.download',
      outcome: 'ok',
      details: { exportId: metadata.id, trialId: metadata.trialId, asOf: metadata.asOf },
    });
    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Length', String(metadata.archive.bytes));
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${metadata.trialId}-analysis-${metadata.asOf}${metadata.shiftDates ? '-shifted' : ''}.zip"`,
    );
    res.setHeader('X-Content-SHA256', metadata.archive.sha256);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    // a failed read after the headers went out shows as a short body against Content-Length
    await pipeline(Readable.from(this.store.archive(metadata.id, found.chunkCount)), res).catch(() =>
      res.destroy(),
    );
  }
}

import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataQualityStore, TrialsStore, type StoredFinding } from '@ips/persistence';
import { Allow, ApiError, AuditLog, canReadSite, CurrentPrincipal, type Principal } from '@ips/platform';
import { SITE_DATA_QUALITY_SCHEMA } from '../ingest-api.schema';

/** The answer of GET /v1/sites/{siteId}/data-quality. */
export interface SiteDataQuality {
  siteId: string;
  trialId: string;
  count: number;
  byCode: Record<string, number>;
  findings: Omit<StoredFinding, 'siteId'>[];
}

/** GET /v1/sites/{siteId}/data-quality: the site's open findings, for the site to fix. */
@ApiTags('data quality')
@Controller('v1/sites')
export class SiteDataQualityHttpController {
  constructor(
    private readonly trials: TrialsStore,
    private readonly findingsStore: DataQualityStore,
    private readonly audit: AuditLog,
  ) {}

  @Get(':siteId/data-quality')
  @Allow('site', 'evaluator', 'programme_lead', 'admin')
  @ApiOperation({ summary: "A site's open data-quality findings (a site key reads only its own site)" })
  @ApiOkResponse({ description: 'the open findings', schema: SITE_DATA_QUALITY_SCHEMA })
  @ApiResponse({ status: 404, description: 'no such site' })
  async findings(
    @Param('siteId') siteId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SiteDataQuality> {
    if (!canReadSite(principal, siteId)) {
      await this.audit.record({
        actor: principal.keyId,
        action: 'data-quality.read',
        outcome: 'denied',
        details: { siteId },
      });
      throw new ApiError(403, 'a site key reads only its own site');
    }
    const trialId = await this.trials.trialOfSite(siteId);
    if (trialId === null) throw new ApiError(404, `site ${siteId} does not exist`);
    const findings = await this.findingsStore.openFindings({ siteId });
    const byCode: Record<string, number> = {};
    for (const f of findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    return {
      siteId,
      trialId,
      count: findings.length,
      byCode,
      findings: findings.map(({ participantId, code, eventId, occurredOn, message }) => ({
        participantId,
        code,
        eventId,
        occurredOn,
        message,
      })),
    };
  }
}

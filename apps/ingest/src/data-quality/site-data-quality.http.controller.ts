import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Allow, ApiError, AuditLog, canReadSite, CurrentPrincipal, type Principal } from '@ips/platform';

/** GET /v1/sites/{siteId}/data-quality: the site's open findings, for the site to fix. */
@ApiTags('data quality')
@Controller('v1/sites')
export class SiteDataQualityHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  @Get(':siteId/data-quality')
  @Allow('site', 'evaluator', 'programme_lead', 'admin')
  @ApiOperation({ summary: "A site's open data-quality findings (a site key reads only its own site)" })
  async findings(@Param('siteId') siteId: string, @CurrentPrincipal() principal: Principal) {
    if (!canReadSite(principal, siteId)) {
      await this.audit.record({
        actor: principal.keyId,
        action: 'data-quality.read',
        outcome: 'denied',
        details: { siteId },
      });
      throw new ApiError(403, 'a site key reads only its own site');
    }
    const site: { trial_id: string }[] = await this.dataSource.query(
      `SELECT trial_id FROM sites WHERE site_id = $1`,
      [siteId],
    );
    if (site.length === 0) throw new ApiError(404, `site ${siteId} does not exist`);
    const rows: {
      participant_id: string;
      code: string;
      event_id: string;
      occurred_on: string;
      message: string;
    }[] = await this.dataSource.query(
      `SELECT j.participant_id, f->>'code' AS code, f->>'eventId' AS event_id, f->>'occurredOn' AS occurred_on, f->>'message' AS message
           FROM journeys j, json_array_elements(j.journey->'findings') f
          WHERE j.site_id = $1 AND j.finding_count > 0
          ORDER BY j.participant_id, f->>'occurredOn', f->>'code'`,
      [siteId],
    );
    const byCode: Record<string, number> = {};
    for (const r of rows) byCode[r.code] = (byCode[r.code] ?? 0) + 1;
    return {
      siteId,
      trialId: site[0].trial_id,
      count: rows.length,
      byCode,
      findings: rows.map((r) => ({
        participantId: r.participant_id,
        code: r.code,
        eventId: r.event_id,
        occurredOn: r.occurred_on,
        message: r.message,
      })),
    };
  }
}

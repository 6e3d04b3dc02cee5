import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { TrialsResponse } from '@ips/contracts';
import { Allow, CurrentPrincipal, type Principal } from '@ips/platform';

@ApiTags('trials')
@Controller('v1/trials')
export class ListTrialsHttpController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Allow('evaluator', 'programme_lead', 'site')
  @ApiOperation({ summary: 'Trials the caller may read, with their sites (a site key: its own)' })
  async list(@CurrentPrincipal() principal: Principal): Promise<TrialsResponse> {
    const rows: {
      trial_id: string;
      name: string;
      start_date: string;
      sites: { siteId: string; name: string }[];
    }[] = await this.dataSource.query(
      `SELECT t.trial_id, t.name, to_char(t.start_date, 'YYYY-MM-DD') AS start_date,
              coalesce(json_agg(json_build_object('siteId', s.site_id, 'name', s.name) ORDER BY s.site_id)
                       FILTER (WHERE s.site_id IS NOT NULL AND ($1::text IS NULL OR s.site_id = $1)), '[]') AS sites
         FROM trials t LEFT JOIN sites s ON s.trial_id = t.trial_id
        WHERE $1::text IS NULL OR t.trial_id = (SELECT trial_id FROM sites WHERE site_id = $1)
        GROUP BY t.trial_id ORDER BY t.trial_id`,
      [principal.role === 'site' ? principal.siteId : null],
    );
    return {
      trials: rows.map((r) => ({
        trialId: r.trial_id,
        name: r.name,
        startDate: r.start_date,
        sites: r.sites,
      })),
    };
  }
}

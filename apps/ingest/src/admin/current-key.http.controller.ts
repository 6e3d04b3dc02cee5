import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TrialsStore } from '@ips/persistence';
import { Allow, CurrentPrincipal, type Principal } from '@ips/platform';
import { CURRENT_KEY_SCHEMA } from '../ingest-api.schema';

/** What the caller's key is: its role, and for a site key its site and trial (by name). */
export interface CurrentKey {
  keyId: string;
  role: Principal['role'];
  site: { siteId: string; name: string; trialId: string; trialName: string } | null;
}

/**
 * GET /v1/keys/current: the site page signs in with it (is this key known, and is it a
 * site's?) and names the site it works for. Nothing about any other key or site.
 */
@ApiTags('keys')
@Controller('v1/keys')
export class CurrentKeyHttpController {
  constructor(private readonly trials: TrialsStore) {}

  @Get('current')
  @Allow('site', 'evaluator', 'programme_lead', 'admin')
  @ApiOperation({
    summary: 'The calling key: its id and role, and for a site key its site and trial (never the key itself)',
  })
  @ApiOkResponse({ description: 'the calling key', schema: CURRENT_KEY_SCHEMA })
  async current(@CurrentPrincipal() principal: Principal): Promise<CurrentKey> {
    let site: CurrentKey['site'] = null;
    if (principal.role === 'site' && principal.siteId) {
      const [trial] = await this.trials.readable(principal.siteId);
      const own = trial?.sites.find((s) => s.siteId === principal.siteId);
      if (trial && own)
        site = { siteId: own.siteId, name: own.name, trialId: trial.trialId, trialName: trial.name };
    }
    return { keyId: principal.keyId, role: principal.role, site };
  }
}

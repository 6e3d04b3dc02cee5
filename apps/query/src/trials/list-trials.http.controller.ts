import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TrialsResponse } from '@ips/contracts';
import { TrialsStore } from '@ips/persistence';
import { Allow, CurrentPrincipal, type Principal } from '@ips/platform';

@ApiTags('trials')
@Controller('v1/trials')
export class ListTrialsHttpController {
  constructor(private readonly trials: TrialsStore) {}

  @Get()
  @Allow('evaluator', 'programme_lead', 'site')
  @ApiOperation({ summary: 'Trials the caller may read, with their sites (a site key: its own)' })
  async list(@CurrentPrincipal() principal: Principal): Promise<TrialsResponse> {
    return {
      trials: await this.trials.readable(principal.role === 'site' ? principal.siteId : null),
      analysisExports: principal.role === 'evaluator',
    };
  }
}

import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@ips/platform';
import { TrialAccess } from '../../trials/trial-access';
import { GetTrialDataQuality, type TrialDataQuality } from './get-trial-data-quality.query';

@ApiTags('data quality')
@Controller('v1/trials')
export class GetTrialDataQualityHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: TrialAccess,
  ) {}

  @Get(':trialId/data-quality')
  @Allow('evaluator', 'programme_lead', 'site')
  @ApiOperation({ summary: "The trial's open data-quality findings (a site key: its own site's only)" })
  async dataQuality(
    @Param('trialId') trialId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TrialDataQuality> {
    const scope = await this.access.scope(principal, trialId);
    return this.queries.execute(new GetTrialDataQuality(trialId, scope.ownSite));
  }
}

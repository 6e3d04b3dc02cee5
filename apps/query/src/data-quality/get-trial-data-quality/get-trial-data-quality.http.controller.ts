import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Allow, CurrentPrincipal, type Principal } from '@ips/platform';
import { TrialAccess } from '../../trials/trial-access';
import { GetTrialDataQuality, type TrialDataQuality } from './get-trial-data-quality.query';
import { TRIAL_DATA_QUALITY_SCHEMA } from '@ips/contracts';

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
  @ApiOkResponse({ description: 'the open findings', schema: TRIAL_DATA_QUALITY_SCHEMA as SchemaObject })
  @ApiResponse({ status: 404, description: 'no such trial' })
  async dataQuality(
    @Param('trialId') trialId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TrialDataQuality> {
    const scope = await this.access.scope(principal, trialId);
    return this.queries.execute(new GetTrialDataQuality(trialId, scope.ownSite));
  }
}

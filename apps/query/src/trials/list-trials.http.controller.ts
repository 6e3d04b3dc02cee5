import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { TrialsResponse } from '@ips/contracts';
import { MonitoringReader, TrialsStore } from '@ips/persistence';
import { Allow, CurrentPrincipal, type Principal } from '@ips/platform';
import { TRIALS_RESPONSE_SCHEMA } from '@ips/contracts';

@ApiTags('trials')
@Controller('v1/trials')
export class ListTrialsHttpController {
  constructor(
    private readonly trials: TrialsStore,
    private readonly monitoring: MonitoringReader,
  ) {}

  @Get()
  @Allow('evaluator', 'programme_lead', 'site')
  @ApiOperation({
    summary: 'Trials the caller may read, with their sites (a site key: its own)',
    description:
      '`analysisExports`: whether the key may make analysis datasets; `monitoring`: whether it may read interim monitoring, and `monitoringPlans` the listed trials that have a plan.',
  })
  @ApiOkResponse({
    description: 'the trials this key may read',
    schema: TRIALS_RESPONSE_SCHEMA as SchemaObject,
  })
  async list(@CurrentPrincipal() principal: Principal): Promise<TrialsResponse> {
    const trials = await this.trials.readable(principal.role === 'site' ? principal.siteId : null);
    // DESIGN §6c: monitoring is for evaluators and programme leads; the dashboard asks for it only where there is a plan
    const monitoring = principal.role === 'evaluator' || principal.role === 'programme_lead';
    return {
      trials,
      analysisExports: principal.role === 'evaluator',
      monitoring,
      monitoringPlans: monitoring ? await this.monitoring.planned(trials.map((t) => t.trialId)) : [],
    };
  }
}

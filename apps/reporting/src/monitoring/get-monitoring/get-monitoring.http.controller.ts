import { Controller, Get, Header, Inject, Param, Query, UsePipes } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { isCalendarDate } from '@ips/contracts';
import { Allow, ApiError, CLOCK, strictValidationPipe, utcToday, type Clock } from '@ips/platform';
import type { MonitoringView } from '../monitoring-view';
import { NoMonitoringPlanError } from './get-monitoring.handler';
import { GetMonitoring } from './get-monitoring.query';
import { MONITORING_SCHEMA, openApi } from '../../reporting-api.schema';

export class GetMonitoringRequestDto {
  @ApiPropertyOptional({
    description: 'YYYY-MM-DD; default today (UTC): the look a report then would be',
    example: '2018-06-30',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be an ISO date YYYY-MM-DD' })
  asOf?: string;
}

@ApiTags('monitoring')
@Controller('v1/trials')
export class GetMonitoringHttpController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':trialId/monitoring')
  @Allow('evaluator', 'programme_lead')
  @UsePipes(strictValidationPipe())
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'The monitoring plan, the looks published so far, and the look a report at asOf would be (roles evaluator, programme_lead)',
  })
  @ApiResponse({ status: 404, description: 'no such trial, or no monitoring plan (said so)' })
  @ApiOkResponse({ description: 'the plan and the looks', schema: openApi(MONITORING_SCHEMA) })
  @ApiResponse({ status: 400, description: 'asOf is not a real calendar date' })
  async get(
    @Param('trialId') trialId: string,
    @Query() request: GetMonitoringRequestDto,
  ): Promise<MonitoringView> {
    const asOf = request.asOf ?? utcToday(this.clock);
    if (!isCalendarDate(asOf)) {
      throw new ApiError(400, 'request is invalid', [
        { path: 'asOf', message: `asOf must be a real calendar date (${asOf} does not exist)` },
      ]);
    }
    try {
      const view = await this.queries.execute(new GetMonitoring(trialId, asOf));
      if (!view) throw new ApiError(404, `trial ${trialId} does not exist`);
      return view;
    } catch (err) {
      if (err instanceof NoMonitoringPlanError) throw new ApiError(404, err.message);
      throw err;
    }
  }
}

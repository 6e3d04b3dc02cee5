import { Controller, Get, Header, Inject, Param, Query, UsePipes } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { IsOptional, Matches } from 'class-validator';
import { MONITORING_RESPONSE_SCHEMA, isCalendarDate, type MonitoringResponse } from '@ips/contracts';
import {
  Allow,
  ApiError,
  CLOCK,
  CurrentPrincipal,
  strictValidationPipe,
  utcToday,
  type Clock,
  type Principal,
} from '@ips/platform';
import { TrialAccess } from '../trials/trial-access';
import { GetMonitoring } from './get-monitoring.query';

export class GetMonitoringRequestDto {
  @ApiPropertyOptional({
    description: 'YYYY-MM-DD; default today (UTC): the look a report then would be',
    example: '2018-06-30',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be an ISO date YYYY-MM-DD' })
  asOf?: string;
}

/**
 * DESIGN §6c's GET, the same path, roles and answer as the reporting service's, served here
 * so the dashboard reads it from its own origin with the key it already holds (its
 * Content-Security-Policy connects to this service only). Setting a plan stays with the
 * reporting service.
 */
@ApiTags('monitoring')
@Controller('v1/trials')
export class GetMonitoringHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: TrialAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':trialId/monitoring')
  @Allow('evaluator', 'programme_lead')
  @UsePipes(strictValidationPipe())
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'The interim monitoring plan, the looks published so far, and the look a report at asOf would be',
    description:
      'The same answer as the reporting service’s GET /v1/trials/{trialId}/monitoring; plans are set there (PUT).',
  })
  @ApiResponse({ status: 404, description: 'no such trial, or no monitoring plan (said so)' })
  @ApiOkResponse({
    description: 'the plan and the looks',
    schema: MONITORING_RESPONSE_SCHEMA as SchemaObject,
  })
  @ApiResponse({ status: 400, description: 'asOf is not a real calendar date' })
  async get(
    @Param('trialId') trialId: string,
    @Query() request: GetMonitoringRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MonitoringResponse> {
    const asOf = request.asOf ?? utcToday(this.clock);
    if (!isCalendarDate(asOf)) {
      throw new ApiError(400, 'request is invalid', [
        { path: 'asOf', message: `asOf must be a real calendar date (${asOf} does not exist)` },
      ]);
    }
    await this.access.scope(principal, trialId);
    const view = await this.queries.execute(new GetMonitoring(trialId, asOf));
    if (view === null) throw new ApiError(404, `trial ${trialId} has no monitoring plan`);
    return view;
  }
}

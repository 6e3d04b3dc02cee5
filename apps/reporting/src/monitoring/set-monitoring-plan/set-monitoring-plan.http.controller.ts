import { Body, Controller, Param, Put, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, ApiError, CurrentPrincipal, strictValidationPipe, type Principal } from '@ips/platform';
import type { MonitoringView } from '../monitoring-view';
import { SetMonitoringPlan } from './set-monitoring-plan.command';
import { PlanAfterLookError, PlanBelowFollowUpError } from './set-monitoring-plan.handler';
import { SetMonitoringPlanRequestDto } from './set-monitoring-plan.request.dto';
import { MONITORING_SCHEMA, openApi } from '../../reporting-api.schema';

@ApiTags('monitoring')
@Controller('v1/trials')
export class SetMonitoringPlanHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':trialId/monitoring')
  @Allow('admin', 'programme_lead')
  @UsePipes(strictValidationPipe())
  @ApiOperation({
    summary: 'Set the interim monitoring plan (roles admin, programme_lead)',
    description:
      "Lan–DeMets O'Brien–Fleming two-sided alpha spending over information fraction followUpComplete / plannedParticipants. " +
      'Interim and first-year reports published after it are the looks. Audited.',
  })
  @ApiResponse({
    status: 200,
    description: 'the plan, with the looks so far (none)',
    schema: openApi(MONITORING_SCHEMA),
  })
  @ApiResponse({ status: 400, description: 'a field breaks its rule (named)' })
  @ApiResponse({ status: 404, description: 'no such trial' })
  @ApiResponse({ status: 409, description: 'a look has been taken: the plan can no longer change' })
  @ApiResponse({ status: 422, description: 'plannedParticipants is below those already followed up' })
  async put(
    @Param('trialId') trialId: string,
    @Body() body: SetMonitoringPlanRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MonitoringView> {
    try {
      const view = await this.commands.execute(
        new SetMonitoringPlan(
          trialId,
          body.primaryOutcome,
          body.plannedParticipants,
          body.alpha ?? 0.05,
          principal.keyId,
        ),
      );
      if (!view) throw new ApiError(404, `trial ${trialId} does not exist`);
      return view;
    } catch (err) {
      if (err instanceof PlanAfterLookError) throw new ApiError(409, err.message);
      if (err instanceof PlanBelowFollowUpError) {
        throw new ApiError(422, 'request is invalid', [
          { path: 'plannedParticipants', message: err.message },
        ]);
      }
      throw err;
    }
  }
}

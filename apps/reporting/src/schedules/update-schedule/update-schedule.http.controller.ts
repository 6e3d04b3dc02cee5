import { Body, Controller, Param, Put, UsePipes } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, ApiError, CurrentPrincipal, strictValidationPipe, type Principal } from '@ips/platform';
import type { ScheduleView } from '../schedule-view';
import { UpdateSchedule } from './update-schedule.command';
import { InvalidScheduleError } from './update-schedule.handler';
import { UpdateScheduleRequestDto } from './update-schedule.request.dto';
import { SCHEDULE_SCHEMA, openApi } from '../../reporting-api.schema';

@ApiTags('schedules')
@Controller('v1/trials')
export class UpdateScheduleHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':trialId/schedule')
  @Allow('programme_lead', 'admin')
  @UsePipes(strictValidationPipe())
  @ApiOperation({
    summary: 'Change when a trial’s interim reports are produced (roles programme_lead, admin)',
    description:
      'Takes effect at the next scheduler tick on every instance, without a restart. Runs are due only from the change on: changing a ' +
      'schedule never makes up "missed" runs of the new expression.',
  })
  @ApiResponse({
    status: 200,
    description: 'the schedule with its next interim reports',
    schema: openApi(SCHEDULE_SCHEMA),
  })
  @ApiResponse({ status: 400, description: 'not a valid cron expression or time zone, or fires too often' })
  @ApiResponse({ status: 404, description: 'no such trial' })
  async update(
    @Param('trialId') trialId: string,
    @Body() body: UpdateScheduleRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ScheduleView> {
    try {
      const view = await this.commands.execute(
        new UpdateSchedule(trialId, body.cron, body.timezone, body.enabled, principal.keyId),
      );
      if (!view) throw new ApiError(404, `trial ${trialId} does not exist`);
      return view;
    } catch (err) {
      if (err instanceof InvalidScheduleError) {
        throw new ApiError(400, 'request is invalid', [
          { path: err.message.startsWith('timezone') ? 'timezone' : 'cron', message: err.message },
        ]);
      }
      throw err;
    }
  }
}

import { Controller, Get, Header, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, ApiError } from '@ips/platform';
import type { ScheduleView } from '../schedule-view';
import { GetSchedules } from './get-schedule.query';
import { SCHEDULE_SCHEMA, listOf, openApi } from '../../reporting-api.schema';

@ApiTags('schedules')
@Controller('v1')
export class GetScheduleHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('schedules')
  @Allow('programme_lead', 'evaluator', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Every trial’s report schedule with its next interim reports (roles programme_lead, evaluator, admin)',
  })
  @ApiOkResponse({ description: 'every trial’s schedule', schema: listOf('schedules', SCHEDULE_SCHEMA) })
  async list(): Promise<{ schedules: ScheduleView[] }> {
    return { schedules: await this.queries.execute(new GetSchedules(null)) };
  }

  @Get('trials/:trialId/schedule')
  @Allow('programme_lead', 'evaluator', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'A trial’s report schedule, its next interim reports, its first-year date and its recent runs',
  })
  @ApiOkResponse({ description: 'the schedule, with its recent runs', schema: openApi(SCHEDULE_SCHEMA) })
  @ApiResponse({ status: 404, description: 'no such trial' })
  async get(@Param('trialId') trialId: string): Promise<ScheduleView> {
    const [view] = await this.queries.execute(new GetSchedules(trialId));
    if (!view) throw new ApiError(404, `trial ${trialId} does not exist`);
    return view;
  }
}

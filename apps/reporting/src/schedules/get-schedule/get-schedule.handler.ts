import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@ips/platform';
import { ReportRuns, ScheduleStore } from '@ips/persistence';
import { scheduleView, type ScheduleView } from '../schedule-view';
import { GetSchedules } from './get-schedule.query';

@QueryHandler(GetSchedules)
export class GetSchedulesHandler implements IQueryHandler<GetSchedules, ScheduleView[]> {
  constructor(
    private readonly schedules: ScheduleStore,
    private readonly runs: ReportRuns,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(query: GetSchedules): Promise<ScheduleView[]> {
    const now = this.clock.now();
    if (query.trialId === null) {
      await this.schedules.ensureDefaults(now);
      return (await this.schedules.all()).map((s) => scheduleView(s, now));
    }
    const schedule = await this.schedules.get(query.trialId, now);
    return schedule ? [scheduleView(schedule, now, await this.runs.recent(query.trialId, 10))] : [];
  }
}

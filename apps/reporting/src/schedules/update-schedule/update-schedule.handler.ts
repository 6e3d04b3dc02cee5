import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog, CLOCK, type Clock } from '@ips/platform';
import { validateSchedule } from '../schedule-calendar';
import { SCHEDULE_LIMITS, type ScheduleLimits } from '../schedule-limits';
import { scheduleView, type ScheduleView } from '../schedule-view';
import { ScheduleStore } from '@ips/persistence';
import { UpdateSchedule } from './update-schedule.command';

export class InvalidScheduleError extends Error {}

@CommandHandler(UpdateSchedule)
export class UpdateScheduleHandler implements ICommandHandler<UpdateSchedule, ScheduleView | null> {
  constructor(
    private readonly schedules: ScheduleStore,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULE_LIMITS) private readonly limits: ScheduleLimits,
  ) {}

  async execute(command: UpdateSchedule): Promise<ScheduleView | null> {
    const now = this.clock.now();
    const current = await this.schedules.get(command.trialId, now);
    if (!current) return null;
    const timezone = command.timezone ?? current.timezone;
    const problem = validateSchedule(command.cron, timezone, {
      minIntervalSeconds: this.limits.minIntervalSeconds,
      now,
    });
    if (problem) throw new InvalidScheduleError(problem);
    const updated = await this.schedules.put(
      command.trialId,
      { cron: command.cron.trim(), timezone, enabled: command.enabled ?? current.enabled },
      now,
      command.changedBy,
    );
    await this.audit.record({
      actor: command.changedBy,
      action: 'schedule.update',
      outcome: 'ok',
      details: { trialId: command.trialId, cron: command.cron, timezone, enabled: updated?.enabled },
    });
    return updated ? scheduleView(updated, now) : null;
  }
}

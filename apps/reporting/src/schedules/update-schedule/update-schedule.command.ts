import { Command } from '@nestjs/cqrs';
import type { ScheduleView } from '../schedule-view';

/** Change when a trial's interim reports are produced; takes effect at the next tick, no restart. */
export class UpdateSchedule extends Command<ScheduleView | null> {
  constructor(
    readonly trialId: string,
    readonly cron: string,
    readonly timezone: string | undefined,
    readonly enabled: boolean | undefined,
    readonly changedBy: string,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { ScheduleView } from '../schedule-view';

/** When will this trial's reports be produced (and how did recent runs go)? All trials when trialId is null. */
export class GetSchedules extends Query<ScheduleView[]> {
  constructor(readonly trialId: string | null) {
    super();
  }
}

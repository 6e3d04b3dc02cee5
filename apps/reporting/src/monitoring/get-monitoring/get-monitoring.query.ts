import { Query } from '@nestjs/cqrs';
import type { MonitoringView } from '../monitoring-view';

/** Where does the trial's interim monitoring stand, and what would a report at `asOf` be? */
export class GetMonitoring extends Query<MonitoringView | null> {
  constructor(
    readonly trialId: string,
    readonly asOf: string,
  ) {
    super();
  }
}

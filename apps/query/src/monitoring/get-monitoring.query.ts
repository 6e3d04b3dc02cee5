import { Query } from '@nestjs/cqrs';
import type { MonitoringResponse } from '@ips/contracts';

/** Where does the trial's interim monitoring stand, and what would a report at `asOf` be? (DESIGN §6c) */
export class GetMonitoring extends Query<MonitoringResponse | null> {
  constructor(
    readonly trialId: string,
    readonly asOf: string,
  ) {
    super();
  }
}

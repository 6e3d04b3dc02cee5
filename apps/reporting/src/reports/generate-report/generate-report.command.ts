import { Command } from '@nestjs/cqrs';
import type { ScheduledRunClaim } from '../report-archive';
import type { ReportMetadata, ReportTrigger, ReportType } from '../report-types';

/** Compute, archive and publish a report of a trial as of a date. */
export class GenerateReport extends Command<ReportMetadata> {
  constructor(
    readonly trialId: string,
    readonly type: ReportType,
    readonly asOf: string,
    readonly trigger: ReportTrigger,
    /** key id of whoever asked (on demand), or null for the scheduler */
    readonly requestedBy: string | null,
    /** the scheduled run this report fulfils */
    readonly run: ScheduledRunClaim | null = null,
  ) {
    super();
  }
}

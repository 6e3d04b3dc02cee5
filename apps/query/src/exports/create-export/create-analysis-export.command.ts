import { Command } from '@nestjs/cqrs';
import type { AnalysisExportMetadata } from '@ips/contracts';

/** Make the pseudonymised analysis dataset of a trial at an as-of date (DESIGN §6d). */
export class CreateAnalysisExport extends Command<AnalysisExportMetadata | null> {
  constructor(
    readonly trialId: string,
    readonly asOf: string,
    readonly shiftDates: boolean,
    /** the evaluator's key id */
    readonly requestedBy: string,
  ) {
    super();
  }
}

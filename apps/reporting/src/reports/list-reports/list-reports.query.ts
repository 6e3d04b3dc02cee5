import { Query } from '@nestjs/cqrs';
import type { ReportMetadata, ReportType } from '../report-types';

/** Which reports are in the archive (newest first)? */
export class ListReports extends Query<ReportMetadata[]> {
  constructor(
    readonly trialId: string | undefined,
    readonly type: ReportType | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

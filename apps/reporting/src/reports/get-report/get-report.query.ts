import { Query } from '@nestjs/cqrs';
import type { ReportContent, ReportMetadata } from '../report-types';

/** What does this report say? null when there is no such report. */
export class GetReport extends Query<{ metadata: ReportMetadata; content: ReportContent } | null> {
  constructor(readonly reportId: string) {
    super();
  }
}

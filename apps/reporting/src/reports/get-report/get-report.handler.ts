import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReportArchive } from '../report-archive';
import type { ReportContent, ReportMetadata } from '../report-types';
import { GetReport } from './get-report.query';

@QueryHandler(GetReport)
export class GetReportHandler implements IQueryHandler<
  GetReport,
  { metadata: ReportMetadata; content: ReportContent } | null
> {
  constructor(private readonly archive: ReportArchive) {}

  execute(query: GetReport) {
    return this.archive.document(query.reportId);
  }
}

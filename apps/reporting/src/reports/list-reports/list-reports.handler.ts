import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReportArchive } from '../report-archive';
import type { ReportMetadata } from '../report-types';
import { ListReports } from './list-reports.query';

@QueryHandler(ListReports)
export class ListReportsHandler implements IQueryHandler<ListReports, ReportMetadata[]> {
  constructor(private readonly archive: ReportArchive) {}

  execute(query: ListReports): Promise<ReportMetadata[]> {
    return this.archive.list({ trialId: query.trialId, type: query.type, limit: query.limit });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import {
  ReportsStore,
  type StoredReportMetadata,
  type StoreReport as StoreReportInput,
} from '@ips/persistence';
import { REPORT_LINKS, type ReportLinker } from './report-links';
import type { ReportContent, ReportMetadata, ReportType } from './report-types';

export { LostClaimError, type ScheduledRunClaim } from '@ips/persistence';

export type StoreReport = StoreReportInput<ReportContent>;

/**
 * The report archive as the service sees it: the stored reports (ReportsStore, in
 * libs/persistence, holds the SQL and the one transaction a report is written in) with
 * the links a reader follows.
 */
@Injectable()
export class ReportArchive {
  constructor(
    private readonly reports: ReportsStore,
    @Inject(REPORT_LINKS) private readonly linker: ReportLinker,
  ) {}

  async store(input: StoreReport): Promise<ReportMetadata> {
    const reportId = await this.reports.store(input);
    const stored = await this.metadata(reportId);
    if (!stored) throw new Error(`report ${reportId} vanished after it was stored`);
    return stored;
  }

  async metadata(reportId: string): Promise<ReportMetadata | null> {
    const stored = await this.reports.metadata(reportId);
    return stored === null ? null : this.withLinks(stored);
  }

  async document(reportId: string): Promise<{ metadata: ReportMetadata; content: ReportContent } | null> {
    const stored = await this.reports.document<ReportContent>(reportId);
    return stored === null ? null : { metadata: this.withLinks(stored.metadata), content: stored.content };
  }

  async list(filter: { trialId?: string; type?: ReportType; limit: number }): Promise<ReportMetadata[]> {
    return (await this.reports.list(filter)).map((r) => this.withLinks(r));
  }

  /**
   * Locks up to `limit` reports not yet announced (skipping rows another instance holds),
   * hands them to `announce`, and marks them announced when it succeeds.
   */
  async announcePending(
    now: Date,
    limit: number,
    trialIdLike: string,
    announce: (reports: ReportMetadata[]) => Promise<void>,
  ): Promise<number> {
    return this.reports.announcePending(now, limit, trialIdLike, (rows) =>
      announce(rows.map((r) => this.withLinks(r))),
    );
  }

  private withLinks(stored: StoredReportMetadata): ReportMetadata {
    return { ...stored, links: this.linker.links(stored.id) };
  }
}

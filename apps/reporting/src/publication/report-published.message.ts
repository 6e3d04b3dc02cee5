import type { ReportMetadata } from '../reports/report-types';

export const REPORT_PUBLISHED_EVENT = 'report.published';

/**
 * The message on ips.reports.published and the body of every webhook delivery: enough to
 * fetch the report (links) and to check what was fetched (contentHash).
 */
export interface ReportPublishedMessage {
  event: typeof REPORT_PUBLISHED_EVENT;
  schemaVersion: 1;
  reportId: string;
  trialId: string;
  type: ReportMetadata['type'];
  asOf: string;
  version: number;
  createdAt: string;
  definitionsVersion: number;
  contentHash: string;
  links: ReportMetadata['links'];
}

export function reportPublishedMessage(report: ReportMetadata): ReportPublishedMessage {
  return {
    event: REPORT_PUBLISHED_EVENT,
    schemaVersion: 1,
    reportId: report.id,
    trialId: report.trialId,
    type: report.type,
    asOf: report.asOf,
    version: report.version,
    createdAt: report.createdAt,
    definitionsVersion: report.definitionsVersion,
    contentHash: report.contentHash,
    links: report.links,
  };
}

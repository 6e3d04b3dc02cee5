import type { GroupDimension, GroupKey, ReportType } from '@ips/contracts';
import type { PublishedCurve, PublishedOutcomeTable, Suppressed } from '@ips/domain';
import type { StoredReportMetadata } from '@ips/persistence';
import type { ReportMonitoring } from './report-content/report-monitoring';

export { REPORT_TYPES, type ReportType } from '@ips/contracts';

export type ReportTrigger = 'schedule' | 'on_demand';

/** Version of the report document's shape (not of the outcome definitions). */
export const REPORT_FORMAT = 1 as const;

/** The report's tables (DESIGN §8) and the summaries above them, in the order they are published. */
export const REPORT_TABLES = [
  { name: 'trial', groupBy: [] },
  { name: 'byArm', groupBy: ['arm'] },
  { name: 'byArmAndCondition', groupBy: ['arm', 'condition'] },
  { name: 'bySiteAndArm', groupBy: ['site', 'arm'] },
  { name: 'byCohortAndArm', groupBy: ['cohort', 'arm'] },
] as const satisfies readonly { name: string; groupBy: readonly GroupDimension[] }[];

export type ReportTableName = (typeof REPORT_TABLES)[number]['name'];

export interface ReportProvenance {
  /** the participant-events topic and the projector group whose offsets were read */
  topic: string;
  consumerGroup: string;
  /** next offset to consume, per partition: every event below it was in the read model */
  offsets: { partition: number; nextOffset: string }[];
  /** the trial's events in the event store when the report was computed */
  eventCount: number;
}

/**
 * What a report says: everything here is covered by the content hash, so the same
 * trial, type and as-of date computed from the same offsets gives the same hash.
 * Every figure is already through disclosure control.
 */
export interface ReportContent {
  reportFormat: typeof REPORT_FORMAT;
  trialId: string;
  trial: { name: string; startDate: string; firstAnniversary: string };
  type: ReportType;
  asOf: string;
  definitionsVersion: number;
  cohortBy: 'quarter';
  provenance: ReportProvenance;
  sites: { siteId: string; name: string }[];
  tables: Record<ReportTableName, PublishedOutcomeTable>;
  /** time to first job by arm, drawn as disclosure allows */
  firstJobCurves: { key: GroupKey; curve: PublishedCurve | Suppressed }[];
  disclosure: {
    method: string;
    suppressed: { primary: number; secondary: number };
  };
  /** DESIGN §6c: the monitoring table and verdict; only in reports of a trial with a monitoring plan (absent from older reports) */
  monitoring?: ReportMonitoring;
}

/** About a report rather than in it: not hashed. */
export interface ReportMetadata extends StoredReportMetadata {
  links: ReportLinks;
}

export interface ReportLinks {
  json: string;
  csv: string;
  html: string;
  pdf: string;
}

/** Fields of the JSON document that are about the report, not in it: left out of the hash. */
export const METADATA_FIELDS = [
  'id',
  'version',
  'createdAt',
  'trigger',
  'scheduledFor',
  'contentHash',
  'links',
] as const;

export type ReportDocument = ReportContent & Pick<ReportMetadata, (typeof METADATA_FIELDS)[number]>;

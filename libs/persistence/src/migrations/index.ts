import { Foundation1763900000000 } from './1763900000000-foundation';
import { ReadModelEpoch1763900000001 } from './1763900000001-read-model-epoch';
import { EventSourceTopic1763900000002 } from './1763900000002-event-source-topic';
import { LighterEventStore1763900000003 } from './1763900000003-lighter-event-store';
import { ChunkAcknowledgements1763900000004 } from './1763900000004-chunk-acknowledgements';
import { Reporting1763900000100 } from './1763900000100-reporting';
import { ReportContentAsWritten1763900000101 } from './1763900000101-report-content-as-written';
import { AppDatabaseRole1763900000200 } from './1763900000200-app-database-role';
import { EmailReports1763900000400 } from './1763900000400-email-reports';
import { InterimMonitoring1763900000700 } from './1763900000700-interim-monitoring';
import { AnalysisExports1763900000800 } from './1763900000800-analysis-exports';

/** Every migration, in order. Schema changes only ever arrive as a new migration here. */
export const MIGRATIONS = [
  Foundation1763900000000,
  ReadModelEpoch1763900000001,
  EventSourceTopic1763900000002,
  LighterEventStore1763900000003,
  ChunkAcknowledgements1763900000004,
  Reporting1763900000100,
  ReportContentAsWritten1763900000101,
  AppDatabaseRole1763900000200,
  EmailReports1763900000400,
  InterimMonitoring1763900000700,
  AnalysisExports1763900000800,
];

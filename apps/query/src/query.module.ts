import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import {
  AnalysisExportStore,
  JourneyReader,
  MonitoringReader,
  ParticipantJourneyStore,
  PersistenceModule,
} from '@ips/persistence';
import { PlatformModule, type Clock, type Logger } from '@ips/platform';
import { DashboardHttpController } from './dashboard/dashboard.http.controller';
import { GetTrialDataQualityHandler } from './data-quality/get-trial-data-quality/get-trial-data-quality.handler';
import { GetTrialDataQualityHttpController } from './data-quality/get-trial-data-quality/get-trial-data-quality.http.controller';
import { GetFirstJobCurvesHandler } from './outcomes/get-first-job-curves/get-first-job-curves.handler';
import { GetFirstJobCurvesHttpController } from './outcomes/get-first-job-curves/get-first-job-curves.http.controller';
import { CutTallies } from './outcomes/cut-tallies';
import { GetTrialOutcomesHandler } from './outcomes/get-trial-outcomes/get-trial-outcomes.handler';
import { GetTrialOutcomesHttpController } from './outcomes/get-trial-outcomes/get-trial-outcomes.http.controller';
import { GetParticipantJourneyHandler } from './participants/get-participant-journey/get-participant-journey.handler';
import { GetParticipantJourneyHttpController } from './participants/get-participant-journey/get-participant-journey.http.controller';
import { CreateAnalysisExportHandler } from './exports/create-export/create-analysis-export.handler';
import { CreateAnalysisExportHttpController } from './exports/create-export/create-analysis-export.http.controller';
import { EXPORT_SETTINGS } from './exports/export-settings';
import { GetAnalysisExportHttpController } from './exports/get-export/get-analysis-export.http.controller';
import { GetMonitoringHandler } from './monitoring/get-monitoring.handler';
import { GetMonitoringHttpController } from './monitoring/get-monitoring.http.controller';
import type { QueryConfig } from './query.config';
import { ListTrialsHttpController } from './trials/list-trials.http.controller';
import { TrialAccess } from './trials/trial-access';

@Module({})
export class QueryModule {
  static forRoot(config: QueryConfig, logger: Logger, clock?: Clock): DynamicModule {
    return {
      module: QueryModule,
      imports: [
        CqrsModule.forRoot(),
        PersistenceModule.forRoot({
          url: config.databaseUrl,
          poolSize: config.databasePoolSize,
          applicationName: 'ips-query',
        }),
        PlatformModule.forRoot({
          service: 'query',
          logger,
          clock,
          rateLimit: { perSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst },
          // no kafkaProbe: the query service reads Postgres only and never connects to a broker
        }),
      ],
      controllers: [
        ListTrialsHttpController,
        GetTrialOutcomesHttpController,
        GetParticipantJourneyHttpController,
        GetTrialDataQualityHttpController,
        GetFirstJobCurvesHttpController,
        DashboardHttpController,
        CreateAnalysisExportHttpController,
        GetAnalysisExportHttpController,
        GetMonitoringHttpController,
      ],
      providers: [
        TrialAccess,
        JourneyReader,
        CutTallies,
        GetTrialOutcomesHandler,
        ParticipantJourneyStore,
        GetParticipantJourneyHandler,
        GetTrialDataQualityHandler,
        GetFirstJobCurvesHandler,
        AnalysisExportStore,
        CreateAnalysisExportHandler,
        MonitoringReader,
        GetMonitoringHandler,
        { provide: EXPORT_SETTINGS, useValue: { projectorGroupId: config.projectorGroupId } },
      ],
    };
  }
}

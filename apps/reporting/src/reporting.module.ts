import { DynamicModule, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { KafkaClients, MessagingModule } from '@ips/messaging';
import {
  EmailSubscriptionStore,
  MonitoringStore,
  PersistenceModule,
  ReportRuns,
  ReportSnapshotStore,
  ReportsStore,
  SCHEDULE_DEFAULTS,
  ScheduleStore,
  SubscriptionStore,
  TRIAL_SCOPE,
} from '@ips/persistence';
import { LOGGER, PlatformModule, type Clock, type Logger } from '@ips/platform';
import { DISPATCH_SETTINGS, PublicationDispatcher } from './publication/publication-dispatcher';
import { KafkaOutbox } from './publication/kafka-outbox';
import type { ReportingConfig } from './reporting.config';
import { GetMonitoringHandler } from './monitoring/get-monitoring/get-monitoring.handler';
import { GetMonitoringHttpController } from './monitoring/get-monitoring/get-monitoring.http.controller';
import { SetMonitoringPlanHandler } from './monitoring/set-monitoring-plan/set-monitoring-plan.handler';
import { SetMonitoringPlanHttpController } from './monitoring/set-monitoring-plan/set-monitoring-plan.http.controller';
import { GenerateReportHandler } from './reports/generate-report/generate-report.handler';
import { GenerateReportHttpController } from './reports/generate-report/generate-report.http.controller';
import { GetReportHandler } from './reports/get-report/get-report.handler';
import { GetReportHttpController } from './reports/get-report/get-report.http.controller';
import { ListReportsHandler } from './reports/list-reports/list-reports.handler';
import { ListReportsHttpController } from './reports/list-reports/list-reports.http.controller';
import { PDF_SETTINGS, ReportPdfPrinter } from './reports/rendering/report-pdf.printer';
import { ReportArchive } from './reports/report-archive';
import { REPORT_LINKS, ReportLinker } from './reports/report-links';
import { REPORT_SOURCE, ReportSnapshotReader } from './reports/report-snapshot.reader';
import { GetScheduleHttpController } from './schedules/get-schedule/get-schedule.http.controller';
import { GetSchedulesHandler } from './schedules/get-schedule/get-schedule.handler';
import { ReportScheduler, SCHEDULER_SETTINGS } from './schedules/report-scheduler';
import { SCHEDULE_LIMITS } from './schedules/schedule-limits';
import { UpdateScheduleHandler } from './schedules/update-schedule/update-schedule.handler';
import { UpdateScheduleHttpController } from './schedules/update-schedule/update-schedule.http.controller';
import { CreateSubscriptionHandler } from './subscriptions/create-subscription/create-subscription.handler';
import { CreateSubscriptionHttpController } from './subscriptions/create-subscription/create-subscription.http.controller';
import { ListDeliveriesHandler } from './subscriptions/list-deliveries/list-deliveries.handler';
import { ListDeliveriesHttpController } from './subscriptions/list-deliveries/list-deliveries.http.controller';
import { ListSubscriptionsHandler } from './subscriptions/list-subscriptions/list-subscriptions.handler';
import { ListSubscriptionsHttpController } from './subscriptions/list-subscriptions/list-subscriptions.http.controller';
import { RevokeSubscriptionHandler } from './subscriptions/revoke-subscription/revoke-subscription.handler';
import { RevokeSubscriptionHttpController } from './subscriptions/revoke-subscription/revoke-subscription.http.controller';
import { SecretBox } from './subscriptions/secret-box';
import { WEBHOOK_SETTINGS, WebhookDeliveryWorker } from './subscriptions/webhook-delivery.worker';
import { EMAIL_LINK_SETTINGS, EmailLinks } from './email/email-links';
import { EmailLinksHttpController } from './email/email-links/email-links.http.controller';
import { FollowEmailLinkHandler } from './email/email-links/email-link.handler';
import { EMAIL_POLICY } from './email/email-policy';
import { EMAIL_RETRY_SETTINGS, EmailDeliveryWorker } from './email/email-delivery.worker';
import { EmailHealth } from './email/email-health';
import { LinkTokens } from './email/link-token';
import {
  EndEmailSubscriptionHandler,
  ListEmailDeliveriesHandler,
  ListEmailSubscriptionsHandler,
} from './email/manage-email-subscriptions/manage-email-subscriptions.handlers';
import { ManageEmailSubscriptionsHttpController } from './email/manage-email-subscriptions/manage-email-subscriptions.http.controller';
import { MAIL_SETTINGS, SmtpMailer } from './email/smtp-mailer';
import { SubscribeEmailHandler } from './email/subscribe-email/subscribe-email.handler';
import { SubscribeEmailHttpController } from './email/subscribe-email/subscribe-email.http.controller';

const WEBHOOKS_ON = Symbol('WEBHOOKS_ON');

@Module({})
export class ReportingModule implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: KafkaClients,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(WEBHOOKS_ON) private readonly webhooksOn: boolean,
    private readonly emailHealth: EmailHealth,
  ) {}

  static forRoot(config: ReportingConfig, logger: Logger, clock?: Clock): DynamicModule {
    return {
      module: ReportingModule,
      imports: [
        CqrsModule.forRoot(),
        ScheduleModule.forRoot(),
        PersistenceModule.forRoot({
          url: config.databaseUrl,
          poolSize: config.databasePoolSize,
          applicationName: 'ips-reporting',
        }),
        MessagingModule.forRoot({
          brokers: config.kafkaBrokers,
          clientId: `${config.kafkaClientId}-reporting`,
          topicPrefix: config.kafkaTopicPrefix,
          partitions: config.kafkaTopicPartitions,
          replicationFactor: config.kafkaReplicationFactor,
        }),
        PlatformModule.forRoot({
          service: 'reporting',
          logger,
          clock,
          rateLimit: { perSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst },
          kafkaProbe: {
            useFactory: (kafka: KafkaClients) => () => kafka.isReachable(),
            inject: [KafkaClients],
          },
        }),
      ],
      controllers: [
        ListReportsHttpController,
        GetReportHttpController,
        GenerateReportHttpController,
        GetScheduleHttpController,
        UpdateScheduleHttpController,
        CreateSubscriptionHttpController,
        ListSubscriptionsHttpController,
        RevokeSubscriptionHttpController,
        ListDeliveriesHttpController,
        SetMonitoringPlanHttpController,
        GetMonitoringHttpController,
        SubscribeEmailHttpController,
        ManageEmailSubscriptionsHttpController,
        EmailLinksHttpController,
      ],
      providers: [
        { provide: REPORT_SOURCE, useValue: { projectorGroupId: config.projectorGroupId } },
        { provide: TRIAL_SCOPE, useValue: { prefix: config.trialPrefix } },
        { provide: REPORT_LINKS, useValue: new ReportLinker(config.publicUrl) },
        {
          provide: SCHEDULE_DEFAULTS,
          useValue: { cron: config.defaultCron, timezone: config.defaultTimezone },
        },
        { provide: SCHEDULE_LIMITS, useValue: { minIntervalSeconds: config.minScheduleIntervalSeconds } },
        {
          provide: SCHEDULER_SETTINGS,
          useValue: { tickSeconds: config.tickSeconds, catchUpDays: config.catchUpDays },
        },
        { provide: DISPATCH_SETTINGS, useValue: { dispatchMs: config.dispatchMs } },
        { provide: PDF_SETTINGS, useValue: { chromiumPath: config.chromiumPath } },
        {
          provide: WEBHOOK_SETTINGS,
          useValue: {
            timeoutMs: config.webhookTimeoutMs,
            maxAttempts: config.webhookMaxAttempts,
            retryBaseMs: config.webhookRetryBaseMs,
            retryMaxMs: config.webhookRetryMaxMs,
            allowPrivateNetworks: config.webhookAllowPrivateNetworks,
          },
        },
        { provide: WEBHOOKS_ON, useValue: config.secretKey !== undefined },
        ...(config.secretKey ? [{ provide: SecretBox, useValue: new SecretBox(config.secretKey) }] : []),
        ...emailProviders(config),
        ReportSnapshotStore,
        ReportSnapshotReader,
        ReportsStore,
        ReportArchive,
        ReportPdfPrinter,
        ScheduleStore,
        ReportRuns,
        ReportScheduler,
        SubscriptionStore,
        WebhookDeliveryWorker,
        KafkaOutbox,
        PublicationDispatcher,
        GenerateReportHandler,
        ListReportsHandler,
        GetReportHandler,
        GetSchedulesHandler,
        UpdateScheduleHandler,
        CreateSubscriptionHandler,
        ListSubscriptionsHandler,
        RevokeSubscriptionHandler,
        ListDeliveriesHandler,
        MonitoringStore,
        SetMonitoringPlanHandler,
        GetMonitoringHandler,
        EmailSubscriptionStore,
        EmailLinks,
        EmailDeliveryWorker,
        EmailHealth,
        SubscribeEmailHandler,
        ListEmailSubscriptionsHandler,
        ListEmailDeliveriesHandler,
        EndEmailSubscriptionHandler,
        FollowEmailLinkHandler,
      ],
      exports: [ReportScheduler, PublicationDispatcher, EmailDeliveryWorker],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka.ensureTopics();
    if (!this.webhooksOn)
      this.logger.warn(
        'REPORTING_SECRET_KEY is not set: webhook subscriptions are off (reports are still archived and announced on Kafka)',
      );
    this.emailHealth.register();
  }
}

/** The mailer exists only with SMTP_URL and EMAIL_FROM (checked together at start-up); link tokens with the sealing key. */
function emailProviders(config: ReportingConfig) {
  return [
    { provide: EMAIL_POLICY, useValue: { allowLocalDomains: config.emailAllowLocalDomains } },
    { provide: EMAIL_LINK_SETTINGS, useValue: { publicUrl: config.publicUrl, host: config.host } },
    {
      provide: EMAIL_RETRY_SETTINGS,
      useValue: {
        maxAttempts: config.emailMaxAttempts,
        retryBaseMs: config.emailRetryBaseMs,
        retryMaxMs: config.emailRetryMaxMs,
        timeoutMs: config.emailTimeoutMs,
      },
    },
    ...(config.secretKey ? [{ provide: LinkTokens, useValue: new LinkTokens(config.secretKey) }] : []),
    ...(config.smtp && config.emailFrom
      ? [
          {
            provide: MAIL_SETTINGS,
            useValue: { smtp: config.smtp, from: config.emailFrom, timeoutMs: config.emailTimeoutMs },
          },
          SmtpMailer,
        ]
      : []),
  ];
}

import { DynamicModule, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { KafkaClients, MessagingModule } from '@ips/messaging';
import { PersistenceModule, IDEMPOTENCY_POOL, IdempotencyStore, idempotencyPool } from '@ips/persistence';
import { ApiKeyStore, PlatformModule, type Clock, type Logger } from '@ips/platform';
import { AdminHttpController } from './admin/admin.http.controller';
import { CurrentKeyHttpController } from './admin/current-key.http.controller';
import { SiteDataQualityHttpController } from './data-quality/site-data-quality.http.controller';
import { CsvTemplatesHttpController } from './events/csv-templates/csv-templates.http.controller';
import { EventPublisher } from './events/event-publisher';
import { INGEST_LIMITS } from './events/ingest-limits';
import { EventIntake } from './events/record-events/event-intake.service';
import { RecordEventsHandler } from './events/record-events/record-events.handler';
import { RecordEventsHttpController } from './events/record-events/record-events.http.controller';
import { SiteDirectory } from './events/site-directory';
import { SitePageHttpController } from './site-page/site-page.http.controller';
import type { IngestConfig } from './ingest.config';

const BOOTSTRAP = Symbol('BOOTSTRAP');

@Module({})
export class IngestModule implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: KafkaClients,
    private readonly keys: ApiKeyStore,
    @Inject(BOOTSTRAP) private readonly bootstrap: { adminApiKey?: string },
  ) {}

  static forRoot(config: IngestConfig, logger: Logger, clock?: Clock): DynamicModule {
    return {
      module: IngestModule,
      imports: [
        CqrsModule.forRoot(),
        PersistenceModule.forRoot({
          url: config.databaseUrl,
          poolSize: config.databasePoolSize,
          applicationName: 'ips-ingest',
        }),
        MessagingModule.forRoot({
          brokers: config.kafkaBrokers,
          clientId: `${config.kafkaClientId}-ingest`,
          topicPrefix: config.kafkaTopicPrefix,
          partitions: config.kafkaTopicPartitions,
          replicationFactor: config.kafkaReplicationFactor,
        }),
        PlatformModule.forRoot({
          service: 'ingest',
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
        RecordEventsHttpController,
        CsvTemplatesHttpController,
        AdminHttpController,
        CurrentKeyHttpController,
        SiteDataQualityHttpController,
        SitePageHttpController,
      ],
      providers: [
        { provide: BOOTSTRAP, useValue: { adminApiKey: config.adminApiKey } },
        {
          provide: INGEST_LIMITS,
          useValue: {
            maxBatch: config.maxBatch,
            chunkSize: config.chunkSize,
            streamIdleTimeoutMs: config.streamIdleTimeoutMs,
          },
        },
        {
          provide: IDEMPOTENCY_POOL,
          useFactory: () =>
            idempotencyPool(config.databaseUrl, config.databasePoolSize, (err) =>
              logger.warn({ err: err.message }, 'idle idempotency connection lost'),
            ),
        },
        EventPublisher,
        IdempotencyStore,
        SiteDirectory,
        EventIntake,
        RecordEventsHandler,
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka.ensureTopics();
    if (this.bootstrap.adminApiKey) await this.keys.ensureBootstrapAdmin(this.bootstrap.adminApiKey);
  }
}

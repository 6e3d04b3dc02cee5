import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { KafkaClients, MessagingModule } from '@ips/messaging';
import { PersistenceModule } from '@ips/persistence';
import { PlatformModule, type Logger } from '@ips/platform';
import { CONSUMER_SETTINGS, ParticipantEventsConsumer } from './consumption/participant-events.consumer';
import { FAULTS, FaultInjector } from './project-batch/fault-injector';
import {
  HISTORY_CACHE,
  ProjectBatchHandler,
  TAKE_PROJECTION_LOCK,
  WRITES,
} from './project-batch/project-batch.handler';
import { ParticipantHistoryCache } from './event-store/participant-history-cache';
import type { ProjectorConfig } from './projector.config';

@Module({})
export class ProjectorModule {
  /**
   * `consume: false` gives the projection pipeline without a consumer; `replay: true` also
   * skips the shared projection lock, which the replay command holds exclusively itself.
   */
  static forRoot(
    config: ProjectorConfig,
    logger: Logger,
    options: { consume?: boolean; replay?: boolean } = {},
  ): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        CqrsModule.forRoot(),
        PersistenceModule.forRoot({
          url: config.databaseUrl,
          poolSize: config.databasePoolSize,
          applicationName: 'ips-projector',
        }),
        MessagingModule.forRoot({
          brokers: config.kafkaBrokers,
          clientId: `${config.kafkaClientId}-projector`,
          topicPrefix: config.kafkaTopicPrefix,
          partitions: config.kafkaTopicPartitions,
          replicationFactor: config.kafkaReplicationFactor,
        }),
        PlatformModule.forRoot({
          service: 'projector',
          logger,
          kafkaProbe: {
            useFactory: (kafka: KafkaClients) => () => kafka.isReachable(),
            inject: [KafkaClients],
          },
        }),
      ],
      providers: [
        {
          provide: CONSUMER_SETTINGS,
          useValue: {
            groupId: config.groupId,
            subBatchSize: config.subBatchSize,
            partitionsConcurrently: config.partitionsConcurrently,
            fetchMaxBytes: config.fetchMaxBytes,
          },
        },
        { provide: TAKE_PROJECTION_LOCK, useValue: !options.replay },
        { provide: WRITES, useValue: { events: config.eventWrite, journeys: config.journeyWrite } },
        { provide: HISTORY_CACHE, useValue: new ParticipantHistoryCache(config.historyCacheEvents) },
        {
          provide: FAULTS,
          useValue: { crashAt: config.crashAt, crashAfterBatches: config.crashAfterBatches },
        },
        FaultInjector,
        ProjectBatchHandler,
        ...(options.consume === false ? [] : [ParticipantEventsConsumer]),
      ],
      exports: [ProjectBatchHandler],
    };
  }
}

import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'pino';
import { ApiKeyGuard, RATE_LIMITER } from './auth/api-key.guard';
import { ApiKeyStore } from './auth/api-key.store';
import { RateLimiter } from './auth/rate-limiter';
import { AuditLog } from './audit/audit-log';
import { CLOCK, systemClock, type Clock } from './clock/clock';
import { HealthChecks, HealthController, KAFKA_PROBE, type KafkaProbe } from './health/health.controller';
import { LOGGER } from './logging/logger';
import { Metrics, MetricsController } from './metrics/metrics';
import { SERVICE_NAME } from './service-name';

export interface PlatformOptions {
  service: string;
  logger: Logger;
  clock?: Clock;
  rateLimit?: { perSecond: number; burst: number };
  /**
   * How /health checks Kafka, from the app's Kafka client; an app that uses no broker (the
   * query service) gives none, and its /health does not mention Kafka.
   */
  kafkaProbe?: { useFactory: (...deps: never[]) => KafkaProbe; inject: unknown[] };
}

/** What every service shares: logger, clock, API-key authentication, audit log, health, metrics. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const rate = options.rateLimit ?? { perSecond: 20, burst: 60 };
    return {
      module: PlatformModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_NAME, useValue: options.service },
        { provide: LOGGER, useValue: options.logger },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: RATE_LIMITER, useValue: new RateLimiter(rate.perSecond, rate.burst) },
        options.kafkaProbe
          ? {
              provide: KAFKA_PROBE,
              useFactory: options.kafkaProbe.useFactory,
              inject: options.kafkaProbe.inject as never[],
            }
          : { provide: KAFKA_PROBE, useValue: null },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        ApiKeyStore,
        AuditLog,
        Metrics,
        HealthChecks,
      ],
      exports: [SERVICE_NAME, LOGGER, CLOCK, RATE_LIMITER, ApiKeyStore, AuditLog, Metrics, HealthChecks],
    };
  }
}

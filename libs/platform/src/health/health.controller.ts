import { Controller, Get, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access-rules';
import { ApiError } from '../http/error-body.filter';

export const KAFKA_PROBE = Symbol('KAFKA_PROBE');
/** Answers whether the Kafka broker is reachable now. */
export type KafkaProbe = () => Promise<boolean>;

/** What an app-specific health check answers: up or not, and anything an operator should see. */
export type HealthProbe = () =>
  { up: boolean; [detail: string]: unknown } | Promise<{ up: boolean; [detail: string]: unknown }>;

/**
 * App-specific checks /health runs besides Postgres and Kafka (where the app uses Kafka) (the projector registers its
 * consumer: connected to a broker and a database is not the same as consuming).
 */
@Injectable()
export class HealthChecks {
  readonly probes = new Map<string, HealthProbe>();

  register(name: string, probe: HealthProbe): void {
    this.probes.set(name, probe);
  }
}

/** Terminus health: Postgres, Kafka (only in an app that uses it) and the app's own checks, run live on every call so it tells the truth during outages. */
@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(KAFKA_PROBE) private readonly kafkaReachable: KafkaProbe | null,
    private readonly checks: HealthChecks,
  ) {}

  @Get('health')
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Whether the service and what it uses (Postgres, and Kafka where it uses it) are up now; 503 names what is down',
  })
  async check() {
    try {
      const own = [...this.checks.probes].map(
        ([name, probe]) =>
          () =>
            this.probe(name, probe),
      );
      const kafka = this.kafkaReachable;
      const infrastructure = [() => this.postgres(), ...(kafka ? [() => this.kafka(kafka)] : [])];
      return await this.health.check([...infrastructure, ...own]);
    } catch (err) {
      // Terminus answers 503 with what is down; say so in the standard error body (the
      // global filter would otherwise reduce it to "Service Unavailable Exception").
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const result = err.getResponse() as HealthCheckResult;
      const down = Object.keys(result.error ?? {});
      throw new ApiError(503, `unhealthy: ${down.join(', ') || 'unknown'} down`, result.details);
    }
  }

  private async postgres() {
    const indicator = this.indicators.check('postgres');
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2000 ms')), 2_000)),
      ]);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }

  private async probe(name: string, probe: HealthProbe) {
    const indicator = this.indicators.check(name);
    try {
      const { up, ...details } = await probe();
      return up ? indicator.up(details) : indicator.down(details);
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }

  private async kafka(reachable: KafkaProbe) {
    const indicator = this.indicators.check('kafka');
    return (await reachable()) ? indicator.up() : indicator.down({ message: 'broker not reachable' });
  }
}

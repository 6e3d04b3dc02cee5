import type { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Journey } from '@ips/domain';
import { createLogger, generateApiKey, hashApiKey, ManualClock, startHttpService } from '@ips/platform';
import type { SimulatedSite } from '@ips/simulation';
import { EmailDeliveryWorker } from '../../../apps/reporting/src/email/email-delivery.worker';
import { PublicationDispatcher } from '../../../apps/reporting/src/publication/publication-dispatcher';
import { loadReportingConfig } from '../../../apps/reporting/src/reporting.config';
import { ReportingModule } from '../../../apps/reporting/src/reporting.module';
import { ReportScheduler } from '../../../apps/reporting/src/schedules/report-scheduler';
import { PILOT_SITES, simulatedJourneys } from '../../../apps/reporting/src/testing/simulated-trial';
import { sql } from '../../support/database';
import { KAFKA_BROKERS, TEST_DATABASE_URL, uniqueTag } from '../../support/test-env';
import { insertJourneys } from '../../support/journeys';

/**
 * The reporting app in this process, as main.ts builds it but with a clock the test
 * moves: real Postgres (the shared test database) and the real broker, isolated by a tag
 * (topic prefix, projector group, trial and site ids, REPORTING_TRIAL_PREFIX). Timers are
 * off: tests call tick() and dispatch() themselves after moving the clock.
 */
export class ReportingApp {
  readonly clock: ManualClock;
  private app?: INestApplication;
  url = '';

  constructor(
    readonly world: ReportingWorld,
    start: Date,
    private readonly extraEnv: Record<string, string> = {},
  ) {
    this.clock = new ManualClock(start);
  }

  async start(): Promise<this> {
    const config = loadReportingConfig({ ...this.world.env(), ...this.extraEnv });
    const logger = createLogger('reporting', process.env.TEST_LOG_LEVEL ?? 'silent');
    this.app = await startHttpService(ReportingModule.forRoot(config, logger, this.clock), {
      service: 'reporting',
      logger,
      host: '127.0.0.1',
      port: 0,
      jsonBodyLimit: '256kb',
      handleSignals: false, // in the test's process: stopped with app.close()
    });
    const address = (this.app.getHttpServer() as Server).address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  get scheduler(): ReportScheduler {
    return this.app!.get(ReportScheduler);
  }

  get publication(): PublicationDispatcher {
    return this.app!.get(PublicationDispatcher);
  }

  get email(): EmailDeliveryWorker {
    return this.app!.get(EmailDeliveryWorker);
  }

  tick() {
    return this.scheduler.tick();
  }

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }
}

export interface WorldKeys {
  programmeLead: string;
  evaluator: string;
  admin: string;
  site: string;
}

/** One test file's isolated corner of the shared database and broker: a trial, its sites and keys. */
export class ReportingWorld {
  readonly tag = uniqueTag('r');
  readonly trialId = `${this.tag}-trial`;
  readonly secretKey = randomBytes(32).toString('hex');
  readonly sites: SimulatedSite[] = PILOT_SITES.map((s) => ({ ...s, siteId: `${this.tag}-${s.siteId}` }));
  keys!: WorldKeys;

  get topic(): string {
    return `${this.tag}.ips.participant-events`;
  }

  get reportsTopic(): string {
    return `${this.tag}.ips.reports.published`;
  }

  get projectorGroup(): string {
    return `${this.tag}-projector`;
  }

  env(): Record<string, string> {
    return {
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_POOL_SIZE: '5',
      KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: `${this.tag}.`,
      KAFKA_TOPIC_PARTITIONS: '3',
      PROJECTOR_GROUP_ID: this.projectorGroup,
      REPORTING_TRIAL_PREFIX: this.tag,
      REPORTING_TICK_SECONDS: '0',
      REPORTING_DISPATCH_MS: '0',
      REPORTING_SECRET_KEY: this.secretKey,
      REPORTING_CHROMIUM_PATH: '/usr/bin/chromium',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_TIMEOUT_MS: '1500',
      WEBHOOK_RETRY_BASE_MS: '60000',
      WEBHOOK_MAX_ATTEMPTS: '4',
      LOG_LEVEL: 'silent',
    };
  }

  /** The trial, its sites and one key per role. */
  async create(startDate: string, trialId = this.trialId): Promise<void> {
    await sql(`INSERT INTO trials (trial_id, name, start_date) VALUES ($1, $2, $3)`, [
      trialId,
      'Health-led employment trial (test)',
      startDate,
    ]);
    for (const site of this.sites) {
      if (trialId !== this.trialId) break;
      await sql(`INSERT INTO sites (site_id, trial_id, name) VALUES ($1, $2, $3)`, [
        site.siteId,
        trialId,
        site.name,
      ]);
    }
    if (!this.keys) {
      this.keys = {
        programmeLead: await this.key('programme_lead'),
        evaluator: await this.key('evaluator'),
        admin: await this.key('admin'),
        site: await this.key(`site:${this.sites[0].siteId}`, this.sites[0].siteId),
      };
    }
  }

  /** Journeys as the projector would have left them (a seeded simulated trial), and the projector's offsets. */
  async project(
    options: { participants: number; seed?: number; now?: Date },
    offsets: number[] = [100, 200, 300],
  ): Promise<Journey[]> {
    const { journeys } = simulatedJourneys({
      trialId: this.trialId,
      participants: options.participants,
      seed: options.seed ?? 3,
      sites: this.sites,
      now: options.now,
    });
    await insertJourneys(journeys);
    await this.setOffsets(offsets);
    return journeys;
  }

  /**
   * Rows in the event store for the trial (the report's event count): valid consent events,
   * so the store stays foldable for anything else that reads it (e.g. the replay tests).
   */
  async storeEvents(count: number): Promise<void> {
    await sql(
      `INSERT INTO participant_events (event_id, trial_id, site_id, participant_id, type, occurred_on, recorded_at, event, kafka_partition, kafka_offset, source_topic)
       SELECT id, $1, $2, 'P-' || i, 'participant.consented', '2017-08-01', now(),
              json_build_object('eventId', id::text, 'type', 'participant.consented', 'schemaVersion', 1, 'siteId', $2::text,
                                'participantId', 'P-' || i, 'occurredOn', '2017-08-01', 'data', '{}'::json,
                                'trialId', $1::text, 'recordedAt', now()),
              i % 3, i, $3
         FROM (SELECT gen_random_uuid() AS id, i FROM generate_series(1, $4) AS i) AS g`,
      [this.trialId, this.sites[0].siteId, this.topic, count],
    );
  }

  async setOffsets(offsets: number[]): Promise<void> {
    for (const [partition, next] of offsets.entries()) {
      await sql(
        `INSERT INTO projector_offsets (consumer_group, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
         ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset`,
        [this.projectorGroup, this.topic, partition, next],
      );
    }
  }

  private async key(role: string, siteId: string | null = null): Promise<string> {
    const apiKey = generateApiKey();
    await sql(`INSERT INTO api_keys (key_id, key_hash, role, site_id) VALUES ($1, $2, $3, $4)`, [
      randomUUID(),
      hashApiKey(apiKey),
      role,
      siteId,
    ]);
    return apiKey;
  }
}

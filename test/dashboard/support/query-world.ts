import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Journey } from '@ips/domain';
import { createLogger, generateApiKey, hashApiKey, startHttpService, type Clock } from '@ips/platform';
import { foldUploads, TrialSimulation, type SimulatedSite } from '@ips/simulation';
import { loadQueryConfig } from '../../../apps/query/src/query.config';
import { QueryModule } from '../../../apps/query/src/query.module';
import { sql } from '../../support/database';
import { insertJourneys } from '../../support/journeys';
import { KAFKA_BROKERS, TEST_DATABASE_URL, uniqueTag } from '../../support/test-env';

export interface QueryWorldKeys {
  evaluator: string;
  programmeLead: string;
  admin: string;
  /** the first site's key */
  site: string;
  /** a site key of another trial */
  otherTrialSite: string;
}

/**
 * One test file's corner of the shared test database: a trial with two sites whose
 * journeys are a seeded simulated trial folded as the projector folds them, a second trial
 * with one site, a key per role, and the query app running in this process on them.
 */
export class QueryWorld {
  readonly tag = uniqueTag('q');
  readonly trialId = `${this.tag}-trial`;
  readonly otherTrialId = `${this.tag}-other`;
  readonly sites: SimulatedSite[] = [
    { siteId: `${this.tag}-sheffield`, name: 'Sheffield City Region', profile: 'sheffield', share: 0.6 },
    { siteId: `${this.tag}-west-midlands`, name: 'West Midlands', profile: 'west-midlands', share: 0.4 },
  ];
  readonly otherSiteId = `${this.tag}-elsewhere`;
  keys!: QueryWorldKeys;
  journeys: Journey[] = [];
  url = '';
  private app?: INestApplication;

  async create(options: {
    participants: number;
    seed: number;
    startDate?: string;
    now?: Date;
  }): Promise<void> {
    const startDate = options.startDate ?? '2017-07-01';
    await sql(`INSERT INTO trials (trial_id, name, start_date) VALUES ($1, $2, $3), ($4, $5, $3)`, [
      this.trialId,
      'Health-led employment trial (dashboard test)',
      startDate,
      this.otherTrialId,
      'Another trial',
    ]);
    for (const site of this.sites)
      await sql(`INSERT INTO sites (site_id, trial_id, name) VALUES ($1, $2, $3)`, [
        site.siteId,
        this.trialId,
        site.name,
      ]);
    await sql(`INSERT INTO sites (site_id, trial_id, name) VALUES ($1, $2, $3)`, [
      this.otherSiteId,
      this.otherTrialId,
      'Elsewhere',
    ]);
    this.keys = {
      evaluator: await this.key('evaluator'),
      programmeLead: await this.key('programme_lead'),
      admin: await this.key('admin'),
      site: await this.key(`site:${this.sites[0].siteId}`, this.sites[0].siteId),
      otherTrialSite: await this.key(`site:${this.otherSiteId}`, this.otherSiteId),
    };
    this.journeys = simulatedJourneys(
      this.trialId,
      this.sites,
      options.participants,
      options.seed,
      startDate,
      options.now ?? new Date('2019-06-30T12:00:00Z'),
    );
    await insertJourneys(this.journeys);
  }

  /** The query app as main.ts builds it, on a free port, with OpenAPI at /docs. */
  async start(clock?: Clock): Promise<void> {
    const config = loadQueryConfig({
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_POOL_SIZE: '5',
      KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: `${this.tag}.`,
      KAFKA_TOPIC_PARTITIONS: '3',
      RATE_LIMIT_PER_SECOND: '1000',
      RATE_LIMIT_BURST: '1000',
      LOG_LEVEL: 'silent',
    });
    const logger = createLogger('query', process.env.TEST_LOG_LEVEL ?? 'silent');
    this.app = await startHttpService(QueryModule.forRoot(config, logger, clock), {
      service: 'query',
      logger,
      host: '127.0.0.1',
      port: 0,
      jsonBodyLimit: '64kb',
      handleSignals: false, // in the test's process: stopped with app.close()
      docs: { title: 'ips-outcomes query API', description: 'test' },
    });
    const address = (this.app.getHttpServer() as Server).address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
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

/** The valid uploads of a seeded simulated trial, folded per participant in upload order. */
export function simulatedJourneys(
  trialId: string,
  sites: SimulatedSite[],
  participants: number,
  seed: number,
  startDate: string,
  now: Date,
): Journey[] {
  return [
    ...foldUploads(
      new TrialSimulation({ participants, seed, startDate, sites }, now).uploads(),
      trialId,
    ).values(),
  ];
}

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { ChildService } from '@ips/platform';
import { defaultSites } from '@ips/simulation';
import { releasePorts, reservePorts } from '../../support/free-port';
import { http } from '../../support/http';
import { OwnBroker } from '../../support/own-broker';
import { OwnCluster } from '../../support/own-cluster';
import { OwnPostgres } from '../../support/own-postgres';
import { runCli } from '../../support/run-cli';
import { ServiceProcess, type ServiceName } from '../../support/service-process';
import { uniqueTag } from '../../support/test-env';

export interface FaultSite {
  siteId: string;
  name: string;
  apiKey: string;
}

export interface FaultSystemOptions {
  /** a name for the broker's and the cluster's folders under .run/ (ports come from the OS) */
  name: string;
  partitions?: number;
  /**
   * Kafka nodes: 1 (default) is a single private broker (`broker`); 3 is a private
   * three-node KRaft cluster (`cluster`), topics with replication factor 3 and
   * min.insync.replicas 2
   */
  nodes?: 1 | 3;
  /** the database's name in the private PostgreSQL cluster */
  database?: string;
  /** extra settings for every service */
  env?: Record<string, string>;
}

/**
 * The whole system on infrastructure of the test's own: a private Kafka broker (OwnBroker)
 * and a private PostgreSQL cluster (OwnPostgres), so scenarios can stop, kill and restart
 * them without touching the shared broker or the machine's cluster. Apps run as processes
 * (the built dist, IPS_DIST_DIR); the test kills only processes it started, by pid.
 */
export class FaultSystem {
  /** set by start() when nodes is 1 */
  broker!: OwnBroker;
  /** set by start() when nodes is 3 */
  cluster?: OwnCluster;
  /** set by start() */
  postgres!: OwnPostgres;
  readonly tag = uniqueTag('f');
  readonly trialId = `${this.tag}-trial`;
  readonly adminKey = `fault-admin-${randomBytes(24).toString('hex')}`;
  readonly sites: FaultSite[] = [];
  evaluatorKey = '';
  ingestPort = 0;
  queryPort = 0;
  ingest?: ChildService;
  query?: ChildService;
  readonly projectors: ChildService[] = [];
  /** every process this system started, dead or alive (stopAll stops the living) */
  private readonly started: ChildService[] = [];

  constructor(readonly options: FaultSystemOptions) {}

  get topic(): string {
    return `${this.tag}.ips.participant-events`;
  }

  get dlqTopic(): string {
    return `${this.tag}.ips.participant-events.dlq`;
  }

  get groupId(): string {
    return `${this.tag}-projector`;
  }

  /** the bootstrap servers of the private broker or cluster */
  get bootstrap(): string {
    return this.cluster ? this.cluster.bootstrap : this.broker.bootstrap;
  }

  get ingestUrl(): string {
    return `http://127.0.0.1:${this.ingestPort}`;
  }

  get queryUrl(): string {
    return `http://127.0.0.1:${this.queryPort}`;
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DATABASE_URL: this.postgres.url,
      DATABASE_POOL_SIZE: '5',
      KAFKA_BROKERS: this.bootstrap,
      ...(this.cluster ? { KAFKA_REPLICATION_FACTOR: String(this.cluster.nodes.length) } : {}),
      KAFKA_TOPIC_PREFIX: `${this.tag}.`,
      KAFKA_TOPIC_PARTITIONS: String(this.options.partitions ?? 6),
      PROJECTOR_GROUP_ID: this.groupId,
      ADMIN_API_KEY: this.adminKey,
      INGEST_PORT: String(this.ingestPort),
      QUERY_PORT: String(this.queryPort),
      PROJECTOR_PORT: '0',
      REPORTING_PORT: '0',
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
      LOG_LEVEL: 'info',
      ...this.options.env,
      ...extra,
    };
  }

  /** Broker, cluster (migrated), ingest, one projector and query; a trial with two sites. */
  async start(opts: { projectors?: number } = {}): Promise<void> {
    // every port from the OS, reserved for the whole test (free-port.ts): a restarted ingest
    // gets its port back, and no other run on the host can take it meanwhile
    if ((this.options.nodes ?? 1) > 1)
      this.cluster = await OwnCluster.create(`fault-${this.options.name}`, this.options.nodes);
    else this.broker = await OwnBroker.create(`fault-${this.options.name}`);
    this.postgres = await OwnPostgres.create(this.options.name, this.options.database);
    [this.ingestPort, this.queryPort] = await reservePorts(2);
    if (this.cluster) await this.cluster.start();
    else this.broker.start();
    await this.postgres.start();
    const migrated = await runCli('libs/persistence/src/cli/migrate.js', [], {
      DATABASE_URL: this.postgres.url,
    });
    if (migrated.code !== 0) throw new Error(`migration failed: ${migrated.stderr || migrated.stdout}`);
    this.ingest = await this.startService('ingest');
    this.query = await this.startService('query');
    for (let i = 0; i < (opts.projectors ?? 1); i++) await this.addProjector();
    await this.createTrial();
  }

  async startService(name: ServiceName, extra: Record<string, string> = {}): Promise<ChildService> {
    const service = ServiceProcess.launch(name, this.env(extra), { tag: this.tag });
    this.started.push(service);
    await service.listening(120_000);
    return service;
  }

  /** Starts a projector without waiting for it to come up (it may be killed while starting). */
  launchProjector(extra: Record<string, string> = {}): ChildService {
    const projector = ServiceProcess.launch('projector', this.env(extra), { tag: this.tag });
    this.started.push(projector);
    this.projectors.push(projector);
    return projector;
  }

  async addProjector(extra: Record<string, string> = {}): Promise<ChildService> {
    const projector = await this.startService('projector', extra);
    this.projectors.push(projector);
    return projector;
  }

  /** Removes a projector from the list and stops it: SIGTERM (graceful) or SIGKILL. */
  async removeProjector(projector: ChildService, how: 'term' | 'kill'): Promise<number | null> {
    this.projectors.splice(this.projectors.indexOf(projector), 1);
    if (how === 'kill') {
      await projector.kill();
      return null;
    }
    return projector.stop(60_000);
  }

  async restartIngest(how: 'term' | 'kill'): Promise<void> {
    if (how === 'kill') await this.ingest?.kill();
    else await this.ingest?.stop(60_000);
    this.ingest = await this.startService('ingest');
  }

  private async createTrial(): Promise<void> {
    const admin = this.adminKey;
    const trial = await http('POST', `${this.ingestUrl}/v1/trials`, {
      key: admin,
      json: { trialId: this.trialId, name: 'Fault trial', startDate: '2017-07-01' },
    });
    if (trial.status !== 201) throw new Error(`create trial: ${trial.status} ${trial.text}`);
    for (const site of defaultSites(`${this.tag}-`)) {
      const res = await http('POST', `${this.ingestUrl}/v1/trials/${this.trialId}/sites`, {
        key: admin,
        json: { siteId: site.siteId, name: site.name },
      });
      if (res.status !== 201) throw new Error(`create site: ${res.status} ${res.text}`);
      this.sites.push({ siteId: site.siteId, name: site.name, apiKey: res.body.apiKey });
    }
    this.evaluatorKey = (
      await http('POST', `${this.ingestUrl}/v1/keys`, { key: admin, json: { role: 'evaluator' } })
    ).body.apiKey;
  }

  /** One query against the private database (a fresh connection: works across restarts). */
  async sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.postgres.url, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** GET /health of a service: status code and which indicators are up. */
  static async health(
    service: ChildService,
  ): Promise<{ status: number; postgres?: string; kafka?: string; consumer?: string; body?: unknown }> {
    const res = await http('GET', `${service.url}/health`).catch(() => ({ status: 0, body: {} as any }));
    const details = (res.body as any)?.details ?? {};
    return {
      status: res.status,
      postgres: details.postgres?.status,
      kafka: details.kafka?.status,
      consumer: details.consumer?.status,
      body: res.body,
    };
  }

  living(): ChildService[] {
    return this.started.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.living().map((s) => s.stop(30_000)));
  }

  /** Stops every app, the broker and the cluster, and deletes their data. */
  async destroy(): Promise<void> {
    await this.stopAll();
    try {
      if (this.cluster) await this.cluster.destroy();
      else this.broker?.destroy();
    } finally {
      this.postgres?.destroy();
      releasePorts([this.ingestPort, this.queryPort]);
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls every service's /health until `want(health)` holds for each; returns the seconds it
 * took. Used to show that health tells the truth: down while a dependency is away, up after.
 */
export async function waitForHealth(
  services: ChildService[],
  want: (h: Awaited<ReturnType<typeof FaultSystem.health>>) => boolean,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const started = Date.now();
  const pending = new Set(services);
  let last: Record<string, unknown> = {};
  while (pending.size > 0) {
    for (const s of [...pending]) {
      const h = await FaultSystem.health(s);
      last[`${s.name}:${s.pid}`] = h;
      if (want(h)) pending.delete(s);
    }
    if (pending.size === 0) break;
    if (Date.now() - started > timeoutMs)
      throw new Error(`health did not show ${what} within ${timeoutMs} ms: ${JSON.stringify(last)}`);
    await sleep(250);
  }
  last = {};
  return (Date.now() - started) / 1000;
}

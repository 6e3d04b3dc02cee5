import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ChildService, repoRoot } from '@ips/platform';

export interface BenchSettings {
  databaseUrl: string;
  brokers: string;
  tag: string;
  adminKey: string;
  participantsA: number;
  participantsB: number;
  freshnessSeconds: number;
}

/** The running system a benchmark measures: its own database, topics and app processes. */
export class BenchContext {
  readonly services = new Map<string, ChildService>();
  readonly logDir: string;
  private readonly reportingSecretKey = randomBytes(32).toString('hex');

  constructor(readonly settings: BenchSettings) {
    this.logDir = join(repoRoot(), '.run', 'bench', settings.tag);
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DATABASE_URL: this.settings.databaseUrl,
      KAFKA_BROKERS: this.settings.brokers,
      KAFKA_TOPIC_PREFIX: `${this.settings.tag}.`,
      KAFKA_TOPIC_PARTITIONS: '6',
      PROJECTOR_GROUP_ID: `${this.settings.tag}-projector`,
      ADMIN_API_KEY: this.settings.adminKey,
      INGEST_PORT: '0',
      QUERY_PORT: '0',
      REPORTING_PORT: '0',
      PROJECTOR_PORT: '0',
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
      LOG_LEVEL: 'warn',
      // a fresh random key each run: the reporting app refuses a key that is not random
      REPORTING_SECRET_KEY: this.reportingSecretKey,
      ...extra,
    };
  }

  get topic(): string {
    return `${this.settings.tag}.ips.participant-events`;
  }

  async start(name: string, extra: Record<string, string> = {}): Promise<ChildService> {
    // BENCH_PROFILE=ingest,projector writes V8 CPU profiles of those apps into .run/bench/<tag>/
    const profile = (process.env.BENCH_PROFILE ?? '').split(',').includes(name)
      ? ['--cpu-prof', `--cpu-prof-dir=${this.logDir}`]
      : [];
    // BENCH_NODE_ARGS_<app>="--max-semi-space-size=64 …" tries V8 settings on one app
    profile.push(...(process.env[`BENCH_NODE_ARGS_${name}`] ?? '').split(' ').filter(Boolean));
    // the "listening" line is logged at info level
    const service = await ChildService.start(
      name,
      this.env({ LOG_LEVEL: 'info', ...extra }),
      join(this.logDir, `${name}.log`),
      120_000,
      profile,
    );
    this.services.set(name, service);
    return service;
  }

  async stop(name: string): Promise<void> {
    await this.services.get(name)?.stop();
    this.services.delete(name);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.services.keys()].map((n) => this.stop(n)));
  }

  /** Drops and recreates the benchmark database, then migrates it. */
  async freshDatabase(): Promise<void> {
    const url = new URL(this.settings.databaseUrl);
    const name = decodeURIComponent(url.pathname.slice(1));
    if (!/bench/.test(name))
      throw new Error(`refusing to recreate database "${name}": its name must contain "bench"`);
    url.pathname = '/postgres';
    const admin = new Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    execFileSync(
      process.execPath,
      [
        '-r',
        join(repoRoot(), 'scripts', 'register-aliases.js'),
        join(repoRoot(), 'dist', 'libs', 'persistence', 'src', 'cli', 'migrate.js'),
      ],
      {
        env: { ...process.env, DATABASE_URL: this.settings.databaseUrl },
        stdio: 'ignore',
      },
    );
  }

  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.settings.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
}

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, Kafka ${kafkaVersion()} (KRaft, 1 broker), PostgreSQL (local)`;
}

/** The broker version infra/kafka runs (its pom.xml), so the machine line never goes stale. */
function kafkaVersion(): string {
  const pom = readFileSync(join(repoRoot(), 'infra', 'kafka', 'pom.xml'), 'utf8');
  return /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1] ?? 'unknown';
}

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..');

/**
 * A Kafka broker of the test's own (own ports, own data folder), started with the project's
 * infra script, so a test can stop, kill and restart it without disturbing anything else.
 */
export class OwnBroker {
  readonly runDir: string;

  constructor(
    readonly port: number,
    name: string,
  ) {
    this.runDir = join(repo, '.run', 'test-brokers', name);
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  private get env() {
    return {
      ...process.env,
      IPS_RUN_DIR: this.runDir,
      KAFKA_PORT: String(this.port),
      KAFKA_CONTROLLER_PORT: String(this.port + 1),
      KAFKA_HEAP: '512m',
    };
  }

  start(): void {
    execFileSync('bash', [join(repo, 'infra', 'kafka', 'start.sh')], { env: this.env, stdio: 'pipe' });
  }

  /** Clean stop (SIGTERM, wait). */
  stop(): void {
    execFileSync('bash', [join(repo, 'infra', 'kafka', 'stop.sh')], { env: this.env, stdio: 'pipe' });
  }

  /** kill -9 by the broker's pid file. */
  kill(): void {
    const pid = this.pid();
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      for (let i = 0; i < 100 && isAlive(pid); i++) execFileSync('sleep', ['0.1']);
    }
  }

  pid(): number | null {
    const file = join(this.runDir, 'kafka', 'kafka.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8')) : null;
  }

  /** Stops the broker and deletes its data. */
  destroy(): void {
    this.stop();
    rmSync(this.runDir, { recursive: true, force: true });
  }
}

/** Alive and not a zombie (a killed broker nobody reaps still answers kill -0). */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

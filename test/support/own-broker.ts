import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { releasePorts, reservePorts } from './free-port';

const repo = resolve(__dirname, '..', '..');

/**
 * A Kafka broker of the test's own (own ports, own data folder), started with the project's
 * infra script, so a test can stop, kill and restart it without disturbing anything else.
 * Its two ports (client and controller) come from the OS (free-port.ts) and stay reserved
 * for it across stops and restarts, until destroy().
 */
export class OwnBroker {
  readonly runDir: string;

  private constructor(
    readonly port: number,
    readonly controllerPort: number,
    name: string,
  ) {
    this.runDir = join(repo, '.run', 'test-brokers', name);
  }

  /** A broker (not yet started) on two free ports; `name` names its data folder. */
  static async create(name: string): Promise<OwnBroker> {
    const [port, controllerPort] = await reservePorts(2);
    return new OwnBroker(port, controllerPort, name);
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  private get env() {
    return {
      ...process.env,
      IPS_RUN_DIR: this.runDir,
      KAFKA_PORT: String(this.port),
      KAFKA_CONTROLLER_PORT: String(this.controllerPort),
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

  /** Stops the broker, deletes its data and gives its ports back. */
  destroy(): void {
    try {
      this.stop();
      rmSync(this.runDir, { recursive: true, force: true });
    } finally {
      releasePorts([this.port, this.controllerPort]);
    }
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

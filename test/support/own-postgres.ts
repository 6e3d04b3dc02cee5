import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { releasePorts, reservePorts } from './free-port';

const repo = resolve(__dirname, '..', '..');

/**
 * A PostgreSQL cluster of the test's own (own port from the OS, own data folder under .run/fault-pg/),
 * initialised with the machine's `initdb` and driven with `pg_ctl`, so a test can stop it
 * hard (`-m immediate`: every backend dies at once, the next start runs crash recovery)
 * and start it again without disturbing the machine's cluster. Mirrors OwnBroker.
 *
 * initdb and postgres refuse to run as root: when the test runs as root the commands run
 * as the `postgres` user (`runuser`), and the data folder belongs to it. The port is
 * reserved (free-port.ts, below the ephemeral range) and kept across stops and restarts,
 * until destroy().
 */
export class OwnPostgres {
  readonly dir: string;

  private constructor(
    readonly port: number,
    name: string,
    readonly database: string,
  ) {
    this.dir = join(repo, '.run', 'fault-pg', name);
  }

  /** A cluster (not yet started) on a free port; `name` names its data folder. */
  static async create(name: string, database = 'ips_fault_test'): Promise<OwnPostgres> {
    const [port] = await reservePorts(1);
    return new OwnPostgres(port, name, database);
  }

  /** postgres://postgres@127.0.0.1:<port>/<database> (trust authentication, loopback only) */
  get url(): string {
    return this.urlOf(this.database);
  }

  urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private get socketDir(): string {
    return join(this.dir, 'socket');
  }

  get logFile(): string {
    return join(this.dir, 'postgres.log');
  }

  /** Initialises the cluster (once), starts it and creates the database if missing. */
  async start(): Promise<void> {
    this.init();
    if (this.pid() === null) {
      const options = [
        `-p ${this.port}`,
        `-k ${this.socketDir}`,
        '-c listen_addresses=127.0.0.1',
        '-c max_connections=200',
        '-c shared_buffers=128MB',
        '-c log_min_messages=warning',
      ].join(' ');
      this.pgCtl(['start', '-w', '-t', '60', '-l', this.logFile, '-o', options]);
    }
    await this.createDatabase(this.database);
  }

  /** Clean stop (fast: running transactions are rolled back, clients disconnected). */
  stop(): void {
    if (this.pid() !== null) this.pgCtl(['stop', '-w', '-t', '60', '-m', 'fast']);
  }

  /**
   * Hard stop: `pg_ctl stop -m immediate` (SIGQUIT to the postmaster, which kills every
   * backend without a checkpoint; the next start replays the WAL as after a crash).
   */
  stopImmediate(): void {
    if (this.pid() !== null) this.pgCtl(['stop', '-w', '-t', '60', '-m', 'immediate']);
  }

  /** The postmaster's pid (first line of postmaster.pid), or null when it is not running. */
  pid(): number | null {
    const file = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(file)) return null;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return pid > 0 && isAlive(pid) ? pid : null;
  }

  /** Pids of the postmaster and its children (for memory figures). */
  pids(): number[] {
    const root = this.pid();
    if (root === null) return [];
    const out = [root];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === root) out.push(Number(entry));
      } catch {
        /* gone */
      }
    }
    return out;
  }

  async createDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.urlOf('postgres') });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    } finally {
      await client.end();
    }
  }

  /** Stops the cluster, deletes its data and gives its port back. */
  destroy(): void {
    try {
      this.stopImmediate();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      releasePorts([this.port]);
    }
  }

  private init(): void {
    if (existsSync(join(this.dataDir, 'PG_VERSION'))) return;
    mkdirSync(this.dataDir, { recursive: true });
    mkdirSync(this.socketDir, { recursive: true });
    if (asRoot()) {
      const { uid, gid } = postgresUser();
      for (const d of [this.dir, this.dataDir, this.socketDir]) chownSync(d, uid, gid);
    }
    this.run('initdb', [
      '-D',
      this.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
  }

  private pgCtl(args: string[]): void {
    this.run('pg_ctl', ['-D', this.dataDir, ...args]);
  }

  private run(tool: string, args: string[]): void {
    const command = join(binDir(), tool);
    const [file, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    try {
      execFileSync(file, argv, { stdio: 'pipe', cwd: this.dir, timeout: 120_000 });
    } catch (err) {
      const e = err as { stderr?: Buffer; stdout?: Buffer; message: string };
      const log = existsSync(this.logFile)
        ? readFileSync(this.logFile, 'utf8').split('\n').slice(-20).join('\n')
        : '';
      throw new Error(
        `${tool} ${args.join(' ')} failed: ${e.stderr?.toString() || e.stdout?.toString() || e.message}\n${log}`,
      );
    }
  }
}

function asRoot(): boolean {
  return process.getuid?.() === 0;
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root needs a "postgres" user to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** The newest installed PostgreSQL's bin folder (Debian layout), or PG_BIN_DIR. */
function binDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server found under ${base} (set PG_BIN_DIR)`);
  versions.sort((a, b) => Number(b) - Number(a));
  return join(base, versions[0], 'bin');
}

/** Alive and not a zombie. */
function isAlive(pid: number): boolean {
  try {
    return statSync(`/proc/${pid}`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

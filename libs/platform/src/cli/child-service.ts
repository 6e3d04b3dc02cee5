import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root, from wherever this file was compiled to (dist/ or a dist-* folder). */
export function repoRoot(): string {
  let dir = __dirname;
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'nest-cli.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('repository root not found');
}

export function distDir(): string {
  return process.env.IPS_DIST_DIR ? resolve(process.env.IPS_DIST_DIR) : join(repoRoot(), 'dist');
}

/**
 * One of the built apps (dist/apps/<name>/src/main.js) running as a child process, its
 * output in a log file. Used by the benchmarks and the test harness.
 */
export class ChildService {
  port = 0;
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
    log: WriteStream,
  ) {
    // settled once the output is in the log file too: on 'close' (stdout and stderr ended),
    // after the log stream has written what it was given; 'exit' plus 2 s if a pipe lingers
    this.exited = new Promise((settled) => {
      let done = false;
      let fallback: NodeJS.Timeout | undefined;
      const settle = (code: number | null) => {
        if (done) return;
        done = true;
        clearTimeout(fallback);
        if (log.writableEnded || log.destroyed) settled(code);
        else log.write('', () => settled(code));
      };
      child.once('close', (code) => settle(code));
      child.once('exit', (code) => (fallback = setTimeout(() => settle(code), 2_000)));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Starts the process without waiting for it to listen. */
  static launch(
    name: string,
    env: Record<string, string>,
    logFile: string,
    opts: { entry?: string; nodeArgs?: string[] } = {},
  ): ChildService {
    const entry = opts.entry ?? join('apps', name, 'src', 'main.js');
    mkdirSync(dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile);
    const dist = distDir();
    const child = spawn(
      process.execPath,
      [...(opts.nodeArgs ?? []), '-r', join(repoRoot(), 'scripts', 'register-aliases.js'), join(dist, entry)],
      {
        cwd: repoRoot(),
        env: {
          PATH: process.env.PATH ?? '',
          ...(process.env.IPS_DIST_DIR ? { IPS_DIST_DIR: dist } : {}),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    return new ChildService(name, child, logFile, log);
  }

  static async start(
    name: string,
    env: Record<string, string>,
    logFile: string,
    timeoutMs = 60_000,
    nodeArgs: string[] = [],
  ): Promise<ChildService> {
    const service = ChildService.launch(name, env, logFile, { nodeArgs });
    await service.listening(timeoutMs);
    return service;
  }

  /** Waits for the "listening" log line and takes the port from it. */
  async listening(timeoutMs = 60_000): Promise<number> {
    const { child, name, logFile } = this;
    this.port = await new Promise<number>((resolvePort, reject) => {
      let buffer = '';
      const timer = setTimeout(
        () => reject(new Error(`${name} did not start within ${timeoutMs} ms; see ${logFile}`)),
        timeoutMs,
      );
      const onData = (chunk: Buffer) => {
        buffer += chunk.toString();
        const m = /"port":(\d+)[^\n]*listening/.exec(buffer);
        if (m) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          resolvePort(Number(m[1]));
        }
        if (buffer.length > 1_000_000) buffer = buffer.slice(-10_000);
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code} before listening; see ${logFile}`));
      });
    });
    return this.port;
  }

  /** Graceful stop (SIGTERM), then SIGKILL after the timeout. */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** kill -9: no clean-up at all. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  waitForExit(): Promise<number | null> {
    return this.exited;
  }
}

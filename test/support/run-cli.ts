import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DIST } from './service-process';

const repo = resolve(__dirname, '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the built command-line entry points (dist/…) to completion. */
export function runCli(
  entry: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 300_000,
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', join(repo, 'scripts', 'register-aliases.js'), join(DIST, entry), ...args],
      {
        cwd: repo,
        env: {
          PATH: process.env.PATH ?? '',
          ...(process.env.IPS_DIST_DIR ? { IPS_DIST_DIR: DIST } : {}),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    // 'close', not 'exit': only then has all of stdout and stderr been read
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

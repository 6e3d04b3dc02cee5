import type { HttpTransport } from '@ips/simulation';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** the HTTP client for a request timeout; defaults to fetch */
  transport: (timeoutMs: number) => HttpTransport;
  sleep: (ms: number) => Promise<void>;
}

export function printJson(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}

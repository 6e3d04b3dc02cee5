import { retryAfterSeconds, type HttpAnswer, type HttpRequest, type HttpTransport } from './http-transport';

export interface RetryPolicy {
  /** retries after the first attempt before giving up */
  maxRetries: number;
  /** longest single wait, whatever Retry-After says */
  maxWaitSeconds: number;
  sleep: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Gave up: the last status (or network error) and how many attempts were made. */
export class RetriesExhausted extends Error {
  constructor(
    readonly attempts: number,
    readonly last: string,
  ) {
    super(`gave up after ${attempts} attempts: ${last}`);
    this.name = 'RetriesExhausted';
  }
}

export function isRetryable(status: number): boolean {
  return status === 429 || status === 503 || status === 502 || status === 504;
}

/**
 * Sends `request` until it gets an answer that is not "busy" (429, 502, 503, 504) and not
 * a network failure, waiting Retry-After when the server gives one and backing off
 * exponentially otherwise. `onBusy` sees each busy answer (a 503 may report what was
 * accepted before the outage).
 */
export async function sendWithRetries(
  transport: HttpTransport,
  request: HttpRequest,
  policy: RetryPolicy,
  onBusy: (answer: HttpAnswer | null, error: unknown) => void = () => undefined,
): Promise<{ answer: HttpAnswer; retries: number }> {
  for (let attempt = 0; ; attempt++) {
    let answer: HttpAnswer | null = null;
    let error: unknown = null;
    try {
      answer = await transport(request);
      if (!isRetryable(answer.status)) return { answer, retries: attempt };
    } catch (err) {
      error = err;
    }
    onBusy(answer, error);
    const last = answer
      ? `HTTP ${answer.status}`
      : `network error: ${(error as Error)?.message ?? String(error)}`;
    if (attempt >= policy.maxRetries) throw new RetriesExhausted(attempt + 1, last);
    const told = answer ? retryAfterSeconds(answer.retryAfter) : null;
    const backoff = Math.min(policy.maxWaitSeconds, 0.5 * 2 ** attempt);
    await policy.sleep(Math.min(policy.maxWaitSeconds, told ?? backoff) * 1000);
  }
}

/** One HTTP exchange, small enough to fake in tests. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  /** the Retry-After header, if any */
  retryAfter: string | null;
  text: string;
}

/** Throws on a network failure (refused, reset, timed out); answers every HTTP status. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpAnswer>;

export function fetchTransport(timeoutMs: number): HttpTransport {
  return async (request) => {
    const res = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() };
  };
}

/** The error body of every service (`{statusCode, error, message, details?}`), if the answer is one. */
export function errorMessage(answer: HttpAnswer): string {
  try {
    const body = JSON.parse(answer.text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    /* not JSON */
  }
  return answer.text.slice(0, 300) || `HTTP ${answer.status}`;
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date), or null. */
export function retryAfterSeconds(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A plain fetch with a bearer key, on a fresh connection; parses JSON when the answer is JSON. */
export async function http<T = any>(
  method: string,
  url: string,
  opts: {
    key?: string;
    json?: unknown;
    body?: string | Buffer;
    contentType?: string;
    accept?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpResult<T>> {
  // A connection per request. Reusing idle keep-alive connections races the server's
  // keepAliveTimeout (5 s): on a busy machine the client may send on a socket the server is
  // closing that moment, and the request fails with "other side closed" (issue 10).
  const headers: Record<string, string> = { connection: 'close', ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.accept) headers.accept = opts.accept;
  let body: string | Buffer | undefined = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  }
  if (opts.contentType) headers['content-type'] = opts.contentType;
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

import type { HttpResult } from './http';

/**
 * How a server refused a request. A correct server may refuse in two ways, and which one a
 * client sees is a race it does not control: it answers with a status (and the client reads
 * it), or it answers and closes the connection while the client is still sending the body
 * it will never read (the client's write fails: EPIPE, ECONNRESET, "other side closed").
 */
export type Refusal =
  { kind: 'status'; status: number; message?: string; result: HttpResult } | { kind: 'closed'; code: string };

/** Connection-level error codes that mean "the server closed the connection on us". */
const CLOSED_CODES = new Set([
  'EPIPE',
  'ECONNRESET',
  'UND_ERR_SOCKET', // undici: "other side closed"
  'UND_ERR_CLOSED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', // the body could not be written whole
]);

/** The code of a closed connection somewhere in `err`'s cause chain, or null. */
export function closedConnectionCode(err: unknown): string | null {
  for (
    let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 8;
    e = e.cause as never, i++
  ) {
    if (typeof e.code === 'string' && CLOSED_CODES.has(e.code)) return e.code;
  }
  return null;
}

/**
 * Sends a request the server is expected to refuse, and says how it did. Any other failure
 * (connection refused, a DNS error, a bug in the test) is thrown as it was.
 */
export async function refusal(send: () => Promise<HttpResult>): Promise<Refusal> {
  try {
    const result = await send();
    const message = (result.body as { message?: unknown } | undefined)?.message;
    return {
      kind: 'status',
      status: result.status,
      message: typeof message === 'string' ? message : undefined,
      result,
    };
  } catch (err) {
    const code = closedConnectionCode(err);
    if (code) return { kind: 'closed', code };
    throw err;
  }
}

/**
 * A one-line account of a refusal, for comparing many at once: `status 401` (with the
 * message when `withMessage`), or `closed` whatever the error code.
 */
export function describeRefusal(r: Refusal, withMessage = false): string {
  if (r.kind === 'closed') return 'closed';
  return withMessage ? `status ${r.status}: ${r.message ?? ''}` : `status ${r.status}`;
}

/**
 * Whether `r` is `status` (and `message`, when given) or a connection closed before the
 * body was sent. The caller then checks the server's side of the refusal (an audit row, a
 * metric, the process's memory), which is the same whichever way the client saw it.
 */
export function refusedWith(r: Refusal, status: number, message?: string): boolean {
  if (r.kind === 'closed') return true;
  return r.status === status && (message === undefined || r.message === message);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

/**
 * The total request timeout, done here instead of by Node (server.requestTimeout = 0) for a
 * service with streamed uploads: Node's timeout cuts every request whose body is not in
 * whole by then, however steadily it arrives, and cannot spare some routes.
 *
 * - Any other request must be received whole within `timeoutMs`, else 408 (JSON error body,
 *   `Connection: close`) and the connection is closed; a request already answered (401, say)
 *   whose body still dribbles in is closed then too. As with Node's, slow clients
 *   (slowloris) cannot hold a connection.
 * - A streamed upload (`isStreaming`) is never cut while its handler is reading it: the
 *   handler applies an idle timeout instead (`readWithIdleTimeout`), so a long upload that
 *   keeps sending is taken in whole and one that stalls is answered 408. Once it has been
 *   answered, the same total timeout applies to whatever of it still arrives.
 *
 * Headers stay under Node's own headersTimeout.
 */
export function requestDeadline(
  timeoutMs: number,
  isStreaming: (req: IncomingMessage) => boolean,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const streaming = isStreaming(req);
    const timer = setTimeout(function expire() {
      if (req.complete) return;
      if (streaming && !res.writableEnded) {
        timer.refresh();
        return;
      }
      if (res.headersSent) {
        req.socket.destroy();
        return;
      }
      const body = JSON.stringify({
        statusCode: 408,
        error: 'Request Timeout',
        message: `the request was not received whole within ${timeoutMs / 1000} s (REQUEST_TIMEOUT_MS)`,
      });
      res.writeHead(408, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        Connection: 'close',
      });
      res.end(body, () => req.socket.destroy());
    }, timeoutMs);
    req.once('close', () => clearTimeout(timer));
    next();
  };
}

/** The body of a streamed upload stopped arriving for longer than the idle timeout. */
export class BodyStalled extends Error {
  constructor(readonly idleMs: number) {
    super(`no data arrived for ${idleMs / 1000} s`);
    this.name = 'BodyStalled';
  }
}

/**
 * The chunks of a request body, failing with BodyStalled when the client sends nothing for
 * `idleMs` while the reader is waiting for it. Only time spent waiting for the client counts:
 * while the reader is busy (producing to Kafka, say) the client is held back by
 * backpressure, not idle. The stream is not destroyed on a stall, so the 408 can still be
 * sent on its connection (answer with `Connection: close`).
 */
export async function* readWithIdleTimeout(stream: Readable, idleMs: number): AsyncGenerator<Buffer> {
  // Read by hand rather than with for-await: leaving a for-await loop early destroys the
  // request stream, and with it the socket the answer must go back on.
  const chunks = stream[Symbol.asyncIterator]();
  for (;;) {
    const next = chunks.next();
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BodyStalled(idleMs)), idleMs);
    });
    let result: IteratorResult<unknown>;
    try {
      result = await Promise.race([next, stalled]);
    } catch (err) {
      // the read left behind fails when the connection closes: nobody waits for it any more
      if (err instanceof BodyStalled) next.catch(() => undefined);
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (result.done) return;
    yield result.value as Buffer;
  }
}

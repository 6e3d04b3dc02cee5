import { connect, type Socket } from 'node:net';

export interface SlowClient {
  /** ms from connecting until the server closed the connection (null if it never did) */
  closed: Promise<number | null>;
  /** the status the server answered with before closing, if any */
  status(): number | null;
  /**
   * The status read, or `reset` when the connection was reset before an answer could be
   * read (the server answered and closed while we were still writing: on a busy machine the
   * reset can overtake the answer, and the kernel then drops it unread), else null.
   */
  outcome(): number | 'reset' | null;
  /** closes it from our side (for clean-up) */
  destroy(): void;
}

/**
 * A client that opens a connection, writes `first`, then writes `drip` every `everyMs`
 * (or nothing) — a slowloris. It reads whatever comes back, so it sees the server's answer
 * and its closing of the connection.
 */
export function slowClient(
  port: number,
  first: string,
  drip: string | null,
  everyMs: number,
  giveUpMs: number,
): SlowClient {
  const started = Date.now();
  let answer = '';
  let socket: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let errorCode: string | undefined;
  const closed = new Promise<number | null>((resolve) => {
    const giveUp = setTimeout(() => {
      clearInterval(timer);
      socket?.destroy();
      resolve(null);
    }, giveUpMs);
    socket = connect(port, '127.0.0.1', () => {
      if (first) socket!.write(first);
      if (drip) timer = setInterval(() => socket!.writable && socket!.write(drip), everyMs);
    });
    socket.on('data', (chunk: Buffer) => {
      if (answer.length < 200) answer += chunk.toString('latin1');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => (errorCode ??= err.code));
    socket.on('close', () => {
      clearTimeout(giveUp);
      clearInterval(timer);
      resolve(Date.now() - started);
    });
  });
  const status = () => {
    const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
    return m ? Number(m[1]) : null;
  };
  return {
    closed,
    status,
    outcome: () => status() ?? (errorCode === 'ECONNRESET' || errorCode === 'EPIPE' ? 'reset' : null),
    destroy: () => {
      clearInterval(timer);
      socket?.destroy();
    },
  };
}

/**
 * Sends `head` (and `body`, if any) on a fresh connection and waits for the status line,
 * without sending anything more: shows whether the server answers before a body arrives.
 */
export function statusBeforeBody(
  port: number,
  head: string,
  body = '',
  timeoutMs = 5_000,
): Promise<{ status: number | null; ms: number; text: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(head + body));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, ms: Date.now() - started, text });
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text);
      if (end >= 0 && length && text.length >= end + 4 + Number(length[1])) done();
    });
    socket.on('error', () => undefined);
    socket.on('close', done);
  });
}

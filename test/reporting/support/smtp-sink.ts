import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** envelope recipients, as the SMTP client gave them */
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** How the sink answers the next message: accept it, refuse it for now (4xx) or for good (5xx). */
export type SinkAnswer = 'accept' | 'defer' | 'refuse';

/**
 * A real SMTP server in this process (the `smtp-server` package) on a port the OS picks:
 * it speaks SMTP as a relay would, and keeps each message it accepted, parsed with
 * mailparser. `stop()` closes it (the mailer then meets a refused connection); `start()`
 * again listens on the same port.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  answers: SinkAnswer[] = [];
  /**
   * Called when a message has fully arrived, before the sink answers: returning 'lost'
   * keeps nothing and answers with an error (the client is gone by then, e.g. killed in
   * the hook: it never heard a 250, so the message was never accepted).
   */
  beforeAnswer?: (mail: { to: string[]; raw: Buffer }) => Promise<'accept' | 'lost'>;
  /** Called at MAIL FROM, before any message text is sent. */
  onMailFrom?: () => Promise<void>;
  port = 0;
  private server?: SMTPServer;

  get running(): boolean {
    return this.server !== undefined;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 50 * 1024 * 1024,
      onMailFrom: (_address, _session, callback) => {
        (this.onMailFrom?.() ?? Promise.resolve()).then(
          () => callback(),
          (err: Error) => callback(err),
        );
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const answer = this.answers.shift() ?? 'accept';
          if (answer === 'defer')
            return callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
          if (answer === 'refuse')
            return callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo.map((r) => r.address);
          (this.beforeAnswer?.({ to, raw }) ?? Promise.resolve('accept' as const))
            .then((verdict) => {
              if (verdict === 'lost')
                throw Object.assign(new Error('4.4.2 connection lost'), { responseCode: 421 });
              return simpleParser(raw);
            })
            .then((parsed) => {
              this.received.push({ to, raw, parsed });
              callback(null, `2.0.0 Ok: queued as m${this.received.length}`);
            })
            .catch((err: Error) => callback(err));
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }
}

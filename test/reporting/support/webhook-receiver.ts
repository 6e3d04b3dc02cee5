import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  answeredWith: number | 'no answer';
  /** when the whole request had arrived: its place in the order of events of every receiver */
  receivedAt: number;
  /** for a delivery never answered: when the sender gave up and closed the connection (same order) */
  abandonedAt?: number;
  /** resolves with `abandonedAt` once the sender has closed the connection (hanging deliveries only) */
  abandoned?: Promise<number>;
}

/**
 * One counter for every receiver in the process: what happened first has the lower number.
 * Tests compare the order of events, never wall-clock times (which a busy machine blurs).
 */
let events = 0;
const nextEvent = () => ++events;

/**
 * A subscriber's webhook endpoint on 127.0.0.1: answers each delivery with the next status
 * of `script` (the last one repeats), or never answers ('hang'), and keeps what it got.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private server?: Server;
  private readonly hanging = new Set<() => void>();
  url = '';

  constructor(private readonly script: (number | 'hang')[]) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const step = this.script[Math.min(this.received.length, this.script.length - 1)];
        const delivery: ReceivedDelivery = {
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          answeredWith: step === 'hang' ? 'no answer' : step,
          receivedAt: nextEvent(),
        };
        this.received.push(delivery);
        if (step === 'hang') {
          delivery.abandoned = new Promise<number>((resolve) =>
            res.once('close', () => resolve((delivery.abandonedAt ??= nextEvent()))),
          );
          this.hanging.add(() => res.destroy());
          return;
        }
        res.writeHead(step, { 'content-type': 'text/plain' }).end(step < 300 ? 'ok' : 'nope');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks/ips`;
    return this;
  }

  async stop(): Promise<void> {
    for (const close of this.hanging) close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

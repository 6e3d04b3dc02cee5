import { EventSender, SendFailed, type EventSenderOptions } from './event-sender';
import type { HttpAnswer, HttpRequest } from './http-transport';
import { sendWithRetries, RetriesExhausted } from './retry-policy';

// The sender against a scripted ingest: what it sends where, and how it copes with a busy
// or failing server.

type Script = (request: HttpRequest, n: number) => HttpAnswer;

function accepted(request: HttpRequest): HttpAnswer {
  const events =
    request.headers['content-type'] === 'application/json'
      ? (JSON.parse(request.body as string) as unknown[])
      : (request.body as string).trim().split('\n');
  return {
    status: 202,
    retryAfter: null,
    text: JSON.stringify({ accepted: events.length, duplicates: 0, rejected: [] }),
  };
}

function harness(script: Script, overrides: Partial<EventSenderOptions> = {}) {
  const requests: HttpRequest[] = [];
  const sleeps: number[] = [];
  let sent = 0;
  const sender = new EventSender({
    ingestUrl: 'http://ingest.test',
    siteKeys: new Map([
      ['site-a', 'key-a'],
      ['site-b', 'key-b'],
    ]),
    format: 'json',
    batchSize: 3,
    concurrency: 2,
    retry: { maxRetries: 3, maxWaitSeconds: 60, sleep: async (ms) => void sleeps.push(ms) },
    transport: async (request) => {
      requests.push(request);
      return script(request, requests.length);
    },
    onSent: (n) => void (sent += n),
    ...overrides,
  });
  return { sender, requests, sleeps, sent: () => sent };
}

const event = (siteId: string, n: number) => ({ eventId: `e-${siteId}-${n}`, siteId });

async function feed(sender: EventSender, events: { siteId: string }[]): Promise<void> {
  for (const e of events) {
    const wait = sender.add(e.siteId, e);
    if (wait) await wait;
  }
  await sender.finish();
}

describe('EventSender', () => {
  it('sends each site its own batches with its own key, in order', async () => {
    const h = harness(accepted);
    await feed(
      h.sender,
      [1, 2, 3, 4, 5].flatMap((n) => [event('site-a', n), event('site-b', n)]),
    );
    const bySite = (key: string) =>
      h.requests
        .filter((r) => r.headers.authorization === `Bearer ${key}`)
        .map((r) => (JSON.parse(r.body as string) as { eventId: string }[]).map((e) => e.eventId));
    expect(bySite('key-a')).toEqual([
      ['e-site-a-1', 'e-site-a-2', 'e-site-a-3'],
      ['e-site-a-4', 'e-site-a-5'],
    ]);
    expect(bySite('key-b')).toEqual([
      ['e-site-b-1', 'e-site-b-2', 'e-site-b-3'],
      ['e-site-b-4', 'e-site-b-5'],
    ]);
    expect(h.requests.every((r) => r.url === 'http://ingest.test/v1/events' && r.method === 'POST')).toBe(
      true,
    );
    expect(h.sender.sites).toEqual([
      { siteId: 'site-a', events: 5, accepted: 5, duplicates: 0, rejected: 0, requests: 2, retries: 0 },
      { siteId: 'site-b', events: 5, accepted: 5, duplicates: 0, rejected: 0, requests: 2, retries: 0 },
    ]);
    expect(h.sent()).toBe(10);
  });

  it('sends NDJSON bodies, one envelope a line', async () => {
    const h = harness(accepted, { format: 'ndjson' });
    await feed(h.sender, [event('site-a', 1), event('site-a', 2)]);
    expect(h.requests[0].headers['content-type']).toBe('application/x-ndjson');
    expect(h.requests[0].body).toBe(
      `${JSON.stringify(event('site-a', 1))}\n${JSON.stringify(event('site-a', 2))}\n`,
    );
  });

  it('keeps no more requests in flight than the concurrency', async () => {
    let inFlight = 0;
    let most = 0;
    const h = harness(accepted, {
      concurrency: 2,
      transport: async (request) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return accepted(request);
      },
    });
    await feed(
      h.sender,
      Array.from({ length: 30 }, (_, n) => event(n % 2 ? 'site-a' : 'site-b', n)),
    );
    expect(most).toBe(2);
    expect(h.sender.sites.reduce((n, s) => n + s.accepted, 0)).toBe(30);
  });

  it('waits as long as Retry-After says on 503 and 429, and counts events accepted before an outage once', async () => {
    const h = harness((_request, n) => {
      if (n === 1)
        return {
          status: 503,
          retryAfter: '5',
          text: JSON.stringify({
            statusCode: 503,
            message: 'Kafka is unavailable',
            details: { acceptedSoFar: { accepted: 2, duplicates: 0, rejected: [] } },
          }),
        };
      if (n === 2)
        return { status: 429, retryAfter: '1', text: '{"statusCode":429,"message":"rate limit exceeded"}' };
      // the resend: the two accepted before the outage are duplicates now
      return {
        status: 202,
        retryAfter: null,
        text: JSON.stringify({ accepted: 1, duplicates: 2, rejected: [] }),
      };
    });
    await feed(h.sender, [event('site-a', 1), event('site-a', 2), event('site-a', 3)]);
    expect(h.sleeps).toEqual([5000, 1000]);
    expect(h.requests.map((r) => r.body)).toEqual([
      h.requests[0].body,
      h.requests[0].body,
      h.requests[0].body,
    ]);
    expect(h.sender.sites[0]).toEqual({
      siteId: 'site-a',
      events: 3,
      accepted: 3,
      duplicates: 0,
      rejected: 0,
      requests: 3,
      retries: 2,
    });
  });

  it('backs off exponentially when the server gives no Retry-After, and retries network errors', async () => {
    const sleeps: number[] = [];
    let n = 0;
    const { answer, retries } = await sendWithRetries(
      async () => {
        n++;
        if (n === 1) throw new TypeError('fetch failed');
        if (n < 4) return { status: 503, retryAfter: null, text: '' };
        return { status: 202, retryAfter: null, text: '{}' };
      },
      { method: 'POST', url: 'http://x', headers: {} },
      { maxRetries: 5, maxWaitSeconds: 60, sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(answer.status).toBe(202);
    expect(retries).toBe(3);
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it('gives up after the retry limit with a message naming the site', async () => {
    const h = harness(() => ({ status: 503, retryAfter: '1', text: '{}' }), {
      retry: { maxRetries: 2, maxWaitSeconds: 60, sleep: async () => undefined },
    });
    await expect(feed(h.sender, [event('site-a', 1)])).rejects.toThrow(
      /site site-a: the ingest stayed busy or unreachable; gave up after 3 attempts: HTTP 503/,
    );
    expect(h.requests).toHaveLength(3);
    await expect(
      sendWithRetries(
        async () => ({ status: 429, retryAfter: null, text: '' }),
        { method: 'GET', url: 'http://x', headers: {} },
        { maxRetries: 0, maxWaitSeconds: 1, sleep: async () => undefined },
      ),
    ).rejects.toBeInstanceOf(RetriesExhausted);
  });

  it('stops at once on an answer that retrying cannot fix (bad key) and sends nothing more', async () => {
    const h = harness(
      () => ({
        status: 401,
        retryAfter: null,
        text: '{"statusCode":401,"error":"Unauthorized","message":"missing or invalid API key"}',
      }),
      { concurrency: 1 },
    );
    await expect(
      feed(
        h.sender,
        [1, 2, 3, 4, 5, 6, 7].map((n) => event('site-a', n)),
      ),
    ).rejects.toThrow(SendFailed);
    expect(h.sender.failed?.message).toMatch(
      /site site-a: the ingest answered 401: missing or invalid API key/,
    );
    expect(h.requests).toHaveLength(1);
  });

  it('refuses an event of a site it has no key for', () => {
    const h = harness(accepted);
    expect(() => h.sender.add('site-z', event('site-z', 1))).toThrow(/no API key for site "site-z"/);
  });

  it('tallies rejections and keeps a few samples', async () => {
    const h = harness(() => ({
      status: 202,
      retryAfter: null,
      text: JSON.stringify({
        accepted: 2,
        duplicates: 0,
        rejected: [
          {
            index: 1,
            eventId: 'x',
            status: 400,
            errors: [{ path: 'data.hoursPerWeek', message: 'must be > 0' }],
          },
        ],
      }),
    }));
    await feed(
      h.sender,
      [1, 2, 3].map((n) => event('site-b', n)),
    );
    expect(h.sender.sites[1]).toMatchObject({ siteId: 'site-b', events: 3, accepted: 2, rejected: 1 });
    expect(h.sender.rejectedSamples).toEqual([
      {
        siteId: 'site-b',
        position: 1,
        eventId: 'x',
        status: 400,
        errors: [{ path: 'data.hoursPerWeek', message: 'must be > 0' }],
      },
    ]);
  });
});

import type { HttpAnswer, HttpRequest } from './http-transport';
import { setUpTrial, TrialSetupError, type TrialSetupRequest } from './trial-admin';

const request: TrialSetupRequest = {
  ingestUrl: 'http://ingest.test',
  adminKey: 'admin-key',
  trialId: 'demo',
  trialName: 'Demo',
  startDate: '2017-07-01',
  sites: [
    { siteId: 'sheffield', name: 'Sheffield City Region' },
    { siteId: 'west-midlands', name: 'West Midlands' },
  ],
  existing: null,
};

function ingest(answers: Record<string, (req: HttpRequest) => HttpAnswer>) {
  const seen: string[] = [];
  const transport = async (req: HttpRequest): Promise<HttpAnswer> => {
    const key = `${req.method} ${new URL(req.url).pathname}`;
    seen.push(key);
    const answer = answers[key];
    if (!answer) throw new Error(`unexpected ${key}`);
    return answer(req);
  };
  return { transport, seen };
}

const json = (status: number, body: unknown): HttpAnswer => ({
  status,
  retryAfter: null,
  text: JSON.stringify(body),
});
const siteCreated = (req: HttpRequest) => {
  const { siteId } = JSON.parse(req.body as string) as { siteId: string };
  return json(201, { siteId, trialId: 'demo', keyId: 'k', apiKey: `ipsk_${siteId}` });
};

describe('setUpTrial', () => {
  it('creates the trial and its sites and returns the keys shown once', async () => {
    const { transport, seen } = ingest({
      'POST /v1/trials': (req) => {
        expect(JSON.parse(req.body as string)).toEqual({
          trialId: 'demo',
          name: 'Demo',
          startDate: '2017-07-01',
        });
        expect(req.headers.authorization).toBe('Bearer admin-key');
        return json(201, {});
      },
      'POST /v1/trials/demo/sites': siteCreated,
    });
    const result = await setUpTrial(transport, request);
    expect(result).toEqual({
      trialCreated: true,
      sitesCreated: ['sheffield', 'west-midlands'],
      sitesReused: [],
      keys: {
        trialId: 'demo',
        sites: [
          { siteId: 'sheffield', name: 'Sheffield City Region', apiKey: 'ipsk_sheffield' },
          { siteId: 'west-midlands', name: 'West Midlands', apiKey: 'ipsk_west-midlands' },
        ],
      },
    });
    expect(seen).toEqual(['POST /v1/trials', 'POST /v1/trials/demo/sites', 'POST /v1/trials/demo/sites']);
  });

  it('reuses the keys file when the trial exists, after checking each key still works', async () => {
    const { transport, seen } = ingest({
      'POST /v1/trials': () => json(409, { statusCode: 409, message: 'trial demo already exists' }),
      'GET /v1/sites/sheffield/data-quality': () => json(200, { findings: [] }),
      'POST /v1/trials/demo/sites': siteCreated,
    });
    const existing = { trialId: 'demo', sites: [{ siteId: 'sheffield', name: 'S', apiKey: 'ipsk_old' }] };
    const result = await setUpTrial(transport, { ...request, existing });
    expect(result.sitesReused).toEqual(['sheffield']);
    expect(result.sitesCreated).toEqual(['west-midlands']);
    expect(result.keys.sites[0].apiKey).toBe('ipsk_old');
    expect(seen).toEqual([
      'POST /v1/trials',
      'GET /v1/sites/sheffield/data-quality',
      'POST /v1/trials/demo/sites',
    ]);
  });

  it('says why when a site exists but its key is not in the keys file', async () => {
    const { transport } = ingest({
      'POST /v1/trials': () => json(409, {}),
      'POST /v1/trials/demo/sites': () =>
        json(409, { statusCode: 409, message: 'site sheffield already exists' }),
    });
    await expect(setUpTrial(transport, request)).rejects.toThrow(
      /site sheffield already exists .* shown only once/,
    );
  });

  it('refuses a stale keys file whose key the ingest no longer accepts', async () => {
    const { transport } = ingest({
      'POST /v1/trials': () => json(409, {}),
      'GET /v1/sites/sheffield/data-quality': () =>
        json(401, { statusCode: 401, message: 'missing or invalid API key' }),
    });
    const existing = { trialId: 'demo', sites: [{ siteId: 'sheffield', name: 'S', apiKey: 'ipsk_revoked' }] };
    await expect(setUpTrial(transport, { ...request, sites: [request.sites[0]], existing })).rejects.toThrow(
      /not accepted \(401\)/,
    );
  });

  it('reports a refused admin key', async () => {
    const { transport } = ingest({
      'POST /v1/trials': () => json(401, { statusCode: 401, message: 'missing or invalid API key' }),
    });
    await expect(setUpTrial(transport, request)).rejects.toThrow(TrialSetupError);
    await expect(setUpTrial(transport, request)).rejects.toThrow(
      /401: missing or invalid API key \(is --admin-key/,
    );
  });
});

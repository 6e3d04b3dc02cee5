import { errorMessage, type HttpAnswer, type HttpTransport } from './http-transport';
import type { KeysFile } from './site-keys';

export interface TrialSetupRequest {
  ingestUrl: string;
  adminKey: string;
  trialId: string;
  trialName: string;
  startDate: string;
  sites: { siteId: string; name: string }[];
  /** keys from an earlier setup of this trial, if any */
  existing: KeysFile | null;
}

export interface TrialSetupResult {
  keys: KeysFile;
  trialCreated: boolean;
  sitesCreated: string[];
  sitesReused: string[];
}

export class TrialSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrialSetupError';
  }
}

/**
 * Creates the trial and its sites through the admin API (DESIGN §4). Creating what exists
 * is a 409, so a second run reuses the keys file of the first: a site key is shown only
 * once, when its site is created. Reused keys are checked against the ingest.
 */
export async function setUpTrial(
  transport: HttpTransport,
  req: TrialSetupRequest,
): Promise<TrialSetupResult> {
  const admin = { authorization: `Bearer ${req.adminKey}`, 'content-type': 'application/json' };
  const trial = await transport({
    method: 'POST',
    url: `${req.ingestUrl}/v1/trials`,
    headers: admin,
    body: JSON.stringify({ trialId: req.trialId, name: req.trialName, startDate: req.startDate }),
  });
  if (trial.status !== 201 && trial.status !== 409) fail('create the trial', trial);
  const trialCreated = trial.status === 201;
  const known = req.existing?.trialId === req.trialId ? req.existing : null;

  const result: TrialSetupResult = {
    keys: { trialId: req.trialId, sites: [] },
    trialCreated,
    sitesCreated: [],
    sitesReused: [],
  };
  for (const site of req.sites) {
    const reuse = trialCreated ? undefined : known?.sites.find((s) => s.siteId === site.siteId);
    if (reuse) {
      await checkSiteKey(transport, req.ingestUrl, reuse.siteId, reuse.apiKey);
      result.keys.sites.push({ siteId: site.siteId, name: site.name, apiKey: reuse.apiKey });
      result.sitesReused.push(site.siteId);
      continue;
    }
    const created = await transport({
      method: 'POST',
      url: `${req.ingestUrl}/v1/trials/${encodeURIComponent(req.trialId)}/sites`,
      headers: admin,
      body: JSON.stringify({ siteId: site.siteId, name: site.name }),
    });
    if (created.status === 409) {
      throw new TrialSetupError(
        `site ${site.siteId} already exists (site ids are unique across trials) and its key is not in the keys file; ` +
          'a site key is shown only once: use the keys file of the first setup, or other site ids (--site-prefix)',
      );
    }
    if (created.status !== 201) fail(`create site ${site.siteId}`, created);
    const body = JSON.parse(created.text) as { apiKey: string };
    result.keys.sites.push({ siteId: site.siteId, name: site.name, apiKey: body.apiKey });
    result.sitesCreated.push(site.siteId);
  }
  return result;
}

async function checkSiteKey(
  transport: HttpTransport,
  ingestUrl: string,
  siteId: string,
  apiKey: string,
): Promise<void> {
  const answer = await transport({
    method: 'GET',
    url: `${ingestUrl}/v1/sites/${encodeURIComponent(siteId)}/data-quality`,
    headers: { authorization: `Bearer ${apiKey}` },
  });
  if (answer.status === 401 || answer.status === 403) {
    throw new TrialSetupError(
      `the key in the keys file for site ${siteId} is not accepted (${answer.status}): revoked, or from another database`,
    );
  }
  if (answer.status >= 400) fail(`check the key of site ${siteId}`, answer);
}

function fail(what: string, answer: HttpAnswer): never {
  const hint = answer.status === 401 ? " (is --admin-key the ingest's ADMIN_API_KEY or an admin key?)" : '';
  throw new TrialSetupError(
    `could not ${what}: the ingest answered ${answer.status}: ${errorMessage(answer)}${hint}`,
  );
}

import { randomBytes, randomUUID } from 'node:crypto';
import { http } from './http';
import { ServiceProcess, type ServiceName } from './service-process';
import { serviceEnv, uniqueTag } from './test-env';

export interface SiteKeys {
  siteId: string;
  apiKey: string;
  keyId: string;
}

/**
 * Starts the apps a test needs as real processes against the real broker and test
 * database, and sets up one trial with its sites and keys through the admin API.
 */
export class TrialHarness {
  readonly tag = uniqueTag();
  readonly adminKey = `test-admin-${randomBytes(24).toString('hex')}`;
  readonly trialId = `${this.tag}-trial`;
  readonly services = new Map<ServiceName, ServiceProcess>();
  readonly sites: SiteKeys[] = [];
  evaluatorKey = '';
  programmeLeadKey = '';

  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  env(extra: Record<string, string> = {}): Record<string, string> {
    return serviceEnv(this.tag, { ADMIN_API_KEY: this.adminKey, ...this.extraEnv, ...extra });
  }

  async start(names: ServiceName[], extra: Record<string, string> = {}): Promise<void> {
    const started = await Promise.allSettled(
      names.map((name) => ServiceProcess.start(name, this.env(extra), { tag: this.tag })),
    );
    started.forEach(
      (result, i) => result.status === 'fulfilled' && this.services.set(names[i], result.value),
    );
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.stopAll();
      throw failed.reason;
    }
  }

  service(name: ServiceName): ServiceProcess {
    const s = this.services.get(name);
    if (!s) throw new Error(`${name} is not running`);
    return s;
  }

  url(name: ServiceName): string {
    return this.service(name).url;
  }

  /** Creates the trial, `siteCount` sites (keys kept), an evaluator and a programme-lead key. */
  async createTrial(siteCount = 1, startDate = '2017-07-01'): Promise<void> {
    const ingest = this.url('ingest');
    const trial = await http('POST', `${ingest}/v1/trials`, {
      key: this.adminKey,
      json: { trialId: this.trialId, name: 'Test trial', startDate },
    });
    if (trial.status !== 201) throw new Error(`create trial: ${trial.status} ${trial.text}`);
    for (let i = 0; i < siteCount; i++) {
      const siteId = `${this.tag}-site${i + 1}`;
      const site = await http<SiteKeys>('POST', `${ingest}/v1/trials/${this.trialId}/sites`, {
        key: this.adminKey,
        json: { siteId, name: `Site ${i + 1}` },
      });
      if (site.status !== 201) throw new Error(`create site: ${site.status} ${site.text}`);
      this.sites.push({ siteId, apiKey: site.body.apiKey, keyId: site.body.keyId });
    }
    this.evaluatorKey = (
      await http('POST', `${ingest}/v1/keys`, { key: this.adminKey, json: { role: 'evaluator' } })
    ).body.apiKey;
    this.programmeLeadKey = (
      await http('POST', `${ingest}/v1/keys`, { key: this.adminKey, json: { role: 'programme_lead' } })
    ).body.apiKey;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.stop()));
    this.services.clear();
  }
}

/** A valid `participant.referred` envelope. */
export function referral(
  siteId: string,
  participantId: string,
  occurredOn = '2017-07-03',
  overrides: Record<string, unknown> = {},
) {
  return {
    eventId: randomUUID(),
    type: 'participant.referred',
    schemaVersion: 1,
    siteId,
    participantId,
    occurredOn,
    data: { condition: 'mental_health', referralSource: 'primary_care', employmentStatus: 'unemployed' },
    ...overrides,
  };
}

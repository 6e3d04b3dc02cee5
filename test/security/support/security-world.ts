import { randomUUID } from 'node:crypto';
import { http, type HttpResult } from '../../support/http';
import type { ServiceName } from '../../support/service-process';
import { TrialHarness, type SiteKeys } from '../../support/trial-harness';

/** Who calls: the two sites of trial T, an evaluator, a programme lead, an admin, and nobody. */
export const PRINCIPALS = ['siteA', 'siteB', 'evaluator', 'programmeLead', 'admin', 'anonymous'] as const;
export type Who = (typeof PRINCIPALS)[number];

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  json?: unknown;
  body?: string;
  contentType?: string;
  accept?: string;
}

/**
 * The security tests' corner of the shared database and broker: trial T with sites A and B
 * (the two sites whose keys are tried against each other), trial U with site C (another
 * trial), one key per role, and the apps running as processes (TrialHarness).
 */
export class SecurityWorld {
  readonly harness: TrialHarness;
  otherTrialId = '';
  siteC!: SiteKeys;

  constructor(extraEnv: Record<string, string> = {}) {
    this.harness = new TrialHarness(extraEnv);
  }

  get tag(): string {
    return this.harness.tag;
  }

  get trialId(): string {
    return this.harness.trialId;
  }

  get siteA(): SiteKeys {
    return this.harness.sites[0];
  }

  get siteB(): SiteKeys {
    return this.harness.sites[1];
  }

  get adminKey(): string {
    return this.harness.adminKey;
  }

  url(app: ServiceName): string {
    return this.harness.url(app);
  }

  /** Every trial of this world starts with its tag, so the reporting instance keeps to them. */
  start(apps: ServiceName[], extra: Record<string, string> = {}): Promise<void> {
    return this.harness.start(apps, { REPORTING_TRIAL_PREFIX: this.tag, ...extra });
  }

  stop(): Promise<void> {
    return this.harness.stopAll();
  }

  /** Trial T (sites A, B), trial U (site C), evaluator and programme-lead keys; through the admin API. */
  async setUp(startDate = '2017-07-01'): Promise<void> {
    await this.harness.createTrial(2, startDate);
    this.otherTrialId = `${this.tag}-other`;
    const ingest = this.url('ingest');
    const trial = await http('POST', `${ingest}/v1/trials`, {
      key: this.adminKey,
      json: { trialId: this.otherTrialId, name: 'Other trial', startDate },
    });
    if (trial.status !== 201) throw new Error(`create trial U: ${trial.status} ${trial.text}`);
    const siteId = `${this.tag}-siteC`;
    const site = await http('POST', `${ingest}/v1/trials/${this.otherTrialId}/sites`, {
      key: this.adminKey,
      json: { siteId, name: 'Site C' },
    });
    if (site.status !== 201) throw new Error(`create site C: ${site.status} ${site.text}`);
    this.siteC = { siteId, apiKey: site.body.apiKey, keyId: site.body.keyId };
  }

  key(who: Who): string | undefined {
    switch (who) {
      case 'siteA':
        return this.siteA.apiKey;
      case 'siteB':
        return this.siteB.apiKey;
      case 'evaluator':
        return this.harness.evaluatorKey;
      case 'programmeLead':
        return this.harness.programmeLeadKey;
      case 'admin':
        return this.adminKey;
      case 'anonymous':
        return undefined;
    }
  }

  /** The site a principal sends events for: its own, or site A for keys without a site. */
  siteOf(who: Who): SiteKeys {
    return who === 'siteB' ? this.siteB : this.siteA;
  }

  send(app: ServiceName, who: Who, spec: RequestSpec): Promise<HttpResult> {
    return http(spec.method, `${this.url(app)}${spec.path}`, {
      key: this.key(who),
      json: spec.json,
      body: spec.body,
      contentType: spec.contentType,
      accept: spec.accept,
    });
  }

  /** An admin-issued key of `role` (created for a test to revoke). */
  async issueKey(role: string): Promise<{ keyId: string; apiKey: string }> {
    const res = await http('POST', `${this.url('ingest')}/v1/keys`, { key: this.adminKey, json: { role } });
    if (res.status !== 201) throw new Error(`issue ${role} key: ${res.status} ${res.text}`);
    return res.body;
  }

  /** Sends envelopes as a site and insists they were all accepted. */
  async sendEvents(site: SiteKeys, events: unknown[]): Promise<void> {
    const res = await http('POST', `${this.url('ingest')}/v1/events`, { key: site.apiKey, json: events });
    if (res.status !== 202 || res.body.accepted + res.body.duplicates !== events.length) {
      throw new Error(`send events as ${site.siteId}: ${res.status} ${res.text.slice(0, 300)}`);
    }
  }
}

/** One participant's referral, consent and randomisation: enough for a journey and outcomes. */
export function enrolment(
  siteId: string,
  participantId: string,
  on = '2017-07-03',
  arm: 'ips' | 'usual_care' = 'ips',
) {
  const envelope = (type: string, data: Record<string, unknown>) => ({
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    siteId,
    participantId,
    occurredOn: on,
    data,
  });
  return [
    envelope('participant.referred', {
      condition: 'mental_health',
      referralSource: 'primary_care',
      employmentStatus: 'unemployed',
    }),
    envelope('participant.eligibility_assessed', { eligible: true }),
    envelope('participant.consented', {}),
    envelope('participant.randomised', { arm }),
  ];
}

import { Inject, Injectable, Optional } from '@nestjs/common';
import { CLOCK, LOGGER, Metrics, type Clock, type Logger } from '@ips/platform';
import { reportPublishedMessage, REPORT_PUBLISHED_EVENT } from '../publication/report-published.message';
import { ReportArchive } from '../reports/report-archive';
import {
  TRIAL_SCOPE,
  trialIdLike,
  type TrialScope,
  SubscriptionStore,
  type AttemptResult,
  type DueDelivery,
} from '@ips/persistence';
import { SecretBox } from './secret-box';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from './webhook-signature';
import { resolvesToInternalAddress } from './webhook-target';

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');
export interface WebhookSettings {
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  allowPrivateNetworks: boolean;
}

/**
 * Delivers published reports to subscribers: a signed POST each, sent in parallel so a
 * slow or failing subscriber never holds up the others (each has its own timeout, its
 * own retry schedule and its own row). Failures are retried with exponential backoff
 * (doubling from WEBHOOK_RETRY_BASE_MS, with up to 20% jitter, honouring Retry-After)
 * until WEBHOOK_MAX_ATTEMPTS, then marked failed. Everything is in Postgres, so retries
 * survive a restart.
 */
@Injectable()
export class WebhookDeliveryWorker {
  private readonly attempts;

  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly archive: ReportArchive,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(TRIAL_SCOPE) private readonly scope: TrialScope,
    @Optional() @Inject(SecretBox) private readonly box: SecretBox | null,
    metrics: Metrics,
  ) {
    this.attempts = metrics.counter({
      name: 'reporting_webhook_attempts_total',
      help: 'webhook delivery attempts by outcome',
      labelNames: ['outcome'],
    });
  }

  /** Sends every due delivery once; returns how many succeeded and failed. */
  async deliverDue(): Promise<{ delivered: number; failed: number }> {
    const now = this.clock.now();
    const due = await this.subscriptions.claimDue(
      now,
      this.settings.timeoutMs * 3 + 10_000,
      25,
      trialIdLike(this.scope),
    );
    const results = await Promise.all(due.map((d) => this.deliverOne(d)));
    return { delivered: results.filter(Boolean).length, failed: results.filter((r) => !r).length };
  }

  private async deliverOne(delivery: DueDelivery): Promise<boolean> {
    const attempt = delivery.attempts + 1;
    const result = await this.attempt(delivery, attempt).catch((err: unknown): AttemptResult => ({
      ok: false,
      statusCode: null,
      error: `delivery failed: ${(err as Error).message}`,
      retryAt: this.retryAt(attempt, null),
    }));
    await this.subscriptions.recordAttempt(delivery.deliveryId, attempt, this.clock.now(), result);
    this.attempts.inc({ outcome: result.ok ? 'delivered' : result.retryAt ? 'retry' : 'failed' });
    // never the URL's query (it may carry tokens) nor the secret
    const host = safeHost(delivery.url);
    if (result.ok)
      this.logger.info(
        { deliveryId: delivery.deliveryId, reportId: delivery.reportId, host, attempt },
        'webhook delivered',
      );
    else
      this.logger.warn(
        {
          deliveryId: delivery.deliveryId,
          reportId: delivery.reportId,
          host,
          attempt,
          status: result.statusCode,
          error: result.error,
          willRetry: result.retryAt !== null,
        },
        'webhook delivery failed',
      );
    return result.ok;
  }

  private async attempt(delivery: DueDelivery, attempt: number): Promise<AttemptResult> {
    if (delivery.revoked)
      return { ok: false, statusCode: null, error: 'subscription revoked', retryAt: null };
    if (!this.box)
      return {
        ok: false,
        statusCode: null,
        error: 'REPORTING_SECRET_KEY is not set: deliveries cannot be signed',
        retryAt: this.retryAt(attempt, null),
      };
    const report = await this.archive.metadata(delivery.reportId);
    if (!report) return { ok: false, statusCode: null, error: 'report not found', retryAt: null };
    if (!this.settings.allowPrivateNetworks && (await resolvesToInternalAddress(delivery.url))) {
      return {
        ok: false,
        statusCode: null,
        error: 'url resolves to an internal address',
        retryAt: this.retryAt(attempt, null),
      };
    }
    const secret = this.box.open(delivery.secret, delivery.subscriptionId);
    const body = JSON.stringify(reportPublishedMessage(report));
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const response = await fetch(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(this.settings.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ips-outcomes-reporting/1',
        [EVENT_HEADER]: REPORT_PUBLISHED_EVENT,
        [DELIVERY_HEADER]: delivery.deliveryId,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
      },
      body,
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, statusCode: response.status };
    const error =
      response.status >= 300 && response.status < 400
        ? `redirect (HTTP ${response.status}) not followed`
        : `HTTP ${response.status}`;
    return {
      ok: false,
      statusCode: response.status,
      error,
      retryAt: this.retryAt(attempt, response.headers.get('retry-after')),
    };
  }

  /** When to try again after failed attempt number `attempt`; null once attempts are used up. */
  private retryAt(attempt: number, retryAfter: string | null): Date | null {
    if (attempt >= this.settings.maxAttempts) return null;
    const backoff = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** (attempt - 1));
    const jittered = backoff * (1 + Math.random() * 0.2);
    const asked = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
    return new Date(
      this.clock.now().getTime() + Math.min(this.settings.retryMaxMs, Math.max(jittered, asked)),
    );
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}

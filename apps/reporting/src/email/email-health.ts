import { Inject, Injectable, Optional } from '@nestjs/common';
import { CLOCK, HealthChecks, type Clock } from '@ips/platform';
import { EmailDeliveryWorker } from './email-delivery.worker';
import { EmailSubscriptionStore } from '@ips/persistence';
import { SmtpMailer } from './smtp-mailer';

/**
 * `mail` in /health. Mail trouble never makes the service unhealthy (503 would take the
 * reports, the archive and the webhooks out of a load balancer for the sake of a relay):
 * the check stays up and says `state: "degraded"`, with the reason and the backlog, when
 * the SMTP server cannot be reached now or the last message failed and none has been
 * accepted since. `off` without SMTP_URL.
 */
@Injectable()
export class EmailHealth {
  constructor(
    private readonly checks: HealthChecks,
    private readonly store: EmailSubscriptionStore,
    private readonly worker: EmailDeliveryWorker,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(SmtpMailer) private readonly mailer: SmtpMailer | null,
  ) {}

  register(): void {
    this.checks.register('mail', () => this.probe());
  }

  async probe(): Promise<{ up: boolean; [detail: string]: unknown }> {
    if (!this.mailer || !this.worker.enabled)
      return { up: true, state: 'off', reason: 'SMTP_URL is not set' };
    const [reach, backlog] = await Promise.all([
      withTimeout(this.mailer.reachable(), this.mailer.timeoutMs * 2),
      this.store.backlog(this.clock.now()),
    ]);
    const failing = this.worker.lastFailure;
    const reason = !reach.ok
      ? `SMTP server ${this.mailer.endpoint}: ${reach.error}`
      : failing
        ? `last delivery failed: ${failing.error}`
        : null;
    return {
      up: true,
      state: reason ? 'degraded' : 'ok',
      ...(reason ? { reason } : {}),
      smtp: this.mailer.endpoint,
      pending: backlog.pending,
      retrying: backlog.retrying,
    };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | { ok: false; error: string }> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    work,
    new Promise<{ ok: false; error: string }>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${ms} ms` }), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

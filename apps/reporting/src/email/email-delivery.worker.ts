import { Inject, Injectable, Optional } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { CLOCK, LOGGER, Metrics, type Clock, type Logger } from '@ips/platform';
import { reportHtml } from '../reports/rendering/report-html';
import { PDF_SETTINGS, ReportPdfPrinter, type PdfSettings } from '../reports/rendering/report-pdf.printer';
import { ReportArchive } from '../reports/report-archive';
import { SecretBox } from '../subscriptions/secret-box';
import {
  TRIAL_SCOPE,
  trialIdLike,
  type TrialScope,
  EmailSubscriptionStore,
  type DueEmail,
  type EmailAttemptResult,
} from '@ips/persistence';
import { EmailLinks } from './email-links';
import { CONFIRM_LINK_DAYS, LinkTokens } from './link-token';
import { confirmationMessage, messageHtml, messageText, reportMessage } from './report-email';
import { MAIL_SETTINGS, SmtpMailer, type MailSettings, type OutgoingMail } from './smtp-mailer';

export const EMAIL_RETRY_SETTINGS = Symbol('EMAIL_RETRY_SETTINGS');
/** Longest a PDF may take to print for a message (the first print starts Chromium); then the message goes without. */
const PDF_BUDGET_MS = 120_000;

export interface EmailRetrySettings {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
}

/**
 * Sends due e-mails: each subscription's confirmation, then one message per published
 * report to each confirmed subscriber. A delivery is leased (SKIP LOCKED, so instances
 * share the work and never take the same row) with a token, its attempt counted, the
 * message written, the lease renewed for the SMTP conversation only if the token still
 * holds it (else another instance has the row and this attempt stops), the message handed
 * to the SMTP server, and the outcome recorded under the same token; everything is in Postgres, so retries survive
 * a restart, and a row is only ever marked delivered once. A retried message keeps its
 * Message-ID. Failures are retried with exponential backoff (doubling from
 * EMAIL_RETRY_BASE_MS, up to 20% jitter) until EMAIL_MAX_ATTEMPTS; a 5xx refusal is final.
 * Logs name the delivery, never the address.
 */
@Injectable()
export class EmailDeliveryWorker {
  private readonly attempts;
  /** what the last pass met: /health says mail is degraded while sending fails */
  lastFailure: { at: Date; error: string } | null = null;
  lastSuccessAt: Date | null = null;

  constructor(
    private readonly store: EmailSubscriptionStore,
    private readonly archive: ReportArchive,
    private readonly printer: ReportPdfPrinter,
    private readonly links: EmailLinks,
    @Inject(EMAIL_RETRY_SETTINGS) private readonly settings: EmailRetrySettings,
    @Inject(PDF_SETTINGS) private readonly pdf: PdfSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(TRIAL_SCOPE) private readonly scope: TrialScope,
    @Optional() @Inject(SmtpMailer) private readonly mailer: SmtpMailer | null,
    @Optional() @Inject(SecretBox) private readonly box: SecretBox | null,
    @Optional() @Inject(LinkTokens) private readonly tokens: LinkTokens | null,
    @Optional() @Inject(MAIL_SETTINGS) private readonly mail: MailSettings | null,
    metrics: Metrics,
  ) {
    this.attempts = metrics.counter({
      name: 'reporting_email_attempts_total',
      help: 'e-mail delivery attempts by kind and outcome',
      labelNames: ['kind', 'outcome'],
    });
  }

  /** A delivery is held this long while its message is written (with its PDF, if any); renewed for the SMTP conversation. */
  private get composeLeaseMs(): number {
    const printing = this.pdf.chromiumPath !== '' && existsSync(this.pdf.chromiumPath);
    return (printing ? PDF_BUDGET_MS : 0) + this.smtpLeaseMs;
  }

  /** The SMTP conversation: a timeout for each of connecting, greeting and every later step. */
  private get smtpLeaseMs(): number {
    return this.settings.timeoutMs * 4 + 10_000;
  }

  get enabled(): boolean {
    return this.mailer !== null && this.box !== null && this.tokens !== null;
  }

  /** Sends every due message once; returns how many were accepted and how many failed. */
  async deliverDue(): Promise<{ delivered: number; failed: number }> {
    if (!this.enabled) return { delivered: 0, failed: 0 };
    const due = await this.store.claimDue(this.clock.now(), this.composeLeaseMs, 10, {
      prefix: this.scope.prefix,
      like: trialIdLike(this.scope),
    });
    const results = await Promise.all(due.map((d) => this.deliverOne(d)));
    return { delivered: results.filter(Boolean).length, failed: results.filter((r) => !r).length };
  }

  private async deliverOne(delivery: DueEmail): Promise<boolean> {
    const result = await this.attempt(delivery).catch((err: unknown): EmailAttemptResult => ({
      ok: false,
      error: `could not write the message: ${(err as Error).message}`.slice(0, 300),
      response: null,
      retryAt: this.retryAt(delivery.attempts),
    }));
    if (result === 'lease lost') {
      this.logger.warn(
        { deliveryId: delivery.deliveryId, kind: delivery.kind, attempt: delivery.attempts },
        'e-mail not sent: another instance took the delivery while this one was writing it',
      );
      return false;
    }
    await this.store.recordAttempt(delivery.deliveryId, delivery.leaseToken, this.clock.now(), result);
    const outcome = result.ok ? 'delivered' : result.retryAt ? 'retry' : 'failed';
    this.attempts.inc({ kind: delivery.kind, outcome });
    const fields = {
      deliveryId: delivery.deliveryId,
      subscriptionId: delivery.subscriptionId,
      kind: delivery.kind,
      reportId: delivery.reportId,
      attempt: delivery.attempts,
    };
    if (result.ok)
      this.logger.info({ ...fields, smtp: this.mailer!.endpoint }, 'e-mail accepted by the SMTP server');
    else
      this.logger.warn(
        { ...fields, smtp: this.mailer!.endpoint, error: result.error, willRetry: result.retryAt !== null },
        'e-mail delivery failed',
      );
    return result.ok;
  }

  private async attempt(delivery: DueEmail): Promise<EmailAttemptResult | 'lease lost'> {
    if (delivery.subscriptionStatus === 'ended')
      return { ok: false, error: 'subscription ended', response: null, retryAt: null };
    const mail = await this.compose(delivery);
    if ('error' in mail) return { ok: false, error: mail.error, response: null, retryAt: null };
    // the SMTP conversation is bounded (a timeout per step): hold the row for it, if it is still ours
    const until = new Date(this.clock.now().getTime() + this.smtpLeaseMs);
    if (!(await this.store.renewLease(delivery.deliveryId, delivery.leaseToken, until))) return 'lease lost';
    const sent = await this.mailer!.send(mail);
    const now = this.clock.now();
    if (sent.kind === 'accepted') {
      this.lastSuccessAt = now;
      this.lastFailure = null;
      return { ok: true, response: sent.response };
    }
    if (sent.kind === 'transient') this.lastFailure = { at: now, error: sent.error };
    return {
      ok: false,
      error: sent.error,
      response: sent.response,
      retryAt: sent.kind === 'rejected' ? null : this.retryAt(delivery.attempts),
    };
  }

  private async compose(delivery: DueEmail): Promise<OutgoingMail | { error: string }> {
    const now = this.clock.now();
    const to = this.box!.open(delivery.address, delivery.subscriptionId);
    const messageId = `<${delivery.deliveryId}@${this.mail!.from.address.split('@')[1] ?? 'ips-outcomes'}>`;
    if (delivery.kind === 'confirmation') {
      if (delivery.subscriptionStatus !== 'pending')
        return { error: 'subscription is no longer waiting for confirmation' };
      const message = confirmationMessage({
        trialName: delivery.trialId ? (delivery.trialName ?? delivery.trialId) : null,
        confirmUrl: this.links.confirm(this.tokens!.issue('confirm', delivery.subscriptionId, now)),
        validDays: CONFIRM_LINK_DAYS,
      });
      return {
        to,
        subject: message.subject,
        text: messageText(message),
        html: messageHtml(message),
        messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
        attachments: [],
      };
    }
    const found = await this.archive.document(delivery.reportId!);
    if (!found) return { error: 'report not found' };
    const { metadata, content } = found;
    const unsubscribeUrl = this.links.unsubscribe(
      this.tokens!.issue('unsubscribe', delivery.subscriptionId, now),
    );
    const name = `${content.trialId}-${content.type}-${content.asOf}-v${metadata.version}`;
    const html = reportHtml(metadata, content);
    const attachments: OutgoingMail['attachments'] = [
      { filename: `${name}.html`, content: html, contentType: 'text/html; charset=utf-8' },
    ];
    // bounded, so an attempt stays within its lease: a PDF that takes longer is left out
    const pdf = await withTimeout(
      this.printer.print(html, `${name} · SHA-256 ${metadata.contentHash.slice(0, 16)}…`),
      PDF_BUDGET_MS,
      'printing the PDF',
    ).catch((err: unknown) => {
      this.logger.info(
        { deliveryId: delivery.deliveryId, reason: (err as Error).message },
        'e-mail sent without a PDF',
      );
      return null;
    });
    if (pdf) attachments.push({ filename: `${name}.pdf`, content: pdf, contentType: 'application/pdf' });
    const message = reportMessage(
      { ...metadata, links: { ...metadata.links, html: this.links.absolute(metadata.links.html) } },
      content,
      {
        unsubscribeUrl,
        attachments: attachments.map((a) =>
          a.contentType === 'application/pdf' ? 'the same as a PDF' : 'the report as a web page',
        ),
      },
    );
    return {
      to,
      subject: message.subject,
      text: messageText(message),
      html: messageHtml(message),
      messageId,
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'Auto-Submitted': 'auto-generated',
        'X-IPS-Report-Id': metadata.id,
      },
      attachments,
    };
  }

  /** When to try again after attempt number `attempt` failed; null once attempts are used up. */
  private retryAt(attempt: number): Date | null {
    if (attempt >= this.settings.maxAttempts) return null;
    const backoff = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** (attempt - 1));
    return new Date(
      this.clock.now().getTime() + Math.min(this.settings.retryMaxMs, backoff * (1 + Math.random() * 0.2)),
    );
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

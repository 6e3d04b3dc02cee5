import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { SmtpTarget } from './smtp-url';

export const MAIL_SETTINGS = Symbol('MAIL_SETTINGS');
export interface MailSettings {
  smtp: SmtpTarget;
  from: { name: string | null; address: string };
  timeoutMs: number;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** stable across retries: a retried message is the same message to every mail system */
  messageId: string;
  headers: Record<string, string>;
  attachments: { filename: string; content: Buffer | string; contentType: string }[];
}

/** What the SMTP server made of a message: accepted, refused for good (5xx), or try again. */
export type SendOutcome =
  | { kind: 'accepted'; response: string }
  | { kind: 'rejected'; response: string | null; error: string }
  | { kind: 'transient'; response: string | null; error: string };

/**
 * Hands messages to the SMTP server of SMTP_URL with nodemailer: a connection per message
 * (nothing held open between passes), every step bounded by EMAIL_TIMEOUT_MS. Errors are
 * sorted as SMTP sorts them: a 5xx reply is permanent (the address does not exist, the
 * message is refused), anything else (4xx, no connection, a timeout) is tried again.
 * The URL's credentials never leave this class: logs and /health see host:port only.
 */
@Injectable()
export class SmtpMailer implements OnApplicationShutdown {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(@Inject(MAIL_SETTINGS) private readonly settings: MailSettings) {
    this.transport = nodemailer.createTransport({
      url: settings.smtp.url,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    } as SMTPTransport.Options);
  }

  get timeoutMs(): number {
    return this.settings.timeoutMs;
  }

  get endpoint(): string {
    return this.settings.smtp.endpoint;
  }

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    try {
      const info = await this.transport.sendMail({
        from: this.settings.from.name
          ? { name: this.settings.from.name, address: this.settings.from.address }
          : this.settings.from.address,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: mail.headers,
        attachments: mail.attachments,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      if (info.rejected.length > 0)
        return {
          kind: 'rejected',
          response: info.response ?? null,
          error: 'the server refused the recipient',
        };
      return { kind: 'accepted', response: info.response ?? '' };
    } catch (err) {
      const e = err as Error & { responseCode?: number; response?: string; code?: string };
      // never the message text of a nodemailer error verbatim: it may quote the recipient
      const response = e.response ? scrubAddresses(e.response) : null;
      const error = describe(e);
      if (e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600)
        return { kind: 'rejected', response, error };
      return { kind: 'transient', response, error };
    }
  }

  /** Can the server be reached and does it greet (and take the credentials)? For /health. */
  async reachable(): Promise<{ ok: true } | { ok: false; error: string }> {
    try {
      await this.transport.verify();
      return { ok: true };
    } catch (err) {
      return { ok: false, error: describe(err as Error & { code?: string; responseCode?: number }) };
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}

function describe(e: Error & { code?: string; responseCode?: number; response?: string }): string {
  if (e.responseCode !== undefined)
    return `SMTP ${e.responseCode}${e.response ? `: ${scrubAddresses(e.response)}` : ''}`;
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ETIMEDOUT' || e.code === 'ETIMEOUT') return 'timed out';
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET')
    return `connection failed (${scrubAddresses(e.message)})`;
  if (e.code === 'EAUTH') return 'authentication failed';
  return scrubAddresses(e.message);
}

/** Servers quote the recipient in their replies ("550 5.1.1 <x@y>: unknown"): keep them out of rows and logs. */
export function scrubAddresses(text: string): string {
  return text.replace(/[^\s<>"'@]+@[^\s<>"']+/g, '<address>').slice(0, 300);
}

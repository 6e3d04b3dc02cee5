import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';

export const EMAIL_LINK_SETTINGS = Symbol('EMAIL_LINK_SETTINGS');
export interface EmailLinkSettings {
  /** REPORTING_PUBLIC_URL; without it, this service's own address as it listens */
  publicUrl: string | undefined;
  host: string;
}

/**
 * Absolute URLs for the links in e-mails (a mail program has no base to resolve a path
 * against): REPORTING_PUBLIC_URL when set, else http://<HOST>:<the port it listens on>,
 * which is right for a service on one machine (npm start) and nothing else.
 */
@Injectable()
export class EmailLinks {
  constructor(
    @Inject(EMAIL_LINK_SETTINGS) private readonly settings: EmailLinkSettings,
    private readonly adapter: HttpAdapterHost,
  ) {}

  get base(): string {
    if (this.settings.publicUrl) return this.settings.publicUrl.replace(/\/+$/, '');
    const address = (this.adapter.httpAdapter?.getHttpServer() as Server | undefined)?.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const host =
      this.settings.host === '0.0.0.0' || this.settings.host === '::' ? '127.0.0.1' : this.settings.host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  confirm(token: string): string {
    return `${this.base}/email/confirm?code=${encodeURIComponent(token)}`;
  }

  unsubscribe(token: string): string {
    return `${this.base}/email/unsubscribe?code=${encodeURIComponent(token)}`;
  }

  /** A report link for readers with a key (the links in reports are paths without REPORTING_PUBLIC_URL). */
  absolute(pathOrUrl: string): string {
    return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${this.base}${pathOrUrl}`;
  }
}

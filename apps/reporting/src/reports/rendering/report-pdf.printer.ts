import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { LOGGER, type Logger } from '@ips/platform';
import { escapeHtml } from '@ips/presentation';

export const PDF_SETTINGS = Symbol('PDF_SETTINGS');
export interface PdfSettings {
  /** Chromium to print with; empty: no PDF */
  chromiumPath: string;
}

export class PdfUnavailableError extends Error {}

/**
 * Prints the HTML page as an A4 PDF in headless Chromium (playwright-core), with scripts
 * off and the network closed: the page is self-contained, so nothing needs loading.
 * Optional: without Chromium or playwright-core on the server, PDFs are refused (501) and
 * everything else works. One print at a time; the browser starts on first use.
 */
@Injectable()
export class ReportPdfPrinter implements OnApplicationShutdown {
  private browser: Promise<Browser> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(PDF_SETTINGS) private readonly settings: PdfSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  print(html: string, footer: string): Promise<Buffer> {
    const job = this.queue.catch(() => undefined).then(() => this.printNow(html, footer));
    this.queue = job;
    return job;
  }

  async onApplicationShutdown(): Promise<void> {
    const browser = await this.browser?.catch(() => null);
    await browser?.close().catch(() => undefined);
  }

  private async printNow(html: string, footer: string): Promise<Buffer> {
    const browser = await this.launch();
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort(),
      );
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '15mm', bottom: '18mm', left: '14mm', right: '14mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: `<div style="font-size:8px;width:100%;padding:0 14mm;color:#4b5459;display:flex;justify-content:space-between"><span>${escapeHtml(footer)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      });
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  private launch(): Promise<Browser> {
    this.browser ??= (async () => {
      const path = this.settings.chromiumPath;
      if (!path || !existsSync(path))
        throw new PdfUnavailableError(
          'PDF printing is not available on this server (REPORTING_CHROMIUM_PATH)',
        );
      let chromium: typeof import('playwright-core').chromium;
      try {
        ({ chromium } = await import('playwright-core'));
      } catch {
        throw new PdfUnavailableError(
          'PDF printing is not available on this server (playwright-core is not installed)',
        );
      }
      const browser = await chromium.launch({
        executablePath: path,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      browser.on('disconnected', () => {
        this.browser = null;
      });
      this.logger.info({ chromium: path }, 'started Chromium for PDF printing');
      return browser;
    })().catch((err: unknown) => {
      this.browser = null;
      throw err;
    });
    return this.browser;
  }
}

import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, watchPage, type PageWatch } from '../support/chromium';
import { http } from '../support/http';
import { TEST_OUTPUT } from '../support/service-process';
import { TrialHarness } from '../support/trial-harness';

// Issue 17, the trial site's page: ingest and projector run as processes against the real
// broker; Debian's Chromium loads /site from the ingest, signs in with the site's key, uploads
// the shipped example CSV (examples/site-upload.csv, one row deliberately broken), reads the
// answer on the spreadsheet's rows, downloads the refused rows, fixes them and uploads them
// again (by drag and drop) — with the key only in the Authorization header, every request to
// the ingest itself, and no console errors. Screenshots land in test-output/site-page/.

const OUT = join(TEST_OUTPUT, 'site-page');
const harness = new TrialHarness({ RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '1000' });
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ingest = '';
const watch: PageWatch = { requests: [], problems: [] };
const { requests, problems } = watch;

// The shipped example with fresh eventIds, so that a run never meets the ids of an earlier one
// (an eventId reused with other content, another site here, would be refused).
const example = readFileSync(join(__dirname, '../../examples/site-upload.csv'), 'utf8');
const fresh = new Map<string, string>();
const exampleCsv = example.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
  if (!fresh.has(id)) fresh.set(id, randomUUID());
  return fresh.get(id)!;
});
const exampleLines = exampleCsv.trim().split('\n');
const brokenLine = exampleLines.findIndex((l) => l.includes(',job.started,'));
const BROKEN_ROW = brokenLine + 1; // the spreadsheet's row: the header is row 1
const brokenEventId = exampleLines[brokenLine].split(',')[0];

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

async function upload(name: string, text: string): Promise<void> {
  await page.setInputFiles('#file', csvFile(name, text));
}

async function answerFor(name: string, timeout = 30_000): Promise<void> {
  await page.locator('#answer-title', { hasText: `The answer for ${name}` }).waitFor({ timeout });
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as {
          document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
        }
      ).document
        .querySelector('#main')
        ?.getAttribute('aria-busy') === 'false',
  );
}

async function count(id: string): Promise<string> {
  return (await page.locator(`#${id} dd`).innerText()).trim();
}

async function rowsTable(): Promise<string[][]> {
  return page
    .locator('#rows-table tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from(tr.querySelectorAll('th, td') as ArrayLike<{ textContent: string | null }>).map((c) =>
          (c.textContent ?? '').trim(),
        ),
      ),
    );
}

async function errorText(): Promise<string> {
  const box = page.locator('#error');
  await box.waitFor({ state: 'visible', timeout: 15_000 });
  return (await box.innerText()).trim();
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await harness.start(['ingest', 'projector']);
  await harness.createTrial(1, '2017-07-01');
  ingest = harness.url('ingest');
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    acceptDownloads: true,
  });
  page = await context.newPage();
  watchPage(page, watch);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await harness.stopAll();
}, 60_000);

describe('the site page in Chromium', () => {
  it('loads on its own, locked down, and asks for the site’s key', async () => {
    const response = await page.goto(`${ingest}/site`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(
      /^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+';/,
    );
    expect(await page.title()).toBe('IPS trial · site page');
    expect(await page.locator('#key').isVisible()).toBe(true);
    expect(await page.locator('#workspace').isHidden()).toBe(true);
  });

  it('refuses a wrong key, and a key that is not a site’s, and stays signed out', async () => {
    await page.fill('#key', 'ipsk_not-a-key-of-this-service');
    await page.click('#signin button[type="submit"]');
    expect(await errorText()).toBe('The key was not accepted (unknown, revoked or mistyped). Sign in again.');
    expect(await page.locator('#workspace').isHidden()).toBe(true);
    expect(await page.locator('#key').isVisible()).toBe(true);

    await page.fill('#key', harness.evaluatorKey);
    await page.click('#signin button[type="submit"]');
    await page.locator('#error', { hasText: 'This page is for a trial site’s key' }).waitFor();
    expect(await page.locator('#workspace').isHidden()).toBe(true);
  });

  it('signs in with the site key and names the site', async () => {
    await page.fill('#key', harness.sites[0].apiKey);
    await page.click('#signin button[type="submit"]');
    await page.locator('#workspace').waitFor({ state: 'visible' });
    expect(await page.locator('#key').inputValue()).toBe('');
    expect(await page.locator('#site-name').innerText()).toBe(
      `Site 1 (${harness.sites[0].siteId}), Test trial`,
    );
    expect(await page.locator('#error').isHidden()).toBe(true);
  });

  it('uploads the example CSV and answers row by row, the broken row by its spreadsheet row, field and rule', async () => {
    await upload('site-upload.csv', exampleCsv);
    await answerFor('site-upload.csv');
    expect(await count('count-rows')).toBe(String(exampleLines.length - 1));
    expect(await count('count-accepted')).toBe(String(exampleLines.length - 2));
    expect(await count('count-refused')).toBe('1');
    const rows = await rowsTable();
    expect(rows.map((r) => r[0])).toEqual(exampleLines.slice(1).map((_, i) => String(i + 2)));
    const broken = rows.find((r) => r[0] === String(BROKEN_ROW))!;
    expect(broken.slice(0, 4)).toEqual([String(BROKEN_ROW), 'Refused', brokenEventId, 'data.hoursPerWeek']);
    expect(broken[4]).toMatch(/hoursPerWeek must not be greater than 80/);
    expect(rows.filter((r) => r[1] === 'Accepted')).toHaveLength(exampleLines.length - 2);
    await page.screenshot({ path: join(OUT, 'site-upload-answer.png'), fullPage: true });
  });

  it('gives back the refused row as a CSV with an errors column', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-refused')]);
    expect(download.suggestedFilename()).toBe('site-upload-refused-rows.csv');
    const text = readFileSync(await download.path(), 'utf8');
    const [header, row, ...rest] = text.split('\r\n');
    expect(header).toBe(`${exampleLines[0]},errors`);
    expect(row.startsWith(`${exampleLines[brokenLine]},`)).toBe(true);
    expect(row.slice(exampleLines[brokenLine].length + 1)).toMatch(
      /^"?data\.hoursPerWeek: .*must not be greater than 80/,
    );
    expect(rest).toEqual(['']);

    // fixed in the file itself, and dropped on the page: accepted, the errors column left out
    const fixed = text.replace(`,job-1,95,`, `,job-1,20,`);
    expect(fixed).not.toBe(text);
    // in the page (the test compiles without DOM types): a drop of that file
    const dataTransfer = await page.evaluateHandle((csv: string) => {
      const inPage = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: string[], name: string, options: { type: string }) => unknown;
      };
      const dt = new inPage.DataTransfer();
      dt.items.add(new inPage.File([csv], 'site-upload-refused-rows.csv', { type: 'text/csv' }));
      return dt;
    }, fixed);
    await page.dispatchEvent('#drop', 'drop', { dataTransfer });
    await answerFor('site-upload-refused-rows.csv');
    expect(await count('count-accepted')).toBe('1');
    expect(await count('count-refused')).toBe('0');
    expect((await rowsTable()).map((r) => r.slice(0, 3))).toEqual([['2', 'Accepted', brokenEventId]]);
    expect(await page.locator('#answer-note').innerText()).toContain(
      'errors (from a refused-rows download), was left out',
    );
    expect(await page.locator('#download-refused').isHidden()).toBe(true);
  });

  it('tells duplicates apart when the same file comes again', async () => {
    await upload('site-upload-again.csv', exampleCsv);
    await answerFor('site-upload-again.csv');
    expect(await count('count-accepted')).toBe('0');
    expect(await count('count-refused')).toBe('1');
    expect(await count('count-duplicates')).toBe(String(exampleLines.length - 2));
    const outcomes = (await rowsTable()).map((r) => r[1]);
    expect(outcomes.filter((o) => o === 'Duplicate (sent before)')).toHaveLength(exampleLines.length - 2);
  });

  it('uploads a large file with progress, and lists its refused rows first', async () => {
    const rows = 20_000;
    const broken = 15_001; // the spreadsheet row of the one bad date
    const lines = ['eventId,type,participantId,occurredOn'];
    for (let row = 2; row <= rows + 1; row++)
      lines.push(
        `${randomUUID()},participant.consented,BIG-${row},${row === broken ? '2017-13-01' : '2017-08-01'}`,
      );
    const text = `${lines.join('\n')}\n`;
    await upload('large.csv', text);
    await answerFor('large.csv', 150_000);
    expect(await count('count-rows')).toBe(rows.toLocaleString('en-GB'));
    expect(await count('count-accepted')).toBe((rows - 1).toLocaleString('en-GB'));
    expect(await count('count-refused')).toBe('1');
    // the upload went through the progress bar to its end
    expect(await page.locator('#progress').evaluate((el) => (el as unknown as { value: number }).value)).toBe(
      100,
    );
    expect(await page.locator('#progress-text').textContent()).toBe(
      // what was sent: the page sends the rows one a line, as spreadsheets write CSV (CRLF)
      `100% of ${(Buffer.byteLength(`${lines.join('\r\n')}\r\n`) / 1024).toFixed(0)} KB`,
    );
    expect(await page.locator('#rows-table caption').innerText()).toMatch(
      /^The first 2,000 rows, refused ones first/,
    );
    const table = await rowsTable();
    expect(table).toHaveLength(2000);
    expect(table[0].slice(0, 4)).toEqual([
      String(broken),
      'Refused',
      lines[broken - 1].split(',')[0],
      'occurredOn',
    ]);
  }, 180_000);

  it('says in words what is wrong with a file that is not CSV, is empty, too large or has unknown columns', async () => {
    await page.setInputFiles('#file', {
      name: 'events.xlsx',
      mimeType: 'application/vnd.ms-excel',
      buffer: Buffer.from('PK\u0003\u0004'),
    });
    expect(await errorText()).toMatch(/^events\.xlsx is a spreadsheet workbook, not a CSV file/);
    expect(await page.locator('#answer').isHidden()).toBe(true);

    await page.setInputFiles('#file', {
      name: 'renamed.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([0x50, 0x4b, 3, 4, 0, 0]),
    });
    expect(await errorText()).toMatch(/^renamed\.csv is a spreadsheet workbook \(or another packed file\)/);

    await upload('empty.csv', '');
    expect(await errorText()).toMatch(/^empty\.csv is empty\./);

    // a sparse file: 51 MB long, nothing written (the page judges the size before reading)
    const huge = join(OUT, 'huge.csv');
    writeFileSync(huge, '');
    truncateSync(huge, 51 * 1024 * 1024);
    try {
      await page.setInputFiles('#file', huge);
      expect(await errorText()).toMatch(/^huge\.csv is too large for this page \(51 MB; at most 50 MB\)/);
    } finally {
      rmSync(huge, { force: true });
    }

    // the API's own answer, unchanged, under a sentence
    const api = await http('POST', `${ingest}/v1/events/csv`, {
      key: harness.sites[0].apiKey,
      contentType: 'text/csv',
      body: 'eventId,type,participantId,occurredOn,data.hours\n',
    });
    expect(api.status).toBe(400);
    await upload('columns.csv', 'eventId,type,participantId,occurredOn,data.hours\n');
    await page.locator('#error', { hasText: api.body.message }).waitFor();
    const shown = await errorText();
    expect(shown).toContain(`The file was not accepted: ${api.body.message}.`);
    for (const d of api.body.details) expect(shown).toContain(d.message);
    expect(shown).toContain('unknown column "data.hours"');
    await page.screenshot({ path: join(OUT, 'site-upload-bad-columns.png'), fullPage: true });
  });

  it('lists the site’s open data-quality findings by kind, with the participant, the event and how to fix it', async () => {
    // the example's job.ended names a job never started (a finding, not a refusal)
    const endedLine = exampleLines.find((l) => l.includes(',job.ended,'))!;
    const [endedId, , participant, dated] = endedLine.split(',');
    const kind = page.locator('.finding-kind[data-code="job_ended_without_start"]');
    for (let i = 0; i < 150 && (await kind.count()) === 0; i++) {
      await page.click('#dq-refresh');
      await page.waitForFunction(
        () =>
          (
            globalThis as unknown as {
              document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
            }
          ).document
            .querySelector('#data-quality')
            ?.getAttribute('aria-busy') === 'false',
      );
    }
    await kind.waitFor({ timeout: 1_000 });
    expect(await kind.locator('h3').innerText()).toBe('A job ended that never started (1)');
    expect(await kind.locator('.fix').innerText()).toMatch(/^How to fix: Send the missing job\.started/);
    const cells = await kind.locator('tbody tr').first().locator('th, td').allInnerTexts();
    expect(cells.slice(0, 3)).toEqual([participant, endedId, dated]);
    await page.screenshot({ path: join(OUT, 'site-data-quality.png'), fullPage: true });
  });

  it('offers a template per event type that the ingest accepts as it is', async () => {
    const href = await page.locator('#templates a').first().getAttribute('href');
    expect(href).toBe('v1/events/csv/templates/participant.referred.csv');
    const template = await http('GET', `${ingest}/${href}`);
    expect(template.status).toBe(200);
    expect(template.headers.get('content-disposition')).toBe(
      'attachment; filename="ips-participant-referred-template.csv"',
    );
    const [header, row] = template.text.split('\r\n');
    const sent = await http('POST', `${ingest}/v1/events/csv`, {
      key: harness.sites[0].apiKey,
      contentType: 'text/csv',
      body: `${header}\r\n${row.replace(/^[^,]+/, randomUUID())}\r\n`,
    });
    expect(sent.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it('sent the key only in the Authorization header, only to the ingest, and logged no errors', () => {
    expect(requests.length).toBeGreaterThan(5);
    for (const r of requests) {
      expect(r.url.startsWith(`${ingest}/`)).toBe(true);
      expect(r.url).not.toContain(harness.sites[0].apiKey);
    }
    const api = requests.filter((r) => r.url.includes('/v1/'));
    expect(api.length).toBeGreaterThan(4);
    for (const r of api) expect(r.authorization).toMatch(/^Bearer /);
    // Chromium logs each refused request itself: the wrong key (401) and the unknown column (400)
    const refused = problems.filter((p) =>
      /Failed to load resource: the server responded with a status of 40[01]/.test(p),
    );
    expect(refused.map((p) => /status of (\d+)/.exec(p)![1]).sort()).toEqual(['400', '401']);
    expect(problems.filter((p) => !refused.includes(p))).toEqual([]);
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { http } from '../support/http';
import { TEST_OUTPUT } from '../support/service-process';
import { ReportingApp, ReportingWorld } from './support/reporting-app';
import { CONTRAST_AUDIT, launchChromium } from '../support/chromium';

// Issue 5: the HTML report, served by the real service from a realistic simulated trial,
// loaded in Debian's Chromium. Screenshots and the PDF land in test-output/reporting/.

const OUT = join(TEST_OUTPUT, 'reporting');

const world = new ReportingWorld();
let app: ReportingApp;
let browser: Browser;
let page: Page;
let reportUrl = '';
const requested: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await world.create('2017-07-01');
  await world.project({ participants: 3000, seed: 7, now: new Date('2019-06-30T12:00:00Z') });
  app = await new ReportingApp(world, new Date('2019-03-01T09:00:00Z')).start();
  // a monitoring plan (DESIGN §6c), so the report carries the monitoring table
  const plan = await http('PUT', `${app.url}/v1/trials/${world.trialId}/monitoring`, {
    key: world.keys.programmeLead,
    json: { primaryOutcome: 'jobStart12m', plannedParticipants: 3000 },
  });
  expect(plan.status).toBe(200);
  const report = await http('POST', `${app.url}/v1/trials/${world.trialId}/reports`, {
    key: world.keys.programmeLead,
    json: { type: 'interim', asOf: '2019-03-01' },
  });
  expect(report.status).toBe(201);
  reportUrl = `${app.url}${report.body.links.html}`;
  // the page as served, for people to open
  writeFileSync(
    join(OUT, 'report-page.html'),
    (await http('GET', reportUrl, { key: world.keys.programmeLead })).text,
  );
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1100, height: 1400 },
    extraHTTPHeaders: { authorization: `Bearer ${world.keys.programmeLead}` },
  });
  page = await context.newPage();
  page.on('request', (r) => requested.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  const response = await page.goto(reportUrl, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
}, 60_000);

describe('the HTML report in Chromium', () => {
  it('loads on its own: nothing else is requested and nothing fails', async () => {
    expect(requested).toEqual([reportUrl]);
    expect(consoleErrors).toEqual([]);
    expect(await page.title()).toBe('Interim report: Health-led employment trial (test)');
    expect(await page.locator('h1').innerText()).toBe('Interim report: outcomes as of 1 March 2019');
    await page.screenshot({ path: join(OUT, 'report-page.png'), fullPage: true });
  });

  it('states the headline effect with its confidence interval in plain words', async () => {
    const headline = await page.locator('p.headline').first().innerText();
    expect(headline).toMatch(
      /^Within 12 months of joining the trial, \d+\.\d% of people offered IPS had started a paid job, compared with \d+\.\d% of people offered usual care\.$/,
    );
    expect(await page.locator('p.headline-detail').innerText()).toMatch(
      /percentage points (more|fewer) with IPS \(95% confidence interval: [+−]\d+\.\d to [+−]\d+\.\d points\)/,
    );
  });

  it('draws the Kaplan–Meier curves of both arms with their confidence bands', async () => {
    const chart = page.locator('svg.km-chart');
    await expect(chart.isVisible()).resolves.toBe(true);
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    const lines = await page.$$eval('svg.km-chart path.km-line', (paths) =>
      paths
        .map((p) => (p as unknown as { getBBox(): { width: number; height: number } }).getBBox())
        .map(({ width, height }) => ({ width, height })),
    );
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.width).toBeGreaterThan(400); // drawn across most of the year
      expect(line.height).toBeGreaterThan(50); // and rising
    }
    expect(await page.locator('svg.km-chart path.km-band').count()).toBe(2);
    const label = await chart.getAttribute('aria-labelledby');
    for (const id of label!.split(' '))
      expect((await page.locator(`[id="${id}"]`).textContent())!.length).toBeGreaterThan(20);
    await chart.screenshot({ path: join(OUT, 'km-chart.png') });
  });

  it('draws the CONSORT flow', async () => {
    const flow = page.locator('svg.consort-flow');
    await expect(flow.isVisible()).resolves.toBe(true);
    expect(await page.locator('svg.consort-flow g.consort-box').count()).toBe(4 + 1 + 1 + 6);
    expect(await flow.locator('text', { hasText: 'Randomised' }).count()).toBe(1);
    await flow.screenshot({ path: join(OUT, 'consort-flow.png') });
  });

  it('has the tables by arm, condition, site and cohort, each with a caption and scoped headers', async () => {
    const tables = await page.$$eval('table', (ts) =>
      ts.map((t) => ({
        caption: t.querySelector('caption')?.textContent ?? '',
        columnHeaders: t.querySelectorAll('thead th[scope="col"]').length,
        rows: t.querySelectorAll('tbody tr').length,
      })),
    );
    const captions = tables.map((t) => t.caption);
    for (const caption of [
      'Participant flow',
      'Outcomes by arm',
      'Outcomes by condition and arm',
      'Outcomes by site and arm',
      'Outcomes by cohort and arm',
    ]) {
      expect(captions).toContain(caption);
    }
    for (const t of tables) {
      expect(t.caption.length).toBeGreaterThan(5);
      expect(t.columnHeaders).toBeGreaterThan(1);
      expect(t.rows).toBeGreaterThan(0);
    }
    // the small pilot site is in the table, its figures suppressed
    const pilot = await page
      .locator('table:has(caption:text-is("Outcomes by site and arm")) tbody tr', {
        hasText: 'Rotherham pilot',
      })
      .first()
      .innerText();
    expect(pilot).toMatch(/\*/);
    expect(await page.locator('text=have been in the trial for a full year').count()).toBe(1);
  });

  it('compares the arms (definitions version 2), each figure with a sentence saying what it means', async () => {
    const section = page.locator('section:has(h2#comparisons)');
    await expect(section.isVisible()).resolves.toBe(true);
    const rows = section.locator('table:has(caption:text-is("How the arms compare")) tbody tr');
    expect(await rows.count()).toBe(4);
    const hazard = await rows.first().innerText();
    expect(hazard).toMatch(/^Hazard ratio for finding a first job\s+\d+\.\d\d \(\d+\.\d\d to \d+\.\d\d\)/);
    expect(hazard).toContain('A hazard ratio above 1 means people offered IPS found a first job sooner');
    expect(await rows.nth(1).innerText()).toMatch(/IPS [\d,]+ first jobs \([\d,.]+ expected\)/);
    for (const heading of ['condition', 'site', 'cohort'])
      expect(await page.locator(`caption:text-is("Comparing the arms by ${heading}")`).count()).toBe(1);
  });

  it('shows health and wellbeing by arm for every instrument, saying which direction is better', async () => {
    const section = page.locator('section:has(h2#wellbeing)');
    await expect(section.isVisible()).resolves.toBe(true);
    expect(await section.locator('h3').count()).toBe(5);
    const directions = await section.locator('p.direction strong').allInnerTexts();
    expect(directions).toEqual([
      'Higher is better',
      'Higher is better',
      'Lower is better',
      'Lower is better',
      'Higher is better',
    ]);
    const tables = section.locator('table.wellbeing');
    expect(await tables.count()).toBe(5);
    for (let i = 0; i < 5; i++) expect(await tables.nth(i).locator('tbody tr').count()).toBe(2);
    expect(await section.locator('p.adjusted').first().innerText()).toMatch(
      /^Difference between the arms at 12 months/,
    );
    await section.screenshot({ path: join(OUT, 'wellbeing-section.png') });
  });

  it('shows the monitoring table with its verdict in words', async () => {
    const section = page.locator('section:has(h2#monitoring)');
    await expect(section.isVisible()).resolves.toBe(true);
    expect(await section.locator('p.verdict').innerText()).toMatch(
      /O’Brien–Fleming boundary was (not )?crossed at this look|not a look of the monitoring plan/,
    );
    expect(await section.locator('table.monitoring-looks').count()).toBe(1);
  });

  it('has enough contrast for every piece of text', async () => {
    const failures = await page.evaluate<string[]>(CONTRAST_AUDIT);
    expect(failures).toEqual([]);
  });

  it('prints to A4 PDF, and the service serves the same page as a PDF', async () => {
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(OUT, 'report-page.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const served = await fetch(reportUrl.replace(/\.html$/, '.pdf'), {
      headers: { authorization: `Bearer ${world.keys.programmeLead}`, connection: 'close' },
    });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(50_000);
    writeFileSync(join(OUT, 'report-served.pdf'), bytes);
  }, 60_000);
});

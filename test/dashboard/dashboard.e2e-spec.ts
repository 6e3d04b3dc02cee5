import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TrialSimulation } from '@ips/simulation';
import { sql } from '../support/database';
import { eventually, http } from '../support/http';
import { eventStoreCount } from '../support/journeys';
import { TEST_OUTPUT } from '../support/service-process';
import { fixedClockEnv } from '../support/test-env';
import { TrialHarness } from '../support/trial-harness';
import { unzipTo } from '../support/unzip';
import { CONTRAST_AUDIT, launchChromium, watchPage, type PageWatch } from '../support/chromium';

// Issue 6, the evaluator's web page: ingest, projector and query run as processes; a
// simulated trial goes in through the ingest API and Kafka; Debian's Chromium loads
// /dashboard from the query service, signs in with the evaluator's key, and must show the
// numbers the JSON API gives, follow a changed filter, download the CSV — with the key
// only ever in the Authorization header and nothing requested from anywhere else.
// Screenshots land in test-output/dashboard/.

const OUT = join(TEST_OUTPUT, 'dashboard');
// "Now" for the simulated trial, the query service (its clock starts here: fixedClockEnv) and
// the page (Playwright's clock): noon UTC, so a run never sees the date change under it.
const NOW = new Date('2019-06-30T12:00:00Z');
const TODAY = NOW.toISOString().slice(0, 10);

const harness = new TrialHarness({ RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '1000' });
let browser: Browser;
let context: BrowserContext;
let page: Page;
let query = '';
const watch: PageWatch = { requests: [], problems: [] };
const { requests, problems } = watch;

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;
const points = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v * 100).toFixed(1)}`;
const count = (v: number) => v.toLocaleString('en-GB');

async function api(path: string, key = harness.evaluatorKey, accept?: string) {
  const res = await http('GET', `${query}${path}`, { key, accept });
  expect(res.status).toBe(200);
  return res;
}

/** The text and data-value of a body cell: the row whose header is `row`, the `column`-th cell. */
async function cellOf(
  tableId: string,
  row: string,
  column: number,
): Promise<{ figure: string; value: string | null; ci: string; title: string | null }> {
  const cell = page
    .locator(`#${tableId} tbody tr`)
    .filter({ has: page.locator('th', { hasText: new RegExp(`^${row}$`) }) })
    .locator('td')
    .nth(column);
  return {
    figure: await cell
      .locator('.figure')
      .first()
      .evaluate((el) => (el.querySelector('[aria-hidden="true"]') ?? el).textContent!.trim()),
    value: await cell.getAttribute('data-value'),
    ci: (await cell.locator('.ci').count()) > 0 ? (await cell.locator('.ci').first().innerText()).trim() : '',
    title: await cell
      .locator('.na.figure')
      .first()
      .getAttribute('title', { timeout: 100 })
      .catch(() => null),
  };
}

// In the page (as functions: the page's policy forbids evaluating strings; `globalThis` since the test compiles without DOM types).
type InPage = {
  document: {
    querySelector(s: string): { textContent: string | null; getAttribute(n: string): string | null } | null;
    querySelectorAll(s: string): { length: number };
  };
};
const shows = ([text]: [string]) => {
  const { document } = globalThis as unknown as InPage;
  return (
    document.querySelector('#card-randomised .card-figure')?.textContent === text &&
    document.querySelector('#main')?.getAttribute('aria-busy') === 'false'
  );
};
const rowsOf = ([selector, n]: [string, number]) =>
  (globalThis as unknown as InPage).document.querySelectorAll(selector).length === n;

/** Waits until the page shows the figures of an answer with this many randomised. */
async function settled(randomised: number, on: Page = page): Promise<void> {
  await on.waitForFunction(shows, [count(randomised)] as [string], { timeout: 15_000 });
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await harness.start(['ingest', 'projector']);
  await harness.start(['query'], fixedClockEnv(NOW));
  await harness.createTrial(2, '2017-07-01');
  query = harness.url('query');

  const simulation = new TrialSimulation(
    {
      participants: 700,
      seed: 23,
      startDate: '2017-07-01',
      sites: harness.sites.map((s, i) => ({
        siteId: s.siteId,
        name: `Site ${i + 1}`,
        profile: i === 0 ? 'sheffield' : 'west-midlands',
        share: i === 0 ? 0.6 : 0.4,
      })),
    },
    NOW,
  );
  const bySite = new Map<string, Record<string, unknown>[]>();
  for (const upload of simulation.uploads()) {
    if (!upload.valid) continue;
    bySite.set(upload.envelope.siteId, [
      ...(bySite.get(upload.envelope.siteId) ?? []),
      upload.envelope as unknown as Record<string, unknown>,
    ]);
  }
  const eventIds = new Set<string>();
  for (const site of harness.sites) {
    const events = bySite.get(site.siteId) ?? [];
    for (let i = 0; i < events.length; i += 1000) {
      const batch = events.slice(i, i + 1000);
      const res = await http('POST', `${harness.url('ingest')}/v1/events`, { key: site.apiKey, json: batch });
      expect(res.status).toBe(202);
      expect(res.body.rejected).toEqual([]);
      for (const e of batch) eventIds.add(e.eventId as string);
    }
  }
  await eventually(
    async () =>
      (await eventStoreCount(harness.sites.map((s) => s.siteId))).distinct === eventIds.size
        ? true
        : undefined,
    120_000,
    'every event projected',
  );

  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    acceptDownloads: true,
  });
  await context.clock.setFixedTime(NOW);
  page = await context.newPage();
  watchPage(page, watch);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await harness.stopAll();
}, 60_000);

describe('the evaluator dashboard in Chromium', () => {
  it('loads on its own, locked down, and asks for a key', async () => {
    const response = await page.goto(`${query}/dashboard#trial=${harness.trialId}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(
      /^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+';/,
    );
    expect(await page.title()).toBe('IPS trial outcomes · evaluator dashboard');
    expect(await page.locator('#key').isVisible()).toBe(true);
    expect(await page.locator('#results').isHidden()).toBe(true);
    expect(await page.locator('#asOf').isDisabled()).toBe(true);
    expect(await page.locator('#download').isDisabled()).toBe(true);
    await page.screenshot({ path: join(OUT, 'dashboard-signed-out.png') });
  });

  it('signs in with the evaluator key and shows the outcomes by arm exactly as the API gives them', async () => {
    await page.fill('#key', harness.evaluatorKey);
    await page.click('#signin button[type="submit"]');
    const outcomes = (await api(`/v1/trials/${harness.trialId}/outcomes?groupBy=arm`)).body;
    const total = (field: string) =>
      outcomes.groups.reduce((n: number, g: { flow: Record<string, number> }) => n + g.flow[field], 0);
    await settled(total('randomised'));
    expect(await page.locator('#key').inputValue()).toBe('');
    expect(await page.locator('#account').isVisible()).toBe(true);
    expect(await page.locator('#trial').inputValue()).toBe(harness.trialId);
    const today = TODAY;
    expect(await page.locator('#asOf').inputValue()).toBe(today);
    expect(outcomes.asOf).toBe(today);

    // overview: the trial as of today, with the follow-up spelled out
    const facts = await page
      .locator('#context .fact')
      .evaluateAll((items) =>
        items.map((f) => [f.querySelector('dt')!.textContent, f.querySelector('dd')!.textContent]),
      );
    expect(Object.fromEntries(facts)).toEqual({
      Trial: `Test trial (${harness.trialId})`,
      'As of': `${new Date(`${today}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })} (today)`,
      Filters: 'none',
      Definitions: 'version 2',
    });
    expect(await page.locator('#card-follow-up .card-figure').innerText()).toBe(
      count(total('followUpComplete')),
    );
    expect(await page.locator('#follow-up-note').innerText()).toContain(
      `${count(total('followUpComplete'))} of the ${count(total('randomised'))} people randomised in this view (${percent(total('followUpComplete') / total('randomised'))}) have full 12-month follow-up`,
    );

    // the flow table, a column per arm
    const flowColumns = await page.locator('#flow-table thead th').allInnerTexts();
    expect(flowColumns).toEqual(['Stage', 'IPS', 'Usual care', 'Not randomised', 'Total']);
    const randomisedRow = await page
      .locator('#flow-table tbody tr', { has: page.locator('th', { hasText: /^Randomised$/ }) })
      .locator('td')
      .allInnerTexts();
    expect(randomisedRow).toEqual([
      ...outcomes.groups.map((g: { flow: { randomised: number } }) => count(g.flow.randomised)),
      count(total('randomised')),
    ]);

    // 12-month outcomes and the effects, to the digit
    const [ips, usualCare] = outcomes.groups;
    expect(ips.key).toEqual({ arm: 'ips' });
    const jobStart = await cellOf('twelve-month-table', 'IPS', 1);
    expect(Number(jobStart.value)).toBe(ips.jobStart12m.rate);
    expect(jobStart.figure).toBe(percent(ips.jobStart12m.rate));
    expect(jobStart.ci).toBe(
      `[${(ips.jobStart12m.lower * 100).toFixed(1)}, ${(ips.jobStart12m.upper * 100).toFixed(1)}]`,
    );
    const days = await cellOf('twelve-month-table', 'Usual care', 3);
    expect(Number(days.value)).toBe(usualCare.daysEmployed12m.mean);
    const hours = await cellOf('job-quality-table', 'IPS', 3);
    expect(Number(hours.value)).toBe(ips.hours16Plus.meanHours);

    const effect = outcomes.effects.find((e: { metric: string }) => e.metric === 'jobStart12m');
    const effectRow = page.locator('#effects-table tbody tr', {
      has: page.locator('th', { hasText: /^Started a job within 12 months$/ }),
    });
    expect(Number(await effectRow.locator('td').nth(2).getAttribute('data-value'))).toBe(
      effect.riskDifference,
    );
    expect(await effectRow.locator('td').nth(2).locator('.figure').innerText()).toBe(
      `${points(effect.riskDifference)} pp`,
    );
    expect(await effectRow.locator('td').nth(2).locator('.ci').innerText()).toBe(
      `[${points(effect.lower)}, ${points(effect.upper)}]`,
    );
    expect(await effectRow.locator('td').nth(0).locator('.detail').innerText()).toBe(
      `${effect.ips.numerator} / ${effect.ips.denominator}`,
    );
    expect(await page.locator('#effects-table td.plot svg').count()).toBe(2);

    // Kaplan–Meier at 3, 6 and 12 months
    for (const [column, point] of ips.firstJob.at.entries()) {
      const c = await cellOf('first-job-table', 'IPS', 3 + column);
      expect(c.value === null ? null : Number(c.value)).toBe(point.cumulativeIncidence);
    }
  });

  it('draws the Kaplan–Meier curves of both arms with the API’s numbers, and the numbers at risk', async () => {
    const curves = (await api(`/v1/trials/${harness.trialId}/outcomes/first-job-curves?groupBy=arm`)).body;
    const chart = page.locator('#chart svg.km-chart');
    expect(await chart.isVisible()).toBe(true);
    expect(await chart.locator('path.km-line').count()).toBe(2);
    expect(await chart.locator('path.km-band').count()).toBe(2);
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    const labels = await chart.locator('text[font-weight="600"]').allTextContents();
    for (const g of curves.groups.filter((c: { n: number }) => c.n > 0)) {
      const last = g.steps[g.steps.length - 1].cumulativeIncidence;
      expect(labels).toContain(`${g.key.arm === 'ips' ? 'IPS' : 'Usual care'} ${(last * 100).toFixed(0)}%`);
      const atRisk = await page
        .locator('#at-risk-table tbody tr', {
          has: page.locator('th', { hasText: g.key.arm === 'ips' ? /^IPS$/ : /^Usual care$/ }),
        })
        .locator('td')
        .allInnerTexts();
      const expected = [0, 91, 182, 273, 365].map((day) =>
        count(g.steps.find((s: { day: number }) => s.day >= day)?.atRisk ?? 0),
      );
      expect(atRisk).toEqual(expected);
    }
    // named for screen readers by the chart's own title and description
    expect(await chart.getAttribute('aria-labelledby')).toBe('first-job-curves-title first-job-curves-desc');
    expect(await page.locator('#first-job-curves-desc').textContent()).toMatch(
      /^IPS: \d+\.\d% had a first job by day \d+/,
    );
    await chart.screenshot({ path: join(OUT, 'km-chart.png') });
  });

  it('shows the wellbeing scores by arm per instrument, with the adjusted difference, as the API gives them', async () => {
    const outcomes = (await api(`/v1/trials/${harness.trialId}/outcomes?groupBy=arm`)).body;
    const rows = page.locator('#wellbeing-table tbody tr');
    expect(await rows.count()).toBe(5);
    expect(await page.locator('#wellbeing-table tbody th').allInnerTexts()).toEqual([
      'Mental wellbeing (WEMWBS, 14\u201370) \u2014 higher is better',
      'Mental wellbeing, short form (SWEMWBS, 7\u201335) \u2014 higher is better',
      'Depression (PHQ-9, 0\u201327) \u2014 lower is better',
      'Anxiety (GAD-7, 0\u201321) \u2014 lower is better',
      'Self-rated health (EQ-5D VAS, 0\u2013100) \u2014 higher is better',
    ]);
    const ips = outcomes.groups.find((g: { key: { arm: string } }) => g.key.arm === 'ips');
    const usualCare = outcomes.groups.find((g: { key: { arm: string } }) => g.key.arm === 'usual_care');
    const phq9 = rows.nth(2).locator('td');
    const value = async (i: number) => {
      const v = await phq9.nth(i).getAttribute('data-value');
      return v === null ? null : Number(v);
    };
    expect(await value(0)).toBe(ips.wellbeing[2].baselineMean);
    expect(await value(2)).toBe(ips.wellbeing[2].change.mean);
    expect(await value(3)).toBe(ips.wellbeing[2].due - ips.wellbeing[2].withFollowUp);
    expect(await value(7)).toBe(usualCare.wellbeing[2].due - usualCare.wellbeing[2].withFollowUp);
    // the simulated trial is old enough for follow-ups: the table is not empty
    expect(ips.wellbeing[2].change.n).toBeGreaterThan(10);
    expect(await value(8)).toBe(outcomes.comparisons[0].wellbeing[2].adjustedDifference);
    expect(outcomes.comparisons[0].wellbeing[2].adjustedDifference).not.toBeNull();
  });

  it('shows the data-quality counts by kind and by site', async () => {
    const dq = (await api(`/v1/trials/${harness.trialId}/data-quality`)).body;
    expect(dq.count).toBeGreaterThan(0);
    expect(await page.locator('#card-findings .card-figure').innerText()).toBe(count(dq.count));
    const byCode = await page
      .locator('#dq-by-code tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [r.querySelector('th')!.textContent, r.querySelector('td')!.textContent]),
      );
    expect(Object.fromEntries(byCode)).toEqual(
      Object.fromEntries(
        Object.entries(dq.byCode as Record<string, number>).map(([code, n]) => [
          code.charAt(0).toUpperCase() + code.slice(1).replace(/_/g, ' '),
          count(n),
        ]),
      ),
    );
    const bySite = await page.locator('#dq-by-site tbody tr th').allInnerTexts();
    expect(bySite.sort()).toEqual(
      Object.keys(dq.bySite)
        .map((id) => `Site ${harness.sites.findIndex((s) => s.siteId === id) + 1}`)
        .sort(),
    );
  });

  it('looks right at 1280 px: readable contrast, nothing cut off', async () => {
    expect(await page.evaluate<string[]>(CONTRAST_AUDIT)).toEqual([]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(OUT, 'dashboard-1280.png'), fullPage: true });
    await page.screenshot({ path: join(OUT, 'dashboard-1280-top.png') });
  });

  it('follows a changed filter: the figures change to the API’s for that filter, and the view is in the link', async () => {
    const before = await page.locator('#card-randomised .card-figure').innerText();
    const filtered = (await api(`/v1/trials/${harness.trialId}/outcomes?groupBy=arm&condition=mental_health`))
      .body;
    const randomised = filtered.groups.reduce(
      (n: number, g: { flow: { randomised: number } }) => n + g.flow.randomised,
      0,
    );
    await page.selectOption('#filter-condition', 'mental_health');
    await settled(randomised);
    expect(await page.locator('#card-randomised .card-figure').innerText()).not.toBe(before);
    expect(new URL(page.url()).hash).toBe(`#trial=${harness.trialId}&groupBy=arm&condition=mental_health`);
    expect(await page.locator('#context').textContent()).toContain('FiltersCondition: Mental health');
    const jobStart = await cellOf('twelve-month-table', 'IPS', 1);
    expect(Number(jobStart.value)).toBe(filtered.groups[0].jobStart12m.rate);
    expect(await page.locator('#chart-caption').innerText()).toContain('(filters: Condition: Mental health)');

    // a second dimension: a row per site and arm, effects per site
    const bySite = (
      await api(`/v1/trials/${harness.trialId}/outcomes?groupBy=site,arm&condition=mental_health`)
    ).body;
    await page.check('input[name="groupBy"][value="site"]');
    await page.waitForFunction(
      rowsOf,
      ['#effects-table tbody tr', bySite.effects.length] as [string, number],
      { timeout: 15_000 },
    );
    expect(await page.locator('#twelve-month-table tbody th').allInnerTexts()).toEqual(
      bySite.groups
        .filter((g: { flow: { randomised: number } }) => g.flow.randomised > 0)
        .map(
          (g: { key: { site: string; arm: string } }) =>
            `Site ${harness.sites.findIndex((s) => s.siteId === g.key.site) + 1} · ${g.key.arm === 'ips' ? 'IPS' : 'Usual care'}`,
        ),
    );
    expect(new URL(page.url()).hash).toBe(
      `#trial=${harness.trialId}&groupBy=site,arm&condition=mental_health`,
    );
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(OUT, 'dashboard-filtered.png'), fullPage: true });
  });

  it('downloads the CSV of the view, the same as the API’s', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe(`${harness.trialId}-outcomes-${TODAY}.csv`);
    const saved = join(OUT, 'dashboard-download.csv');
    await download.saveAs(saved);
    const expected = await api(
      `/v1/trials/${harness.trialId}/outcomes?groupBy=site,arm&condition=mental_health`,
      harness.evaluatorKey,
      'text/csv',
    );
    expect(readFileSync(saved, 'utf8')).toBe(expected.text);
    expect(expected.text.split('\r\n')[0]).toMatch(/^key\.site,key\.arm,flow\.referred,/);
  });

  it('lets an evaluator download the analysis dataset of the whole trial (DESIGN §6d), logged', async () => {
    expect(await page.locator('#export-analysis').isVisible()).toBe(true);
    await page.check('#export-shift');
    const asOf = await page.inputValue('#asOf');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.click('#export-analysis'),
    ]);
    expect(download.suggestedFilename()).toBe(`${harness.trialId}-analysis-${asOf}-shifted.zip`);
    const saved = join(OUT, 'dashboard-analysis-dataset.zip');
    await download.saveAs(saved);
    const dir = mkdtempSync(join(tmpdir(), 'ips-dashboard-export-'));
    try {
      expect(await unzipTo(readFileSync(saved), dir)).toEqual([
        'participants.csv',
        'jobs.csv',
        'measurements.csv',
        'dictionary.csv',
        'load.R',
        'load.do',
        'manifest.json',
      ]);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({ trialId: harness.trialId, asOf, shiftDates: true });
      // the whole trial, whatever the filters on the page
      expect(manifest.participants).toBeGreaterThan(600);
      const audit = await sql<{ outcome: string; details: { exportId: string } }>(
        `SELECT outcome, details FROM audit_log WHERE action = 'analysis_export.create' AND details->>'trialId' = $1`,
        [harness.trialId],
      );
      expect(audit.map((a) => [a.outcome, a.details.exportId])).toEqual([['ok', manifest.exportId]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows a figure that cannot be estimated yet as a dash that says why', async () => {
    await page.uncheck('input[name="groupBy"][value="site"]');
    const early = (
      await api(`/v1/trials/${harness.trialId}/outcomes?groupBy=arm&condition=mental_health&asOf=2017-12-31`)
    ).body;
    await page.fill('#asOf', '2017-12-31');
    await settled(
      early.groups.reduce((n: number, g: { flow: { randomised: number } }) => n + g.flow.randomised, 0),
    );
    expect(new URL(page.url()).hash).toBe(
      `#trial=${harness.trialId}&asOf=2017-12-31&groupBy=arm&condition=mental_health`,
    );
    expect(early.groups[0].jobStart12m.denominator).toBe(0);
    const jobStart = await cellOf('twelve-month-table', 'IPS', 1);
    expect(jobStart).toMatchObject({
      figure: '—',
      value: null,
      title: 'Nobody in this group has full 12-month follow-up yet (denominator 0).',
    });
    const byYear = await cellOf('first-job-table', 'IPS', 5);
    expect(byYear).toMatchObject({
      figure: '—',
      value: null,
      title: 'Nobody at risk at day 365: no one in this group has been followed up that long yet.',
    });
    const effect = page.locator('#effects-table tbody tr').first().locator('td').nth(2).locator('.na');
    expect(await effect.getAttribute('title')).toMatch(/^Not estimable/);
    expect(await effect.locator('.visually-hidden').textContent()).toMatch(/^not available: Not estimable/);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(OUT, 'dashboard-early.png'), fullPage: true });
  });

  it('reads well at 800 px: controls above the results, no page-wide sideways scrolling', async () => {
    await page.selectOption('#filter-condition', '');
    await page.fill('#asOf', '2019-06-30');
    const outcomes = (await api(`/v1/trials/${harness.trialId}/outcomes?groupBy=arm&asOf=2019-06-30`)).body;
    await settled(
      outcomes.groups.reduce((n: number, g: { flow: { randomised: number } }) => n + g.flow.randomised, 0),
    );
    await page.setViewportSize({ width: 800, height: 1000 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(800);
    const controls = await page.locator('.controls').boundingBox();
    const results = await page.locator('#results').boundingBox();
    expect(controls!.y + controls!.height).toBeLessThanOrEqual(results!.y);
    expect((await page.locator('#chart svg').boundingBox())!.width).toBeGreaterThan(600);
    expect(await page.evaluate<string[]>(CONTRAST_AUDIT)).toEqual([]);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(OUT, 'dashboard-800.png'), fullPage: true });
    await page.screenshot({ path: join(OUT, 'dashboard-800-top.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('never put the key in a URL, sent it with every API call, and asked nothing of anywhere else', async () => {
    const key = harness.evaluatorKey;
    expect(requests.length).toBeGreaterThan(10);
    for (const r of requests) {
      expect(r.url).not.toContain(key);
      expect(r.url).not.toContain('ipsk_');
      expect(
        r.url.startsWith(`${query}/`) || r.url.startsWith(`blob:${query}/`) || r.url.startsWith('data:'),
      ).toBe(true);
    }
    const calls = requests.filter((r) => r.url.startsWith(`${query}/v1/`));
    expect(calls.length).toBeGreaterThan(8);
    expect(calls.every((r) => r.authorization === `Bearer ${key}`)).toBe(true);
    expect(
      requests
        .filter((r) => r.url.startsWith(`${query}/dashboard`))
        .every((r) => r.authorization === undefined),
    ).toBe(true);
    expect(page.url()).not.toContain(key);
    expect(
      await page.evaluate('[Object.keys(sessionStorage), Object.keys(localStorage), document.cookie]'),
    ).toEqual([['ips-outcomes.dashboard.key'], [], '']);
    expect(problems).toEqual([]);
  });

  it('forgets the key on signing out', async () => {
    await page.click('#signout');
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual([]);
    expect(await page.locator('#results').isHidden()).toBe(true);
    expect(await page.locator('#key').isVisible()).toBe(true);
  });

  it('shows a site key its own site only', async () => {
    const [own] = harness.sites;
    const sitePage = await context.newPage();
    try {
      await sitePage.goto(`${query}/dashboard#groupBy=site,arm`);
      await sitePage.fill('#key', own.apiKey);
      await sitePage.click('#signin button[type="submit"]');
      const outcomes = (await api(`/v1/trials/${harness.trialId}/outcomes?groupBy=site,arm`, own.apiKey))
        .body;
      const randomised = outcomes.groups.reduce(
        (n: number, g: { flow: { randomised: number } }) => n + g.flow.randomised,
        0,
      );
      await settled(randomised, sitePage);
      expect(await sitePage.locator('#trial option').allInnerTexts()).toEqual([
        `Test trial (${harness.trialId})`,
      ]);
      expect(await sitePage.locator('#filter-site option').allInnerTexts()).toEqual(['All sites', 'Site 1']);
      // analysis datasets are for evaluators only
      expect(await sitePage.locator('#analysis-export').isHidden()).toBe(true);
      expect(new Set(await sitePage.locator('#twelve-month-table tbody th').allInnerTexts())).toEqual(
        new Set(['Site 1 · IPS', 'Site 1 · Usual care']),
      );
      const dq = (await api(`/v1/trials/${harness.trialId}/data-quality`, own.apiKey)).body;
      expect(Object.keys(dq.bySite).every((site) => site === own.siteId)).toBe(true);
      expect(await sitePage.locator('#card-findings .card-figure').innerText()).toBe(count(dq.count));
    } finally {
      await sitePage.close();
    }
  });
});

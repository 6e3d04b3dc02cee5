import type { INestApplication } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createLogger, ManualClock, startHttpService } from '@ips/platform';
import { loadQueryConfig } from '../../apps/query/src/query.config';
import { QueryModule } from '../../apps/query/src/query.module';
import { ReportingApp, ReportingWorld } from '../reporting/support/reporting-app';
import { CONTRAST_AUDIT, launchChromium, watchPage, type PageWatch } from '../support/chromium';
import { http } from '../support/http';
import { TEST_OUTPUT } from '../support/service-process';
import { KAFKA_BROKERS, TEST_DATABASE_URL } from '../support/test-env';

// Issue 11 on the evaluator dashboard: the comparisons of DESIGN §6a (log-rank, hazard ratio,
// site-stratified risk differences beside the unstratified ones) and the interim monitoring
// of §6c (plan, looks, next look, verdict in words). A seeded simulated trial's journeys are
// in the test database; the reporting app (in this process) sets the plan and publishes the
// reports that become looks; the query app (in this process) serves the page, its outcomes
// and — for the page, from its own origin — GET …/monitoring. Debian's Chromium must show the
// numbers the APIs give, say "no monitoring plan set" before there is one, and log nothing.
// Screenshots land in test-output/dashboard-analysis/.

const OUT = join(TEST_OUTPUT, 'dashboard-analysis');
// "Now" for both services and the page: noon UTC, so a run never sees the date change under it.
const NOW = new Date('2020-01-02T12:00:00Z');
const AS_OF = '2019-12-31';
const PLAN = { primaryOutcome: 'worked13wIn12m', plannedParticipants: 1000, alpha: 0.05 };
const EARLY_REPORTS = ['2018-09-30', '2018-10-31', '2018-12-31', '2019-03-31'];
const LATER_REPORTS = ['2019-06-30', '2019-09-30'];

const world = new ReportingWorld();
let reporting: ReportingApp;
let queryApp: INestApplication | undefined;
let query = '';
let browser: Browser;
let context: BrowserContext;
let page: Page;
const watch: PageWatch = { requests: [], problems: [] };
const { requests, problems } = watch;

const points = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v * 100).toFixed(1)}`;
const two = (v: number) => v.toFixed(2);
const longDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

async function api(path: string, key = world.keys.evaluator) {
  const res = await http('GET', `${query}${path}`, { key });
  expect(res.status).toBe(200);
  return res.body;
}

async function startQuery(): Promise<void> {
  const config = loadQueryConfig({
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_POOL_SIZE: '5',
    KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: `${world.tag}.`,
    KAFKA_TOPIC_PARTITIONS: '3',
    PROJECTOR_GROUP_ID: world.projectorGroup,
    RATE_LIMIT_PER_SECOND: '1000',
    RATE_LIMIT_BURST: '1000',
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger('query', process.env.TEST_LOG_LEVEL ?? 'silent');
  queryApp = await startHttpService(QueryModule.forRoot(config, logger, new ManualClock(NOW)), {
    service: 'query',
    logger,
    host: '127.0.0.1',
    port: 0,
    jsonBodyLimit: '64kb',
    handleSignals: false,
  });
  const address = (queryApp.getHttpServer() as Server).address();
  query = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

// In the page (as functions: the page's policy forbids evaluating strings).
type InPage = {
  document: {
    querySelector(s: string): { textContent: string | null; getAttribute(n: string): string | null } | null;
  };
};
const settledOn = ([asOf]: [string]) => {
  const { document } = globalThis as unknown as InPage;
  return (
    document.querySelector('#main')?.getAttribute('aria-busy') === 'false' &&
    (document.querySelector('#status')?.textContent ?? '').startsWith('Showing') &&
    (document.querySelector('#status')?.textContent ?? '').endsWith(`as of ${asOf}.`) &&
    document.querySelector('#monitoring')?.textContent !== ''
  );
};

async function settled(on: Page, asOf: string): Promise<void> {
  await on.waitForFunction(settledOn, [longDate(asOf)] as [string], { timeout: 30_000 });
}

/** The cells of the body row whose header is `row`: figure text (or the reason for a dash), data-value, interval, detail. */
async function rowOf(tableId: string, row: string, on: Page = page) {
  const cells = on
    .locator(`#${tableId} tbody tr`)
    .filter({ has: on.locator('th', { hasText: new RegExp(`^${row}$`) }) })
    .locator('td');
  expect(await cells.count()).toBeGreaterThan(0);
  return cells.evaluateAll((tds) =>
    tds.map((td) => {
      const na = td.querySelector('.na.figure');
      return {
        figure: na ? '—' : (td.querySelector('.figure')?.textContent ?? ''),
        why: na?.getAttribute('title') ?? null,
        value: td.getAttribute('data-value'),
        ci: td.querySelector('.ci:not(.na)')?.textContent ?? null,
        ciWhy: td.querySelector('.na.ci')?.getAttribute('title') ?? null,
        detail: td.querySelector('.detail')?.textContent ?? null,
      };
    }),
  );
}

const asNumber = (v: string | null) => (v === null ? null : Number(v));

/** The monitoring panel against the query service's answer at AS_OF, after checking it equals the reporting service's. */
async function checkMonitoringPanel(): Promise<{ looks: { crossed: boolean }[]; next: unknown }> {
  const m = await api(`/v1/trials/${world.trialId}/monitoring?asOf=${AS_OF}`);
  const fromReporting = await http(
    'GET',
    `${reporting.url}/v1/trials/${world.trialId}/monitoring?asOf=${AS_OF}`,
    {
      key: world.keys.evaluator,
    },
  );
  expect(fromReporting.status).toBe(200);
  expect(m).toEqual(fromReporting.body);
  await page.locator('#monitoring-looks').waitFor();
  const crossed = m.looks.findIndex((l: { crossed: boolean }) => l.crossed);
  expect(await page.locator('#monitoring-verdict').innerText()).toBe(
    crossed >= 0
      ? `Boundary crossed at look ${crossed + 1}.`
      : 'No boundary crossed: the evidence is not yet strong enough to act on.',
  );
  const facts = await page
    .locator('#monitoring-plan .fact')
    .evaluateAll((items) =>
      items.map((f) => [f.querySelector('dt')!.textContent, f.querySelector('dd')!.textContent]),
    );
  expect(Object.fromEntries(facts)).toEqual({
    'Primary outcome': 'Worked 13+ weeks in 12 months',
    'Planned participants': PLAN.plannedParticipants.toLocaleString('en-GB'),
    'Alpha (two-sided)': String(PLAN.alpha),
    'Plan set': longDate(m.plan.setAt.slice(0, 10)),
  });

  const rows = [
    ...m.looks.map((l: Record<string, unknown>, i: number) => [`Look ${i + 1}`, l]),
    ...(m.next ? [['Next look', m.next]] : []),
  ] as [string, Record<string, number | string | boolean>][];
  expect(await page.locator('#monitoring-looks tbody th').allInnerTexts()).toEqual(
    rows.map(([label]) => label),
  );
  for (const [label, l] of rows) {
    const cells = await rowOf('monitoring-looks', label);
    expect(cells[0].figure).toBe(longDate(l.asOf as string));
    expect(cells.slice(1).map((c) => asNumber(c.value))).toEqual([
      l.informationFraction,
      l.z,
      l.boundary,
      l.nominalP,
      l.alphaSpent,
      l.crossed ? 1 : 0,
    ]);
    expect(cells[1].figure).toBe(two(l.informationFraction as number));
    expect(cells[3].figure).toBe(`±${two(l.boundary as number)}`);
    expect(cells[6].figure).toBe(
      label === 'Next look' ? (l.crossed ? 'Would cross' : 'Would not') : l.crossed ? 'Yes' : 'No',
    );
  }
  // the chart: a point per look (and the next, hollow) at the API's t and Z
  const dots = await page
    .locator('#monitoring svg.monitoring-chart circle.z-point')
    .evaluateAll((cs) =>
      cs.map((c) => [
        Number(c.getAttribute('data-t')),
        Number(c.getAttribute('data-z')),
        c.getAttribute('class'),
      ]),
    );
  expect(dots).toEqual(
    rows.map(([label, l]) => [
      l.informationFraction,
      l.z,
      label === 'Next look' ? 'z-point next' : 'z-point',
    ]),
  );
  expect(await page.locator('#monitoring-next').innerText()).toMatch(
    m.next
      ? new RegExp(
          `^A report as of ${longDate(AS_OF)} would be look ${m.looks.length + 1}: information fraction ${two(m.next.informationFraction)}`,
        )
      : new RegExp(`^A report as of ${longDate(AS_OF)} would not be a look`),
  );
  return m;
}

async function publish(dates: string[]): Promise<void> {
  for (const asOf of dates) {
    const res = await http('POST', `${reporting.url}/v1/trials/${world.trialId}/reports`, {
      key: world.keys.programmeLead,
      json: { type: 'interim', asOf },
    });
    expect(res.status).toBe(201);
  }
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await world.create('2017-07-01');
  await world.project({ participants: 1500 }, [100, 100, 100]);
  reporting = await new ReportingApp(world, NOW).start();
  await startQuery();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  await context.clock.setFixedTime(NOW);
  page = await context.newPage();
  watchPage(page, watch);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await queryApp?.close();
  await reporting?.stop();
}, 60_000);

describe('the comparisons panel (DESIGN §6a)', () => {
  it('shows the log-rank test and the hazard ratio with the API’s numbers, and a line in words for each', async () => {
    const response = await page.goto(`${query}/dashboard#trial=${world.trialId}&asOf=${AS_OF}&groupBy=arm`);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self';");
    await page.fill('#key', world.keys.evaluator);
    await page.click('#signin button[type="submit"]');
    await settled(page, AS_OF);
    const outcomes = await api(`/v1/trials/${world.trialId}/outcomes?groupBy=arm&asOf=${AS_OF}`);
    expect(outcomes.comparisons).toHaveLength(1);
    const { firstJob } = outcomes.comparisons[0];
    // the simulated trial is old enough: every figure exists
    expect(firstJob.logRank.p).not.toBeNull();
    expect(firstJob.hazardRatio.estimate).not.toBeNull();

    const row = await rowOf('comparisons-table', 'Everyone in this view');
    expect(row.map((c) => asNumber(c.value))).toEqual([
      firstJob.logRank.observedIps,
      firstJob.logRank.observedUsualCare,
      firstJob.logRank.chiSquare,
      firstJob.logRank.p,
      firstJob.hazardRatio.estimate,
      firstJob.strata,
    ]);
    expect(row[0].detail).toBe(`${firstJob.logRank.expectedIps.toFixed(1)} expected`);
    expect(row[1].detail).toBe(`${firstJob.logRank.expectedUsualCare.toFixed(1)} expected`);
    expect(row[2].figure).toBe(two(firstJob.logRank.chiSquare));
    expect(row[4]).toMatchObject({
      figure: two(firstJob.hazardRatio.estimate),
      ci: `[${two(firstJob.hazardRatio.lower)}, ${two(firstJob.hazardRatio.upper)}]`,
    });
    expect(row[4].detail).toMatch(/^p (=|<) 0\.\d{3}$/);

    const lines = await page.locator('#comparisons-meanings li').allInnerTexts();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^Log-rank test: ${firstJob.logRank.observedIps} first jobs with IPS where ${firstJob.logRank.expectedIps.toFixed(1)} were expected`,
      ),
    );
    expect(lines[1]).toContain(`about ${two(firstJob.hazardRatio.estimate)} times as fast`);
  });

  it('puts the site-stratified risk differences beside the unstratified ones, as the API gives them', async () => {
    const outcomes = await api(`/v1/trials/${world.trialId}/outcomes?groupBy=arm&asOf=${AS_OF}`);
    const names: Record<string, string> = {
      jobStart12m: 'Started a job within 12 months',
      worked13wIn12m: 'Worked 13+ weeks in 12 months',
    };
    expect(await page.locator('#stratified-table tbody th').allInnerTexts()).toEqual(
      outcomes.effects.map((e: { metric: string }) => names[e.metric]),
    );
    for (const e of outcomes.effects) {
      expect(e.stratified.riskDifference).not.toBeNull();
      const row = await rowOf('stratified-table', names[e.metric].replace('+', '\\+'));
      expect(asNumber(row[2].value)).toBe(e.riskDifference);
      expect(row[2].ci).toBe(`[${points(e.lower)}, ${points(e.upper)}]`);
      expect(asNumber(row[3].value)).toBe(e.stratified.riskDifference);
      expect(row[3]).toMatchObject({
        figure: `${points(e.stratified.riskDifference)} pp`,
        ci: `[${points(e.stratified.lower)}, ${points(e.stratified.upper)}]`,
        detail: `${e.stratified.strata} sites with both arms`,
      });
    }
    const lines = await page.locator('#stratified-meanings li').allInnerTexts();
    expect(lines).toHaveLength(outcomes.effects.length);
    await page.locator('#comparisons').screenshot({ path: join(OUT, 'comparisons.png') });
    expect(lines[0]).toMatch(/comparing people at the same site, the share was .* percentage points/);
    expect(lines[0]).toContain(
      `without comparing site by site it is ${points(outcomes.effects[0].riskDifference)} pp`,
    );
  });

  it('follows the grouping: one row per condition when grouped by condition and arm', async () => {
    await page.check('input[name="groupBy"][value="condition"]');
    const outcomes = await api(`/v1/trials/${world.trialId}/outcomes?groupBy=arm,condition&asOf=${AS_OF}`);
    await page.waitForFunction(
      ([n]: [number]) =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('#comparisons-table tbody tr').length === n,
      [outcomes.comparisons.length] as [number],
      { timeout: 30_000 },
    );
    await settled(page, AS_OF);
    const labels = await page.locator('#comparisons-table tbody th').allInnerTexts();
    expect(labels).toHaveLength(outcomes.comparisons.length);
    for (const [i, c] of outcomes.comparisons.entries()) {
      const row = await rowOf('comparisons-table', labels[i]);
      expect(asNumber(row[3].value)).toBe(c.firstJob.logRank.p);
      expect(asNumber(row[4].value)).toBe(c.firstJob.hazardRatio.estimate);
    }
    expect(await page.locator('#comparisons-meanings li').count()).toBe(2 * outcomes.comparisons.length);
    await page.uncheck('input[name="groupBy"][value="condition"]');
    await settled(page, AS_OF);
  });

  it('shows what cannot be estimated yet as a dash that says why, in words', async () => {
    const early = '2017-10-31';
    const outcomes = await api(`/v1/trials/${world.trialId}/outcomes?groupBy=arm&asOf=${early}`);
    await page.fill('#asOf', early);
    await settled(page, early);
    // nobody has 12 months of follow-up yet: the stratified differences are null
    for (const e of outcomes.effects) {
      expect(e.stratified.riskDifference).toBeNull();
      const row = await rowOf(
        'stratified-table',
        e.metric === 'jobStart12m' ? 'Started a job within 12 months' : 'Worked 13\\+ weeks in 12 months',
      );
      expect(row[3]).toMatchObject({ figure: '—', value: null });
      expect(row[3].why).toMatch(
        /^Not estimable: no site has people with full 12-month follow-up in both arms\.$/,
      );
    }
    const lines = await page.locator('#stratified-meanings li').allInnerTexts();
    expect(lines.every((l) => l.includes('Not estimable'))).toBe(true);
    await page.fill('#asOf', AS_OF);
    await settled(page, AS_OF);
  });
});

describe('the interim monitoring panel (DESIGN §6c)', () => {
  it('says "no monitoring plan set" before there is one, without asking for it (no 404 in the console)', async () => {
    expect(await page.locator('#monitoring-verdict').innerText()).toBe('No monitoring plan set.');
    expect(await page.locator('#monitoring-detail').innerText()).toMatch(
      /^Nobody has set an interim monitoring plan/,
    );
    expect(await page.locator('#monitoring-looks').count()).toBe(0);
    expect(requests.filter((r) => r.url.includes('/monitoring'))).toEqual([]);
    // the query service answers the reporting service's 404 the same way
    const res = await http('GET', `${query}/v1/trials/${world.trialId}/monitoring`, {
      key: world.keys.evaluator,
    });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(`trial ${world.trialId} has no monitoring plan`);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(OUT, 'no-plan.png'), fullPage: true });
  });

  it('once a plan is set and reports are published, shows the looks, the next look and the verdict as the API gives them', async () => {
    const put = await http('PUT', `${reporting.url}/v1/trials/${world.trialId}/monitoring`, {
      key: world.keys.programmeLead,
      json: PLAN,
    });
    expect(put.status).toBe(200);
    await publish(EARLY_REPORTS);
    // the page already signed in finds the new plan at its next refresh
    await page.fill('#asOf', '2019-12-30');
    await settled(page, '2019-12-30');
    await page.fill('#asOf', AS_OF);
    await settled(page, AS_OF);
    const early = await checkMonitoringPanel();
    // the seeded trial: a few looks, none crossed, and a report at AS_OF would be the next
    expect(early.looks.length).toBeGreaterThanOrEqual(2);
    expect(early.next).not.toBeNull();
    await page.locator('#monitoring').screenshot({ path: join(OUT, 'monitoring-next.png') });

    // more reports: more looks (frozen), and the verdict follows them
    await publish(LATER_REPORTS);
    await page.fill('#asOf', '2019-12-30');
    await settled(page, '2019-12-30');
    await page.fill('#asOf', AS_OF);
    await settled(page, AS_OF);
    const later = await checkMonitoringPanel();
    expect(later.looks.length).toBeGreaterThan(early.looks.length);
    expect(later.looks.slice(0, early.looks.length)).toEqual(early.looks);
    await page.locator('#monitoring').screenshot({ path: join(OUT, 'monitoring.png') });
  }, 180_000);

  it('reads well: readable contrast, no sideways scrolling, no console errors, every request to this service with the key in the header', async () => {
    expect(await page.evaluate<string[]>(CONTRAST_AUDIT)).toEqual([]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });
    // at 800 px the wide tables scroll inside their own regions, never the page
    await page.setViewportSize({ width: 800, height: 1000 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(800);
    expect((await page.locator('#monitoring svg.monitoring-chart').boundingBox())!.width).toBeLessThanOrEqual(
      800,
    );
    await page.locator('#monitoring').screenshot({ path: join(OUT, 'monitoring-800.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(requests.every((r) => r.url.startsWith(`${query}/`) || r.url.startsWith('data:'))).toBe(true);
    expect(
      requests.some((r) => r.url.startsWith(`${query}/v1/trials/${world.trialId}/monitoring?asOf=${AS_OF}`)),
    ).toBe(true);
    expect(requests.every((r) => !r.url.includes(world.keys.evaluator))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('tells a site key that monitoring is for evaluators and programme leads, without asking for it', async () => {
    const sitePage = await context.newPage();
    const siteRequests: string[] = [];
    const siteProblems: string[] = [];
    sitePage.on('request', (r) => siteRequests.push(r.url()));
    sitePage.on('console', (msg) => msg.type() === 'error' && siteProblems.push(msg.text()));
    try {
      await sitePage.goto(`${query}/dashboard#trial=${world.trialId}&asOf=${AS_OF}&groupBy=arm`);
      await sitePage.fill('#key', world.keys.site);
      await sitePage.click('#signin button[type="submit"]');
      await settled(sitePage, AS_OF);
      expect(await sitePage.locator('#monitoring').innerText()).toBe(
        'Interim monitoring is shown to evaluators and programme leads; this key may not read it.',
      );
      expect(siteRequests.filter((u) => u.includes('/monitoring'))).toEqual([]);
      expect(
        (await http('GET', `${query}/v1/trials/${world.trialId}/monitoring`, { key: world.keys.site }))
          .status,
      ).toBe(403);
      // its own site: one stratum
      const outcomes = await api(
        `/v1/trials/${world.trialId}/outcomes?groupBy=arm&asOf=${AS_OF}`,
        world.keys.site,
      );
      const row = await rowOf('comparisons-table', 'Everyone in this view', sitePage);
      expect(asNumber(row[5].value)).toBe(outcomes.comparisons[0].firstJob.strata);
      expect(outcomes.comparisons[0].firstJob.strata).toBe(1);
      expect(siteProblems).toEqual([]);
    } finally {
      await sitePage.close();
    }
  });
});

describe('when monitoring cannot be read', () => {
  it('says so in its panel and shows the rest of the page', async () => {
    const other = await context.newPage();
    try {
      // the service answering 503 for monitoring alone (as a failing database read would)
      await other.route('**/monitoring?*', (route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ statusCode: 503, message: 'database unavailable' }),
        }),
      );
      await other.goto(`${query}/dashboard#trial=${world.trialId}&asOf=${AS_OF}&groupBy=arm`);
      await other.fill('#key', world.keys.evaluator);
      await other.click('#signin button[type="submit"]');
      await settled(other, AS_OF);
      expect(await other.locator('#monitoring').innerText()).toBe(
        'Interim monitoring could not be loaded: The query service answered 503 (database unavailable).',
      );
      expect(await other.locator('#error').isHidden()).toBe(true);
      expect(await other.locator('#comparisons-table tbody tr').count()).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describe('GET /v1/trials/{trialId}/monitoring on the query service', () => {
  it('validates asOf naming the field, and is 404 for a trial that does not exist', async () => {
    const bad = await http('GET', `${query}/v1/trials/${world.trialId}/monitoring?asOf=2019-02-30`, {
      key: world.keys.programmeLead,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('asOf');
    const unknown = await http('GET', `${query}/v1/trials/${world.tag}-nope/monitoring`, {
      key: world.keys.programmeLead,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe(`trial ${world.tag}-nope does not exist`);
    expect((await http('GET', `${query}/v1/trials/${world.trialId}/monitoring`)).status).toBe(401);
  });

  it('lists which trials have a plan in GET /v1/trials, for the keys that may read monitoring', async () => {
    const lead = await api('/v1/trials', world.keys.programmeLead);
    expect(lead.monitoring).toBe(true);
    expect(lead.monitoringPlans).toContain(world.trialId);
    const site = await api('/v1/trials', world.keys.site);
    expect(site).toMatchObject({ monitoring: false, monitoringPlans: [] });
  });
});

import { createHash } from 'node:crypto';
import { http } from '../support/http';
import { QueryWorld } from './support/query-world';

// Issue 6: the full Kaplan–Meier curves behind the dashboard's chart. The query app runs
// in this process on the shared test database, over a seeded simulated trial; the
// curves must be the outcomes endpoint's groups, read under the same access rules.

interface Step {
  day: number;
  atRisk: number;
  events: number;
  censored: number;
  cumulativeIncidence: number;
  lower: number | null;
  upper: number | null;
}
interface CurveGroup {
  key: Record<string, string | null>;
  n: number;
  events: number;
  medianDays: number | null;
  steps: Step[];
}

const world = new QueryWorld();

beforeAll(async () => {
  await world.create({ participants: 1500, seed: 17 });
  await world.start();
}, 120_000);

afterAll(() => world.stop(), 30_000);

const curvesUrl = (query: string, trialId = world.trialId) =>
  `${world.url}/v1/trials/${trialId}/outcomes/first-job-curves?${query}`;
const outcomesUrl = (query: string, trialId = world.trialId) =>
  `${world.url}/v1/trials/${trialId}/outcomes?${query}`;
const svgUrl = (query: string, trialId = world.trialId) =>
  `${world.url}/v1/trials/${trialId}/outcomes/first-job-curves.svg?${query}`;

/** F(t) read off the steps as the API documents it, in the outcomes endpoint's shape. */
function readAt(steps: Step[], day: number) {
  const onOrBefore = steps.filter((s) => s.day <= day).pop();
  const atRisk = steps.find((s) => s.day >= day)?.atRisk ?? 0;
  if (atRisk === 0) return { day, cumulativeIncidence: null, lower: null, upper: null, atRisk };
  if (!onOrBefore) return { day, cumulativeIncidence: 0, lower: null, upper: null, atRisk };
  return {
    day,
    cumulativeIncidence: onOrBefore.cumulativeIncidence,
    lower: onOrBefore.lower,
    upper: onOrBefore.upper,
    atRisk,
  };
}

describe('GET /v1/trials/{trialId}/outcomes/first-job-curves', () => {
  const CUTS = [
    'asOf=2019-06-30',
    'groupBy=arm&asOf=2019-06-30',
    'groupBy=site,arm&asOf=2018-09-30',
    'groupBy=condition,arm&asOf=2019-06-30',
    'groupBy=cohort,arm&cohortBy=year&asOf=2019-06-30',
    'groupBy=employmentStatus&asOf=2018-03-31',
    'groupBy=arm&condition=mental_health&asOf=2019-06-30',
    'groupBy=arm,cohort&cohort=2018-Q1&asOf=2019-06-30',
  ];

  it.each(CUTS)(
    'has the outcomes endpoint’s groups, in order, with its n, events, median and figures at 91/182/365 (%s)',
    async (query) => {
      const [curves, outcomes] = await Promise.all([
        http('GET', curvesUrl(query), { key: world.keys.evaluator }),
        http('GET', outcomesUrl(query), { key: world.keys.evaluator }),
      ]);
      expect(curves.status).toBe(200);
      expect(outcomes.status).toBe(200);
      expect(curves.body).toMatchObject({
        trialId: world.trialId,
        asOf: outcomes.body.asOf,
        definitionsVersion: 1,
        groupBy: outcomes.body.groupBy,
      });
      const groups = curves.body.groups as CurveGroup[];
      expect(groups.map((g) => g.key)).toEqual(outcomes.body.groups.map((g: { key: unknown }) => g.key));
      expect(groups.some((g) => g.events > 0)).toBe(true);
      groups.forEach((g, i) => {
        const firstJob = outcomes.body.groups[i].firstJob;
        expect({ key: g.key, n: g.n, events: g.events, medianDays: g.medianDays }).toEqual({
          key: g.key,
          n: firstJob.n,
          events: firstJob.events,
          medianDays: firstJob.medianDays,
        });
        expect([91, 182, 365].map((day) => readAt(g.steps, day))).toEqual(firstJob.at);
      });
    },
  );

  it('gives whole step curves: days rising, the number at risk falling by each day’s jobs and censorings, F rising inside its interval', async () => {
    const res = await http('GET', curvesUrl('groupBy=arm&asOf=2019-06-30'), {
      key: world.keys.programmeLead,
    });
    expect(res.status).toBe(200);
    const randomised = (res.body.groups as CurveGroup[]).filter((g) => g.key.arm !== null);
    expect(randomised.map((g) => g.key.arm)).toEqual(['ips', 'usual_care']);
    for (const g of randomised) {
      expect(g.steps.length).toBeGreaterThan(50);
      expect(g.steps[0].atRisk).toBe(g.n);
      expect(g.steps.reduce((n, s) => n + s.events, 0)).toBe(g.events);
      expect(g.steps.reduce((n, s) => n + s.events + s.censored, 0)).toBe(g.n);
      g.steps.forEach((s, i) => {
        expect(s.day).toBeGreaterThanOrEqual(0);
        expect(s.day).toBeLessThanOrEqual(365);
        if (i > 0) {
          const previous = g.steps[i - 1];
          expect(s.day).toBeGreaterThan(previous.day);
          expect(s.atRisk).toBe(previous.atRisk - previous.events - previous.censored);
          expect(s.cumulativeIncidence).toBeGreaterThanOrEqual(previous.cumulativeIncidence);
        }
        if (s.lower !== null && s.upper !== null) {
          expect(s.lower).toBeLessThanOrEqual(s.cumulativeIncidence);
          expect(s.upper).toBeGreaterThanOrEqual(s.cumulativeIncidence);
        }
      });
    }
    // IPS finds jobs sooner in the simulated trial
    const last = (g: CurveGroup) => g.steps[g.steps.length - 1].cumulativeIncidence;
    expect(last(randomised[0])).toBeGreaterThan(last(randomised[1]));
  });

  it('lets a site key read its own site only: implicitly, or by asking for it; any other site or trial is 403', async () => {
    const [own, ownSite] = world.sites;
    const implicit = await http('GET', curvesUrl('groupBy=site,arm&asOf=2019-06-30'), {
      key: world.keys.site,
    });
    expect(implicit.status).toBe(200);
    expect(new Set((implicit.body.groups as CurveGroup[]).map((g) => g.key.site))).toEqual(
      new Set([own.siteId]),
    );
    const sameAsOutcomes = await http('GET', outcomesUrl('groupBy=site,arm&asOf=2019-06-30'), {
      key: world.keys.site,
    });
    expect((implicit.body.groups as CurveGroup[]).map((g) => [g.key, g.n])).toEqual(
      sameAsOutcomes.body.groups.map((g: { key: unknown; firstJob: { n: number } }) => [g.key, g.firstJob.n]),
    );

    const asked = await http('GET', curvesUrl(`groupBy=arm&site=${own.siteId}&asOf=2019-06-30`), {
      key: world.keys.site,
    });
    expect(asked.status).toBe(200);
    expect(asked.body.groups).toEqual(
      (
        await http('GET', curvesUrl(`groupBy=arm&site=${own.siteId}&asOf=2019-06-30`), {
          key: world.keys.evaluator,
        })
      ).body.groups,
    );

    for (const [url, key] of [
      [curvesUrl(`groupBy=arm&site=${ownSite.siteId}`), world.keys.site],
      [svgUrl(`groupBy=arm&site=${ownSite.siteId}`), world.keys.site],
      [curvesUrl('groupBy=arm', world.otherTrialId), world.keys.site],
      [curvesUrl('groupBy=arm'), world.keys.otherTrialSite],
      [svgUrl('groupBy=arm'), world.keys.otherTrialSite],
      [curvesUrl('groupBy=arm'), world.keys.admin],
      [svgUrl('groupBy=arm'), world.keys.admin],
    ] as const) {
      const res = await http('GET', url, { key });
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
    }
    expect((await http('GET', curvesUrl('groupBy=arm'))).status).toBe(401);
    expect((await http('GET', svgUrl('groupBy=arm'))).status).toBe(401);
    expect(
      (
        await http('GET', curvesUrl('groupBy=arm', `${world.tag}-no-such-trial`), {
          key: world.keys.evaluator,
        })
      ).status,
    ).toBe(404);
    // the whole other site's figures are not in the site key's answer, and the evaluator sees both
    const all = await http('GET', curvesUrl('groupBy=site&asOf=2019-06-30'), { key: world.keys.evaluator });
    expect((all.body.groups as CurveGroup[]).map((g) => g.key.site)).toEqual(
      world.sites.map((s) => s.siteId).sort(),
    );
  });

  it('refuses what the outcomes endpoint refuses, with the same answers', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    for (const query of [
      `asOf=${tomorrow}`,
      'asOf=2019-02-30',
      'groupBy=arm,colour',
      'cohortBy=week',
      'arm=placebo',
      'unknown=1',
    ]) {
      const [curves, outcomes] = await Promise.all([
        http('GET', curvesUrl(query), { key: world.keys.evaluator }),
        http('GET', outcomesUrl(query), { key: world.keys.evaluator }),
      ]);
      expect({ query, status: curves.status, body: curves.body }).toEqual({
        query,
        status: 400,
        body: outcomes.body,
      });
    }
  });
});

describe('GET /v1/trials/{trialId}/outcomes/first-job-curves.svg', () => {
  it('draws one labelled curve per arm with its 95% band, as a script-free image', async () => {
    const res = await http('GET', svgUrl('groupBy=arm&asOf=2019-06-30'), { key: world.keys.evaluator });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(res.text).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="chart km-chart"/);
    expect(res.text.match(/class="km-line"/g)).toHaveLength(2);
    expect(res.text.match(/class="km-band"/g)).toHaveLength(2);
    expect(res.text).toContain('<title>IPS</title>');
    expect(res.text).toContain('<title>Usual care</title>');
    expect(res.text).toContain('as of 30 June 2019');
    expect(res.text).not.toMatch(/<script|on[a-z]+=|href=/i);
    // the end labels are the curves' last estimates
    const curves = (
      await http('GET', curvesUrl('groupBy=arm&asOf=2019-06-30'), { key: world.keys.evaluator })
    ).body.groups as CurveGroup[];
    for (const g of curves.filter((c) => c.n > 0)) {
      const label = g.key.arm === 'ips' ? 'IPS' : 'Usual care';
      const last = g.steps[g.steps.length - 1].cumulativeIncidence;
      expect(res.text).toContain(`>${label} ${(last * 100).toFixed(0)}%</text>`);
    }
  });

  it('names sites by their names and refuses a cut with more groups than it can tell apart', async () => {
    const bySite = await http('GET', svgUrl('groupBy=site&asOf=2019-06-30'), { key: world.keys.evaluator });
    expect(bySite.status).toBe(200);
    expect(bySite.text).toContain('<title>Sheffield City Region</title>');
    expect(bySite.text).toContain('<title>West Midlands</title>');
    const tooMany = await http('GET', svgUrl('groupBy=site,arm,condition&asOf=2019-06-30'), {
      key: world.keys.evaluator,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(
      /^the chart draws at most 4 groups and this cut has \d+ with participants at risk/,
    );
  });
});

describe('GET /dashboard', () => {
  it('is a public, self-contained page whose policy runs only its own inline script and style', async () => {
    const res = await http('GET', `${world.url}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy')!;
    const script = /<script>([\s\S]*)<\/script>/.exec(res.text)![1];
    const style = /<style>([\s\S]*)<\/style>/.exec(res.text)![1];
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `script-src ${hash(script)}`,
      `style-src ${hash(style)}`,
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
    expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(res.text.match(/<script/g)).toHaveLength(1);
  });

  it('is in the OpenAPI document with the curves endpoints; only the page is public', async () => {
    const docs = await http('GET', `${world.url}/docs/openapi.json`);
    expect(docs.status).toBe(200);
    const paths = docs.body.paths as Record<
      string,
      Record<string, { security?: unknown[]; responses: Record<string, unknown> }>
    >;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/dashboard',
        '/v1/trials/{trialId}/outcomes/first-job-curves',
        '/v1/trials/{trialId}/outcomes/first-job-curves.svg',
      ]),
    );
    expect(paths['/dashboard'].get.security).toEqual([{}]);
    expect(
      JSON.stringify(paths['/v1/trials/{trialId}/outcomes/first-job-curves'].get.responses['200']),
    ).toContain('cumulativeIncidence');
    expect(
      Object.keys(paths['/v1/trials/{trialId}/outcomes/first-job-curves.svg'].get.responses['200'] as object),
    ).toContain('content');
  });
});

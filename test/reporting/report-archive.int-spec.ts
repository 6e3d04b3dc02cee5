import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '@ips/contracts';
import { reportDocument } from '../../apps/reporting/src/reports/get-report/get-report.http.controller';
import { reportCsv } from '../../apps/reporting/src/reports/rendering/report-csv';
import { reportHtml } from '../../apps/reporting/src/reports/rendering/report-html';
import type { ReportContent, ReportMetadata } from '../../apps/reporting/src/reports/report-types';
import { sql } from '../support/database';
import { http } from '../support/http';
import { ReportingApp, ReportingWorld } from './support/reporting-app';

// Issue 5, the report and its archive: provenance read in one snapshot, the content hash,
// immutable versions, the three formats, and who may do what.

const world = new ReportingWorld();
let app: ReportingApp;
const METADATA = ['id', 'version', 'createdAt', 'trigger', 'scheduledFor', 'contentHash', 'links'];

/** What a reader does to check a downloaded report: drop the metadata, hash the canonical JSON. */
function recomputeHash(document: Record<string, unknown>): string {
  const content = Object.fromEntries(Object.entries(document).filter(([k]) => !METADATA.includes(k)));
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

async function generate(json: Record<string, unknown>, key = world.keys.programmeLead) {
  return http('POST', `${app.url}/v1/trials/${world.trialId}/reports`, { key, json });
}

beforeAll(async () => {
  await world.create('2017-07-01');
  await world.project({ participants: 2000 }, [1200, 1300, 1250]);
  await world.storeEvents(25);
  app = await new ReportingApp(world, new Date('2018-12-03T10:00:00Z')).start();
}, 120_000);

afterAll(() => app?.stop(), 60_000);

describe('an on-demand report', () => {
  let first: Record<string, any>;

  it('answers 201 with its metadata: id, version, provenance, hash and links', async () => {
    const res = await generate({ type: 'interim', asOf: '2018-12-01' });
    expect(res.status).toBe(201);
    first = res.body;
    expect(first).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      trialId: world.trialId,
      type: 'interim',
      asOf: '2018-12-01',
      version: 1,
      createdAt: '2018-12-03T10:00:00.000Z',
      trigger: 'on_demand',
      scheduledFor: null,
      definitionsVersion: 2,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      eventCount: 25,
      offsets: [
        { partition: 0, nextOffset: '1200' },
        { partition: 1, nextOffset: '1300' },
        { partition: 2, nextOffset: '1250' },
      ],
      links: {
        json: `/v1/reports/${first.id}.json`,
        csv: `/v1/reports/${first.id}.csv`,
        html: `/v1/reports/${first.id}.html`,
        pdf: `/v1/reports/${first.id}.pdf`,
      },
    });
  });

  it('is readable as JSON with its tables under `tables` and a hash a reader can check', async () => {
    const res = await http('GET', `${app.url}${first.links.json}`, { key: world.keys.evaluator });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.headers.get('x-content-hash')).toBe(first.contentHash);
    const doc = res.body;
    expect(Object.keys(doc.tables)).toEqual([
      'trial',
      'byArm',
      'byArmAndCondition',
      'bySiteAndArm',
      'byCohortAndArm',
    ]);
    expect(doc.contentHash).toBe(first.contentHash);
    expect(recomputeHash(doc)).toBe(first.contentHash);
    expect(doc.provenance).toEqual({
      topic: world.topic,
      consumerGroup: world.projectorGroup,
      offsets: first.offsets,
      eventCount: 25,
    });
    expect(doc.sites.map((s: { siteId: string }) => s.siteId)).toEqual(
      [...world.sites.map((s) => s.siteId)].sort(),
    );
  });

  it('gives the same hash when regenerated at the same as-of date and offsets, as a new version', async () => {
    const again = await generate({ type: 'interim', asOf: '2018-12-01' });
    expect(again.body).toMatchObject({ version: 2, contentHash: first.contentHash });
    expect(again.body.id).not.toBe(first.id);
  });

  it('gives another hash once the projector has moved on, or for another as-of date', async () => {
    await world.setOffsets([1201, 1300, 1250]);
    const moved = await generate({ type: 'interim', asOf: '2018-12-01' });
    expect(moved.body.version).toBe(3);
    expect(moved.body.contentHash).not.toBe(first.contentHash);
    expect(moved.body.offsets[0]).toEqual({ partition: 0, nextOffset: '1201' });
    const otherDay = await generate({ type: 'interim', asOf: '2018-11-30' });
    expect(otherDay.body).toMatchObject({ version: 1, asOf: '2018-11-30' });
    expect(otherDay.body.contentHash).not.toBe(moved.body.contentHash);
  });

  it('is immutable: the archive refuses any change but the one-time publication mark, and any deletion', async () => {
    await expect(
      sql(`UPDATE reports SET content = '{}'::jsonb WHERE report_id = $1`, [first.id]),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql(`UPDATE reports SET as_of = '2018-01-01' WHERE report_id = $1`, [first.id]),
    ).rejects.toThrow(/immutable/);
    await expect(sql(`DELETE FROM reports WHERE report_id = $1`, [first.id])).rejects.toThrow(/immutable/);
    const stored = await sql<{ content_hash: string }>(
      `SELECT content_hash FROM reports WHERE report_id = $1`,
      [first.id],
    );
    expect(stored[0].content_hash).toBe(first.contentHash);
  });

  it('is readable as tidy CSV, one table per section', async () => {
    const all = await http('GET', `${app.url}${first.links.csv}`, { key: world.keys.programmeLead });
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(all.headers.get('content-disposition')).toBe(
      `attachment; filename="${world.trialId}-interim-2018-12-01-v1-outcomes.csv"`,
    );
    expect(all.text.split('\r\n')[0]).toMatch(
      /^table,key\.site,key\.arm,key\.condition,key\.cohort,flow\.referred,/,
    );
    const effects = await http('GET', `${app.url}${first.links.csv}?section=effects`, {
      key: world.keys.programmeLead,
    });
    expect(effects.text.split('\r\n')[0]).toBe(
      'table,key.site,key.condition,key.cohort,metric,ips.numerator,ips.denominator,usualCare.numerator,usualCare.denominator,riskDifference,lower,upper,' +
        'stratified.strata,stratified.riskDifference,stratified.lower,stratified.upper',
    );
    expect(
      (await http('GET', `${app.url}${first.links.csv}?section=nope`, { key: world.keys.programmeLead }))
        .status,
    ).toBe(400);
    expect(
      (await http('GET', `${app.url}${first.links.json}?section=effects`, { key: world.keys.programmeLead }))
        .status,
    ).toBe(400);
  });

  it('is readable as a self-contained HTML page, which may load nothing and run nothing', async () => {
    const page = await http('GET', `${app.url}${first.links.html}`, { key: world.keys.programmeLead });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.text).toContain('<h1>Interim report: outcomes as of 1 December 2018</h1>');
    // the same page by content negotiation
    const negotiated = await http('GET', `${app.url}/v1/reports/${first.id}`, {
      key: world.keys.programmeLead,
      accept: 'text/html',
    });
    expect(negotiated.text).toBe(page.text);
    expect(
      (
        await http('GET', `${app.url}/v1/reports/${first.id}`, {
          key: world.keys.programmeLead,
          accept: 'image/png',
        })
      ).status,
    ).toBe(406);
  });

  it('is listed in the archive, newest first, filtered by trial and type', async () => {
    const listed = await http('GET', `${app.url}/v1/reports?trialId=${world.trialId}&type=interim&limit=2`, {
      key: world.keys.evaluator,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.reports).toHaveLength(2);
    expect(listed.body.reports[0]).not.toHaveProperty('tables');
    expect((await http('GET', `${app.url}/v1/reports?limit=0`, { key: world.keys.evaluator })).status).toBe(
      400,
    );
  });

  it('is 404 for an unknown or malformed id', async () => {
    expect(
      (
        await http('GET', `${app.url}/v1/reports/00000000-0000-4000-8000-000000000000.json`, {
          key: world.keys.evaluator,
        })
      ).status,
    ).toBe(404);
    expect((await http('GET', `${app.url}/v1/reports/nope.json`, { key: world.keys.evaluator })).status).toBe(
      404,
    );
  });
});

describe('who may do what', () => {
  it('reports are read by programme leads and evaluators only', async () => {
    const [report] = (
      await http('GET', `${app.url}/v1/reports?trialId=${world.trialId}`, { key: world.keys.evaluator })
    ).body.reports;
    for (const [key, status] of [
      [world.keys.programmeLead, 200],
      [world.keys.evaluator, 200],
      [world.keys.admin, 403],
      [world.keys.site, 403],
      [undefined, 401],
    ] as const) {
      expect((await http('GET', `${app.url}${report.links.html}`, { key })).status).toBe(status);
      expect((await http('GET', `${app.url}/v1/reports?trialId=${world.trialId}`, { key })).status).toBe(
        status,
      );
    }
  });

  it('reports are produced on demand by programme leads and admins only', async () => {
    expect((await generate({ type: 'interim' }, world.keys.admin)).status).toBe(201);
    expect((await generate({ type: 'interim' }, world.keys.evaluator)).status).toBe(403);
    expect((await generate({ type: 'interim' }, world.keys.site)).status).toBe(403);
  });

  it('an on-demand request is checked', async () => {
    const problem = async (json: Record<string, unknown>) => {
      const res = await generate(json);
      return [res.status, res.body.details?.[0]?.message ?? res.body.message];
    };
    expect(await problem({ type: 'interim', asOf: '2018-12-05' })).toEqual([
      400,
      'asOf must not be in the future',
    ]);
    expect(await problem({ type: 'interim', asOf: '2018-02-30' })).toEqual([
      400,
      'asOf must be a real calendar date (2018-02-30 does not exist)',
    ]);
    expect(await problem({ type: 'interim', asOf: '2017-06-30' })).toEqual([
      400,
      'asOf must not be before the trial started (2017-07-01)',
    ]);
    expect(await problem({ type: 'first_year', asOf: '2018-07-02' })).toEqual([
      400,
      'first_year results are as of the trial’s first anniversary, 2018-07-01',
    ]);
    expect(await problem({ type: 'weekly' })).toEqual([400, 'type must be one of interim, first_year']);
    expect(await problem({ type: 'interim', colour: 'red' })).toEqual([
      400,
      'colour is not an allowed field',
    ]);
    const unknown = await http('POST', `${app.url}/v1/trials/${world.tag}-nope/reports`, {
      key: world.keys.programmeLead,
      json: { type: 'interim' },
    });
    expect(unknown.status).toBe(404);

    const young = `${world.tag}-young`;
    await world.create('2018-06-01', young);
    const early = await http('POST', `${app.url}/v1/trials/${young}/reports`, {
      key: world.keys.programmeLead,
      json: { type: 'first_year' },
    });
    expect([early.status, early.body.message]).toEqual([
      409,
      'first_year results cannot be produced before the first anniversary, 2019-06-01',
    ]);
  });

  it('schedules are read by programme leads, evaluators and admins, and show the next runs', async () => {
    const res = await http('GET', `${app.url}/v1/trials/${world.trialId}/schedule`, {
      key: world.keys.evaluator,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      trialId: world.trialId,
      cron: '0 6 1 * *',
      timezone: 'Europe/London',
      enabled: true,
      updatedBy: 'default',
      nextInterimReports: [
        { at: '2019-01-01T06:00:00.000Z', asOf: '2019-01-01' },
        { at: '2019-02-01T06:00:00.000Z', asOf: '2019-02-01' },
        { at: '2019-03-01T06:00:00.000Z', asOf: '2019-03-01' },
      ],
      firstYear: { asOf: '2018-07-01', due: true },
    });
    expect(
      (await http('GET', `${app.url}/v1/trials/${world.trialId}/schedule`, { key: world.keys.site })).status,
    ).toBe(403);
    expect(
      (await http('GET', `${app.url}/v1/trials/${world.tag}-nope/schedule`, { key: world.keys.admin }))
        .status,
    ).toBe(404);
    const all = await http('GET', `${app.url}/v1/schedules`, { key: world.keys.admin });
    expect(all.body.schedules.map((s: { trialId: string }) => s.trialId)).toContain(world.trialId);
  });
});

describe('a report stored under definitions version 1', () => {
  // The stored version-1 report of the golden test (apps/reporting/.../stored-report-golden.spec.ts),
  // put in the archive as it was written: the service must serve it exactly as it rendered
  // it then, however reports are computed now (definitions version 2).
  const fixture = join(__dirname, '../fixtures/version-1/report');
  const storedText = readFileSync(join(fixture, 'content.json'), 'utf8');
  const content = JSON.parse(storedText) as ReportContent;
  const stored = JSON.parse(readFileSync(join(fixture, 'metadata.json'), 'utf8')) as ReportMetadata;
  const reportId = randomUUID();
  let metadata: ReportMetadata;

  beforeAll(async () => {
    await sql(
      `INSERT INTO reports (report_id, trial_id, type, as_of, version, created_at, trigger, definitions_version,
                            event_count, offsets, content, content_hash, published_at)
       VALUES ($1, $2, 'first_year', $3, 1, $4, 'on_demand', 1, $5, $6, $7::json, $8, $4)`,
      [
        reportId,
        world.trialId,
        content.asOf,
        stored.createdAt,
        content.provenance.eventCount,
        JSON.stringify(content.provenance.offsets),
        storedText,
        stored.contentHash,
      ],
    );
    metadata = {
      ...stored,
      id: reportId,
      trialId: world.trialId,
      trigger: 'on_demand',
      scheduledFor: null,
      links: {
        json: `/v1/reports/${reportId}.json`,
        csv: `/v1/reports/${reportId}.csv`,
        html: `/v1/reports/${reportId}.html`,
        pdf: `/v1/reports/${reportId}.pdf`,
      },
    };
  });

  const get = (path: string) => http('GET', `${app.url}${path}`, { key: world.keys.programmeLead });

  it('is served as JSON, HTML and every CSV section it had, exactly as the code that published it rendered them', async () => {
    expect((await get(metadata.links.json)).text).toBe(JSON.stringify(reportDocument(metadata, content)));
    expect((await get(metadata.links.html)).text).toBe(reportHtml(metadata, content));
    for (const section of [
      'outcomes',
      'byArm',
      'bySiteAndArm',
      'effects',
      'firstJobCurves',
      'monitoring',
    ] as const)
      expect((await get(`${metadata.links.csv}?section=${section}`)).text).toBe(reportCsv(content, section));
    expect((await get(metadata.links.json)).body).toMatchObject({ definitionsVersion: 1 });
  });

  it('has no version-2 sections: asking for one is a 404 that says why', async () => {
    const res = await get(`${metadata.links.csv}?section=comparisons`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).toContain('published under definitions version 1');
  });
});

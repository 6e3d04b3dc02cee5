import type { GroupDimension, StoredEvent } from '@ips/contracts';
import { oracleComparisons } from '../oracle/comparisons-oracle';
import { oracleOutcomes } from '../oracle/outcomes-oracle';
import { comparisonsOf, outcomeDifferences, versionOnePart } from '../support/compare-outcomes';
import { eventually, http } from '../support/http';
import { eventStoreCount } from '../support/journeys';
import { messyTrialEvents } from '../support/random-journeys';
import { ServiceProcess } from '../support/service-process';
import { TrialHarness } from '../support/trial-harness';

// Issue 4, "done when": for a trial streamed through the ingest API, the outcomes API returns
// numbers that match an independent computation of DESIGN §6 (test/oracle, written from the
// text alone) to 1e-9, at any as-of date and grouping — also after the projector was killed
// (kill -9) mid-stream and restarted. Issue 11: the default answer is definitions version 2,
// whose version-1 part matches the oracle as before and whose comparisons match the
// oracle's own (test/oracle/comparisons-oracle.ts); `definitionsVersion=1` answers the
// version-1 shape itself.
const harness = new TrialHarness({
  RATE_LIMIT_PER_SECOND: '1000',
  RATE_LIMIT_BURST: '1000',
  PROJECTOR_SUB_BATCH: '100',
});

beforeAll(async () => {
  await harness.start(['ingest', 'projector', 'query']);
  await harness.createTrial(2);
}, 120_000);

afterAll(() => harness.stopAll(), 60_000);

const CUTS: [string, GroupDimension[]][] = [
  ['', []],
  ['arm', ['arm']],
  ['arm,condition', ['arm', 'condition']],
  ['site,arm', ['site', 'arm']],
  ['cohort,arm', ['cohort', 'arm']],
  ['employmentStatus,arm', ['employmentStatus', 'arm']],
];

it('matches the oracle at every as-of date and cut, through a projector crash', async () => {
  const [north, south] = harness.sites;
  const perSite = [messyTrialEvents(north.siteId, 300, 101), messyTrialEvents(south.siteId, 300, 202)];
  const sent: Record<string, any>[] = [];
  const ingest = `${harness.url('ingest')}/v1/events`;

  for (let i = 0; ; i += 250) {
    const slices = perSite.map((events) => events.slice(i, i + 250));
    if (slices.every((s) => s.length === 0)) break;
    for (const [s, slice] of slices.entries()) {
      if (slice.length === 0) continue;
      const res = await http('POST', ingest, { key: harness.sites[s].apiKey, json: slice });
      expect(res.status).toBe(202);
      expect(res.body.rejected).toEqual([]);
      sent.push(...slice);
    }
    if (i === 750) {
      // kill -9 the projector mid-stream and start a new one
      await harness.service('projector').kill();
      harness.services.set(
        'projector',
        await ServiceProcess.start('projector', harness.env(), { tag: harness.tag }),
      );
    }
  }

  const distinct = new Set(sent.map((e) => e.eventId)).size;
  const sites = harness.sites.map((s) => s.siteId);
  await eventually(
    async () => ((await eventStoreCount(sites)).rows === distinct ? true : undefined),
    90_000,
    'every event projected',
  );

  const events = sent.map(
    (e, seq) =>
      ({ ...e, trialId: harness.trialId, recordedAt: '2020-01-01T00:00:00.000Z', seq }) as StoredEvent,
  );
  for (const asOf of ['2017-09-30', '2018-03-31', '2018-08-15', '2019-01-31', '2019-09-30', '2020-06-30']) {
    for (const [param, groupBy] of CUTS) {
      const res = await http(
        'GET',
        `${harness.url('query')}/v1/trials/${harness.trialId}/outcomes?asOf=${asOf}${param ? `&groupBy=${param}` : ''}`,
        {
          key: harness.evaluatorKey,
        },
      );
      expect(res.status).toBe(200);
      expect(res.body.definitionsVersion).toBe(2);
      const query = {
        trialId: harness.trialId,
        asOf,
        groupBy,
        filters: {},
        cohortBy: 'quarter' as const,
        events,
      };
      const expected = oracleOutcomes(query);
      expect({
        asOf,
        cut: param,
        differences: outcomeDifferences(versionOnePart(res.body), expected),
      }).toEqual({
        asOf,
        cut: param,
        differences: [],
      });
      expect({
        asOf,
        cut: param,
        differences: outcomeDifferences(comparisonsOf(res.body), oracleComparisons(query), 1e-8),
      }).toEqual({ asOf, cut: param, differences: [] });
    }
  }

  // version 1 on request: exactly the version-1 shape
  const v1 = await http(
    'GET',
    `${harness.url('query')}/v1/trials/${harness.trialId}/outcomes?asOf=2019-09-30&groupBy=site,arm&definitionsVersion=1`,
    { key: harness.evaluatorKey },
  );
  expect(v1.status).toBe(200);
  expect(Object.keys(v1.body)).toEqual([
    'trialId',
    'asOf',
    'definitionsVersion',
    'groupBy',
    'groups',
    'effects',
  ]);
  expect(
    outcomeDifferences(
      v1.body,
      oracleOutcomes({
        trialId: harness.trialId,
        asOf: '2019-09-30',
        groupBy: ['site', 'arm'],
        filters: {},
        cohortBy: 'quarter',
        events,
      }),
    ),
  ).toEqual([]);
}, 300_000);

it('says which definitions version and which CSV table it does not know', async () => {
  const url = `${harness.url('query')}/v1/trials/${harness.trialId}/outcomes`;
  const bad = await http('GET', `${url}?definitionsVersion=3`, { key: harness.evaluatorKey });
  expect(bad.status).toBe(400);
  expect(bad.body.details).toEqual([
    { path: 'definitionsVersion', message: 'definitionsVersion must be one of 1, 2' },
  ]);
  const v1Comparisons = await http('GET', `${url}?groupBy=arm&definitionsVersion=1&section=comparisons`, {
    key: harness.evaluatorKey,
    accept: 'text/csv',
  });
  expect(v1Comparisons.status).toBe(400);
  expect(v1Comparisons.body.details[0].path).toBe('section');

  const csv = await http('GET', `${url}?groupBy=site,arm&asOf=2019-09-30&section=comparisons`, {
    key: harness.evaluatorKey,
    accept: 'text/csv',
  });
  expect(csv.status).toBe(200);
  const [header, ...rows] = csv.text.trim().split('\r\n');
  expect(header.split(',').slice(0, 4)).toEqual([
    'key.site',
    'firstJob.strata',
    'firstJob.logRank.observedIps',
    'firstJob.logRank.expectedIps',
  ]);
  expect(rows).toHaveLength(harness.sites.length);
  const effects = await http('GET', `${url}?groupBy=arm&asOf=2019-09-30&section=effects`, {
    key: harness.evaluatorKey,
    accept: 'text/csv',
  });
  expect(effects.text.split('\r\n')[0].split(',').slice(-4)).toEqual([
    'stratified.strata',
    'stratified.riskDifference',
    'stratified.lower',
    'stratified.upper',
  ]);
}, 60_000);

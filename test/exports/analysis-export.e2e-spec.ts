import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DATASET_FILES, type AnalysisExportMetadata, type OutcomesResponse } from '@ips/contracts';
import { TrialSimulation } from '@ips/simulation';
import { sql } from '../support/database';
import { eventually, http } from '../support/http';
import { eventStoreCount, storedJourneys } from '../support/journeys';
import { runRscript } from '../support/r-script';
import { TrialHarness } from '../support/trial-harness';
import { unzipTo } from '../support/unzip';

// Issue 13, done when: an export of a simulated trial, streamed through ingest, Kafka and the
// projector, unpacked with yauzl and loaded by its own load.R in the real R, gives with
// survival::survfit the API's cumulative incidence of a first job and its log-log limits at
// 91/182/365 days to 1e-9, and the API's 12-month job-start and worked-13-weeks counts, at
// the same as-of date — with and without shifted dates.

const harness = new TrialHarness({ RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '1000' });
const AS_OF = '2019-03-31';
const TIMES = [91, 182, 365];
const dirs: string[] = [];

beforeAll(async () => {
  await harness.start(['ingest', 'projector', 'query']);
  await harness.createTrial(2);
  const [a, b] = harness.sites;
  const simulation = new TrialSimulation(
    {
      participants: 1200,
      seed: 1313,
      startDate: '2017-07-01',
      sites: [
        { siteId: a.siteId, name: 'Sheffield City Region', profile: 'sheffield', share: 0.6 },
        { siteId: b.siteId, name: 'West Midlands', profile: 'west-midlands', share: 0.4 },
      ],
    },
    new Date('2019-09-30T12:00:00Z'),
  );
  const bySite = new Map<string, unknown[]>(harness.sites.map((s) => [s.siteId, []]));
  for (const upload of simulation.uploads()) bySite.get(upload.siteId)!.push(upload.envelope);
  let accepted = 0;
  for (const site of harness.sites) {
    const events = bySite.get(site.siteId)!;
    for (let i = 0; i < events.length; i += 2000) {
      const res = await http('POST', `${harness.url('ingest')}/v1/events`, {
        key: site.apiKey,
        json: events.slice(i, i + 2000),
      });
      expect(res.status).toBe(202);
      accepted += res.body.accepted;
    }
  }
  const sites = harness.sites.map((s) => s.siteId);
  await eventually(
    async () => ((await eventStoreCount(sites)).distinct === accepted ? true : undefined),
    120_000,
    'every accepted event projected',
  );
}, 300_000);

afterAll(async () => {
  await harness.stopAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function exportAndUnpack(
  shiftDates: boolean,
): Promise<{ metadata: AnalysisExportMetadata; dir: string }> {
  const created = await http<AnalysisExportMetadata>(
    'POST',
    `${harness.url('query')}/v1/trials/${harness.trialId}/exports`,
    { key: harness.evaluatorKey, json: { asOf: AS_OF, shiftDates } },
  );
  expect(created.status).toBe(201);
  const metadata = created.body;
  const res = await fetch(`${harness.url('query')}${metadata.links.zip}`, {
    headers: { authorization: `Bearer ${harness.evaluatorKey}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  const zip = Buffer.from(await res.arrayBuffer());
  expect(zip.length).toBe(metadata.archive.bytes);
  expect(createHash('sha256').update(zip).digest('hex')).toBe(metadata.archive.sha256);
  const dir = mkdtempSync(join(tmpdir(), 'ips-export-'));
  dirs.push(dir);
  const names = await unzipTo(zip, dir);
  expect(names).toEqual([...DATASET_FILES, 'dictionary.csv', 'load.R', 'load.do', 'manifest.json']);
  // every file is what the manifest (and the metadata) says it is
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  expect(manifest.files.map((f: { name: string }) => f.name)).toEqual(names.slice(0, -1));
  for (const file of metadata.files) {
    const bytes = readFileSync(join(dir, file.name));
    expect({
      name: file.name,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    }).toEqual({
      name: file.name,
      sha256: file.sha256,
      bytes: file.bytes,
    });
  }
  expect(manifest).toMatchObject({
    exportId: metadata.id,
    trialId: harness.trialId,
    asOf: AS_OF,
    definitionsVersion: 2,
    shiftDates,
    participants: metadata.participants,
    eventCount: metadata.eventCount,
  });
  expect(manifest.kafka.offsets.length).toBeGreaterThan(0);
  expect(manifest.eventCount).toBe((await eventStoreCount(harness.sites.map((s) => s.siteId))).rows);
  return { metadata, dir };
}

async function apiOutcomes(groupBy: string): Promise<OutcomesResponse> {
  const res = await http<OutcomesResponse>(
    'GET',
    `${harness.url('query')}/v1/trials/${harness.trialId}/outcomes?asOf=${AS_OF}${groupBy ? `&groupBy=${groupBy}` : ''}`,
    { key: harness.evaluatorKey },
  );
  expect(res.status).toBe(200);
  return res.body;
}

interface RFigures {
  n: number;
  events?: number;
  jobStart12m: { numerator: number; denominator: number };
  worked13wIn12m: { numerator: number; denominator: number };
  at?: { day: number; atRisk: number; surv: number | null; lower: number | null; upper: number | null }[];
}

function expectSameFigures(r: RFigures, group: OutcomesResponse['groups'][number]): void {
  expect(r.n).toBe(group.flow.randomised);
  expect(r.n).toBeGreaterThan(50);
  expect(r.events).toBe(group.firstJob.events);
  expect(r.jobStart12m).toEqual({
    numerator: group.jobStart12m.numerator,
    denominator: group.jobStart12m.denominator,
  });
  expect(r.worked13wIn12m).toEqual({
    numerator: group.worked13wIn12m.numerator,
    denominator: group.worked13wIn12m.denominator,
  });
  expect(group.jobStart12m.denominator).toBeGreaterThan(20);
  expect(group.worked13wIn12m.numerator).toBeGreaterThan(0);
  for (const [i, api] of group.firstJob.at.entries()) {
    const ours = r.at![i]!;
    expect(ours.day).toBe(api.day);
    expect(ours.atRisk).toBe(api.atRisk);
    // F = 1 − S, so R's limits swap
    expect(api.cumulativeIncidence).not.toBeNull();
    expect(Math.abs(1 - ours.surv! - api.cumulativeIncidence!)).toBeLessThan(1e-9);
    expect(Math.abs(1 - ours.upper! - api.lower!)).toBeLessThan(1e-9);
    expect(Math.abs(1 - ours.lower! - api.upper!)).toBeLessThan(1e-9);
  }
}

interface RAnswer {
  participants: number;
  jobs: number;
  measurements: number;
  columns: Record<string, string[]>;
  classes: Record<string, string | string[]>;
  firstJobIntervalsAgree: boolean;
  firstJobRows: number;
  firstJobEvents: number;
  randomisedOn: string[];
  all: RFigures;
  ips: RFigures;
  usualCare: RFigures;
}

const answers: Partial<Record<'plain' | 'shifted', RAnswer>> = {};

describe.each([
  ['plain', false],
  ['shifted', true],
] as const)('an export with %s dates', (kind, shiftDates) => {
  let metadata: AnalysisExportMetadata;
  let dir: string;

  beforeAll(async () => {
    ({ metadata, dir } = await exportAndUnpack(shiftDates));
  }, 120_000);

  it('loads in R with load.R, and survfit reproduces the API to 1e-9', async () => {
    const r = await runRscript<RAnswer>('analysis-export.R', { dir, times: TIMES });
    answers[kind] = r;
    const [whole, byArm] = [await apiOutcomes(''), await apiOutcomes('arm')];
    expect(r.participants).toBe(metadata.participants);
    expect(r.participants).toBeGreaterThanOrEqual(whole.groups[0]!.flow.referred);
    expect(r.classes).toMatchObject({
      randomisedOn: 'Date',
      startedOn: 'Date',
      arm: 'factor',
      armLevels: ['IPS', 'Usual care'],
      firstJobDays: 'integer',
      armLabel: 'Arm assigned',
    });
    expectSameFigures(r.all, whole.groups[0]!);
    expectSameFigures(
      r.ips,
      byArm.groups.find((g) => g.key.arm === 'ips')!,
    );
    expectSameFigures(
      r.usualCare,
      byArm.groups.find((g) => g.key.arm === 'usual_care')!,
    );
    // jobs.csv marks exactly the first jobs, and their dates keep the interval to t0
    expect(r.firstJobRows).toBe(r.firstJobEvents);
    expect(r.firstJobIntervalsAgree).toBe(true);
    expect(r.columns.participants.includes('cohort')).toBe(!shiftDates);
    // measurements.csv: exactly the measurements the fold keeps, dated on or before asOf
    const journeys = await storedJourneys(harness.sites.map((s) => s.siteId));
    let kept = 0;
    for (const journey of journeys.values())
      for (const list of Object.values(journey.wellbeing ?? {}))
        kept += (list ?? []).filter((m) => m.on <= AS_OF).length;
    expect(kept).toBeGreaterThan(100);
    expect(r.measurements).toBe(kept);
    expect(r.classes.instrument).toBe('factor');
  }, 180_000);

  it('has a dictionary row for every column of every CSV, and a column for every dictionary row', () => {
    const dictionary = readCsv(join(dir, 'dictionary.csv'));
    expect(dictionary[0]).toEqual(['file', 'name', 'label', 'type', 'codes', 'section']);
    const described = dictionary.slice(1).map(([file, name]) => `${file}:${name}`);
    const present = DATASET_FILES.flatMap((file) =>
      readCsv(join(dir, file))[0]!.map((name) => `${file}:${name}`),
    );
    expect(described.sort()).toEqual(present.sort());
    expect(new Set(present).size).toBe(present.length);
  });

  it('runs as `Rscript load.R` from anywhere, with nothing on stderr', async () => {
    const { stderr } = await promisify(execFile)('Rscript', ['--vanilla', join(dir, 'load.R')], {
      cwd: tmpdir(),
    });
    expect(stderr).toBe('');
  }, 60_000);
});

describe('shifted dates', () => {
  it('move the dates but not the derived values', () => {
    const plain = answers.plain!;
    const shifted = answers.shifted!;
    expect(shifted.all).toEqual(plain.all);
    expect(shifted.ips).toEqual(plain.ips);
    expect(shifted.usualCare).toEqual(plain.usualCare);
    expect(shifted.randomisedOn).toHaveLength(plain.randomisedOn.length);
    // most randomisation dates moved (a shift of 0 days has probability 1/365)
    const moved = shifted.randomisedOn.filter((d, i) => d !== plain.randomisedOn[i]).length;
    expect(moved).toBeGreaterThan(plain.randomisedOn.length / 2);
  });
});

describe('pseudonyms', () => {
  it('differ between two exports of the same trial and never contain a site participant id', async () => {
    const read = async () => {
      const { dir } = await exportAndUnpack(false);
      return readCsv(join(dir, 'participants.csv')).slice(1);
    };
    const [first, second] = [await read(), await read()];
    const pids = (rows: string[][]) => new Set(rows.map((r) => r[0]!));
    expect(pids(first).size).toBe(first.length);
    for (const pid of pids(first)) expect(pid).toMatch(/^[0-9a-f]{16}$/);
    const shared = [...pids(first)].filter((p) => pids(second).has(p));
    expect(shared).toEqual([]);
    const ids = await sql<{ participant_id: string }>(
      `SELECT participant_id FROM journeys WHERE trial_id = $1`,
      [harness.trialId],
    );
    const text = first.map((r) => r.join(',')).join('\n');
    for (const { participant_id } of ids.slice(0, 200)) expect(text.includes(participant_id)).toBe(false);
  }, 180_000);
});

/** A small RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes. */
function readCsv(path: string): string[][] {
  const text = readFileSync(path, 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\n') (row.push(field), rows.push(row), (row = []), (field = ''));
    else field += c;
  }
  return rows;
}

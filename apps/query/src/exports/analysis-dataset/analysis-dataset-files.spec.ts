import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_COLUMNS, DATASET_FILES, DATE_SHIFT_MAX_DAYS, datasetColumns } from '@ips/contracts';
import { analysisRecords, foldJourney } from '@ips/domain';
import type { StoredEvent } from '@ips/contracts';
import { csvLine } from './dataset-csv';
import { dictionaryCsv } from './dictionary-csv';
import { ExportSecret } from './export-secret';
import { loadDo } from './load-do';
import { loadR } from './load-r';

const GOLDEN = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'analysis-export');

/** Compares with the committed file; UPDATE_GOLDEN=1 writes it instead (then review the diff). */
function expectGolden(name: string, text: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

describe('load.do (golden: there is no Stata here)', () => {
  it.each([
    ['load.do', false],
    ['load-shifted.do', true],
  ])('%s is the reviewed script', (name, shifted) => {
    expectGolden(name, loadDo('trial-x', '2019-06-30', shifted));
  });

  it('keeps to Stata limits: names of at most 32 characters, variable labels of at most 80', () => {
    for (const file of DATASET_FILES)
      for (const c of DATASET_COLUMNS[file]) {
        expect(c.name).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,27}$/); // room for the _lbl suffix
        expect(c.label.length).toBeLessThanOrEqual(80);
        expect(c.label).not.toMatch(/["`]/);
        for (const code of c.codes ?? []) expect(code.label).not.toMatch(/["`]/);
      }
  });
});

describe('load.R', () => {
  it.each([
    ['load.R', false],
    ['load-shifted.R', true],
  ])('%s is the reviewed script', (name, shifted) => {
    expectGolden(name, loadR('trial-x', '2019-06-30', shifted));
  });
});

describe('dictionary.csv', () => {
  it('has one row per column of each file, in order; a shifted export has no calendar columns', () => {
    for (const shifted of [false, true]) {
      const rows = dictionaryCsv(shifted).trimEnd().split('\n').slice(1);
      const expected = DATASET_FILES.flatMap((f) => datasetColumns(f, shifted).map((c) => `${f},${c.name},`));
      expect(rows.map((r) => r.slice(0, r.indexOf(',', r.indexOf(',') + 1) + 1))).toEqual(expected);
      expect(rows.some((r) => r.startsWith('participants.csv,cohort,'))).toBe(!shifted);
    }
    expect(dictionaryCsv(false)).toContain(
      'participants.csv,arm,Arm assigned,code,ips=IPS|usual_care=Usual care,§5\n',
    );
  });
});

describe('the records of libs/domain', () => {
  it('fill exactly the columns of each data file but the pseudonym', () => {
    let seq = 0;
    const event = (type: string, occurredOn: string, data: Record<string, unknown>): StoredEvent =>
      ({
        eventId: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
        type,
        schemaVersion: 1,
        siteId: 's1',
        participantId: 'P-1',
        occurredOn,
        data,
        trialId: 't',
        recordedAt: '2019-01-01T00:00:00.000Z',
        seq,
      }) as StoredEvent;
    const journey = foldJourney([
      event('participant.referred', '2017-07-03', {
        condition: 'mental_health',
        referralSource: 'primary_care',
        employmentStatus: 'unemployed',
      }),
      event('participant.randomised', '2017-07-03', { arm: 'ips' }),
      event('job.started', '2017-08-01', { jobId: 'j1', hoursPerWeek: 20, competitive: true }),
    ]);
    const records = analysisRecords(journey, '2018-08-31')!;
    const names = (file: (typeof DATASET_FILES)[number]) =>
      DATASET_COLUMNS[file]
        .map((c) => c.name)
        .filter((n) => n !== 'pid')
        .sort();
    expect(Object.keys(records.participant).sort()).toEqual(names('participants.csv'));
    expect(Object.keys(records.jobs[0]!).sort()).toEqual(names('jobs.csv'));
  });
});

describe('CSV lines', () => {
  const columns = datasetColumns('jobs.csv', false);
  it('write flags as 1/0, missing as empty, and move dates by the shift', () => {
    const row = {
      pid: 'abc',
      job: 1,
      startedOn: '2018-02-27',
      endedOn: null,
      endReason: null,
      competitive: true,
      selfEmployed: false,
      hoursAtStart: 37.5,
      hoursAtAsOf: 16,
      hourlyWagePence: null,
      socCode: '0123',
      firstJob: true,
    };
    expect(csvLine(columns, row, 0)).toBe('abc,1,2018-02-27,,,1,0,37.5,16,,0123,1\n');
    expect(csvLine(columns, row, 2)).toBe('abc,1,2018-03-01,,,1,0,37.5,16,,0123,1\n');
    expect(csvLine(columns, row, -182)).toBe('abc,1,2017-08-29,,,1,0,37.5,16,,0123,1\n');
  });
});

describe('ExportSecret', () => {
  it('gives 16-hex-digit pseudonyms, stable within an export and unrelated across exports', () => {
    const a = ExportSecret.draw();
    const b = ExportSecret.draw();
    expect(a.pseudonym('s1', 'P-1')).toMatch(/^[0-9a-f]{16}$/);
    expect(a.pseudonym('s1', 'P-1')).toBe(a.pseudonym('s1', 'P-1'));
    expect(a.pseudonym('s1', 'P-1')).not.toBe(b.pseudonym('s1', 'P-1'));
    expect(a.pseudonym('s1', 'P-1')).not.toBe(a.pseudonym('s2', 'P-1'));
  });

  it('is HMAC-SHA256 of siteId:participantId (a known key gives the known answer)', () => {
    const secret = ExportSecret.fromKey(Buffer.alloc(32, 7));
    // openssl dgst -sha256 -hmac "$(printf '\x07%.0s' {1..32})" <<< -n "site-a:P-0001", first 16 hex digits
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const expected = createHmac('sha256', Buffer.alloc(32, 7))
      .update('site-a:P-0001')
      .digest('hex')
      .slice(0, 16);
    expect(secret.pseudonym('site-a', 'P-0001')).toBe(expected);
  });

  it('draws shifts that are whole days in [−182, 182] and spread over the range', () => {
    const secret = ExportSecret.draw();
    const shifts = Array.from({ length: 5000 }, (_, i) => secret.shiftDays('s', `P-${i}`));
    for (const s of shifts) {
      expect(Number.isInteger(s)).toBe(true);
      expect(Math.abs(s)).toBeLessThanOrEqual(DATE_SHIFT_MAX_DAYS);
    }
    expect(Math.min(...shifts)).toBeLessThan(-170);
    expect(Math.max(...shifts)).toBeGreaterThan(170);
    const mean = shifts.reduce((a, b) => a + b, 0) / shifts.length;
    expect(Math.abs(mean)).toBeLessThan(10); // sd of the mean ≈ 105/√5000 ≈ 1.5
    expect(secret.shiftDays('s', 'P-1')).toBe(secret.shiftDays('s', 'P-1'));
  });
});

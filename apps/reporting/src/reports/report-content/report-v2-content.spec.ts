import {
  computeOutcomesV2,
  isPublishedTableV2,
  type PublishedOutcomeTableV2,
  type PublishedValue,
} from '@ips/domain';
import { WELLBEING_INSTRUMENTS, type OutcomesResponseV2 } from '@ips/contracts';
import { simulatedSnapshot } from '../../testing/simulated-trial';
import { reportCsv } from '../rendering/report-csv';
import { REPORT_TABLES, type ReportTableName } from '../report-types';
import { buildReportContent } from './build-report-content';
import { contentHash } from './content-hash';
import { reportMonitoring } from './report-monitoring';

// DESIGN §8 for definitions version 2: a new report carries, in every table that has arms,
// the comparisons of §6a and the wellbeing tables of §6b, through disclosure control, in
// JSON and CSV. Checked against computeOutcomesV2 on the same simulated trial: every
// figure published is the exact one rounded, or `*`.

const snapshot = simulatedSnapshot({ participants: 1500, seed: 11 });
const AS_OF = '2018-12-01';
const content = buildReportContent(snapshot, 'first_year', AS_OF);

function exact(name: ReportTableName): OutcomesResponseV2 {
  const { groupBy } = REPORT_TABLES.find((t) => t.name === name)!;
  return computeOutcomesV2({
    trialId: snapshot.trial.trialId,
    asOf: AS_OF,
    groupBy,
    cohortBy: 'quarter',
    journeys: snapshot.journeys,
  });
}

function published(name: ReportTableName): PublishedOutcomeTableV2 {
  const table = content.tables[name];
  if (!isPublishedTableV2(table)) throw new Error(`${name} is not a version-2 table`);
  return table;
}

const round = (v: number, decimals: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;
const sig3 = (v: number) => Number(v.toPrecision(3));

/** A published figure is `*` (withheld) or the exact figure at its published precision (null stays null). */
function expectPublishedAs(
  value: PublishedValue,
  exactValue: number | null,
  precision: (v: number) => number,
) {
  if (value === '*') return 1;
  if (exactValue === null) expect(value).toBeNull();
  else expect(value).toBeCloseTo(precision(exactValue), 10);
  return 0;
}

/** A published count is `*` or the exact count rounded to 5 (0 stays 0). */
function expectCountAs(value: number | '*', exactValue: number) {
  if (value === '*') return;
  expect(value).toBe(Math.round(exactValue / 5) * 5);
}

describe('a version-2 report’s content', () => {
  it('says it was computed under definitions version 2', () => {
    expect(content.definitionsVersion).toBe(2);
  });

  it('has the comparisons of every table that has arms, keyed and ordered as computeOutcomesV2’s', () => {
    for (const { name, groupBy } of REPORT_TABLES) {
      const table = published(name);
      const computed = exact(name);
      expect(table.comparisons.map((c) => c.key)).toEqual(computed.comparisons.map((c) => c.key));
      expect(table.comparisons.length > 0).toBe((groupBy as readonly string[]).includes('arm'));
      expect(table.effects.map((e) => [e.key, e.metric])).toEqual(
        computed.effects.map((e) => [e.key, e.metric]),
      );
    }
  });

  it('publishes each comparison figure as computeOutcomesV2’s, rounded, or withheld', () => {
    let figures = 0;
    let withheld = 0;
    for (const { name } of REPORT_TABLES) {
      const table = published(name);
      const computed = exact(name);
      table.comparisons.forEach((c, i) => {
        const e = computed.comparisons[i];
        expect(c.firstJob.strata).toBe(e.firstJob.strata);
        expectCountAs(c.firstJob.logRank.observedIps, e.firstJob.logRank.observedIps);
        expectCountAs(c.firstJob.logRank.observedUsualCare, e.firstJob.logRank.observedUsualCare);
        const lr = c.firstJob.logRank;
        const hr = c.firstJob.hazardRatio;
        withheld += expectPublishedAs(lr.expectedIps, e.firstJob.logRank.expectedIps, (v) => round(v, 1));
        withheld += expectPublishedAs(lr.chiSquare, e.firstJob.logRank.chiSquare, (v) => round(v, 3));
        withheld += expectPublishedAs(lr.p, e.firstJob.logRank.p, sig3);
        withheld += expectPublishedAs(hr.estimate, e.firstJob.hazardRatio.estimate, (v) => round(v, 3));
        withheld += expectPublishedAs(hr.lower, e.firstJob.hazardRatio.lower, (v) => round(v, 3));
        withheld += expectPublishedAs(hr.p, e.firstJob.hazardRatio.p, sig3);
        figures += 6;
        expect(c.wellbeing.map((w) => w.instrument)).toEqual([...WELLBEING_INSTRUMENTS]);
        c.wellbeing.forEach((w, j) => {
          const ew = e.wellbeing[j];
          expect(w.higherIsBetter).toBe(ew.higherIsBetter);
          expectCountAs(w.n, ew.n);
          expectCountAs(w.nIps, ew.nIps);
          withheld += expectPublishedAs(w.adjustedDifference, ew.adjustedDifference, (v) => round(v, 1));
          withheld += expectPublishedAs(w.p, ew.p, sig3);
          figures += 2;
        });
      });
      table.effects.forEach((eff, i) => {
        const s = computed.effects[i].stratified;
        expect(eff.stratified.strata).toBe(s.strata);
        withheld += expectPublishedAs(eff.stratified.riskDifference, s.riskDifference, (v) => round(v, 3));
        figures += 1;
      });
    }
    // small groups (the pilot site, rare conditions, few follow-ups) have figures withheld;
    // the whole trial's comparison of the arms is published
    expect(withheld).toBeGreaterThan(0);
    expect(withheld).toBeLessThan(figures);
    const [trial] = published('byArm').comparisons;
    const { logRank, hazardRatio } = trial.firstJob;
    for (const v of [logRank.expectedIps, logRank.chiSquare, logRank.p, ...Object.values(hazardRatio)])
      expect(typeof v).toBe('number');
  });

  it('publishes the wellbeing of every group, every instrument in order with its better direction', () => {
    for (const { name } of REPORT_TABLES) {
      const table = published(name);
      const computed = exact(name);
      table.groups.forEach((g, i) => {
        const eg = computed.groups[i];
        expect(g.key).toEqual(eg.key);
        expect(g.wellbeing.map((w) => [w.instrument, w.higherIsBetter])).toEqual(
          eg.wellbeing.map((w) => [w.instrument, w.higherIsBetter]),
        );
        g.wellbeing.forEach((w, j) => {
          const ew = eg.wellbeing[j];
          expectCountAs(w.withBaseline, ew.withBaseline);
          expectCountAs(w.withFollowUp, ew.withFollowUp);
          expectCountAs(w.missingFollowUp, ew.due - ew.withFollowUp);
          expectPublishedAs(w.baselineMean, ew.baselineMean, (v) => round(v, 1));
          expectPublishedAs(w.change.mean, ew.change.mean, (v) => round(v, 1));
          expectPublishedAs(w.change.lower, ew.change.lower, (v) => round(v, 1));
        });
      });
    }
    // the simulator measures wellbeing: the arms have real figures to show
    const ips = published('byArm').groups.find((g) => g.key.arm === 'ips')!;
    expect(ips.wellbeing.some((w) => typeof w.change.mean === 'number')).toBe(true);
  });

  it('is covered by the content hash: a changed comparison or wellbeing figure changes it', () => {
    const hash = contentHash(content);
    const byArm = published('byArm');
    const changed = (patch: Partial<PublishedOutcomeTableV2>) =>
      contentHash({ ...content, tables: { ...content.tables, byArm: { ...byArm, ...patch } } });
    const [first, ...rest] = byArm.comparisons;
    expect(
      changed({
        comparisons: [
          {
            ...first,
            firstJob: { ...first.firstJob, hazardRatio: { ...first.firstJob.hazardRatio, estimate: 9 } },
          },
          ...rest,
        ],
      }),
    ).not.toBe(hash);
    expect(
      changed({ groups: byArm.groups.map((g) => ({ ...g, wellbeing: g.wellbeing.slice(1) })) }),
    ).not.toBe(hash);
  });
});

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}
const cell = (v: number | string | null | boolean) => (v === null ? '' : String(v));

describe('a version-2 report’s CSV', () => {
  it('lists every comparison of every table, figure for figure as the JSON', () => {
    const rows = parseCsv(reportCsv(content, 'comparisons'));
    const expected = REPORT_TABLES.flatMap(({ name }) =>
      published(name).comparisons.map((c) => ({ name, c })),
    );
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => {
      const { name, c } = expected[i];
      expect(row.table).toBe(name);
      expect(row['firstJob.strata']).toBe(cell(c.firstJob.strata));
      expect(row['firstJob.logRank.observedIps']).toBe(cell(c.firstJob.logRank.observedIps));
      expect(row['firstJob.logRank.p']).toBe(cell(c.firstJob.logRank.p));
      expect(row['firstJob.hazardRatio.estimate']).toBe(cell(c.firstJob.hazardRatio.estimate));
      expect(row['firstJob.hazardRatio.upper']).toBe(cell(c.firstJob.hazardRatio.upper));
      for (const w of c.wellbeing) {
        expect(row[`wellbeing.${w.instrument}.higherIsBetter`]).toBe(cell(w.higherIsBetter));
        expect(row[`wellbeing.${w.instrument}.adjustedDifference`]).toBe(cell(w.adjustedDifference));
        expect(row[`wellbeing.${w.instrument}.nUsualCare`]).toBe(cell(w.nUsualCare));
      }
    });
  });

  it('has the wellbeing table in long form and as columns of the outcome rows, and the stratified differences', () => {
    const long = parseCsv(reportCsv(content, 'wellbeing'));
    const groups = REPORT_TABLES.flatMap(({ name }) => published(name).groups.map((g) => ({ name, g })));
    expect(long).toHaveLength(groups.length * WELLBEING_INSTRUMENTS.length);
    const wide = parseCsv(reportCsv(content, 'outcomes'));
    expect(wide).toHaveLength(groups.length);
    groups.forEach(({ name, g }, i) => {
      expect(wide[i].table).toBe(name);
      g.wellbeing.forEach((w, j) => {
        const row = long[i * WELLBEING_INSTRUMENTS.length + j];
        expect([row.table, row.instrument, row.higherIsBetter]).toEqual([
          name,
          w.instrument,
          String(w.higherIsBetter),
        ]);
        expect(row.missingFollowUp).toBe(cell(w.missingFollowUp));
        expect(row['change.mean']).toBe(cell(w.change.mean));
        expect(wide[i][`wellbeing.${w.instrument}.followUpMean`]).toBe(cell(w.followUpMean));
        expect(wide[i][`wellbeing.${w.instrument}.missingFollowUp`]).toBe(cell(w.missingFollowUp));
      });
    });
    const effects = parseCsv(reportCsv(content, 'effects'));
    const byArm = published('byArm').effects;
    expect(effects.filter((r) => r.table === 'byArm').map((r) => r['stratified.riskDifference'])).toEqual(
      byArm.map((e) => cell(e.stratified.riskDifference)),
    );
  });

  it('has the monitoring table when the report has one (DESIGN §6c), this report’s look marked', () => {
    const monitoring = reportMonitoring(
      { primaryOutcome: 'jobStart12m', plannedParticipants: 1500, alpha: 0.05 },
      [
        {
          asOf: '2018-09-01',
          look: {
            informationFraction: 0.21,
            z: 0.8,
            boundary: 4.2,
            nominalP: 2e-5,
            alphaSpent: 2e-5,
            crossed: false,
          },
        },
      ],
      {
        asOf: AS_OF,
        look: {
          informationFraction: 0.334,
          z: 1.1,
          boundary: 3.6,
          nominalP: 3e-4,
          alphaSpent: 4e-4,
          crossed: false,
        },
      },
    );
    const rows = parseCsv(reportCsv({ ...content, monitoring }, 'monitoring'));
    expect(rows.map((r) => [r.look, r.asOf, r.informationFraction, r.crossed, r.thisReport])).toEqual(
      monitoring.looks.map((l) => [
        String(l.look),
        l.asOf,
        String(l.informationFraction),
        'false',
        String(l.look === 2),
      ]),
    );
    expect(rows.every((r) => r.primaryOutcome === 'jobStart12m' && r.plannedParticipants === '1500')).toBe(
      true,
    );
  });
});

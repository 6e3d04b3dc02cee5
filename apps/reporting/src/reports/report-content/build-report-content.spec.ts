import { reportHtml } from '../rendering/report-html';
import { simulatedSnapshot } from '../../testing/simulated-trial';
import { REPORT_TABLES } from '../report-types';
import { buildReportContent, type ReportSnapshot } from './build-report-content';
import { contentHash, contentOf } from './content-hash';

const snapshot = simulatedSnapshot({ participants: 1500, seed: 11 });

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('a report’s content', () => {
  const content = buildReportContent(snapshot, 'interim', '2018-12-01');

  it('holds the tables of DESIGN §8 (arm × condition, site × arm, cohort × arm) and the trial and arm summaries above them', () => {
    expect(Object.keys(content.tables)).toEqual(REPORT_TABLES.map((t) => t.name));
    expect(content.tables.byArmAndCondition.groupBy).toEqual(['arm', 'condition']);
    expect(content.tables.bySiteAndArm.groupBy).toEqual(['site', 'arm']);
    expect(content.tables.byCohortAndArm.groupBy).toEqual(['cohort', 'arm']);
    expect(content.tables.byArm.effects.map((e) => e.metric)).toEqual(['jobStart12m', 'worked13wIn12m']);
    expect(content.tables.byCohortAndArm.groups.some((g) => g.key.cohort === '2017-Q3')).toBe(true);
  });

  it('records what it was computed from and under which definitions', () => {
    expect(content).toMatchObject({
      reportFormat: 1,
      trialId: 'sim-trial',
      type: 'interim',
      asOf: '2018-12-01',
      definitionsVersion: 2,
      trial: { startDate: '2017-07-01', firstAnniversary: '2018-07-01' },
      provenance: {
        topic: 'ips.participant-events',
        consumerGroup: 'ips-projector',
        eventCount: snapshot.provenance.eventCount,
      },
    });
    expect(content.provenance.offsets.map((o) => o.partition)).toEqual([0, 1, 2]);
  });

  it('publishes nothing but rounded counts: the small pilot site is hidden', () => {
    const pilot = content.tables.bySiteAndArm.groups.filter(
      (g) => g.key.site === 'rotherham-pilot' && g.key.arm !== null,
    );
    expect(pilot.length).toBeGreaterThan(0);
    for (const g of pilot) expect(g.flow.randomised).toBe('*');
    const counts =
      JSON.stringify(content.tables).match(
        /"(numerator|denominator|n|events|atRisk|referred|randomised|withdrawn)":(\d+)/g,
      ) ?? [];
    expect(counts.length).toBeGreaterThan(100);
    for (const c of counts) expect(Number(c.split(':')[1]) % 5).toBe(0);
    expect(content.disclosure.suppressed.primary).toBeGreaterThan(0);
  });

  it('draws the time-to-first-job curves of the two arms', () => {
    expect(content.firstJobCurves.map((c) => c.key.arm)).toEqual(['ips', 'usual_care']);
    for (const { curve } of content.firstJobCurves) {
      if (curve === '*') throw new Error('withheld');
      expect(curve.points[0]).toEqual({ day: 0, cumulativeIncidence: 0, lower: null, upper: null });
      expect(curve.points.length).toBeGreaterThan(5);
    }
  });

  it('has the same hash when computed again from the same snapshot, whatever order the journeys come in', () => {
    const again: ReportSnapshot = {
      ...snapshot,
      journeys: shuffled(snapshot.journeys, 3),
      sites: [...snapshot.sites].reverse(),
    };
    expect(contentHash(buildReportContent(again, 'interim', '2018-12-01'))).toBe(contentHash(content));
    expect(contentHash(content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('has another hash for another as-of date, type or read position', () => {
    const hash = contentHash(content);
    expect(contentHash(buildReportContent(snapshot, 'interim', '2018-11-30'))).not.toBe(hash);
    expect(contentHash(buildReportContent(snapshot, 'first_year', '2018-12-01'))).not.toBe(hash);
    const moved = {
      ...snapshot,
      provenance: {
        ...snapshot.provenance,
        offsets: snapshot.provenance.offsets.map((o) => ({
          ...o,
          nextOffset: String(Number(o.nextOffset) + 1),
        })),
      },
    };
    expect(contentHash(buildReportContent(moved, 'interim', '2018-12-01'))).not.toBe(hash);
  });

  it('hashes only the content: a JSON document’s metadata is left out, and JSON round trips keep the hash', () => {
    const document = {
      id: 'x',
      version: 3,
      createdAt: 'now',
      trigger: 'schedule',
      scheduledFor: null,
      contentHash: 'h',
      links: {},
      ...JSON.parse(JSON.stringify(content)),
    };
    expect(contentHash(contentOf(document) as never)).toBe(contentHash(content));
  });
});

describe('a report of a trial that has hardly begun', () => {
  const metadata = {
    id: '00000000-0000-4000-8000-000000000001',
    trialId: 'sim-trial',
    type: 'interim' as const,
    asOf: '2017-08-01',
    version: 1,
    createdAt: '2017-08-01T05:00:00.000Z',
    trigger: 'schedule' as const,
    scheduledFor: '2017-08-01T05:00:00.000Z',
    definitionsVersion: 1,
    contentHash: 'x'.repeat(64),
    eventCount: 0,
    offsets: [],
    links: { json: '/j', csv: '/c', html: '/h', pdf: '/p' },
  };

  it('with nobody in it yet, still has every table and says there is nothing to compare', () => {
    const empty: ReportSnapshot = {
      ...snapshot,
      journeys: [],
      provenance: { ...snapshot.provenance, offsets: [], eventCount: 0 },
    };
    const content = buildReportContent(empty, 'interim', '2017-08-01');
    expect(content.tables.trial.groups).toHaveLength(1);
    expect(content.tables.byArm.groups).toEqual([]);
    expect(content.firstJobCurves).toEqual([]);
    const html = reportHtml(metadata, content);
    expect(html).toContain('Nobody in the trial has yet been followed up for a full year');
    expect(html).toContain('Nobody has been randomised yet.');
  });

  it('with a handful of people, hides every count and every figure resting on them', () => {
    const few: ReportSnapshot = { ...snapshot, journeys: snapshot.journeys.slice(0, 6) };
    const content = buildReportContent(few, 'interim', '2018-12-01');
    const trial = content.tables.trial.groups[0];
    expect(trial.flow.referred).toBe('*');
    for (const curve of content.firstJobCurves) expect(curve.curve).toBe('*');
    expect(JSON.stringify(content.tables)).not.toMatch(/":[1-7](,|\})/);
    const html = reportHtml(metadata, content);
    expect(html).toMatch(/The main 12-month comparison is withheld|Nobody in one of the arms/);
    expect(html).toContain('withheld (fewer than 8 people or first jobs)');
  });
});

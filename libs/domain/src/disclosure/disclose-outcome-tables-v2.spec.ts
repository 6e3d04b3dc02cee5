import type { GroupDimension } from '@ips/contracts';
import fc from 'fast-check';
import { addDays } from '../calendar/day-number';
import { foldJourney } from '../journey/fold-journey';
import type { Journey } from '../journey/journey';
import { computeFirstJobCurves } from '../outcomes/compute-outcomes';
import { computeOutcomesV2 } from '../outcomes/compute-outcomes-v2';
import { FIRST_DAY, buildEvents, eventSpecsArb } from '../testing/journey-arbitraries';
import { participant } from '../testing/stored-events';
import { auditSuppression, planSuppression } from './cell-suppression';
import { discloseOutcomeTables, outcomeSuppressionModel } from './disclose-outcome-tables';
import {
  isPublishedTableV2,
  type PublishedCount,
  type PublishedOutcomeTable,
  type PublishedOutcomeTableV2,
  type PublishedValue,
} from './published-outcomes';

// DESIGN §8 for definitions version 2: the comparisons (§6a) and wellbeing tables (§6b)
// go through the same disclosure control as the version-1 tables, and a figure resting on
// a suppressed count (rests-on.ts) is withheld.

const TABLES: [string, GroupDimension[]][] = [
  ['trial', []],
  ['byArm', ['arm']],
  ['byArmAndCondition', ['arm', 'condition']],
  ['bySiteAndArm', ['site', 'arm']],
];

const RANDOMISED_ON = '2017-01-10';

/** `n` people of a site and arm; every `jobEvery`-th finds a job 60 days on; each with a WEMWBS baseline and, every `followUpEvery`-th, a 12-month follow-up. */
function people(
  site: string,
  arm: 'ips' | 'usual_care',
  n: number,
  jobEvery: number,
  followUpEvery: number,
): Journey[] {
  return Array.from({ length: n }, (_, i) => {
    const p = participant(`${site}-${arm}-${i}`, site);
    const events = p.enrolled(RANDOMISED_ON, arm);
    if (i % jobEvery === 0) events.push(p.jobStarted(addDays(RANDOMISED_ON, 60), 'job-1'));
    events.push(p.measured(addDays(RANDOMISED_ON, -5), 'wemwbs', 40 + (i % 9)));
    if (i % followUpEvery === 0)
      events.push(p.measured(addDays(RANDOMISED_ON, 360), 'wemwbs', 42 + (i % 11) + (arm === 'ips' ? 2 : 0)));
    return foldJourney(events.map((e) => ({ ...e, trialId: 'trial-1' })));
  });
}

function inputsOf(journeys: Journey[], asOf: string, tables = TABLES) {
  return tables.map(([name, groupBy]) => {
    const query = { trialId: 'trial-1', asOf, groupBy, cohortBy: 'year' as const, journeys };
    return { name, outcomes: computeOutcomesV2(query), firstJobCurves: computeFirstJobCurves(query) };
  });
}

function v2(table: PublishedOutcomeTable): PublishedOutcomeTableV2 {
  if (!isPublishedTableV2(table)) throw new Error('not a version-2 table');
  return table;
}

const hidden = (...counts: PublishedCount[]) => counts.includes('*');
const allWithheld = (...values: PublishedValue[]) => values.every((v) => v === '*');
const noneWithheld = (...values: PublishedValue[]) => values.every((v) => v !== '*');

/**
 * Checks every version-2 figure of a published table against the rule of rests-on.ts,
 * reading the counts it rests on from the same published table: withheld exactly when one
 * of them is `*`.
 */
function expectRestsOnRule(table: PublishedOutcomeTableV2): void {
  const armRow = (key: Record<string, unknown>, arm: string) =>
    table.groups.find(
      (g) =>
        g.key.arm === arm &&
        table.groupBy.every((d) => d === 'arm' || (g.key[d] ?? null) === (key[d] ?? null)),
    );
  for (const g of table.groups) {
    for (const w of g.wellbeing) {
      expect(w.randomised).toBe(g.flow.randomised);
      expect(hidden(w.withBaseline) ? allWithheld(w.baselineMean) : noneWithheld(w.baselineMean)).toBe(true);
      expect(hidden(w.withFollowUp) ? allWithheld(w.followUpMean) : noneWithheld(w.followUpMean)).toBe(true);
      const c = w.change;
      expect(
        hidden(c.n) ? allWithheld(c.mean, c.lower, c.upper) : noneWithheld(c.mean, c.lower, c.upper),
      ).toBe(true);
    }
  }
  for (const e of table.effects) {
    const s = e.stratified;
    const rests = hidden(e.ips.numerator, e.ips.denominator, e.usualCare.numerator, e.usualCare.denominator);
    expect(
      rests
        ? allWithheld(s.riskDifference, s.lower, s.upper)
        : noneWithheld(s.riskDifference, s.lower, s.upper),
    ).toBe(true);
    expect(Number.isInteger(s.strata)).toBe(true);
  }
  for (const c of table.comparisons) {
    const ips = armRow(c.key, 'ips');
    const usual = armRow(c.key, 'usual_care');
    const { logRank: lr, hazardRatio: hr } = c.firstJob;
    // observed first jobs are the arm rows' own counts
    expect(lr.observedIps).toBe(ips?.firstJob.events ?? 0);
    expect(lr.observedUsualCare).toBe(usual?.firstJob.events ?? 0);
    const firstJobCounts = [ips, usual].flatMap((g) => (g ? [g.firstJob.n, g.firstJob.events] : []));
    const fj = hidden(...firstJobCounts);
    expect(
      fj
        ? allWithheld(lr.expectedIps, lr.expectedUsualCare, lr.chiSquare, lr.p)
        : noneWithheld(lr.expectedIps, lr.chiSquare, lr.p),
    ).toBe(true);
    expect(
      fj
        ? allWithheld(hr.estimate, hr.lower, hr.upper, hr.p)
        : noneWithheld(hr.estimate, hr.lower, hr.upper, hr.p),
    ).toBe(true);
    for (const w of c.wellbeing) {
      const own = (g: typeof ips) => g?.wellbeing.find((x) => x.instrument === w.instrument)?.change.n ?? 0;
      expect(w.nIps).toBe(own(ips));
      expect(w.nUsualCare).toBe(own(usual));
      const d = hidden(w.nIps, w.nUsualCare);
      expect(
        d
          ? allWithheld(w.adjustedDifference, w.lower, w.upper, w.p)
          : noneWithheld(w.adjustedDifference, w.lower, w.upper, w.p),
      ).toBe(true);
    }
  }
}

/** Every count a version-2 table adds. */
function v2Counts(table: PublishedOutcomeTableV2): PublishedCount[] {
  return [
    ...table.groups.flatMap((g) =>
      g.wellbeing.flatMap((w) => [
        w.randomised,
        w.withBaseline,
        w.due,
        w.withFollowUp,
        w.missingFollowUp,
        w.change.n,
      ]),
    ),
    ...table.comparisons.flatMap((c) => [
      c.firstJob.logRank.observedIps,
      c.firstJob.logRank.observedUsualCare,
      ...c.wellbeing.flatMap((w) => [w.n, w.nIps, w.nUsualCare]),
    ]),
  ];
}

describe('disclosure control of the version-2 figures', () => {
  // two sites with 40 and 33 people an arm, and a third that randomised 3 people to IPS
  const journeys = [
    ...people('sheffield', 'ips', 40, 3, 2),
    ...people('sheffield', 'usual_care', 40, 5, 3),
    ...people('walsall', 'ips', 33, 2, 2),
    ...people('walsall', 'usual_care', 33, 4, 3),
    ...people('dudley', 'ips', 3, 2, 1),
  ];
  const inputs = inputsOf(journeys, '2018-03-01');
  const { tables } = discloseOutcomeTables(inputs);

  it('publishes the comparisons, stratified differences and wellbeing of every table that has arms', () => {
    for (const name of ['byArm', 'byArmAndCondition', 'bySiteAndArm']) {
      const table = v2(tables[name]);
      const computed = inputs.find((i) => i.name === name)!.outcomes;
      expect(table.comparisons.map((c) => c.key)).toEqual(computed.comparisons.map((c) => c.key));
      expect(table.effects.every((e) => 'stratified' in e)).toBe(true);
    }
    expect(v2(tables.trial).comparisons).toEqual([]);
    expect(v2(tables.trial).groups[0].wellbeing.map((w) => w.instrument)).toEqual(
      inputs[0].outcomes.groups[0].wellbeing.map((w) => w.instrument),
    );
  });

  it('keeps the large arms’ figures, rounded, against computeOutcomesV2', () => {
    const byArm = v2(tables.byArm);
    const computed = inputs.find((i) => i.name === 'byArm')!.outcomes;
    const [published] = byArm.comparisons;
    const [exact] = computed.comparisons;
    expect(published.firstJob.strata).toBe(exact.firstJob.strata);
    expect(published.firstJob.hazardRatio.estimate).toBeCloseTo(exact.firstJob.hazardRatio.estimate!, 3);
    expect(published.firstJob.logRank.p).toBe(Number(exact.firstJob.logRank.p!.toPrecision(3)));
    expect(published.firstJob.logRank.expectedIps).toBeCloseTo(exact.firstJob.logRank.expectedIps!, 1);
    const wemwbs = published.wellbeing.find((w) => w.instrument === 'wemwbs')!;
    const exactWemwbs = exact.wellbeing.find((w) => w.instrument === 'wemwbs')!;
    expect(wemwbs.adjustedDifference).toBeCloseTo(exactWemwbs.adjustedDifference!, 1);
    expect(wemwbs.higherIsBetter).toBe(true);
    expect(published.wellbeing.find((w) => w.instrument === 'phq9')!.higherIsBetter).toBe(false);
    // nobody answered the PHQ-9: counts 0, nothing to estimate (null, not withheld)
    expect(published.wellbeing.find((w) => w.instrument === 'phq9')).toMatchObject({
      n: 0,
      adjustedDifference: null,
    });
    const ipsRow = byArm.groups.find((g) => g.key.arm === 'ips')!;
    const exactIps = computed.groups.find((g) => g.key.arm === 'ips')!;
    const w = ipsRow.wellbeing.find((x) => x.instrument === 'wemwbs')!;
    const e = exactIps.wellbeing.find((x) => x.instrument === 'wemwbs')!;
    expect(w.missingFollowUp).toBe(Math.round((e.due - e.withFollowUp) / 5) * 5);
    expect(w.change.mean).toBeCloseTo(e.change.mean!, 1);
    const stratified = byArm.effects.find((x) => x.metric === 'jobStart12m')!.stratified;
    const exactStratified = computed.effects.find((x) => x.metric === 'jobStart12m')!.stratified;
    expect(stratified.riskDifference).toBeCloseTo(exactStratified.riskDifference!, 3);
  });

  it('withholds the small site’s comparison figures and wellbeing means with the counts they rest on', () => {
    const bySite = v2(tables.bySiteAndArm);
    const dudley = bySite.comparisons.find((c) => c.key.site === 'dudley')!;
    expect(dudley.firstJob.logRank.observedIps).toBe('*');
    const dudleyRow = bySite.groups.find((g) => g.key.site === 'dudley')!;
    const w = dudleyRow.wellbeing.find((x) => x.instrument === 'wemwbs')!;
    expect([w.withBaseline, w.baselineMean, w.change.n, w.change.mean]).toEqual(['*', '*', '*', '*']);
    // Walsall's IPS column is hidden too (secondary suppression), and so its comparison
    const walsall = bySite.comparisons.find((c) => c.key.site === 'walsall')!;
    expect(walsall.firstJob.hazardRatio.estimate).toBe('*');
    for (const name of Object.keys(tables)) expectRestsOnRule(v2(tables[name]));
  });

  it('leaves no suppressed count recoverable, with the wellbeing counts and comparison sizes in the audit', () => {
    const { model } = outcomeSuppressionModel(inputs);
    expect(model.quantities.some((q) => q.id.includes('wellbeing.wemwbs.missingFollowUp'))).toBe(true);
    expect(auditSuppression(model, planSuppression(model)).recoverable).toEqual([]);
  });

  it('leaves version-1 inputs published exactly as before: no version-2 fields', () => {
    const v1Inputs = inputs.map((i) => {
      const { comparisons: _c, groups, effects, ...rest } = i.outcomes;
      return {
        ...i,
        outcomes: {
          ...rest,
          groups: groups.map(({ wellbeing: _w, ...g }) => g),
          effects: effects.map(({ stratified: _s, ...e }) => e),
        },
      };
    });
    const published = discloseOutcomeTables(v1Inputs);
    const text = JSON.stringify(published.tables);
    expect(text).not.toMatch(/wellbeing|stratified|comparisons/);
    expect(isPublishedTableV2(published.tables.byArm)).toBe(false);
  });
});

describe('disclosure control of the version-2 figures of random trials', () => {
  const siteArb = fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom('site-a', 'site-b') },
    { weight: 1, arbitrary: fc.constant('site-c') },
  );
  const trialArb = fc
    .array(fc.tuple(eventSpecsArb({ maxNoise: 2 }), siteArb), { minLength: 1, maxLength: 120, size: 'max' })
    .map((people) =>
      people.map(([specs, siteId], i) =>
        foldJourney(buildEvents(specs, { trialId: 'trial-1', siteId, participantId: `P-${i}` }, i * 1000)),
      ),
    );
  const asOfArb = fc.integer({ min: 100, max: 1300 }).map((offset) => addDays(FIRST_DAY, offset));

  it('withholds exactly the figures resting on a hidden count, publishes counts as 0, multiples of 5 or *, and leaves nothing recoverable', () => {
    fc.assert(
      fc.property(trialArb, asOfArb, (journeys, asOf) => {
        const inputs = inputsOf(journeys, asOf);
        const { tables } = discloseOutcomeTables(inputs);
        for (const table of Object.values(tables)) {
          expectRestsOnRule(v2(table));
          for (const count of v2Counts(v2(table))) {
            if (count === '*') continue;
            expect(count % 5).toBe(0);
          }
        }
        const { model } = outcomeSuppressionModel(inputs);
        expect(auditSuppression(model, planSuppression(model)).recoverable).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

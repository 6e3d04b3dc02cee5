import type { GroupDimension } from '@ips/contracts';
import fc from 'fast-check';
import { addDays } from '../calendar/day-number';
import { foldJourney } from '../journey/fold-journey';
import type { Journey } from '../journey/journey';
import { computeFirstJobCurves, computeOutcomes } from '../outcomes/compute-outcomes';
import { FIRST_DAY, buildEvents, eventSpecsArb } from '../testing/journey-arbitraries';
import { auditSuppression, planSuppression, type SuppressionPlan } from './cell-suppression';
import {
  discloseOutcomeTables,
  outcomeSuppressionModel,
  type OutcomeTableInput,
} from './disclose-outcome-tables';
import type { PublishedOutcomeTable } from './published-outcomes';
import { attack } from './testing/exhaustive-attacker';

// The report's tables (DESIGN §8: by arm × condition, site × arm, cohort × arm, with the
// whole trial and the arms above them) from random trials, through disclosure control.

const REPORT_TABLES: [string, GroupDimension[]][] = [
  ['trial', []],
  ['byArm', ['arm']],
  ['byArmAndCondition', ['arm', 'condition']],
  ['bySiteAndArm', ['site', 'arm']],
  ['byCohortAndArm', ['cohort', 'arm']],
];

// Two big sites and a small one, a common condition and rarer ones: small groups next to
// large ones, which is where a hidden count can be worked out from the others.
const siteArb = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom('site-a', 'site-b') },
  { weight: 1, arbitrary: fc.constant('site-c') },
);
const conditionArb = fc.oneof(
  { weight: 14, arbitrary: fc.constant('mental_health' as const) },
  { weight: 5, arbitrary: fc.constant('musculoskeletal' as const) },
  { weight: 1, arbitrary: fc.constant('other' as const) },
);

const trialArb = fc
  .array(fc.tuple(eventSpecsArb({ maxNoise: 2 }), siteArb, conditionArb), {
    minLength: 1,
    maxLength: 150,
    size: 'max',
  })
  .map((people) =>
    people.map(([specs, siteId, condition], i) => {
      const journey = foldJourney(
        buildEvents(specs, { trialId: 'trial-1', siteId, participantId: `P-${i}` }, i * 1000),
      );
      return { ...journey, referrals: journey.referrals.map((r) => ({ ...r, condition })) };
    }),
  );

function reportInputs(journeys: Journey[], asOf: string): OutcomeTableInput[] {
  return REPORT_TABLES.map(([name, groupBy]) => {
    const query = { trialId: 'trial-1', asOf, groupBy, cohortBy: 'year' as const, journeys };
    return { name, outcomes: computeOutcomes(query), firstJobCurves: computeFirstJobCurves(query) };
  });
}

/** Every count a table publishes, wherever it sits. */
function publishedCounts(table: PublishedOutcomeTable): (number | '*')[] {
  const out: (number | '*')[] = [];
  for (const g of table.groups) {
    out.push(
      ...Object.values(g.flow),
      g.firstJob.n,
      g.firstJob.events,
      ...g.firstJob.at.map((p) => p.atRisk),
      g.daysEmployed12m.n,
    );
    for (const p of [g.jobStart12m, g.sustained13w, g.sustained26w, g.hours16Plus, g.worked13wIn12m])
      out.push(p.numerator, p.denominator);
  }
  for (const e of table.effects)
    out.push(e.ips.numerator, e.ips.denominator, e.usualCare.numerator, e.usualCare.denominator);
  return out;
}

const asOfArb = fc.integer({ min: 100, max: 1300 }).map((offset) => addDays(FIRST_DAY, offset));

describe('disclosure control of a report’s outcome tables', () => {
  it('publishes no count from 1 to 7 and every other count as a multiple of 5, in every table and effect', () => {
    fc.assert(
      fc.property(trialArb, asOfArb, (journeys, asOf) => {
        const { tables } = discloseOutcomeTables(reportInputs(journeys, asOf));
        for (const table of Object.values(tables)) {
          for (const count of publishedCounts(table)) {
            if (count === '*') continue;
            expect(count >= 1 && count <= 7).toBe(false);
            expect(count % 5).toBe(0);
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it('withholds every rate, interval, estimate, mean and difference whose counts are suppressed', () => {
    fc.assert(
      fc.property(trialArb, asOfArb, (journeys, asOf) => {
        const { tables } = discloseOutcomeTables(reportInputs(journeys, asOf));
        for (const table of Object.values(tables)) {
          for (const g of table.groups) {
            for (const p of [
              g.jobStart12m,
              g.sustained13w,
              g.sustained26w,
              g.hours16Plus,
              g.worked13wIn12m,
            ]) {
              const hidden = p.numerator === '*' || p.denominator === '*';
              if (hidden) expect([p.rate, p.lower, p.upper]).toEqual(['*', '*', '*']);
              else expect([p.rate, p.lower, p.upper].includes('*')).toBe(false);
            }
            if (g.hours16Plus.denominator === '*') expect(g.hours16Plus.meanHours).toBe('*');
            if (g.daysEmployed12m.n === '*') expect(g.daysEmployed12m.mean).toBe('*');
            for (const point of g.firstJob.at) {
              if (g.firstJob.n === '*' || point.atRisk === '*')
                expect([point.cumulativeIncidence, point.lower, point.upper]).toEqual(['*', '*', '*']);
            }
          }
          for (const e of table.effects) {
            const hidden = [
              e.ips.numerator,
              e.ips.denominator,
              e.usualCare.numerator,
              e.usualCare.denominator,
            ].includes('*');
            if (hidden) expect([e.riskDifference, e.lower, e.upper]).toEqual(['*', '*', '*']);
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it('leaves no suppressed count recoverable from any total of the report, for an exhaustive attacker', () => {
    fc.assert(
      fc.property(trialArb, asOfArb, (journeys, asOf) => {
        const { model } = outcomeSuppressionModel(reportInputs(journeys, asOf));
        const plan = planSuppression(model);
        expect(auditSuppression(model, plan).recoverable).toEqual([]);
        expect(attack(model, plan, journeys.length + 10).recovered).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });

  it('has teeth: without secondary suppression hidden counts are recoverable in some of the same trials, and the attacker agrees', () => {
    const exposed: {
      model: ReturnType<typeof outcomeSuppressionModel>['model'];
      plan: SuppressionPlan;
      recoverable: string[];
      cap: number;
    }[] = [];
    for (const [journeys, asOf] of fc.sample(fc.tuple(trialArb, asOfArb), { numRuns: 40, seed: 7 })) {
      const { model } = outcomeSuppressionModel(reportInputs(journeys, asOf));
      const primary = new Map(
        model.quantities.filter((q) => q.value >= 1 && q.value <= 7).map((q) => [q.id, 'primary' as const]),
      );
      const plan: SuppressionPlan = {
        suppressed: primary,
        withheld: new Set<string>(),
        counts: { primary: primary.size, secondary: 0 },
      };
      const { recoverable } = auditSuppression(model, plan);
      if (recoverable.length > 0) exposed.push({ model, plan, recoverable, cap: journeys.length + 10 });
    }
    expect(exposed.length).toBeGreaterThan(5);
    for (const { model, plan, recoverable, cap } of exposed.slice(0, 2)) {
      expect(attack(model, plan, cap).recovered.sort()).toEqual(
        expect.arrayContaining(recoverable.slice(0, 1)),
      );
    }
  });

  it('publishes the plan it checked: a count is * exactly where the plan suppresses it', () => {
    fc.assert(
      fc.property(trialArb, asOfArb, (journeys, asOf) => {
        const inputs = reportInputs(journeys, asOf);
        const { model } = outcomeSuppressionModel(inputs);
        const plan = planSuppression(model);
        const { tables } = discloseOutcomeTables(inputs);
        const byArm = tables.byArm;
        byArm.groups.forEach((g) => {
          const row = `byArm${JSON.stringify([g.key.arm ?? null])}`;
          expect(g.flow.randomised === '*').toBe(plan.suppressed.has(`${row}/flow.randomised`));
          expect(g.jobStart12m.numerator === '*').toBe(plan.suppressed.has(`${row}/jobStart12m.numerator`));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same tables whatever order the journeys come in (reports carry a content hash)', () => {
    fc.assert(
      fc.property(
        trialArb.chain((j) =>
          fc.tuple(fc.constant(j), fc.shuffledSubarray(j, { minLength: j.length, maxLength: j.length })),
        ),
        asOfArb,
        ([journeys, shuffled], asOf) => {
          expect(discloseOutcomeTables(reportInputs(shuffled, asOf))).toEqual(
            discloseOutcomeTables(reportInputs(journeys, asOf)),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

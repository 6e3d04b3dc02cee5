import fc from 'fast-check';
import { addDays } from '../calendar/day-number';
import { evaluateParticipant } from '../outcomes/evaluate-participant';
import { FIRST_DAY, LAST_DAY_OFFSET, buildEvents, eventSpecsArb } from '../testing/journey-arbitraries';
import { foldJourney } from './fold-journey';
import { outcomeJourney, SharedJourneyParts } from './outcome-journey';

// The query service keeps outcomeJourney's slim copy of every journey (docs/decisions.md,
// "Issue 16: query memory"): every participant must be evaluated exactly as from the whole
// journey, at every as-of date, also on messy histories (retractions, repeats, events out
// of order).

const journeysArb = fc
  .array(fc.tuple(eventSpecsArb({ maxNoise: 3 }), fc.constantFrom('site-a', 'site-b')), {
    minLength: 1,
    maxLength: 12,
  })
  .map((people) =>
    people.map(([specs, siteId], i) =>
      foldJourney(buildEvents(specs, { trialId: 'trial-1', siteId, participantId: `P-${i}` }, i * 1000)),
    ),
  );

const OUTCOME_FIELDS = [
  'trialId',
  'siteId',
  'participantId',
  'referrals',
  'assessments',
  'consents',
  'randomisation',
  'withdrawal',
  'jobs',
  'wellbeing',
  'firstEventOn',
].sort();

describe('outcomeJourney', () => {
  it('evaluates every participant exactly as the whole journey does, at any as-of date and cohort', () => {
    fc.assert(
      fc.property(
        journeysArb,
        fc.array(fc.integer({ min: -10, max: LAST_DAY_OFFSET + 500 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('month' as const, 'quarter' as const, 'year' as const),
        (journeys, offsets, cohortBy) => {
          const parts = new SharedJourneyParts(); // one per copy: shared across its journeys
          const slim = journeys.map((j) => outcomeJourney(j, parts));
          for (const offset of offsets) {
            const asOf = addDays(FIRST_DAY, offset);
            journeys.forEach((journey, i) =>
              expect(evaluateParticipant(slim[i], asOf, cohortBy)).toEqual(
                evaluateParticipant(journey, asOf, cohortBy),
              ),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds only the fields the outcomes read, shares equal parts, and leaves the journey as it was', () => {
    fc.assert(
      fc.property(journeysArb, (journeys) => {
        const before = structuredClone(journeys);
        const parts = new SharedJourneyParts();
        const slim = journeys.map((j) => outcomeJourney(j, parts));
        expect(journeys).toEqual(before);
        for (const s of slim) {
          expect(Object.keys(s).sort()).toEqual(OUTCOME_FIELDS);
          for (const r of s.referrals)
            expect(Object.keys(r).sort()).toEqual(['condition', 'employmentStatus', 'on']);
          for (const j of s.jobs)
            expect(Object.keys(j).sort()).toEqual(['competitive', 'endedOn', 'hoursAtStart', 'startedOn']);
        }
        // the same referral history read twice is one list
        const again = journeys.map((j) => outcomeJourney(j, parts));
        slim.forEach((s, i) => {
          expect(again[i].referrals).toBe(s.referrals);
          expect(again[i].randomisation).toBe(s.randomisation);
          expect(again[i]).toEqual(s);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('freezes what journeys share, so no reader can change another journey through it', () => {
    for (const journeys of fc.sample(journeysArb, { numRuns: 30, seed: 16 })) {
      for (const slim of journeys.map((j) => outcomeJourney(j))) {
        for (const list of [slim.referrals, slim.assessments, slim.consents]) {
          expect(Object.isFrozen(list)).toBe(true);
          for (const item of list) expect(Object.isFrozen(item)).toBe(true);
        }
        if (slim.randomisation !== null) expect(Object.isFrozen(slim.randomisation)).toBe(true);
        if (slim.withdrawal !== null) expect(Object.isFrozen(slim.withdrawal)).toBe(true);
        for (const list of Object.values(slim.wellbeing ?? {}))
          for (const m of list) expect(Object.isFrozen(m)).toBe(true);
      }
    }
  });
});

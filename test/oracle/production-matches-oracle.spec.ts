import fc from 'fast-check';
import type { GroupDimension, OutcomeFilters, StoredEvent } from '@ips/contracts';
import { computeOutcomes, computeOutcomesV2, foldJourney, type Journey } from '@ips/domain';
import { comparisonsOf, outcomeDifferences } from '../support/compare-outcomes';
import { messyTrialEvents } from '../support/random-journeys';
import { oracleComparisons } from './comparisons-oracle';
import { oracleOutcomes } from './outcomes-oracle';
import { oracleWellbeing } from './wellbeing-oracle';

// The production fold and formulas (libs/domain) against the independent oracle written from
// DESIGN's text alone, on messy synthetic trials, at many as-of dates and cuts. Numbers must
// agree to 1e-9; counts, keys, order and nulls exactly.
const TRIAL = 'oracle-trial';

function stored(events: Record<string, any>[]): StoredEvent[] {
  return events.map(
    (e, seq) => ({ ...e, trialId: TRIAL, recordedAt: '2020-01-01T00:00:00.000Z', seq }) as StoredEvent,
  );
}

function journeysOf(events: StoredEvent[]): Journey[] {
  const byParticipant = new Map<string, StoredEvent[]>();
  for (const e of events) {
    const key = `${e.siteId}:${e.participantId}`;
    byParticipant.set(key, [...(byParticipant.get(key) ?? []), e]);
  }
  return [...byParticipant.values()].map(foldJourney);
}

function production(
  events: StoredEvent[],
  asOf: string,
  groupBy: GroupDimension[],
  filters: OutcomeFilters,
  cohortBy: 'month' | 'quarter' | 'year',
) {
  return computeOutcomes({ trialId: TRIAL, asOf, groupBy, filters, cohortBy, journeys: journeysOf(events) });
}

const CUTS: [GroupDimension[], OutcomeFilters, 'month' | 'quarter' | 'year'][] = [
  [[], {}, 'quarter'],
  [['arm'], {}, 'quarter'],
  [['arm', 'condition'], {}, 'quarter'],
  [['site', 'arm'], {}, 'quarter'],
  [['cohort', 'arm'], {}, 'quarter'],
  [['cohort'], {}, 'month'],
  [['employmentStatus', 'arm'], {}, 'year'],
  [['condition'], { arm: 'ips' }, 'quarter'],
  [['arm'], { condition: 'mental_health', employmentStatus: 'unemployed' }, 'quarter'],
  [['site', 'arm', 'cohort', 'condition', 'employmentStatus'], {}, 'year'],
];
const AS_OF = [
  '2017-08-15',
  '2017-12-31',
  '2018-06-30',
  '2018-10-01',
  '2019-03-31',
  '2019-12-31',
  '2021-01-01',
];

describe('production outcomes = independent oracle', () => {
  const events = stored([...messyTrialEvents('north', 250, 11), ...messyTrialEvents('south', 250, 12)]);

  it.each(AS_OF)('as of %s, every cut', (asOf) => {
    for (const [groupBy, filters, cohortBy] of CUTS) {
      const actual = production(events, asOf, groupBy, filters, cohortBy);
      const expected = oracleOutcomes({ trialId: TRIAL, asOf, groupBy, filters, cohortBy, events });
      expect({ cut: groupBy.join(','), differences: outcomeDifferences(actual, expected) }).toEqual({
        cut: groupBy.join(','),
        differences: [],
      });
    }
  });

  it.each(AS_OF)('as of %s, the version-2 comparisons of every cut (DESIGN §6a)', (asOf) => {
    const journeys = journeysOf(events);
    let estimated = 0;
    for (const [groupBy, filters, cohortBy] of CUTS) {
      const actual = computeOutcomesV2({ trialId: TRIAL, asOf, groupBy, filters, cohortBy, journeys });
      const expected = oracleComparisons({ trialId: TRIAL, asOf, groupBy, filters, cohortBy, events });
      expect({
        cut: groupBy.join(','),
        differences: outcomeDifferences(comparisonsOf(actual), expected, 1e-8),
      }).toEqual({ cut: groupBy.join(','), differences: [] });
      estimated += actual.comparisons.filter((c) => c.firstJob.hazardRatio.estimate !== null).length;
    }
    if (asOf >= '2018-06-30') expect(estimated).toBeGreaterThan(0);
  });

  it.each(AS_OF)('as of %s, the version-2 wellbeing figures of every cut (DESIGN §6b)', (asOf) => {
    const journeys = journeysOf(events);
    let fitted = 0;
    let followedUp = 0;
    for (const [groupBy, filters, cohortBy] of CUTS) {
      const actual = computeOutcomesV2({ trialId: TRIAL, asOf, groupBy, filters, cohortBy, journeys });
      const expected = oracleWellbeing({ trialId: TRIAL, asOf, groupBy, filters, cohortBy, events });
      const ours = {
        groups: actual.groups.map((g) => ({ key: g.key, wellbeing: g.wellbeing })),
        comparisons: actual.comparisons.map((c) => ({ key: c.key, wellbeing: c.wellbeing })),
      };
      expect({ cut: groupBy.join(','), differences: outcomeDifferences(ours, expected, 1e-8) }).toEqual({
        cut: groupBy.join(','),
        differences: [],
      });
      fitted += actual.comparisons
        .flatMap((c) => c.wellbeing)
        .filter((w) => w.adjustedDifference !== null).length;
      followedUp += actual.groups.flatMap((g) => g.wellbeing).filter((w) => w.withFollowUp > 0).length;
    }
    // the data reach the figures: follow-ups from mid-2018, fitted differences once enough are in
    if (asOf >= '2018-10-01') expect(followedUp).toBeGreaterThan(0);
    if (asOf >= '2019-03-31') expect(fitted).toBeGreaterThan(0);
  });

  it('agrees on random trials at random as-of dates (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 0, max: 1200 }),
        fc.constantFrom(...CUTS),
        (seed, size, offset, [groupBy, filters, cohortBy]) => {
          const trial = stored(messyTrialEvents('p', size, seed));
          const asOf = new Date(Date.parse('2017-07-01T00:00:00Z') + offset * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const actual = production(trial, asOf, groupBy, filters, cohortBy);
          const expected = oracleOutcomes({
            trialId: TRIAL,
            asOf,
            groupBy,
            filters,
            cohortBy,
            events: trial,
          });
          expect(outcomeDifferences(actual, expected)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

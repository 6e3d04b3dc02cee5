import type { StoredEvent } from '@ips/contracts';
import { addDays } from '../calendar/day-number';
import { foldJourney } from '../journey/fold-journey';
import type { Journey } from '../journey/journey';
import { newcombeDifference } from '../statistics/newcombe';
import { wilsonInterval } from '../statistics/wilson';
import { participant } from '../testing/stored-events';
import { computeFirstJobCurves, computeOutcomes } from './compute-outcomes';

const AS_OF = '2018-06-30';
let nextId = 0;

function journey(
  site: string,
  build: (p: ReturnType<typeof participant>) => (StoredEvent | StoredEvent[])[],
): Journey {
  nextId += 1;
  const p = participant(`P-${nextId}`, site);
  return foldJourney(build(p).flat());
}

/** Randomised on `t0`, with a competitive first job `jobDay` days later (or none). */
function randomised(
  site: string,
  t0: string,
  arm: 'ips' | 'usual_care',
  jobDay: number | null,
  options: { hours?: number; condition?: 'mental_health' | 'musculoskeletal'; endDay?: number } = {},
): Journey {
  return journey(site, (p) => {
    const events: (StoredEvent | StoredEvent[])[] = [
      p.enrolled(t0, arm, { condition: options.condition ?? 'mental_health' }),
    ];
    if (jobDay !== null) {
      events.push(p.jobStarted(addDays(t0, jobDay), 'job', { hoursPerWeek: options.hours ?? 20 }));
      if (options.endDay !== undefined) events.push(p.jobEnded(addDays(t0, options.endDay), 'job'));
    }
    return events;
  });
}

function referredOnly(site: string, on: string, eligible: boolean | null = null): Journey {
  return journey(site, (p) =>
    eligible === null ? [p.referred(on)] : [p.referred(on), p.assessed(on, eligible)],
  );
}

describe('computeOutcomes', () => {
  describe('the response envelope', () => {
    it('echoes trial, as-of date and groupBy, with definitions version 1', () => {
      const response = computeOutcomes({ trialId: 'trial-1', asOf: AS_OF, groupBy: ['arm'], journeys: [] });
      expect(response).toEqual({
        trialId: 'trial-1',
        asOf: AS_OF,
        definitionsVersion: 1,
        groupBy: ['arm'],
        groups: [],
        effects: [],
      });
    });

    it('lists a repeated dimension once', () => {
      const response = computeOutcomes({
        trialId: 'trial-1',
        asOf: AS_OF,
        groupBy: ['arm', 'site', 'arm'],
        journeys: [],
      });
      expect(response.groupBy).toEqual(['arm', 'site']);
    });

    it('rejects an as-of date that is not a calendar date', () => {
      expect(() => computeOutcomes({ trialId: 'trial-1', asOf: '2018-02-30', journeys: [] })).toThrow(
        'not a calendar date',
      );
    });
  });

  describe('with no one to count', () => {
    const [group] = computeOutcomes({ trialId: 'trial-1', asOf: AS_OF, journeys: [] }).groups;

    it('still has the one ungrouped group, keyed {}', () => {
      expect(group?.key).toEqual({});
    });

    it('reports every proportion, mean and estimate as null, never 0', () => {
      const emptyProportion = { numerator: 0, denominator: 0, rate: null, lower: null, upper: null };
      expect(group).toMatchObject({
        jobStart12m: emptyProportion,
        sustained13w: emptyProportion,
        sustained26w: emptyProportion,
        hours16Plus: { ...emptyProportion, meanHours: null },
        daysEmployed12m: { n: 0, mean: null },
        worked13wIn12m: emptyProportion,
        firstJob: {
          n: 0,
          events: 0,
          medianDays: null,
          at: [91, 182, 365].map((day) => ({
            day,
            cumulativeIncidence: null,
            lower: null,
            upper: null,
            atRisk: 0,
          })),
        },
      });
      expect(Object.values(group!.flow).every((count) => count === 0)).toBe(true);
    });
  });

  describe('one group over a small trial', () => {
    const journeys = [
      randomised('site-a', '2017-01-10', 'ips', 30, { hours: 16, endDay: 200 }),
      randomised('site-a', '2017-01-10', 'ips', 100, { hours: 15.5, endDay: 150 }),
      randomised('site-a', '2017-01-10', 'usual_care', null),
      randomised('site-b', '2017-03-01', 'usual_care', 10, { hours: 30 }),
      randomised('site-b', '2018-04-01', 'ips', 20, { hours: 8 }), // follow-up not complete at AS_OF
      referredOnly('site-b', '2017-02-01', false),
      referredOnly('site-b', '2017-02-01', true),
      referredOnly('site-b', '2018-07-01'), // not yet referred at AS_OF
    ];
    const [group] = computeOutcomes({ trialId: 'trial-1', asOf: AS_OF, journeys }).groups;

    it('counts the CONSORT flow, referral-side counts including people never randomised', () => {
      expect(group?.flow).toEqual({
        referred: 7,
        assessed: 7,
        eligible: 6,
        ineligible: 1,
        consented: 5,
        randomised: 5,
        randomisedIps: 3,
        randomisedUsualCare: 2,
        withdrawn: 0,
        followUpComplete: 4,
      });
    });

    it('gives jobStart12m over those with full follow-up, with its Wilson interval', () => {
      const wilson = wilsonInterval(3, 4);
      expect(group?.jobStart12m).toEqual({
        numerator: 3,
        denominator: 4,
        rate: 0.75,
        lower: wilson?.lower,
        upper: wilson?.upper,
      });
    });

    it('gives sustained jobs over first jobs old enough to judge', () => {
      // first jobs 30→200 (170 days), 100→150 (50), 10→open, 20→open but only 71 days before AS_OF
      expect(group?.sustained13w).toMatchObject({ numerator: 2, denominator: 3 });
      expect(group?.sustained26w).toMatchObject({ numerator: 1, denominator: 3 });
    });

    it('gives 16-plus hours and mean hours over everyone with a first job', () => {
      expect(group?.hours16Plus).toMatchObject({
        numerator: 2,
        denominator: 4,
        rate: 0.5,
        meanHours: (16 + 15.5 + 30 + 8) / 4,
      });
    });

    it('gives mean days employed and worked 13 weeks over those with full follow-up', () => {
      expect(group?.daysEmployed12m).toEqual({ n: 4, mean: (170 + 50 + 0 + 355) / 4 });
      expect(group?.worked13wIn12m).toMatchObject({ numerator: 2, denominator: 4 });
    });

    it('estimates time to first job by Kaplan–Meier over the randomised', () => {
      // times: 30 e, 100 e, 365 c, 10 e, 20 e (censoring later: site-b 2018-04-01 job at day 20 is an event)
      expect(group?.firstJob).toMatchObject({ n: 5, events: 4, medianDays: 30 });
      expect(group?.firstJob.at.map((p) => [p.day, p.atRisk])).toEqual([
        [91, 2],
        [182, 1],
        [365, 1],
      ]);
      expect(group?.firstJob.at[0]?.cumulativeIncidence).toBeCloseTo(0.6, 12);
      expect(group?.firstJob.at[1]?.cumulativeIncidence).toBeCloseTo(0.8, 12);
      const point = group?.firstJob.at[0];
      expect(point!.lower!).toBeLessThan(0.6);
      expect(point!.upper!).toBeGreaterThan(0.6);
    });

    it('skips journeys of another trial', () => {
      const stranger = { ...randomised('site-a', '2017-01-10', 'ips', 5), trialId: 'trial-2' };
      const response = computeOutcomes({
        trialId: 'trial-1',
        asOf: AS_OF,
        journeys: [...journeys, stranger],
      });
      expect(response.groups[0]?.flow.randomised).toBe(5);
    });

    it('reads the journeys from any iterable, once', () => {
      function* stream() {
        yield* journeys;
      }
      expect(computeOutcomes({ trialId: 'trial-1', asOf: AS_OF, journeys: stream() }).groups).toEqual(
        computeOutcomes({ trialId: 'trial-1', asOf: AS_OF, journeys }).groups,
      );
    });
  });

  describe('grouping', () => {
    const journeys = [
      randomised('site-b', '2017-01-10', 'usual_care', null, { condition: 'musculoskeletal' }),
      randomised('site-a', '2017-05-10', 'ips', 30),
      randomised('site-b', '2017-08-10', 'ips', 30, { condition: 'musculoskeletal' }),
      randomised('site-a', '2017-01-10', 'usual_care', 30),
      referredOnly('site-a', '2017-09-10'),
      journey('site-a', (p) => [p.consented('2017-02-01')]), // no referral: condition null, cohort null
    ];

    it('makes one group per distinct key, in groupBy order, string order, null last', () => {
      const response = computeOutcomes({
        trialId: 'trial-1',
        asOf: AS_OF,
        groupBy: ['arm', 'condition'],
        journeys,
      });
      expect(response.groups.map((g) => g.key)).toEqual([
        { arm: 'ips', condition: 'mental_health' },
        { arm: 'ips', condition: 'musculoskeletal' },
        { arm: 'usual_care', condition: 'mental_health' },
        { arm: 'usual_care', condition: 'musculoskeletal' },
        { arm: null, condition: 'mental_health' },
        { arm: null, condition: null },
      ]);
      expect(response.groups.map((g) => g.flow.referred + g.flow.consented)).toEqual([2, 2, 2, 2, 1, 1]);
    });

    it('keys the cohort by the chosen granularity', () => {
      const byQuarter = computeOutcomes({ trialId: 'trial-1', asOf: AS_OF, groupBy: ['cohort'], journeys });
      expect(byQuarter.groups.map((g) => [g.key.cohort, g.flow.referred])).toEqual([
        ['2017-Q1', 2],
        ['2017-Q2', 1],
        ['2017-Q3', 2],
        [null, 0],
      ]);
      const byYear = computeOutcomes({
        trialId: 'trial-1',
        asOf: AS_OF,
        groupBy: ['cohort'],
        cohortBy: 'year',
        journeys,
      });
      expect(byYear.groups.map((g) => g.key)).toEqual([{ cohort: '2017' }, { cohort: null }]);
    });

    it('groups by site and employment status', () => {
      const response = computeOutcomes({
        trialId: 'trial-1',
        asOf: AS_OF,
        groupBy: ['site', 'employmentStatus'],
        journeys,
      });
      expect(response.groups.map((g) => g.key)).toEqual([
        { site: 'site-a', employmentStatus: 'unemployed' },
        { site: 'site-a', employmentStatus: null },
        { site: 'site-b', employmentStatus: 'unemployed' },
      ]);
    });

    it('returns the same curves as the groups, same keys and order', () => {
      const query = { trialId: 'trial-1', asOf: AS_OF, groupBy: ['arm'] as const, journeys };
      const groups = computeOutcomes({ ...query, groupBy: [...query.groupBy] }).groups;
      const curves = computeFirstJobCurves({ ...query, groupBy: [...query.groupBy] });
      expect(curves.map((c) => c.key)).toEqual(groups.map((g) => g.key));
      expect(curves.map((c) => [c.curve.n, c.curve.events])).toEqual(
        groups.map((g) => [g.firstJob.n, g.firstJob.events]),
      );
    });
  });

  describe('filters', () => {
    const journeys = [
      randomised('site-a', '2017-01-10', 'ips', 30, { condition: 'musculoskeletal' }),
      randomised('site-a', '2017-05-10', 'usual_care', 30),
      randomised('site-b', '2017-08-10', 'ips', 30),
      referredOnly('site-b', '2017-09-10'),
    ];
    const count = (filters: Parameters<typeof computeOutcomes>[0]['filters']) =>
      computeOutcomes({ trialId: 'trial-1', asOf: AS_OF, filters, journeys }).groups[0]?.flow.referred;

    it('match each dimension exactly', () => {
      expect(count({ site: 'site-b' })).toBe(2);
      expect(count({ arm: 'ips' })).toBe(2);
      expect(count({ condition: 'musculoskeletal' })).toBe(1);
      expect(count({ cohort: '2017-Q3' })).toBe(2);
      expect(count({ employmentStatus: 'unemployed' })).toBe(4);
      expect(count({ site: 'site-a', arm: 'usual_care' })).toBe(1);
      expect(count({ site: 'site-c' })).toBe(0);
    });

    it('never match a participant lacking the dimension', () => {
      expect(count({ arm: 'null' })).toBe(0);
    });
  });

  describe('treatment effects', () => {
    const journeys = [
      // mental health: ips 2/3 jobs, usual care 1/2
      randomised('site-a', '2017-01-10', 'ips', 30),
      randomised('site-a', '2017-01-10', 'ips', 200),
      randomised('site-a', '2017-01-10', 'ips', null),
      randomised('site-a', '2017-01-10', 'usual_care', 10),
      randomised('site-a', '2017-01-10', 'usual_care', null),
      // musculoskeletal: ips only
      randomised('site-a', '2017-01-10', 'ips', 5, { condition: 'musculoskeletal' }),
      // another condition seen only among people not randomised
      journey('site-a', (p) => [p.referred('2017-02-01', { condition: 'learning_disability' })]),
    ];

    it('appear only when arm is in groupBy', () => {
      expect(
        computeOutcomes({ trialId: 'trial-1', asOf: AS_OF, groupBy: ['condition'], journeys }).effects,
      ).toEqual([]);
    });

    it('compare IPS with usual care by Newcombe’s hybrid score, per key without arm and metric', () => {
      const { effects } = computeOutcomes({
        trialId: 'trial-1',
        asOf: AS_OF,
        groupBy: ['condition', 'arm'],
        journeys,
      });
      expect(effects.map((e) => [e.key, e.metric])).toEqual([
        [{ condition: 'mental_health' }, 'jobStart12m'],
        [{ condition: 'mental_health' }, 'worked13wIn12m'],
        [{ condition: 'musculoskeletal' }, 'jobStart12m'],
        [{ condition: 'musculoskeletal' }, 'worked13wIn12m'],
      ]);
      const d = newcombeDifference(2, 3, 1, 2);
      expect(effects[0]).toEqual({
        key: { condition: 'mental_health' },
        metric: 'jobStart12m',
        ips: { numerator: 2, denominator: 3 },
        usualCare: { numerator: 1, denominator: 2 },
        riskDifference: d?.difference,
        lower: d?.lower,
        upper: d?.upper,
      });
    });

    it('count worked13wIn12m from days employed', () => {
      const { effects } = computeOutcomes({ trialId: 'trial-1', asOf: AS_OF, groupBy: ['arm'], journeys });
      // jobs at day 30 (335 days), 200 (165), 5 (360) in ips; day 10 (355) in usual care
      expect(effects.find((e) => e.metric === 'worked13wIn12m')).toMatchObject({
        key: {},
        ips: { numerator: 3, denominator: 4 },
        usualCare: { numerator: 1, denominator: 2 },
      });
    });

    it('give 0/0 and null for an arm absent from a cut', () => {
      const { effects } = computeOutcomes({
        trialId: 'trial-1',
        asOf: AS_OF,
        groupBy: ['arm', 'condition'],
        journeys,
      });
      expect(effects.find((e) => e.key.condition === 'musculoskeletal')).toMatchObject({
        ips: { numerator: 1, denominator: 1 },
        usualCare: { numerator: 0, denominator: 0 },
        riskDifference: null,
        lower: null,
        upper: null,
      });
    });

    it('ignore people without an arm', () => {
      const { effects } = computeOutcomes({
        trialId: 'trial-1',
        asOf: AS_OF,
        groupBy: ['arm', 'condition'],
        journeys,
      });
      expect(effects.some((e) => e.key.condition === 'learning_disability')).toBe(false);
    });

    it('give null before anyone has full follow-up', () => {
      const { effects } = computeOutcomes({
        trialId: 'trial-1',
        asOf: '2017-06-30',
        groupBy: ['arm'],
        journeys,
      });
      expect(effects[0]).toMatchObject({
        ips: { numerator: 0, denominator: 0 },
        usualCare: { numerator: 0, denominator: 0 },
        riskDifference: null,
      });
    });
  });

  it('shows the trial as it stood at an earlier as-of date', () => {
    const journeys = [randomised('site-a', '2017-01-10', 'ips', 30), referredOnly('site-a', '2017-09-10')];
    const early = computeOutcomes({ trialId: 'trial-1', asOf: '2017-01-20', journeys }).groups[0];
    expect(early?.flow).toMatchObject({ referred: 1, randomised: 1 });
    expect(early?.firstJob).toMatchObject({ n: 1, events: 0 });
  });
});

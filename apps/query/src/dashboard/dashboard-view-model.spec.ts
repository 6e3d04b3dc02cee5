import { GROUP_DIMENSIONS } from '@ips/contracts';
import * as V from './browser/view-model';

// The page's formats, names and state handling (browser/view-model.ts, bundled into the
// page's script), under node: it touches no DOM.

const DASH = '—';

describe('numbers', () => {
  it('formats counts with thousands separators, percentages and points to one decimal, and missing values as a dash', () => {
    expect([V.count(0), V.count(1234567), V.count(null), V.count(undefined)]).toEqual([
      '0',
      '1,234,567',
      DASH,
      DASH,
    ]);
    expect([
      V.percent(0.4234),
      V.percent(0),
      V.percent(1),
      V.percent(0.00049),
      V.percent(null),
      V.percent(0.5, 0),
    ]).toEqual(['42.3%', '0.0%', '100.0%', '0.0%', DASH, '50%']);
    expect([V.points(0.123), V.points(-0.04), V.points(0), V.points(-0.0004), V.points(null)]).toEqual([
      '+12.3',
      '−4.0',
      '0.0',
      '0.0',
      DASH,
    ]);
    expect([V.decimal(89.8123, 1), V.decimal(1234.5, 1), V.decimal(null, 1)]).toEqual([
      '89.8',
      '1,234.5',
      DASH,
    ]);
  });

  it('puts 95% intervals in brackets: percentages for proportions, signed points for differences; none if a limit is missing', () => {
    expect(V.interval(0.307, 0.391)).toBe('[30.7, 39.1]');
    expect(V.interval(0.078, 0.191, 'points')).toBe('[+7.8, +19.1]');
    expect(V.interval(-0.05, 0.2, 'points')).toBe('[−5.0, +20.0]');
    expect(V.interval(null, 0.2)).toBeNull();
    expect(V.interval(0.1, null, 'points')).toBeNull();
  });

  it('writes dates the British way', () => {
    expect(V.longDate('2019-06-30')).toBe('30 June 2019');
    expect(V.longDate('2018-01-01')).toBe('1 January 2018');
    expect(V.todayUtc(new Date('2020-03-01T23:30:00Z'))).toBe('2020-03-01');
  });
});

describe('cells', () => {
  it('shows a proportion with its interval and counts, and its raw value', () => {
    expect(
      V.proportion(
        { numerator: 171, denominator: 492, rate: 0.3475609756, lower: 0.307, upper: 0.391 },
        'jobStart12m',
      ),
    ).toEqual({
      text: '34.8%',
      ci: '[30.7, 39.1]',
      ciWhy: null,
      detail: '171 / 492',
      value: 0.3475609756,
    });
  });

  it('says why a proportion is missing, in the terms of its own denominator', () => {
    const empty = { numerator: 0, denominator: 0, rate: null, lower: null, upper: null };
    expect(V.proportion(empty, 'jobStart12m')).toEqual({
      text: DASH,
      why: V.WHY.followUp,
      detail: '0 / 0',
      value: null,
    });
    expect(V.proportion(empty, 'worked13wIn12m').why).toMatch(/full 12-month follow-up/);
    expect(V.proportion(empty, 'sustained13w').why).toMatch(
      /at least 91 days before the as-of date \(denominator 0\)/,
    );
    expect(V.proportion(empty, 'sustained26w').why).toMatch(/at least 182 days/);
    expect(V.proportion(empty, 'hours16Plus').why).toMatch(/first job/);
  });

  it('shows a Kaplan–Meier point, says nobody is at risk where it is missing, and why an interval is missing at 0%', () => {
    expect(
      V.incidence({ day: 182, cumulativeIncidence: 0.243, lower: 0.212, upper: 0.278, atRisk: 484 }),
    ).toEqual({
      text: '24.3%',
      ci: '[21.2, 27.8]',
      ciWhy: null,
      detail: '484 at risk',
      value: 0.243,
    });
    const nobody = V.incidence({ day: 365, cumulativeIncidence: null, lower: null, upper: null, atRisk: 0 });
    expect(nobody).toMatchObject({ text: DASH, value: null, detail: '0 at risk' });
    expect(nobody.why).toBe(
      'Nobody at risk at day 365: no one in this group has been followed up that long yet.',
    );
    const zero = V.incidence({ day: 91, cumulativeIncidence: 0, lower: null, upper: null, atRisk: 40 });
    expect(zero).toMatchObject({ text: '0.0%', ci: null, value: 0 });
    expect(zero.ciWhy).toMatch(/0% or 100%/);
  });

  it('gives the median in days, or why there is none', () => {
    expect(V.median({ n: 100, medianDays: 187 })).toEqual({ text: '187', value: 187 });
    expect(V.median({ n: 100, medianDays: null })).toMatchObject({ text: DASH, why: V.WHY.median });
    expect(V.median({ n: 0, medianDays: null })).toMatchObject({ text: DASH, why: V.WHY.nobody });
  });

  it('shows means with their n', () => {
    expect(V.mean(89.8123, 492, 'why')).toEqual({ text: '89.8', detail: 'n = 492', value: 89.8123 });
    expect(V.mean(null, 0, 'why')).toEqual({ text: DASH, why: 'why', detail: 'n = 0', value: null });
  });

  it('shows an effect in signed percentage points with its interval, or why it cannot be estimated', () => {
    expect(V.effect({ riskDifference: 0.1347, lower: 0.078, upper: 0.191 })).toEqual({
      text: '+13.5 pp',
      ci: '[+7.8, +19.1]',
      ciWhy: null,
      value: 0.1347,
    });
    expect(V.effect({ riskDifference: null, lower: null, upper: null })).toEqual({
      text: DASH,
      why: V.WHY.effect,
      value: null,
    });
    expect(V.armCount({ numerator: 95, denominator: 447 })).toEqual({
      text: '21.3%',
      detail: '95 / 447',
      value: 95 / 447,
    });
    expect(V.armCount({ numerator: 0, denominator: 0 })).toMatchObject({
      text: DASH,
      detail: '0 / 0',
      value: null,
    });
  });
});

describe('names', () => {
  it('names groups in words, in groupBy order, with site names and the missing-value wording', () => {
    const sites = { 'sheffield-1': 'Sheffield City Region' };
    expect(V.groupLabel({}, [], sites)).toBe('All participants');
    expect(V.groupLabel({ arm: 'ips', condition: 'mental_health' }, ['arm', 'condition'], sites)).toBe(
      'IPS · Mental health',
    );
    expect(V.groupLabel({ site: 'sheffield-1', arm: null }, ['site', 'arm'], sites)).toBe(
      'Sheffield City Region · Not randomised',
    );
    expect(V.groupLabel({ site: 'unknown-site', cohort: '2017-Q3' }, ['site', 'cohort'], sites)).toBe(
      'unknown-site · July to September 2017',
    );
    expect(
      V.groupLabel(
        { employmentStatus: 'employed_off_sick', condition: null },
        ['employmentStatus', 'condition'],
        sites,
      ),
    ).toBe('Employed, off sick · Condition not recorded');
  });

  it('sums up the filters and names finding codes', () => {
    const state = { ...V.defaultState(), condition: 'musculoskeletal', site: 's1' };
    expect(V.filterSummary(state, { s1: 'Site one' })).toBe('Site: Site one; Condition: Musculoskeletal');
    expect(V.filterSummary(V.defaultState(), {})).toBe('none');
    expect(V.findingLabel('randomised_again_different_arm')).toBe('Randomised again different arm');
  });

  it('lists the cohorts from the trial’s start to the as-of date, newest first', () => {
    expect(V.cohortOptions('2017-07-01', '2018-02-10', 'quarter')).toEqual(['2018-Q1', '2017-Q4', '2017-Q3']);
    expect(V.cohortOptions('2017-11-15', '2018-02-01', 'month')).toEqual([
      '2018-02',
      '2018-01',
      '2017-12',
      '2017-11',
    ]);
    expect(V.cohortOptions('2017-07-01', '2019-06-30', 'year')).toEqual(['2019', '2018', '2017']);
    expect(V.cohortOptions('2019-01-01', '2018-01-01', 'year')).toEqual([]);
  });

  it('takes a download’s name from Content-Disposition, made safe for a file system', () => {
    expect(V.filenameFrom('attachment; filename="t1-outcomes-2019-06-30.csv"', 'x.csv')).toBe(
      't1-outcomes-2019-06-30.csv',
    );
    expect(V.filenameFrom(null, 'fallback.csv')).toBe('fallback.csv');
    expect(V.filenameFrom('attachment; filename="../a:b.csv"', 'x.csv')).toBe('.._a_b.csv');
  });
});

describe('the view in the URL fragment', () => {
  it('defaults to grouping by arm, and reads back what it wrote', () => {
    expect(V.parseState('', GROUP_DIMENSIONS)).toEqual(V.defaultState());
    expect(V.defaultState().groupBy).toEqual(['arm']);
    const state: V.ViewState = {
      ...V.defaultState(),
      trial: 'trial one',
      asOf: '2019-06-30',
      groupBy: ['site', 'arm'],
      condition: 'mental_health',
      cohort: '2018-Q1',
      cohortBy: 'month',
    };
    const hash = V.stateHash(state);
    expect(hash).toBe(
      '#trial=trial%20one&asOf=2019-06-30&groupBy=site,arm&condition=mental_health&cohort=2018-Q1&cohortBy=month',
    );
    expect(V.parseState(hash, GROUP_DIMENSIONS)).toEqual(state);
  });

  it('keeps no grouping when none is chosen, and puts dimensions in the canonical order', () => {
    expect(V.parseState(V.stateHash({ ...V.defaultState(), groupBy: [] }), GROUP_DIMENSIONS).groupBy).toEqual(
      [],
    );
    expect(V.parseState('#groupBy=cohort,arm,nonsense,arm', GROUP_DIMENSIONS).groupBy).toEqual([
      'arm',
      'cohort',
    ]);
  });

  it('ignores anything it does not know, such as a key someone pasted into the link, and bad values', () => {
    const state = V.parseState(
      '#trial=t&key=ipsk_secret&token=x&asOf=30-06-2019&cohortBy=week',
      GROUP_DIMENSIONS,
    );
    expect(state).toEqual({ ...V.defaultState(), trial: 't' });
    expect(V.stateHash(state)).not.toMatch(/ipsk_|key|token/);
  });

  it('builds the API query of the view for a given grouping', () => {
    const state: V.ViewState = {
      ...V.defaultState(),
      trial: 't',
      asOf: '2019-06-30',
      groupBy: ['site', 'arm'],
      employmentStatus: 'unemployed',
    };
    expect(V.apiQuery(state, state.groupBy)).toBe(
      'groupBy=site,arm&asOf=2019-06-30&employmentStatus=unemployed&cohortBy=quarter',
    );
    expect(V.apiQuery({ ...V.defaultState(), groupBy: [] }, [])).toBe('cohortBy=quarter');
  });
});

describe('sums and scales', () => {
  it('adds up the flow of every group', () => {
    const flow = (n: number) => ({
      referred: n,
      assessed: n,
      eligible: n,
      ineligible: 0,
      consented: n,
      randomised: n,
      randomisedIps: n,
      randomisedUsualCare: 0,
      withdrawn: 1,
      followUpComplete: 2,
    });
    expect(V.totalFlow([{ flow: flow(3) }, { flow: flow(4) }])).toEqual({
      ...flow(7),
      withdrawn: 2,
      followUpComplete: 4,
    });
    expect(V.totalFlow([]).randomised).toBe(0);
  });

  it('reads the number at risk off a step curve', () => {
    const steps = [
      { day: 5, atRisk: 100 },
      { day: 91, atRisk: 80 },
      { day: 200, atRisk: 40 },
    ];
    expect([0, 5, 6, 91, 150, 200, 365].map((d) => V.atRiskAt(steps, d))).toEqual([
      100, 100, 80, 80, 40, 40, 0,
    ]);
  });

  it('chooses a symmetric scale that holds every interval', () => {
    expect(V.effectScale([{ riskDifference: 0.05, lower: -0.02, upper: 0.09 }])).toBe(0.1);
    expect(V.effectScale([{ riskDifference: 0.135, lower: 0.078, upper: 0.191 }])).toBe(0.2);
    expect(V.effectScale([{ riskDifference: -0.3, lower: -0.45, upper: -0.1 }])).toBe(0.5);
    expect(V.effectScale([{ riskDifference: null, lower: null, upper: null }])).toBe(0.1);
  });
});

describe('wellbeing cells (DESIGN §6b)', () => {
  it('signs a change and its interval, and says why a missing one is missing', () => {
    expect(V.scoreChange({ n: 12, mean: -2.25, lower: -3.5, upper: -1 })).toEqual({
      text: '\u22122.3',
      ci: '[\u22123.5, \u22121.0]',
      ciWhy: null,
      detail: 'n = 12',
      value: -2.25,
    });
    expect(V.scoreChange({ n: 1, mean: 4, lower: null, upper: null })).toMatchObject({
      text: '+4.0',
      ci: null,
    });
    expect(V.scoreChange({ n: 0, mean: null, lower: null, upper: null })).toMatchObject({
      text: DASH,
      why: expect.stringMatching(/both a baseline and a 12-month score/),
    });
  });

  it('counts missing follow-ups against those due, and gives the adjusted difference with p', () => {
    expect(V.missingFollowUps(30, 21)).toEqual({ text: '9', detail: 'of 30 due', value: 9 });
    expect(
      V.adjustedDifference({
        adjustedDifference: 1.96,
        lower: 0.2,
        upper: 3.7,
        p: 0.0004,
        nIps: 40,
        nUsualCare: 35,
      }),
    ).toEqual({ text: '+2.0', ci: '[+0.2, +3.7]', detail: 'p < 0.001 \u00b7 n = 40 + 35', value: 1.96 });
    expect(
      V.adjustedDifference({
        adjustedDifference: null,
        lower: null,
        upper: null,
        p: null,
        nIps: 1,
        nUsualCare: 5,
      }),
    ).toMatchObject({ text: DASH, why: expect.stringMatching(/at least two/) });
  });
});

import type { ArmComparison, MonitoringLookView, MonitoringResponse } from '@ips/contracts';
import * as V from './browser/view-model';

// The dashboard's comparisons (DESIGN §6a) and monitoring (§6c) formats and words, under node.

const DASH = '—';
type FirstJob = ArmComparison['firstJob'];

function firstJob(overrides: Partial<FirstJob> = {}): FirstJob {
  return {
    strata: 2,
    logRank: {
      observedIps: 40,
      expectedIps: 31.24,
      observedUsualCare: 20,
      expectedUsualCare: 28.76,
      chiSquare: 4.1234,
      p: 0.0423,
    },
    hazardRatio: { estimate: 1.456, lower: 1.1, upper: 1.912, p: 0.0081 },
    ...overrides,
  };
}

function look(overrides: Partial<MonitoringLookView> = {}): MonitoringLookView {
  return {
    reportId: 'r1',
    asOf: '2018-09-30',
    informationFraction: 0.31234,
    z: 1.8765,
    boundary: 3.9254,
    nominalP: 0.0000866,
    alphaSpent: 0.000123,
    crossed: false,
    ...overrides,
  };
}

function monitoring(looks: MonitoringLookView[], next: MonitoringLookView | null = null): MonitoringResponse {
  return {
    plan: {
      trialId: 't',
      primaryOutcome: 'worked13wIn12m',
      plannedParticipants: 1000,
      alpha: 0.05,
      setAt: '2018-01-02T09:00:00.000Z',
    },
    looks,
    next,
  };
}

describe('p-values and chances in words', () => {
  it('gives p to three decimals, "< 0.001" below, and a dash when missing', () => {
    expect([V.pValue(0.0423), V.pValue(0.5), V.pValue(0.00049), V.pValue(null)]).toEqual([
      'p = 0.042',
      'p = 0.500',
      'p < 0.001',
      DASH,
    ]);
    expect([V.pCell(0.0423, 'x').text, V.pCell(0.0002, 'x').text]).toEqual(['0.042', '< 0.001']);
    expect(V.pCell(null, 'why')).toEqual({ text: DASH, why: 'why', value: null });
  });

  it('says how often chance would do it in everyday words', () => {
    expect(V.chanceInWords(0.42)).toBe('about 4 in 10');
    expect(V.chanceInWords(0.0423)).toBe('about 4 in 100');
    expect(V.chanceInWords(0.0005)).toBe('about 1 in 2,000');
    expect(V.chanceInWords(0.00002)).toBe('fewer than 1 in 10,000');
  });

  it('writes small probabilities without exponents', () => {
    expect([
      V.probability(0.05),
      V.probability(0.0123),
      V.probability(0.0000866),
      V.probability(3e-9),
      V.probability(null),
    ]).toEqual(['0.050', '0.012', '0.000087', '< 0.000001', DASH]);
  });
});

describe('the log-rank test and the hazard ratio', () => {
  it('shows observed with expected, chi-square on 1 df, and the hazard ratio with its interval and p', () => {
    const c = firstJob();
    expect(V.observedExpected(40, 31.24, 'why')).toEqual({
      text: '40',
      detail: '31.2 expected',
      ciWhy: null,
      value: 40,
    });
    expect(V.chiSquare(c, 'why')).toEqual({ text: '4.12', detail: '1 df', value: 4.1234 });
    expect(V.hazardRatio(c)).toEqual({
      text: '1.46',
      ci: '[1.10, 1.91]',
      ciWhy: null,
      detail: 'p = 0.008',
      value: 1.456,
    });
  });

  it('says in plain words what each figure means', () => {
    const c = firstJob();
    expect(V.logRankMeaning(c, 'unused')).toBe(
      'Log-rank test: 40 first jobs with IPS where 31.2 were expected, more first jobs in the IPS arm than if IPS made no difference. ' +
        'If IPS made no difference, a gap at least this large would turn up by chance about 4 in 100 times (p = 0.042), so chance alone is an unlikely explanation.',
    );
    expect(V.hazardRatioMeaning(c)).toBe(
      'Hazard ratio: at any point in the first year, comparing people at the same site, people offered IPS were finding a first job about 1.46 times as fast as people in usual care. ' +
        'The 95% interval, 1.10 to 1.91, excludes 1 (no difference).',
    );
    const unsure = firstJob({ hazardRatio: { estimate: 0.8, lower: 0.5, upper: 1.3, p: 0.4 } });
    expect(V.hazardRatioMeaning(unsure)).toMatch(
      /only 0\.80 times as fast .*more slowly.*includes 1 \(no difference\), so this could be chance\.$/,
    );
    const weak = firstJob({ logRank: { ...c.logRank, p: 0.3 } });
    expect(V.logRankMeaning(weak, 'unused')).toMatch(
      /about 3 in 10 times \(p = 0\.300\), so chance alone could well explain the difference\.$/,
    );
  });

  it('says why a figure is not estimable, in words', () => {
    const none = firstJob({
      strata: 2,
      logRank: {
        observedIps: 0,
        expectedIps: null,
        observedUsualCare: 0,
        expectedUsualCare: null,
        chiSquare: null,
        p: null,
      },
      hazardRatio: { estimate: null, lower: null, upper: null, p: null },
    });
    const why = V.logRankWhy(none, { ips: 10, usualCare: 12 });
    expect(why).toBe('Not estimable: nobody in either arm has started a first job yet.');
    expect(V.logRankWhy(none, { ips: 10, usualCare: 0 })).toMatch(
      /nobody in this view was randomised to usual care/,
    );
    expect(V.logRankWhy(none, { ips: 0, usualCare: 3 })).toMatch(/nobody in this view was randomised to IPS/);
    expect(V.chiSquare(none, why)).toEqual({ text: DASH, why, value: null });
    expect(V.observedExpected(0, null, why)).toMatchObject({ text: '0', detail: null, ciWhy: why });
    expect(V.logRankMeaning(none, why)).toBe(`Log-rank test: ${why}`);
    expect(V.hazardRatio({ ...none, strata: 0 }).why).toBe(
      'Not estimable: no site has people in both arms, so there is no comparison within a site.',
    );
    expect(V.hazardRatio(none).why).toMatch(/nobody in the IPS arm has started a first job yet/);
    const monotone = firstJob({ hazardRatio: { estimate: null, lower: null, upper: null, p: null } });
    expect(V.hazardRatio(monotone).why).toMatch(/runs off to zero or infinity/);
    expect(V.hazardRatioMeaning(monotone)).toMatch(/^Hazard ratio: Not estimable/);
  });

  it('counts each arm of a key from the groups of the same answer', () => {
    const g = (key: Record<string, string>, n: number) => ({ key, firstJob: { n } });
    const groups = [
      g({ condition: 'mental_health', arm: 'ips' }, 5),
      g({ condition: 'mental_health', arm: 'usual_care' }, 7),
      g({ condition: 'musculoskeletal', arm: 'ips' }, 11),
    ];
    expect(V.armSizes(groups, { condition: 'mental_health' })).toEqual({ ips: 5, usualCare: 7 });
    expect(V.armSizes(groups, { condition: 'musculoskeletal' })).toEqual({ ips: 11, usualCare: 0 });
    expect(V.armSizes(groups, {})).toEqual({ ips: 16, usualCare: 7 });
  });
});

describe('site-stratified risk differences', () => {
  it('shows the Mantel–Haenszel difference in points with its interval and the sites it rests on', () => {
    expect(V.stratifiedEffect({ strata: 2, riskDifference: 0.1234, lower: 0.041, upper: 0.2056 })).toEqual({
      text: '+12.3 pp',
      ci: '[+4.1, +20.6]',
      ciWhy: null,
      detail: '2 sites with both arms',
      value: 0.1234,
    });
    expect(V.stratifiedEffect({ strata: 1, riskDifference: 0, lower: null, upper: null })).toMatchObject({
      text: '0.0 pp',
      ci: null,
      ciWhy: expect.stringMatching(/^No interval: at every site, either everyone or nobody/),
      detail: '1 site with both arms',
    });
    expect(V.stratifiedEffect({ strata: 0, riskDifference: null, lower: null, upper: null })).toMatchObject({
      text: DASH,
      why: 'Not estimable: no site has people with full 12-month follow-up in both arms.',
      value: null,
    });
  });

  it('says what the stratified difference means beside the unstratified one', () => {
    expect(
      V.stratifiedMeaning(
        {
          riskDifference: 0.118,
          stratified: { strata: 2, riskDifference: 0.1234, lower: 0.041, upper: 0.2056 },
        },
        'Started a job within 12 months',
      ),
    ).toBe(
      'Started a job within 12 months: comparing people at the same site, the share was 12.3 percentage points higher with IPS (95% interval +4.1 to +20.6); without comparing site by site it is +11.8 pp.',
    );
    expect(
      V.stratifiedMeaning(
        { riskDifference: null, stratified: { strata: 2, riskDifference: -0.02, lower: -0.09, upper: 0.05 } },
        'Worked 13+ weeks',
      ),
    ).toBe(
      'Worked 13+ weeks: comparing people at the same site, the share was 2.0 percentage points lower with IPS (95% interval −9.0 to +5.0: it includes no difference, so this could be chance).',
    );
    expect(
      V.stratifiedMeaning(
        { riskDifference: null, stratified: { strata: 0, riskDifference: null, lower: null, upper: null } },
        'X',
      ),
    ).toBe('X: Not estimable: no site has people with full 12-month follow-up in both arms.');
  });
});

describe('interim monitoring', () => {
  it('gives the verdict in words: no plan, not crossed, crossed at the first look that crossed', () => {
    expect(V.monitoringVerdict(null)).toBe('No monitoring plan set.');
    expect(V.monitoringVerdict(monitoring([]))).toBe(
      'No boundary crossed: the evidence is not yet strong enough to act on.',
    );
    expect(V.monitoringVerdict(monitoring([look()]))).toBe(
      'No boundary crossed: the evidence is not yet strong enough to act on.',
    );
    expect(
      V.monitoringVerdict(monitoring([look(), look({ crossed: true, z: 4.2 }), look({ crossed: true })])),
    ).toBe('Boundary crossed at look 2.');
    expect(V.monitoringVerdictDetail(null)).toMatch(/^Nobody has set an interim monitoring plan/);
    expect(V.monitoringVerdictDetail(monitoring([]))).toMatch(/^No look has been taken yet/);
    expect(V.monitoringVerdictDetail(monitoring([look(), look()]))).toBe(
      'At each of the 2 looks so far the difference between the arms stayed inside the O’Brien–Fleming boundary.',
    );
    expect(
      V.monitoringVerdictDetail(monitoring([look({ crossed: true, z: -4.21, asOf: '2019-03-31' })])),
    ).toBe(
      'At look 1 (the report as of 31 March 2019) the difference between the arms, Z = −4.21, reached the O’Brien–Fleming boundary of ±3.93: it is strong enough to act on.',
    );
  });

  it('formats a look: t and Z to two decimals, the boundary as ±, small probabilities in full, crossed as yes/no', () => {
    expect(V.lookCells(look()).map((c) => [c.text, c.value])).toEqual([
      ['0.31', 0.31234],
      ['+1.88', 1.8765],
      ['±3.93', 3.9254],
      ['0.000087', 0.0000866],
      ['0.00012', 0.000123],
      ['No', 0],
    ]);
    expect(V.lookCells(look({ z: -0.001, crossed: true })).map((c) => c.text)[1]).toBe('0.00');
    expect(V.lookCells(look({ crossed: true }))[5]).toEqual({ text: 'Yes', value: 1 });
    expect([V.lookCells(look({ crossed: true }), true)[5].text, V.lookCells(look(), true)[5].text]).toEqual([
      'Would cross',
      'Would not',
    ]);
  });

  it('says what a report at the as-of date would be', () => {
    expect(
      V.nextLookSentence(
        monitoring(
          [look()],
          look({ reportId: null, asOf: '2019-06-30', informationFraction: 0.5, z: 2.5, boundary: 2.96 }),
        ),
        '2019-06-30',
      ),
    ).toBe(
      'A report as of 30 June 2019 would be look 2: information fraction 0.50, Z = +2.50 against a boundary of ±2.96, so it would not cross the boundary.',
    );
    expect(V.nextLookSentence(monitoring([look()]), '2019-06-30')).toMatch(
      /^A report as of 30 June 2019 would not be a look: too early/,
    );
    expect(V.nextLookSentence(monitoring([look({ informationFraction: 1 })]), '2019-06-30')).toMatch(
      /the final analysis \(information fraction 1\) has been taken/,
    );
  });
});

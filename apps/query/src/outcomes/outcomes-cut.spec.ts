import { ApiError, ManualClock } from '@ips/platform';
import type { TrialScope } from '../trials/trial-access';
import { outcomesCut } from './outcomes-cut';

const clock = new ManualClock(new Date('2019-06-30T12:00:00Z'));
const evaluator: TrialScope = { trialId: 't', startDate: '2017-07-01', ownSite: null };
const siteKey: TrialScope = { trialId: 't', startDate: '2017-07-01', ownSite: 'sheffield' };

function refusal(run: () => unknown): { status: number; details: unknown } {
  try {
    run();
  } catch (err) {
    if (err instanceof ApiError) return { status: err.getStatus(), details: err.details };
    throw err;
  }
  throw new Error('not refused');
}

describe('outcomesCut', () => {
  it('defaults to today (UTC), quarters, no grouping and no filters', () => {
    expect(outcomesCut({}, evaluator, clock)).toEqual({
      asOf: '2019-06-30',
      groupBy: [],
      filters: {},
      cohortBy: 'quarter',
    });
  });

  it('reads the grouping once per dimension, in the order asked, and only the filters given', () => {
    expect(
      outcomesCut(
        { groupBy: 'site,arm,site', condition: 'mental_health', cohortBy: 'year', asOf: '2018-01-31' },
        evaluator,
        clock,
      ),
    ).toEqual({
      asOf: '2018-01-31',
      groupBy: ['site', 'arm'],
      filters: { condition: 'mental_health' },
      cohortBy: 'year',
    });
  });

  it('holds a site key to its own site', () => {
    expect(outcomesCut({ groupBy: 'site' }, siteKey, clock).filters).toEqual({ site: 'sheffield' });
    expect(outcomesCut({ site: 'sheffield', arm: 'ips' }, siteKey, clock).filters).toEqual({
      site: 'sheffield',
      arm: 'ips',
    });
  });

  it('refuses dates that do not exist or are in the future, naming the field', () => {
    expect(refusal(() => outcomesCut({ asOf: '2019-02-29' }, evaluator, clock))).toEqual({
      status: 400,
      details: [{ path: 'asOf', message: 'asOf must be a real calendar date (2019-02-29 does not exist)' }],
    });
    expect(refusal(() => outcomesCut({ asOf: '2019-07-02' }, evaluator, clock))).toEqual({
      status: 400,
      details: [{ path: 'asOf', message: 'asOf must not be in the future' }],
    });
    // where it is already tomorrow somewhere on Earth, tomorrow is not "the future" (as for events)
    expect(outcomesCut({ asOf: '2019-07-01' }, evaluator, clock).asOf).toBe('2019-07-01');
  });
});

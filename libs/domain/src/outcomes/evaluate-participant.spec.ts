import { addDays } from '../calendar/day-number';
import { foldJourney } from '../journey/fold-journey';
import { given } from '../testing/given-when-then';
import { participant } from '../testing/stored-events';
import { evaluateParticipant } from './evaluate-participant';

const p = participant('P-1', 'sheffield');
const T0 = '2017-01-10';
/** the date `n` days after randomisation */
const day = (n: number) => addDays(T0, n);
const FULL_FOLLOW_UP = day(365);

describe('evaluateParticipant', () => {
  describe('existence at the as-of date', () => {
    it('is null before the participant’s first event', () => {
      given(p.referred('2017-01-03'))
        .when('2017-01-02')
        .then((outcome) => expect(outcome).toBeNull());
    });

    it('exists from the day of the first event', () => {
      given(p.referred('2017-01-03'))
        .when('2017-01-03')
        .thenOutcome((outcome) => expect(outcome.flow.referred).toBe(true));
    });

    it('exists through any folded event, even one that carries no outcome', () => {
      given(p.jobEnded('2017-01-03', 'nope'))
        .when('2017-02-01')
        .thenOutcome((outcome) => {
          expect(outcome.dimensions).toEqual({
            site: 'sheffield',
            arm: null,
            condition: null,
            cohort: null,
            employmentStatus: null,
          });
          expect(Object.values(outcome.flow).every((flag) => flag === false)).toBe(true);
        });
    });

    it('is null when everything was retracted', () => {
      const referral = p.referred('2017-01-03');
      given(referral, p.retracted('2017-01-04', referral))
        .when('2018-01-01')
        .then((outcome) => expect(outcome).toBeNull());
    });

    it('rejects an as-of date that is not a calendar date', () => {
      expect(() =>
        evaluateParticipant(foldJourney([p.referred('2017-01-03')]), '2017-02-30', 'quarter'),
      ).toThrow('not a calendar date');
    });
  });

  describe('dimensions', () => {
    it('uses the site, and no arm before randomisation', () => {
      given(p.enrolled(T0, 'ips'))
        .when(day(-1))
        .then((outcome) => expect(outcome).toBeNull());
      given(p.referred(day(-5)), p.randomised(T0, 'ips'))
        .when(day(-1))
        .thenOutcome((outcome) => expect(outcome.dimensions).toMatchObject({ site: 'sheffield', arm: null }));
    });

    it('takes the arm once randomised on or before the as-of date', () => {
      given(p.enrolled(T0, 'usual_care'))
        .when(T0)
        .thenOutcome((outcome) => expect(outcome.dimensions.arm).toBe('usual_care'));
    });

    it('takes condition and employment status from the latest referral on or before the as-of date', () => {
      const events = [
        p.referred('2017-01-03', { condition: 'mental_health', employmentStatus: 'unemployed' }),
        p.referred('2017-03-01', { condition: 'musculoskeletal', employmentStatus: 'employed_off_sick' }),
      ];
      given(events)
        .when('2017-02-28')
        .thenOutcome((outcome) => {
          expect(outcome.dimensions).toMatchObject({
            condition: 'mental_health',
            employmentStatus: 'unemployed',
          });
        });
      given(events)
        .when('2017-03-01')
        .thenOutcome((outcome) => {
          expect(outcome.dimensions).toMatchObject({
            condition: 'musculoskeletal',
            employmentStatus: 'employed_off_sick',
          });
        });
    });

    it('puts a randomised participant in the cohort of randomisedOn', () => {
      const events = [p.referred('2017-06-20'), p.consented('2017-06-20'), p.randomised('2017-07-03', 'ips')];
      given(events)
        .when('2018-01-01', 'quarter')
        .thenOutcome((o) => expect(o.dimensions.cohort).toBe('2017-Q3'));
      given(events)
        .when('2018-01-01', 'month')
        .thenOutcome((o) => expect(o.dimensions.cohort).toBe('2017-07'));
      given(events)
        .when('2018-01-01', 'year')
        .thenOutcome((o) => expect(o.dimensions.cohort).toBe('2017'));
    });

    it('puts a participant not (yet) randomised in the cohort of the latest referral', () => {
      const events = [p.referred('2017-06-20'), p.referred('2017-07-02'), p.randomised('2017-10-03', 'ips')];
      given(events)
        .when('2017-06-30')
        .thenOutcome((o) => expect(o.dimensions.cohort).toBe('2017-Q2'));
      given(events)
        .when('2017-09-30')
        .thenOutcome((o) => expect(o.dimensions.cohort).toBe('2017-Q3'));
      given(events)
        .when('2017-10-03')
        .thenOutcome((o) => expect(o.dimensions.cohort).toBe('2017-Q4'));
    });

    it('has no cohort without referral or randomisation', () => {
      given(p.consented('2017-06-20'))
        .when('2017-07-01')
        .thenOutcome((o) => expect(o.dimensions.cohort).toBeNull());
    });
  });

  describe('CONSORT flow flags', () => {
    it('follows eligibility as the latest assessment on or before the as-of date', () => {
      const events = [
        p.referred('2017-01-03'),
        p.assessed('2017-01-05', false),
        p.assessed('2017-01-20', true),
      ];
      given(events)
        .when('2017-01-04')
        .thenOutcome((o) => {
          expect(o.flow).toMatchObject({
            referred: true,
            assessed: false,
            eligible: false,
            ineligible: false,
          });
        });
      given(events)
        .when('2017-01-05')
        .thenOutcome((o) => {
          expect(o.flow).toMatchObject({ assessed: true, eligible: false, ineligible: true });
        });
      given(events)
        .when('2017-01-20')
        .thenOutcome((o) => {
          expect(o.flow).toMatchObject({ assessed: true, eligible: true, ineligible: false });
        });
    });

    it('counts consent and randomisation from their dates', () => {
      const events = [p.referred('2017-01-03'), p.consented('2017-01-06'), p.randomised(T0, 'ips')];
      given(events)
        .when('2017-01-05')
        .thenOutcome((o) => expect(o.flow).toMatchObject({ consented: false, randomised: false }));
      given(events)
        .when(T0)
        .thenOutcome((o) => expect(o.flow).toMatchObject({ consented: true, randomised: true }));
    });

    it('counts a withdrawal of anyone, randomised or not', () => {
      given(p.referred('2017-01-03'), p.withdrawn('2017-01-08'))
        .when('2017-01-08')
        .thenOutcome((o) => {
          expect(o.flow).toMatchObject({ withdrawn: true, randomised: false });
        });
    });

    it('counts follow-up complete from exactly t0 + 365 days', () => {
      given(p.enrolled(T0, 'ips'))
        .when(day(364))
        .thenOutcome((o) => expect(o.flow.followUpComplete).toBe(false));
      given(p.enrolled(T0, 'ips'))
        .when(day(365))
        .thenOutcome((o) => expect(o.flow.followUpComplete).toBe(true));
    });

    it('gives no outcome at all to a participant not randomised', () => {
      given(p.referred('2017-01-03'), p.jobStarted('2017-02-01', 'j'))
        .when('2019-01-01')
        .thenOutcome((o) => {
          expect(o).toMatchObject({
            firstJob: null,
            jobStart12m: null,
            sustained13w: null,
            sustained26w: null,
            firstJobHours: null,
            daysEmployed12m: null,
            worked13wIn12m: null,
          });
        });
    });
  });

  describe('first job and time to first job', () => {
    it('is the earliest competitive job started in [t0, E], counted in days from t0', () => {
      given(
        p.enrolled(T0, 'ips'),
        p.jobStarted(day(40), 'later'),
        p.jobStarted(day(30), 'earlier', { hoursPerWeek: 12 }),
      )
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => {
          expect(o.firstJob).toEqual({ days: 30, event: true });
          expect(o.firstJobHours).toBe(12);
        });
    });

    it('counts a job on the day of randomisation as day 0 and one on day 365 as day 365', () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(T0, 'j'))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => {
          expect(o.firstJob).toEqual({ days: 0, event: true });
        });
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(365), 'j'))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => {
          expect(o.firstJob).toEqual({ days: 365, event: true });
          expect(o.jobStart12m).toBe(true);
        });
    });

    it('ignores non-competitive jobs', () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(10), 'sheltered', { competitive: false }))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o.firstJob).toEqual({ days: 365, event: false }));
    });

    it('ignores jobs started before t0, even if still open', () => {
      given(
        p.referred(day(-30)),
        p.consented(day(-30)),
        p.jobStarted(day(-10), 'old'),
        p.randomised(T0, 'ips'),
      )
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => {
          expect(o.firstJob).toEqual({ days: 365, event: false });
          expect(o.firstJobHours).toBeNull();
        });
    });

    it('ignores jobs started after the follow-up horizon', () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(366), 'late'))
        .when(day(400))
        .thenOutcome((o) => {
          expect(o.firstJob).toEqual({ days: 365, event: false });
          expect(o.jobStart12m).toBe(false);
        });
    });

    it('ignores jobs started after withdrawal and censors at the withdrawal', () => {
      given(p.enrolled(T0, 'ips'), p.withdrawn(day(100)), p.jobStarted(day(101), 'after'))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o.firstJob).toEqual({ days: 100, event: false }));
    });

    it('counts a job on the day of withdrawal', () => {
      given(p.enrolled(T0, 'ips'), p.withdrawn(day(100)), p.jobStarted(day(100), 'same-day'))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o.firstJob).toEqual({ days: 100, event: true }));
    });

    it('censors at the as-of date during follow-up, and does not see jobs after it', () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(60), 'j'))
        .when(day(59))
        .thenOutcome((o) => expect(o.firstJob).toEqual({ days: 59, event: false }));
    });

    it('censors at day 0 someone withdrawn before randomisation', () => {
      given(p.referred(day(-20)), p.consented(day(-20)), p.withdrawn(day(-5)), p.randomised(T0, 'ips'))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => {
          expect(o.firstJob).toEqual({ days: 0, event: false });
          expect(o.daysEmployed12m).toBe(0);
        });
    });

    it('breaks a tie of start dates by fold order', () => {
      given(
        p.enrolled(T0, 'ips'),
        p.jobStarted(day(5), 'a', { hoursPerWeek: 10 }),
        p.jobStarted(day(5), 'b', { hoursPerWeek: 30 }),
      )
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o.firstJobHours).toBe(10));
    });

    it('reports hours at start, not after a change', () => {
      given(
        p.enrolled(T0, 'ips'),
        p.jobStarted(day(5), 'a', { hoursPerWeek: 10 }),
        p.hoursChanged(day(20), 'a', 30),
      )
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o.firstJobHours).toBe(10));
    });
  });

  describe('jobStart12m', () => {
    it('is not in the denominator before full follow-up is possible', () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(5), 'a'))
        .when(day(364))
        .thenOutcome((o) => expect(o.jobStart12m).toBeNull());
    });

    it('keeps a withdrawn participant in the denominator: no job is no job', () => {
      given(p.enrolled(T0, 'ips'), p.withdrawn(day(30)))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o.jobStart12m).toBe(false));
    });

    it('is true with a first job in the window', () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(200), 'a'))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o.jobStart12m).toBe(true));
    });
  });

  describe.each([
    ['sustained13w', 91],
    ['sustained26w', 182],
  ] as const)('%s', (outcome, windowDays) => {
    const start = day(10);
    const startPlus = (n: number) => addDays(start, n);

    it(`enters the denominator once the first job started on or before asOf − ${windowDays}`, () => {
      const events = [p.enrolled(T0, 'ips'), p.jobStarted(start, 'a')];
      given(events)
        .when(startPlus(windowDays - 1))
        .thenOutcome((o) => expect(o[outcome]).toBeNull());
      given(events)
        .when(startPlus(windowDays))
        .thenOutcome((o) => expect(o[outcome]).toBe(true));
    });

    it(`succeeds when the job ended ${windowDays} days after it started`, () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(start, 'a'), p.jobEnded(startPlus(windowDays), 'a'))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o[outcome]).toBe(true));
    });

    it(`fails when the job ended ${windowDays - 1} days after it started`, () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(start, 'a'), p.jobEnded(startPlus(windowDays - 1), 'a'))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o[outcome]).toBe(false));
    });

    it('judges only the first job, not a later one that lasted', () => {
      given(
        p.enrolled(T0, 'ips'),
        p.jobStarted(start, 'a'),
        p.jobEnded(startPlus(5), 'a'),
        p.jobStarted(startPlus(6), 'b'),
      )
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o[outcome]).toBe(false));
    });

    it('has no denominator without a first job', () => {
      given(p.enrolled(T0, 'ips'))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o[outcome]).toBeNull());
    });
  });

  it('does not let an end dated after the as-of date fail a sustained job', () => {
    const events = [p.enrolled(T0, 'ips'), p.jobStarted(day(10), 'a'), p.jobEnded(day(50), 'a')];
    given(events)
      .when(day(49))
      .then((o) => expect(o?.sustained13w).toBeNull());
    given(events)
      .when(day(101))
      .then((o) => expect(o?.sustained13w).toBe(false));
  });

  describe('daysEmployed12m and worked13wIn12m', () => {
    it('are not in the denominator before full follow-up', () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(0), 'a'))
        .when(day(364))
        .thenOutcome((o) => {
          expect(o.daysEmployed12m).toBeNull();
          expect(o.worked13wIn12m).toBeNull();
        });
    });

    it('count an open job to the horizon, [startedOn, t0 + 365)', () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(265), 'a'))
        .when(day(500))
        .thenOutcome((o) => {
          expect(o.daysEmployed12m).toBe(100);
          expect(o.worked13wIn12m).toBe(true);
        });
    });

    it('count a job as [startedOn, endedOn)', () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(10), 'a'), p.jobEnded(day(100), 'a'))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => {
          expect(o.daysEmployed12m).toBe(90);
          expect(o.worked13wIn12m).toBe(false);
        });
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(10), 'a'), p.jobEnded(day(101), 'a'))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => {
          expect(o.daysEmployed12m).toBe(91);
          expect(o.worked13wIn12m).toBe(true);
        });
    });

    it('merge overlapping jobs and add separate ones', () => {
      given(
        p.enrolled(T0, 'ips'),
        p.jobStarted(day(10), 'a'),
        p.jobEnded(day(50), 'a'),
        p.jobStarted(day(40), 'b'),
        p.jobEnded(day(60), 'b'),
        p.jobStarted(day(20), 'inside'),
        p.jobEnded(day(30), 'inside'),
        p.jobStarted(day(100), 'c'),
        p.jobEnded(day(110), 'c'),
      )
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o.daysEmployed12m).toBe(50 + 10));
    });

    it('count a job begun before t0 and open at t0 from t0', () => {
      given(
        p.referred(day(-40)),
        p.consented(day(-40)),
        p.jobStarted(day(-30), 'old'),
        p.jobEnded(day(20), 'old'),
        p.randomised(T0, 'ips'),
      )
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o.daysEmployed12m).toBe(20));
    });

    it('do not count a job that ended before t0', () => {
      given(
        p.referred(day(-40)),
        p.consented(day(-40)),
        p.jobStarted(day(-30), 'old'),
        p.jobEnded(day(-1), 'old'),
        p.randomised(T0, 'ips'),
      )
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o.daysEmployed12m).toBe(0));
    });

    it('do not count non-competitive jobs', () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(0), 'a', { competitive: false }))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => expect(o.daysEmployed12m).toBe(0));
    });

    it('stop counting at withdrawal', () => {
      given(p.enrolled(T0, 'ips'), p.jobStarted(day(0), 'a'), p.withdrawn(day(80)))
        .when(FULL_FOLLOW_UP)
        .thenOutcome((o) => {
          expect(o.daysEmployed12m).toBe(80);
          expect(o.worked13wIn12m).toBe(false);
        });
    });
  });

  it('returns the same outcome whether the journey is fresh or round-tripped through JSON', () => {
    const journey = foldJourney([
      ...p.enrolled(T0, 'ips', { ageBand: '25-34' }),
      p.jobStarted(day(3), 'a', { socCode: '1234' }),
      p.jobEnded(day(200), 'a'),
    ]);
    const stored = JSON.parse(JSON.stringify(journey));
    expect(stored).toEqual(journey);
    expect(evaluateParticipant(stored, FULL_FOLLOW_UP, 'month')).toEqual(
      evaluateParticipant(journey, FULL_FOLLOW_UP, 'month'),
    );
  });
});

import { foldJourney } from '../journey/fold-journey';
import { evaluateParticipant } from '../outcomes/evaluate-participant';
import { participant } from '../testing/stored-events';
import { analysisRecords } from './analysis-records';

const INSTRUMENT_NAMES = ['wemwbs', 'swemwbs', 'phq9', 'gad7', 'eq5d_vas'];
function noWellbeing(due: boolean | null): Record<string, null | boolean> {
  return Object.fromEntries(
    INSTRUMENT_NAMES.flatMap((i) => [
      [`${i}Baseline`, null],
      [`${i}FollowUp`, null],
      [`${i}FollowUpDue`, due],
    ]),
  );
}

describe('analysisRecords (DESIGN §6d)', () => {
  const p = participant('P-7');
  const first = p.jobStarted('2017-09-01', 'j1', { hoursPerWeek: 12, selfEmployed: false, socCode: '0123' });
  const journey = foldJourney([
    ...p.enrolled('2017-07-03', 'ips', { ageBand: '25-34', sex: 'female' }),
    p.jobStarted('2017-06-01', 'before', { hoursPerWeek: 30 }), // before t0: not an outcome event
    p.jobEnded('2017-07-20', 'before'),
    first,
    p.hoursChanged('2017-10-01', 'j1', 18),
    p.jobEnded('2018-03-01', 'j1', 'health'),
    p.jobStarted('2018-05-01', 'j2', { hoursPerWeek: 37.5, competitive: false, hourlyWagePence: 1100 }),
    p.jobEnded('2019-01-01', 'j2'),
  ]);

  it('gives every participant column and takes each derived value from evaluateParticipant', () => {
    const records = analysisRecords(journey, '2018-08-31')!;
    const outcome = evaluateParticipant(journey, '2018-08-31', 'quarter')!;
    expect(records.participant).toEqual({
      site: 'site-a',
      referredOn: '2017-07-03',
      condition: 'mental_health',
      referralSource: 'primary_care',
      employmentStatus: 'unemployed',
      ageBand: '25-34',
      sex: 'female',
      assessedOn: '2017-07-03',
      eligible: true,
      consentedOn: '2017-07-03',
      randomised: true,
      randomisedOn: '2017-07-03',
      arm: 'ips',
      cohort: '2017-Q3',
      withdrawn: false,
      withdrawnOn: null,
      withdrawalReason: null,
      followUpComplete: outcome.flow.followUpComplete,
      firstJobDays: 60,
      firstJobEvent: true,
      jobStart12m: outcome.jobStart12m,
      daysEmployed12m: outcome.daysEmployed12m,
      worked13wIn12m: outcome.worked13wIn12m,
      firstJobHours: 12,
      firstJobHours16Plus: false,
      sustained13w: true,
      sustained26w: false, // 181 days
      ...noWellbeing(false),
    });
    expect(records.participant.jobStart12m).toBe(true);
    expect(records.participant.daysEmployed12m).toBe(17 + 181);
  });

  it('lists the jobs known at asOf in start order, marking the first job, with ends only once they happened', () => {
    const records = analysisRecords(journey, '2018-08-31')!;
    expect(
      records.jobs.map((j) => [j.job, j.startedOn, j.endedOn, j.endReason, j.firstJob, j.hoursAtAsOf]),
    ).toEqual([
      [1, '2017-06-01', '2017-07-20', 'resigned', false, 30],
      [2, '2017-09-01', '2018-03-01', 'health', true, 18],
      [3, '2018-05-01', null, null, false, 37.5],
    ]);
    expect(records.jobs[1]).toMatchObject({
      hoursAtStart: 12,
      selfEmployed: false,
      socCode: '0123',
      competitive: true,
    });
    expect(records.jobs[2]).toMatchObject({ competitive: false, hourlyWagePence: 1100, selfEmployed: null });
  });

  it('leaves undefined values empty rather than false, and shows the trial as it stood at an earlier asOf', () => {
    const early = analysisRecords(journey, '2017-08-15')!;
    expect(early.participant).toMatchObject({
      followUpComplete: false,
      firstJobDays: 43,
      firstJobEvent: false,
      jobStart12m: null,
      daysEmployed12m: null,
      worked13wIn12m: null,
      firstJobHours: null,
      firstJobHours16Plus: null,
      sustained13w: null,
      sustained26w: null,
    });
    expect(early.jobs.map((j) => j.startedOn)).toEqual(['2017-06-01']);
    expect(analysisRecords(journey, '2017-05-31')).toBeNull();
  });

  it('gives the §6b baseline and follow-up per instrument, and every kept measurement dated by asOf', () => {
    const w = participant('P-9');
    const measured = w.measured.bind(w);
    const wrong = measured('2018-07-01', 'phq9', 20);
    const events = [
      ...w.enrolled('2017-07-03', 'usual_care'),
      measured('2017-06-20', 'wemwbs', 40),
      measured('2017-07-01', 'wemwbs', 42), // the latest in [t0 − 30, t0]
      measured('2017-07-01', 'phq9', 12),
      measured('2018-06-20', 'wemwbs', 50), // 352 days: closest to 365
      measured('2018-07-20', 'wemwbs', 51), // 382 days
      wrong,
      w.retracted('2018-07-02', wrong),
      measured('2018-08-01', 'phq9', 9),
      measured('2018-08-01', 'phq9', 8), // same day, later arrival: kept
      measured('2019-01-01', 'gad7', 5), // after asOf
    ];
    const records = analysisRecords(foldJourney(events), '2018-09-30')!;
    expect(records.participant).toMatchObject({
      wemwbsBaseline: 42,
      wemwbsFollowUp: 50,
      wemwbsFollowUpDue: true,
      phq9Baseline: 12,
      phq9FollowUp: 8,
      phq9FollowUpDue: true,
      gad7Baseline: null,
      gad7FollowUp: null,
      gad7FollowUpDue: true, // the window closed at t0 + 425 = 2018-09-01, before asOf
    });
    expect(records.measurements).toEqual([
      { instrument: 'wemwbs', measuredOn: '2017-06-20', score: 40 },
      { instrument: 'wemwbs', measuredOn: '2017-07-01', score: 42 },
      { instrument: 'wemwbs', measuredOn: '2018-06-20', score: 50 },
      { instrument: 'wemwbs', measuredOn: '2018-07-20', score: 51 },
      { instrument: 'phq9', measuredOn: '2017-07-01', score: 12 },
      { instrument: 'phq9', measuredOn: '2018-08-01', score: 8 },
    ]);
  });

  it('exports a referred participant who was never randomised with empty outcomes', () => {
    const q = participant('P-8');
    const records = analysisRecords(
      foldJourney([q.referred('2017-07-10'), q.assessed('2017-07-12', false)]),
      '2018-01-01',
    )!;
    expect(records.participant).toMatchObject({
      randomised: false,
      arm: null,
      eligible: false,
      followUpComplete: null,
      firstJobDays: null,
      firstJobEvent: null,
      cohort: '2017-Q3',
      ...noWellbeing(null),
    });
  });
});

// Unit tests of the oracle itself: hand-computed cases and values from R
// (r-reference.json, written by r-reference.R). The oracle must be trustworthy on its own
// before it is used to check libs/domain.

import type { StoredEvent } from '@ips/contracts';
import {
  cohortLabel,
  dayNumber,
  firstJobOutcome,
  kaplanMeierSteps,
  medianDays,
  newcombe,
  oracleFindingCodes,
  oracleOutcomes,
  proportion,
  wilson,
  type KmObservation,
} from './outcomes-oracle';
import reference from './r-reference.json';

// ---------------------------------------------------------------------------------------------
// Event builders

const TRIAL = 'T1';
let seq = 0;
let idCounter = 0;

function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * 86_400_000).toISOString().slice(0, 10);
}

function ev(
  type: StoredEvent['type'],
  pid: string,
  on: string,
  data: Record<string, unknown>,
  opts: { site?: string; id?: string; trialId?: string; seq?: number } = {},
): StoredEvent {
  idCounter += 1;
  return {
    eventId: opts.id ?? `00000000-0000-4000-8000-${String(idCounter).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    siteId: opts.site ?? 'S1',
    participantId: pid,
    occurredOn: on,
    data,
    trialId: opts.trialId ?? TRIAL,
    recordedAt: '2024-01-01T00:00:00.000Z',
    seq: opts.seq ?? ++seq,
  } as StoredEvent;
}

type Opts = { site?: string; id?: string; seq?: number; trialId?: string };
const referred = (
  pid: string,
  on: string,
  condition = 'mental_health',
  employmentStatus = 'unemployed',
  o: Opts = {},
) => ev('participant.referred', pid, on, { condition, referralSource: 'primary_care', employmentStatus }, o);
const assessed = (pid: string, on: string, eligible = true, o: Opts = {}) =>
  ev('participant.eligibility_assessed', pid, on, { eligible }, o);
const consented = (pid: string, on: string, o: Opts = {}) => ev('participant.consented', pid, on, {}, o);
const randomised = (pid: string, on: string, arm = 'ips', o: Opts = {}) =>
  ev('participant.randomised', pid, on, { arm }, o);
const withdrawn = (pid: string, on: string, o: Opts = {}) =>
  ev('participant.withdrawn', pid, on, { reason: 'other' }, o);
const started = (
  pid: string,
  on: string,
  jobId: string,
  hoursPerWeek = 20,
  competitive = true,
  o: Opts = {},
) => ev('job.started', pid, on, { jobId, hoursPerWeek, competitive }, o);
const ended = (pid: string, on: string, jobId: string, o: Opts = {}) =>
  ev('job.ended', pid, on, { jobId, reason: 'resigned' }, o);
const hoursChanged = (pid: string, on: string, jobId: string, hoursPerWeek: number, o: Opts = {}) =>
  ev('job.hours_changed', pid, on, { jobId, hoursPerWeek }, o);
const retention = (pid: string, on: string, jobId: string, inWork: boolean, o: Opts = {}) =>
  ev('job.retention_checked', pid, on, { jobId, inWork }, o);
const retract = (pid: string, on: string, target: StoredEvent | string, o: Opts = {}) =>
  ev(
    'event.retracted',
    pid,
    on,
    { retractedEventId: typeof target === 'string' ? target : target.eventId, reason: 'mistake' },
    o,
  );

/** referral, eligible assessment and consent a week before t0, then randomisation on t0. */
function enrolled(
  pid: string,
  t0: string,
  arm = 'ips',
  o: { site?: string; condition?: string; employmentStatus?: string } = {},
): StoredEvent[] {
  const before = addDays(t0, -7);
  return [
    referred(pid, before, o.condition ?? 'mental_health', o.employmentStatus ?? 'unemployed', {
      site: o.site,
    }),
    assessed(pid, before, true, { site: o.site }),
    consented(pid, before, { site: o.site }),
    randomised(pid, t0, arm, { site: o.site }),
  ];
}

function outcomes(
  events: StoredEvent[],
  asOf: string,
  extra: Partial<Parameters<typeof oracleOutcomes>[0]> = {},
) {
  return oracleOutcomes({
    trialId: TRIAL,
    asOf,
    groupBy: [],
    filters: {},
    cohortBy: 'quarter',
    events,
    ...extra,
  });
}

const obs = (time: number, event: boolean): KmObservation => ({ time, event });
const round4 = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);

// ---------------------------------------------------------------------------------------------

describe('oracle: dates and cohorts', () => {
  it('counts whole days across a leap year', () => {
    expect(dayNumber('2020-03-01') - dayNumber('2020-02-28')).toBe(2);
    expect(dayNumber('2019-03-01') - dayNumber('2019-02-28')).toBe(1);
    expect(dayNumber('2020-12-31') - dayNumber('2020-01-01')).toBe(365);
    expect(addDays('2019-01-01', 365)).toBe('2020-01-01');
  });

  it('labels cohorts by month, quarter and year', () => {
    expect(cohortLabel('2017-08-15', 'month')).toBe('2017-08');
    expect(cohortLabel('2017-08-15', 'quarter')).toBe('2017-Q3');
    expect(cohortLabel('2017-07-01', 'quarter')).toBe('2017-Q3');
    expect(cohortLabel('2017-06-30', 'quarter')).toBe('2017-Q2');
    expect(cohortLabel('2017-12-31', 'quarter')).toBe('2017-Q4');
    expect(cohortLabel('2017-01-01', 'year')).toBe('2017');
  });
});

describe('oracle: Wilson and Newcombe', () => {
  it('Wilson 81/263 = (0.2553, 0.3662)', () => {
    const w = wilson(81, 263)!;
    expect(round4(w.lower)).toBe(0.2553);
    expect(round4(w.upper)).toBe(0.3662);
    expect(w.rate).toBeCloseTo(81 / 263, 15);
    expect(w.lower).toBeCloseTo(0.255288519878274, 12);
    expect(w.upper).toBeCloseTo(0.3662095769828, 12);
  });

  it('Wilson at 0/n and n/n is exactly 0 / exactly 1 at the boundary, as R', () => {
    expect(wilson(0, 10)).toEqual({ rate: 0, lower: 0, upper: expect.closeTo(0.277532799862889, 12) });
    expect(wilson(10, 10)).toEqual({ rate: 1, lower: expect.closeTo(0.722467200137111, 12), upper: 1 });
  });

  it('a proportion with denominator 0 is null, never 0', () => {
    expect(wilson(0, 0)).toBeNull();
    expect(proportion(0, 0)).toEqual({ numerator: 0, denominator: 0, rate: null, lower: null, upper: null });
  });

  it('Newcombe 56/70 vs 48/80 = 0.2 (0.0524, 0.3339)', () => {
    const d = newcombe(56, 70, 48, 80)!;
    expect(d.difference).toBeCloseTo(0.2, 15);
    expect(round4(d.lower)).toBe(0.0524);
    expect(round4(d.upper)).toBe(0.3339);
    expect(d.lower).toBeCloseTo(0.0524314724023649, 12);
    expect(d.upper).toBeCloseTo(0.3338726540369059, 12);
  });

  it('Newcombe is null when either arm has denominator 0', () => {
    expect(newcombe(1, 2, 0, 0)).toBeNull();
    expect(newcombe(0, 0, 1, 2)).toBeNull();
  });

  it.each(reference.proportions.map((p, i) => [i, p] as const))(
    'matches R prop.test / Newcombe on random case %i',
    (_i, p) => {
      const a = wilson(p.x1, p.n1)!;
      const b = wilson(p.x2, p.n2)!;
      expect(a.lower).toBeCloseTo(p.wilson1[0], 12);
      expect(a.upper).toBeCloseTo(p.wilson1[1], 12);
      expect(b.lower).toBeCloseTo(p.wilson2[0], 12);
      expect(b.upper).toBeCloseTo(p.wilson2[1], 12);
      const d = newcombe(p.x1, p.n1, p.x2, p.n2)!;
      expect(d.difference).toBeCloseTo(p.newcombe[0], 12);
      expect(d.lower).toBeCloseTo(p.newcombe[1], 12);
      expect(d.upper).toBeCloseTo(p.newcombe[2], 12);
    },
  );
});

describe('oracle: Kaplan–Meier', () => {
  // By hand: times 10 E, 20 E, 20 C, 50 E, 100 C, 200 C.
  //   t=10: n=6, d=1 → S = 5/6;  t=20: n=5 (the censoring at 20 is still at risk), d=1 → S = 4/6;
  //   t=50: n=3, d=1 → S = 4/9.  Greenwood Σ d/(n(n−d)) = 1/30 + 1/20 + 1/6 = 1/4, se = 1/2.
  //   x = log(−log 4/9) = −0.20957, z·se/log S = 0.97998/−0.81093 = −1.20846
  //   lowerS = exp(−exp(x + 1.20846)) = 0.06619, upperS = exp(−exp(x − 1.20846)) = 0.78491
  //   F(91) = 5/9 = 0.5556 (0.2151, 0.9338); R survfit(conf.type = "log-log") agrees.
  const hand = [
    obs(10, true),
    obs(20, true),
    obs(20, false),
    obs(50, true),
    obs(100, false),
    obs(200, false),
  ];

  it('steps: events before censorings at a tied time; Greenwood sum', () => {
    const steps = kaplanMeierSteps(hand);
    expect(steps.map((s) => [s.time, s.atRisk, s.events])).toEqual([
      [10, 6, 1],
      [20, 5, 1],
      [50, 3, 1],
    ]);
    expect(steps[2].survival).toBeCloseTo(4 / 9, 15);
    expect(steps[2].greenwoodSum).toBeCloseTo(0.25, 15);
  });

  it('cumulative incidence at 91/182/365 with the log-log interval of R', () => {
    const out = firstJobOutcome(hand);
    expect(out.n).toBe(6);
    expect(out.events).toBe(3);
    expect(out.medianDays).toBe(50);
    const [d91, d182, d365] = out.at;
    expect(d91.day).toBe(91);
    expect(d91.atRisk).toBe(2);
    expect(d91.cumulativeIncidence).toBeCloseTo(5 / 9, 15);
    expect(round4(d91.lower)).toBe(0.2151);
    expect(round4(d91.upper)).toBe(0.9338);
    expect(d91.lower).toBeCloseTo(0.215091632852041, 12);
    expect(d91.upper).toBeCloseTo(0.933813246853588, 12);
    expect(d182).toEqual({ ...d91, day: 182, atRisk: 1 });
    // nobody followed to day 365
    expect(d365).toEqual({ day: 365, cumulativeIncidence: null, lower: null, upper: null, atRisk: 0 });
  });

  it('S = 1 (no event yet): incidence 0, interval null; S = 0: incidence 1, interval null', () => {
    const none = firstJobOutcome([obs(100, false), obs(200, false)]);
    expect(none.at[0]).toEqual({ day: 91, cumulativeIncidence: 0, lower: null, upper: null, atRisk: 2 });
    expect(none.medianDays).toBeNull();
    const all = firstJobOutcome([obs(91, true), obs(91, true)]);
    expect(all.at[0]).toEqual({ day: 91, cumulativeIncidence: 1, lower: null, upper: null, atRisk: 2 });
    expect(all.medianDays).toBe(91);
    expect(all.at[1].atRisk).toBe(0);
    expect(all.at[1].cumulativeIncidence).toBeNull();
  });

  it('nobody randomised: n 0, every point null with atRisk 0', () => {
    const out = firstJobOutcome([]);
    expect(out).toEqual({
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
    });
  });

  it('median: first event time with S ≤ 0.5, recognising an exact half despite floating-point noise', () => {
    // 24 people, one first job on each of days 1..12, the other 12 censored at 300:
    // S(12) = 12/24 = 1/2 exactly, but the floating-point product is 0.5000000000000001.
    const o = [
      ...Array.from({ length: 12 }, (_, i) => obs(i + 1, true)),
      ...Array.from({ length: 12 }, () => obs(300, false)),
    ];
    expect(kaplanMeierSteps(o)[11].survival).toBeGreaterThan(0.5);
    expect(medianDays(kaplanMeierSteps(o))).toBe(12);
    // exactly 0.5 on a plateau: the start of the plateau (R would take a midpoint)
    expect(firstJobOutcome([obs(10, true), obs(20, true), obs(30, false), obs(40, false)]).medianDays).toBe(
      20,
    );
    // not reached
    expect(firstJobOutcome([obs(10, true), obs(30, false), obs(40, false)]).medianDays).toBeNull();
  });

  it.each(reference.km.map((k, i) => [i, k] as const))(
    'matches R survfit (log-log) on random dataset %i',
    (_i, k) => {
      const o = k.time.map((t, j) => obs(t, k.event[j] === 1));
      const out = firstJobOutcome(o);
      expect(out.n).toBe(k.time.length);
      expect(out.events).toBe(k.event.filter((e) => e === 1).length);
      for (const [j, r] of k.at.entries()) {
        const p = out.at[j];
        expect(p.day).toBe(r.day);
        expect(p.atRisk).toBe(r.atRisk);
        if (r.atRisk === 0) {
          expect(p.cumulativeIncidence).toBeNull();
          continue;
        }
        expect(p.cumulativeIncidence).toBeCloseTo(1 - (r.surv as number), 12);
        if (r.surv === 1 || r.surv === 0) {
          expect([p.lower, p.upper]).toEqual([null, null]);
        } else {
          expect(p.lower).toBeCloseTo(1 - (r.upper as number), 12);
          expect(p.upper).toBeCloseTo(1 - (r.lower as number), 12);
        }
      }
      // the whole curve at its event times, and the median by DESIGN's rule on R's curve
      const steps = kaplanMeierSteps(o);
      const rEvents = k.curve.time.map((_t, j) => j).filter((j) => k.curve.nEvent[j] > 0);
      expect(steps.map((s) => s.time)).toEqual(rEvents.map((j) => k.curve.time[j]));
      for (const [n, j] of rEvents.entries()) {
        expect(steps[n].atRisk).toBe(k.curve.nRisk[j]);
        expect(steps[n].events).toBe(k.curve.nEvent[j]);
        expect(steps[n].survival).toBeCloseTo(k.curve.surv[j] as number, 12);
        if (k.curve.stdErr[j] !== null)
          expect(Math.sqrt(steps[n].greenwoodSum)).toBeCloseTo(k.curve.stdErr[j] as number, 12);
      }
      const rMedian = rEvents.find((j) => (k.curve.surv[j] as number) <= 0.5 + 1e-12);
      expect(out.medianDays).toBe(rMedian === undefined ? null : k.curve.time[rMedian]);
    },
  );
});

describe('oracle: outcomes from raw events', () => {
  it('the hand KM example through the whole pipeline (jobs, withdrawals as censorings)', () => {
    const t0 = '2020-01-01';
    const events = [
      ...enrolled('a', t0),
      started('a', addDays(t0, 10), 'j'),
      ...enrolled('b', t0),
      started('b', addDays(t0, 20), 'j'),
      ...enrolled('c', t0),
      withdrawn('c', addDays(t0, 20)),
      started('c', addDays(t0, 30), 'j'), // job after withdrawal: not an outcome
      ...enrolled('d', t0),
      started('d', addDays(t0, 50), 'j'),
      ...enrolled('e', t0),
      withdrawn('e', addDays(t0, 100)),
      ...enrolled('f', t0),
      withdrawn('f', addDays(t0, 200)),
    ];
    const g = outcomes(events, '2021-06-30').groups[0];
    expect(g.key).toEqual({});
    expect(g.firstJob.n).toBe(6);
    expect(g.firstJob.events).toBe(3);
    expect(g.firstJob.medianDays).toBe(50);
    expect(g.firstJob.at[0].atRisk).toBe(2);
    expect(g.firstJob.at[0].lower).toBeCloseTo(0.215091632852041, 12);
    expect(g.firstJob.at[0].upper).toBeCloseTo(0.933813246853588, 12);
    // withdrawn stay in the 12-month denominator: 3 jobs of 6
    expect(g.jobStart12m).toMatchObject({ numerator: 3, denominator: 6, rate: 0.5 });
    expect(g.flow).toEqual({
      referred: 6,
      assessed: 6,
      eligible: 6,
      ineligible: 0,
      consented: 6,
      randomised: 6,
      randomisedIps: 6,
      randomisedUsualCare: 0,
      withdrawn: 3,
      followUpComplete: 6,
    });
  });

  it('days employed: overlapping jobs merged, non-competitive ignored, a job open at t0 counted from t0', () => {
    const t0 = '2019-01-01'; // t0 + 365 = 2020-01-01
    const events = [
      ...enrolled('p', t0),
      started('p', '2018-12-01', 'before', 30),
      ended('p', '2019-01-11', 'before'), // [t0, day 10)      10 days
      started('p', '2019-01-06', 'overlap', 12),
      ended('p', '2019-02-05', 'overlap'), // [day 5, day 35) → union [0, 35) = 35
      started('p', '2019-03-01', 'sheltered', 30, false),
      ended('p', '2019-12-31', 'sheltered'), // not competitive
      started('p', '2019-06-30', 'long', 25), // day 180, open → [180, 365) = 185
      started('p', '2019-07-01', 'inside', 10),
      ended('p', '2019-07-31', 'inside'), // inside 'long'
    ];
    expect(dayNumber('2019-06-30') - dayNumber(t0)).toBe(180);
    const g = outcomes(events, '2020-06-30').groups[0];
    expect(g.daysEmployed12m).toEqual({ n: 1, mean: 35 + 185 });
    expect(g.worked13wIn12m).toMatchObject({ numerator: 1, denominator: 1 });
    // the first job is 'overlap' (day 5): 'before' started before t0 and is not an outcome event
    expect(g.firstJob.events).toBe(1);
    expect(g.hours16Plus).toMatchObject({ numerator: 0, denominator: 1, meanHours: 12 });
    // before follow-up is complete there is no denominator: null, never 0
    const early = outcomes(events, '2019-12-31').groups[0];
    expect(early.daysEmployed12m).toEqual({ n: 0, mean: null });
    expect(early.worked13wIn12m).toEqual({
      numerator: 0,
      denominator: 0,
      rate: null,
      lower: null,
      upper: null,
    });
    expect(early.jobStart12m.rate).toBeNull();
  });

  it('days employed threshold: exactly 91 days counts, 90 does not; a job ends on its end date (exclusive)', () => {
    const t0 = '2019-01-01';
    const events = [
      ...enrolled('a', t0),
      started('a', t0, 'j'),
      ended('a', addDays(t0, 91), 'j'),
      ...enrolled('b', t0),
      started('b', t0, 'j'),
      ended('b', addDays(t0, 90), 'j'),
    ];
    const g = outcomes(events, '2020-01-01').groups[0];
    expect(g.daysEmployed12m).toEqual({ n: 2, mean: 90.5 });
    expect(g.worked13wIn12m).toMatchObject({ numerator: 1, denominator: 2 });
    expect(g.flow.followUpComplete).toBe(2); // t0 + 365 = 2020-01-01 ≤ A
    expect(outcomes(events, '2019-12-31').groups[0].flow.followUpComplete).toBe(0);
  });

  it('a job before t0 is not a first job; if still open at t0 it covers days from t0', () => {
    const t0 = '2019-01-01';
    const events = [...enrolled('p', t0), started('p', '2018-12-01', 'old', 30)];
    const g = outcomes(events, '2020-06-30').groups[0];
    expect(g.firstJob.events).toBe(0);
    expect(g.jobStart12m).toMatchObject({ numerator: 0, denominator: 1, rate: 0 });
    expect(g.hours16Plus).toEqual({
      numerator: 0,
      denominator: 0,
      rate: null,
      lower: null,
      upper: null,
      meanHours: null,
    });
    expect(g.daysEmployed12m).toEqual({ n: 1, mean: 365 });
    expect(g.worked13wIn12m.numerator).toBe(1);
  });

  it('window edges: a job on t0 + 365 is a first job at day 365; on t0 + 366 it is not', () => {
    const t0 = '2019-01-01';
    const events = [
      ...enrolled('a', t0),
      started('a', addDays(t0, 365), 'j'),
      ...enrolled('b', t0),
      started('b', addDays(t0, 366), 'j'),
      ...enrolled('c', t0),
      started('c', t0, 'j'),
    ];
    const g = outcomes(events, '2020-06-30').groups[0];
    expect(g.firstJob.events).toBe(2);
    expect(g.jobStart12m).toMatchObject({ numerator: 2, denominator: 3 });
    // a and b are at risk at 365 (a has its event there, b is censored there)
    expect(g.firstJob.at[2].atRisk).toBe(2);
    expect(g.firstJob.at[2].cumulativeIncidence).toBeCloseTo(1 - (2 / 3) * (1 / 2), 15);
  });

  it('withdrawal: E = withdrawnOn; jobs after it do not count; an open job stops covering at E', () => {
    const t0 = '2019-01-01';
    const events = [
      ...enrolled('p', t0),
      started('p', addDays(t0, 10), 'a', 20), // open
      withdrawn('p', addDays(t0, 59)),
      started('p', addDays(t0, 100), 'b', 40),
    ];
    const g = outcomes(events, '2020-06-30').groups[0];
    expect(g.daysEmployed12m).toEqual({ n: 1, mean: 49 });
    expect(g.firstJob.events).toBe(1);
    expect(g.hours16Plus.meanHours).toBe(20);
    expect(g.flow.withdrawn).toBe(1);
    // only a job after withdrawal: censored at E − t0 = 59
    const late = [...enrolled('q', t0), withdrawn('q', addDays(t0, 59)), started('q', addDays(t0, 60), 'x')];
    const h = outcomes(late, '2020-06-30').groups[0];
    expect(h.firstJob.events).toBe(0);
    expect(h.firstJob.at[0].atRisk).toBe(0);
    expect(h.jobStart12m).toMatchObject({ numerator: 0, denominator: 1 });
    expect(h.daysEmployed12m.mean).toBe(0);
  });

  it('withdrawn before randomisation: censored at day 0, 0 days employed, still randomised in the flow', () => {
    const events = [
      referred('p', '2019-01-01'),
      consented('p', '2019-01-01'),
      withdrawn('p', '2019-01-10'),
      randomised('p', '2019-02-01', 'usual_care'),
      started('p', '2019-02-05', 'j'),
    ];
    const g = outcomes(events, '2020-06-30').groups[0];
    expect(g.firstJob).toMatchObject({ n: 1, events: 0 });
    expect(g.firstJob.at.map((p) => p.atRisk)).toEqual([0, 0, 0]);
    expect(g.daysEmployed12m).toEqual({ n: 1, mean: 0 });
    expect(g.jobStart12m).toMatchObject({ numerator: 0, denominator: 1 });
    expect(g.flow).toMatchObject({
      randomised: 1,
      randomisedUsualCare: 1,
      withdrawn: 1,
      followUpComplete: 1,
    });
    // the KM time is 0, so someone at risk at 0 exists: check via a second group member with a job at day 0
    const more = [...events, ...enrolled('q', '2019-02-01'), started('q', '2019-02-01', 'j')];
    const h = outcomes(more, '2020-06-30').groups[0];
    expect(h.firstJob.medianDays).toBe(0); // S(0) = 1 − 1/2
  });

  it('retractions are retroactive: a retraction dated after A still removes the event', () => {
    const t0 = '2019-01-01';
    const job = started('p', '2019-02-01', 'j', 30);
    const events = [...enrolled('p', t0), job, retract('p', '2020-05-01', job)];
    const before = outcomes(events, '2019-12-31').groups[0];
    expect(before.firstJob.events).toBe(0);
    expect(before.hours16Plus.denominator).toBe(0);
    const without = outcomes(events.slice(0, -1), '2019-12-31').groups[0];
    expect(without.firstJob.events).toBe(1);
  });

  it('a retracted randomisation is replaced by a corrected one; a retraction of a retraction is ignored', () => {
    const wrong = randomised('p', '2019-01-01', 'ips');
    const r1 = retract('p', '2019-01-02', wrong);
    const events = [
      referred('p', '2018-12-20'),
      consented('p', '2018-12-20'),
      wrong,
      r1,
      randomised('p', '2019-01-03', 'usual_care'),
      retract('p', '2019-01-04', r1), // ignored: retractions are final
    ];
    const out = outcomes(events, '2019-06-30', { groupBy: ['arm', 'cohort'], cohortBy: 'month' });
    expect(out.groups.map((g) => g.key)).toEqual([{ arm: 'usual_care', cohort: '2019-01' }]);
    expect(out.groups[0].flow.randomisedUsualCare).toBe(1);
  });

  it('retracting the only event makes the participant vanish; a retraction alone makes nobody exist', () => {
    const r = referred('p', '2019-01-01');
    const events = [
      r,
      retract('p', '2019-01-02', r),
      retract('q', '2019-01-02', '00000000-0000-4000-8000-999999999999'),
    ];
    const out = outcomes(events, '2019-06-30', { groupBy: ['site'] });
    expect(out.groups).toEqual([]);
  });

  it('duplicate eventIds count once (lowest seq kept), whatever their case', () => {
    const id = 'aaaaaaaa-0000-4000-8000-000000000001';
    const events = [
      ...enrolled('p', '2019-01-01'),
      started('p', '2019-02-01', 'j', 10, true, { id, seq: 1000 }),
      started('p', '2019-02-01', 'k', 40, true, { id: id.toUpperCase(), seq: 1001 }),
    ];
    const g = outcomes(events, '2019-12-31').groups[0];
    expect(g.hours16Plus).toMatchObject({ numerator: 0, denominator: 1, meanHours: 10 });
  });

  it('as-of: later events are invisible; a participant with nothing dated ≤ A does not exist yet', () => {
    const events = [
      ...enrolled('p', '2019-03-01'),
      started('p', '2019-04-01', 'j'),
      ended('p', '2019-09-01', 'j'),
      referred('q', '2019-05-01'),
    ];
    expect(outcomes(events, '2019-02-01', { groupBy: ['site'] }).groups).toEqual([]);
    const feb = outcomes(events, '2019-02-28', { groupBy: ['arm'] });
    expect(feb.groups.map((g) => [g.key, g.flow.referred, g.flow.randomised])).toEqual([
      [{ arm: null }, 1, 0],
    ]);
    // at 2019-08-01 the job has not ended: sustained 13w (started ≤ A − 91) counts it as kept
    const aug = outcomes(events, '2019-08-01').groups[0];
    expect(aug.flow.referred).toBe(2);
    expect(aug.sustained13w).toMatchObject({ numerator: 1, denominator: 1 });
    expect(aug.sustained26w.denominator).toBe(0);
  });

  it('sustained 13w/26w: ended on start + 91 is sustained, start + 90 is not; denominators by A − 91 / A − 182', () => {
    const t0 = '2019-01-01';
    const A = '2019-12-31';
    const S = '2019-01-11';
    const events = [
      ...enrolled('p1', t0),
      started('p1', S, 'j'),
      ended('p1', addDays(S, 91), 'j'),
      ...enrolled('p2', t0),
      started('p2', S, 'j'),
      ended('p2', addDays(S, 90), 'j'),
      ...enrolled('p3', t0),
      started('p3', S, 'j'),
      ...enrolled('p4', t0),
      started('p4', addDays(A, -91), 'j'),
      ...enrolled('p5', t0),
      started('p5', addDays(A, -90), 'j'),
      ...enrolled('p6', t0),
      started('p6', S, 'j'),
      ended('p6', addDays(A, 10), 'j'), // end not known at A
      ...enrolled('p7', t0),
      started('p7', addDays(A, -182), 'j'),
      ended('p7', addDays(A, -1), 'j'),
    ];
    const g = outcomes(events, A).groups[0];
    // 13w: p1 ✓ p2 ✗ p3 ✓ p4 ✓ p6 ✓ p7 ✓ (p5 too recent)
    expect(g.sustained13w).toMatchObject({ numerator: 5, denominator: 6 });
    // 26w: p1 ✗ p2 ✗ p3 ✓ p6 ✓ p7 ✗ (ended at start + 181)
    expect(g.sustained26w).toMatchObject({ numerator: 2, denominator: 5 });
    const w = wilson(2, 5)!;
    expect(g.sustained26w).toEqual({
      numerator: 2,
      denominator: 5,
      rate: 0.4,
      lower: w.lower,
      upper: w.upper,
    });
  });

  it('hours16Plus reads hours at start of the first job; ties on one day go to the first in fold order', () => {
    const t0 = '2019-01-01';
    const events = [
      ...enrolled('a', t0),
      started('a', '2019-02-01', 'x', 15.5),
      hoursChanged('a', '2019-03-01', 'x', 30),
      ...enrolled('b', t0),
      started('b', '2019-02-01', 'x', 16),
      started('b', '2019-02-01', 'y', 40),
      ...enrolled('c', t0),
      started('c', '2019-01-20', 'sheltered', 30, false),
      started('c', '2019-02-01', 'x', 40),
      ...enrolled('d', t0),
      started('d', '2019-02-01', 'y', 8, true, { seq: 5001 }),
      started('d', '2019-02-01', 'x', 35, true, { seq: 5000 }),
    ];
    const g = outcomes(events, '2019-12-31').groups[0];
    // a 15.5 ✗, b 16 ✓, c 40 ✓, d 35 ✓ (seq 5000 comes first)
    expect(g.hours16Plus).toMatchObject({
      numerator: 3,
      denominator: 4,
      meanHours: (15.5 + 16 + 40 + 35) / 4,
    });
  });

  it('fold rules: the first randomisation fixes the arm; an end before its start is ignored; a second end is ignored', () => {
    const t0 = '2019-01-01';
    const events = [
      ...enrolled('p', t0, 'ips'),
      randomised('p', '2019-01-05', 'usual_care'),
      ended('p', '2019-01-31', 'j'),
      started('p', '2019-02-01', 'j'), // the end came first: ignored, job open
      started('p', '2019-03-01', 'k'),
      ended('p', '2019-03-11', 'k'),
      ended('p', '2019-04-30', 'k'),
    ];
    const out = outcomes(events, '2020-06-30', { groupBy: ['arm'] });
    expect(out.groups.map((g) => g.key)).toEqual([{ arm: 'ips' }]);
    expect(out.groups[0].daysEmployed12m.mean).toBe(365 - 31);
    expect(out.groups[0].flow.randomised).toBe(1);
  });

  it('flow: latest assessment and latest referral win; referral-side counts include non-randomised people', () => {
    const events = [
      referred('a', '2019-01-01', 'musculoskeletal', 'employed_off_sick'),
      referred('a', '2019-02-01', 'mental_health', 'unemployed'),
      assessed('a', '2019-01-05', true),
      assessed('a', '2019-02-05', false),
      referred('b', '2019-01-01'),
      assessed('b', '2019-01-02', false),
      assessed('b', '2019-01-03', true),
      consented('b', '2019-01-04'),
      referred('c', '2019-01-01'),
      withdrawn('c', '2019-01-02'),
      started('d', '2019-01-01', 'j'), // no referral: exists, counted, no flow flags except none
    ];
    const out = outcomes(events, '2019-06-30', { groupBy: ['condition', 'employmentStatus'] });
    expect(out.groups.map((g) => g.key)).toEqual([
      { condition: 'mental_health', employmentStatus: 'unemployed' },
      { condition: null, employmentStatus: null },
    ]);
    expect(out.groups[0].flow).toEqual({
      referred: 3,
      assessed: 2,
      eligible: 1,
      ineligible: 1,
      consented: 1,
      randomised: 0,
      randomisedIps: 0,
      randomisedUsualCare: 0,
      withdrawn: 1,
      followUpComplete: 0,
    });
    expect(out.groups[1].flow).toEqual({
      referred: 0,
      assessed: 0,
      eligible: 0,
      ineligible: 0,
      consented: 0,
      randomised: 0,
      randomisedIps: 0,
      randomisedUsualCare: 0,
      withdrawn: 0,
      followUpComplete: 0,
    });
    // as of January, a was a musculoskeletal referral
    const jan = outcomes(events, '2019-01-31', { groupBy: ['condition'] });
    expect(jan.groups.map((g) => [g.key.condition, g.flow.referred])).toEqual([
      ['mental_health', 2],
      ['musculoskeletal', 1],
      [null, 0],
    ]);
  });

  it('no groupBy: one group with key {} even when empty, all nulls and zeros', () => {
    const out = outcomes([], '2019-06-30');
    expect(out).toMatchObject({
      trialId: TRIAL,
      asOf: '2019-06-30',
      definitionsVersion: 1,
      groupBy: [],
      effects: [],
    });
    expect(out.groups).toHaveLength(1);
    const g = out.groups[0];
    expect(g.key).toEqual({});
    expect(Object.values(g.flow).every((v) => v === 0)).toBe(true);
    for (const m of [g.jobStart12m, g.sustained13w, g.sustained26w, g.hours16Plus, g.worked13wIn12m]) {
      expect([m.numerator, m.denominator, m.rate, m.lower, m.upper]).toEqual([0, 0, null, null, null]);
    }
    expect(g.hours16Plus.meanHours).toBeNull();
    expect(g.daysEmployed12m).toEqual({ n: 0, mean: null });
  });

  it('groups in stable order (groupBy order, code-unit string order, null last); repeated dimension dropped', () => {
    const t0 = '2019-01-01';
    const events = [
      ...enrolled('1', t0, 'usual_care', { site: 'b-site' }),
      ...enrolled('2', t0, 'ips', { site: 'b-site' }),
      ...enrolled('3', t0, 'ips', { site: 'a-site' }),
      ...enrolled('4', t0, 'ips', { site: 'B' }),
      referred('5', '2019-01-01', 'mental_health', 'unemployed', { site: 'a-site' }),
    ];
    const out = outcomes(events, '2019-06-30', { groupBy: ['arm', 'site', 'arm'] });
    expect(out.groupBy).toEqual(['arm', 'site']);
    expect(out.groups.map((g) => g.key)).toEqual([
      { arm: 'ips', site: 'B' },
      { arm: 'ips', site: 'a-site' },
      { arm: 'ips', site: 'b-site' },
      { arm: 'usual_care', site: 'b-site' },
      { arm: null, site: 'a-site' },
    ]);
    expect(Object.keys(out.groups[0].key)).toEqual(['arm', 'site']);
  });

  it('effects: one row per key-without-arm in group order × (jobStart12m, worked13wIn12m); 0/0 when an arm is missing', () => {
    const t0 = '2019-01-01';
    const events: StoredEvent[] = [];
    // site A: ips 3 of 4 get a job (each kept ≥ 91 days for 2 of them), usual care 1 of 2
    for (const [pid, arm, job, days] of [
      ['a1', 'ips', true, 200],
      ['a2', 'ips', true, 200],
      ['a3', 'ips', true, 30],
      ['a4', 'ips', false, 0],
      ['a5', 'usual_care', true, 100],
      ['a6', 'usual_care', false, 0],
    ] as const) {
      events.push(...enrolled(pid, t0, arm, { site: 'A' }));
      if (job)
        events.push(
          started(pid, '2019-02-01', 'j', 20, true, { site: 'A' }),
          ended(pid, addDays('2019-02-01', days), 'j', { site: 'A' }),
        );
    }
    // site B: ips only; site C: nobody randomised
    events.push(...enrolled('b1', t0, 'ips', { site: 'B' }));
    events.push(referred('c1', '2019-01-01', 'mental_health', 'unemployed', { site: 'C' }));
    const out = outcomes(events, '2020-06-30', { groupBy: ['site', 'arm'] });
    expect(out.groups.map((g) => g.key)).toEqual([
      { site: 'A', arm: 'ips' },
      { site: 'A', arm: 'usual_care' },
      { site: 'B', arm: 'ips' },
      { site: 'C', arm: null },
    ]);
    expect(out.effects.map((e) => [e.key, e.metric, e.ips, e.usualCare])).toEqual([
      [{ site: 'A' }, 'jobStart12m', { numerator: 3, denominator: 4 }, { numerator: 1, denominator: 2 }],
      [{ site: 'A' }, 'worked13wIn12m', { numerator: 2, denominator: 4 }, { numerator: 1, denominator: 2 }],
      [{ site: 'B' }, 'jobStart12m', { numerator: 0, denominator: 1 }, { numerator: 0, denominator: 0 }],
      [{ site: 'B' }, 'worked13wIn12m', { numerator: 0, denominator: 1 }, { numerator: 0, denominator: 0 }],
    ]);
    const nc = newcombe(3, 4, 1, 2)!;
    expect(out.effects[0]).toMatchObject({ riskDifference: nc.difference, lower: nc.lower, upper: nc.upper });
    expect(out.effects[2]).toMatchObject({ riskDifference: null, lower: null, upper: null });
    // arm alone: the key without arm is {}
    const byArm = outcomes(events, '2020-06-30', { groupBy: ['arm'] });
    expect(byArm.effects.map((e) => [e.key, e.metric, e.ips.denominator, e.usualCare.denominator])).toEqual([
      [{}, 'jobStart12m', 5, 2],
      [{}, 'worked13wIn12m', 5, 2],
    ]);
    // no arm in groupBy: no effects
    expect(outcomes(events, '2020-06-30', { groupBy: ['site'] }).effects).toEqual([]);
  });

  it('filters match exactly; a participant lacking the dimension matches no filter on it', () => {
    const events = [
      ...enrolled('a', '2019-08-15', 'ips', { condition: 'musculoskeletal' }),
      ...enrolled('b', '2019-10-01', 'usual_care'),
      randomised('c', '2019-08-20', 'ips'), // no referral: condition null
      referred('d', '2019-08-01'),
    ];
    const flowOf = (filters: object, cohortBy: 'month' | 'quarter' | 'year' = 'quarter') =>
      outcomes(events, '2019-12-31', { filters, cohortBy }).groups[0].flow;
    expect(flowOf({ condition: 'mental_health' })).toMatchObject({ referred: 2, randomised: 1 });
    expect(flowOf({ arm: 'ips' })).toMatchObject({ referred: 1, randomised: 2 });
    expect(flowOf({ cohort: '2019-Q3' })).toMatchObject({ referred: 2, randomised: 2 }); // a, c, d
    expect(flowOf({ cohort: '2019-08' }, 'month')).toMatchObject({ referred: 2, randomised: 2 });
    expect(flowOf({ cohort: '2019' }, 'year')).toMatchObject({ referred: 3, randomised: 3 });
    expect(flowOf({ site: 'S1', employmentStatus: 'unemployed', arm: 'usual_care' })).toMatchObject({
      referred: 1,
      randomised: 1,
    });
    expect(flowOf({ site: 'nope' })).toMatchObject({ referred: 0 });
  });

  it('events of another trial are ignored', () => {
    const events = [
      referred('p', '2019-01-01'),
      referred('q', '2019-01-01', 'mental_health', 'unemployed', { trialId: 'OTHER' }),
    ];
    expect(outcomes(events, '2019-06-30').groups[0].flow.referred).toBe(1);
  });

  it('the same participantId at two sites is two participants', () => {
    const events = [
      referred('p', '2019-01-01', 'mental_health', 'unemployed', { site: 'X' }),
      referred('p', '2019-01-01', 'mental_health', 'unemployed', { site: 'Y' }),
    ];
    expect(outcomes(events, '2019-06-30').groups[0].flow.referred).toBe(2);
  });

  it('handles 3,000 participants × ~25 events (many jobs each, four sites, three groupings)', () => {
    let state = 12345;
    const rand = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const events: StoredEvent[] = [];
    for (let i = 0; i < 3000; i++) {
      const pid = `P${i}`;
      const site = `S${i % 4}`;
      const t0 = addDays('2019-01-01', Math.floor(rand() * 700));
      events.push(...enrolled(pid, t0, rand() < 0.5 ? 'ips' : 'usual_care', { site }));
      let day = Math.floor(rand() * 60);
      for (let j = 0; j < 7; j++) {
        const id = `j${j}`;
        events.push(started(pid, addDays(t0, day), id, 5 + Math.floor(rand() * 35), rand() < 0.9, { site }));
        events.push(hoursChanged(pid, addDays(t0, day + 10), id, 20, { site }));
        day += 10 + Math.floor(rand() * 80);
        events.push(ended(pid, addDays(t0, day), id, { site }));
      }
    }
    const out = outcomes(events, '2021-06-30', { groupBy: ['site', 'arm', 'cohort'] });
    expect(out.groups.reduce((n, g) => n + g.flow.randomised, 0)).toBe(3000);
    expect(events.length).toBeGreaterThan(3000 * 24);
  });
});

describe('oracle: finding codes (optional)', () => {
  const sorted = (codes: string[]) => [...codes].sort();

  it('a clean journey has none', () => {
    expect(
      oracleFindingCodes([
        ...enrolled('p', '2019-01-01'),
        started('p', '2019-02-01', 'j'),
        ended('p', '2019-03-01', 'j'),
      ]),
    ).toEqual([]);
  });

  it('randomisation, job and withdrawal findings', () => {
    const events = [
      started('p', '2018-12-01', 'early'), // before the first referral
      referred('p', '2019-01-01'),
      assessed('p', '2019-01-01', false),
      randomised('p', '2019-01-01', 'ips'), // same day as the referral: "on or before" → no referral finding; no consent; ineligible
      randomised('p', '2019-01-02', 'ips'),
      randomised('p', '2019-01-03', 'usual_care'),
      ended('p', '2019-01-04', 'ghost'),
      hoursChanged('p', '2019-01-04', 'ghost', 10),
      retention('p', '2019-01-04', 'ghost', true),
      started('p', '2019-01-05', 'j'),
      started('p', '2019-01-06', 'j'),
      retention('p', '2019-01-07', 'j', false),
      ended('p', '2019-01-08', 'j'),
      ended('p', '2019-01-09', 'j'),
      hoursChanged('p', '2019-01-09', 'j', 10),
      retention('p', '2019-01-10', 'j', true),
      withdrawn('p', '2019-01-11'),
      withdrawn('p', '2019-01-11'),
      withdrawn('p', '2019-01-12'),
    ];
    expect(sorted(oracleFindingCodes(events))).toEqual(
      sorted([
        'job_before_referral',
        'randomised_without_consent',
        'randomised_when_ineligible',
        'randomised_again_same_arm',
        'randomised_again_different_arm',
        'job_ended_without_start',
        'job_hours_changed_without_start',
        'job_retention_checked_without_start',
        'job_started_twice',
        'retention_not_in_work_but_job_open',
        'job_ended_twice',
        'job_event_after_end',
        'retention_in_work_after_job_ended',
        'withdrawn_again',
        'withdrawn_again',
        'event_after_withdrawal',
      ]),
    );
  });

  it('retraction findings, missing referral', () => {
    const r = randomised('p', '2019-01-01');
    const x = retract('p', '2019-01-02', r);
    const events = [
      consented('p', '2019-01-01'),
      r,
      x,
      retract('p', '2019-01-03', x),
      retract('p', '2019-01-03', 'ffffffff-0000-4000-8000-000000000000'),
    ];
    expect(sorted(oracleFindingCodes(events))).toEqual(
      sorted(['retraction_of_retraction', 'retraction_target_not_found', 'missing_referral']),
    );
    // the target arrives: its finding disappears, and the retraction removes it
    const y = ev(
      'participant.referred',
      'p',
      '2019-01-01',
      { condition: 'other', referralSource: 'self', employmentStatus: 'unemployed' },
      { id: 'ffffffff-0000-4000-8000-000000000000' },
    );
    expect(sorted(oracleFindingCodes([...events, y]))).toEqual(
      sorted(['retraction_of_retraction', 'missing_referral']),
    );
  });
});

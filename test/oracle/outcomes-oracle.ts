// An independent second implementation of the outcome numbers (DESIGN §5–§7,
// docs/domain-spec.md, libs/domain/README.md, docs/decisions.md), written from those texts
// only. It never reads or imports libs/domain/src: its purpose is to be compared against it.
//
// Deliberately plain: for every participant it takes the raw events, removes duplicates and
// retracted events, keeps those dated on or before the as-of date A, sorts them by occurredOn
// then seq, and walks them. Days employed are counted day by day; Kaplan–Meier counts the
// people at risk by scanning the list; the median is decided in exact rational arithmetic.
// Clarity over speed (3,000 participants × 25 events take well under a second).
//
// Every place where the texts were silent and this file had to choose is marked "DECISION".

import type {
  CohortGranularity,
  GroupDimension,
  OutcomeFilters,
  OutcomesResponse,
  StoredEvent,
} from '@ips/contracts';

type OutcomeGroup = OutcomesResponse['groups'][number];
type GroupKey = OutcomeGroup['key'];
type Flow = OutcomeGroup['flow'];
type Proportion = OutcomeGroup['jobStart12m'];
type FirstJob = OutcomeGroup['firstJob'];
type Effect = OutcomesResponse['effects'][number];

/** qnorm(0.975) as the spec writes it. */
export const Z = 1.959963984540054;
/** Follow-up horizon in days. */
export const H = 365;
/** The days at which the cumulative incidence of a first job is reported. */
export const KM_REPORT_DAYS = [91, 182, 365] as const;

// ---------------------------------------------------------------------------------------------
// Dates: whole days. A date is turned into a UTC day number; a difference is a number of days.

export function dayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

export function cohortLabel(isoDate: string, by: CohortGranularity): string {
  const year = isoDate.slice(0, 4);
  const month = isoDate.slice(5, 7);
  if (by === 'year') return year;
  if (by === 'month') return `${year}-${month}`;
  return `${year}-Q${Math.ceil(Number(month) / 3)}`;
}

// ---------------------------------------------------------------------------------------------
// Statistics

export interface Interval {
  rate: number;
  lower: number;
  upper: number;
}

/**
 * Wilson score interval without continuity correction, as R's
 * `prop.test(x, n, correct = FALSE)$conf.int`: centre (x + z²/2)/(n + z²),
 * half-width z·sqrt(x(n − x)/n + z²/4)/(n + z²). Like R, the limit is exactly 0 at x = 0
 * and exactly 1 at x = n. null when n = 0.
 */
export function wilson(x: number, n: number): Interval | null {
  if (n === 0) return null;
  const p = x / n;
  const z2 = Z * Z;
  const centre = (x + z2 / 2) / (n + z2);
  const half = (Z * Math.sqrt((x * (n - x)) / n + z2 / 4)) / (n + z2);
  return {
    rate: p,
    lower: x === 0 ? 0 : centre - half,
    upper: x === n ? 1 : centre + half,
  };
}

/** A proportion in the response shape; denominator 0 gives null rate and limits, never 0. */
export function proportion(numerator: number, denominator: number): Proportion {
  const w = wilson(numerator, denominator);
  return {
    numerator,
    denominator,
    rate: w ? w.rate : null,
    lower: w ? w.lower : null,
    upper: w ? w.upper : null,
  };
}

/**
 * Newcombe (1998) method 10, the hybrid score interval for p1 − p2, built on the two Wilson
 * intervals: L = d − sqrt((p1 − l1)² + (u2 − p2)²), U = d + sqrt((u1 − p1)² + (p2 − l2)²).
 * null when either denominator is 0.
 */
export function newcombe(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): { difference: number; lower: number; upper: number } | null {
  const a = wilson(x1, n1);
  const b = wilson(x2, n2);
  if (!a || !b) return null;
  const d = a.rate - b.rate;
  return {
    difference: d,
    lower: d - Math.sqrt((a.rate - a.lower) ** 2 + (b.upper - b.rate) ** 2),
    upper: d + Math.sqrt((a.upper - a.rate) ** 2 + (b.rate - b.lower) ** 2),
  };
}

export interface KmObservation {
  /** days from randomisation to the first job (event) or to the end of observation (censored) */
  time: number;
  event: boolean;
}

export interface KmStep {
  time: number;
  atRisk: number;
  events: number;
  survival: number;
  /** Σ d/(n(n − d)) over event times ≤ time (Greenwood; variance of the cumulative hazard) */
  greenwoodSum: number;
}

/**
 * The Kaplan–Meier steps at each distinct event time. At tied times events come before
 * censorings, i.e. the number at risk at t is #{time ≥ t}.
 */
export function kaplanMeierSteps(observations: KmObservation[]): KmStep[] {
  const eventTimes = [...new Set(observations.filter((o) => o.event).map((o) => o.time))].sort(
    (a, b) => a - b,
  );
  const steps: KmStep[] = [];
  let survival = 1;
  let greenwoodSum = 0;
  for (const t of eventTimes) {
    const n = observations.filter((o) => o.time >= t).length;
    const d = observations.filter((o) => o.time === t && o.event).length;
    survival = survival * (1 - d / n);
    greenwoodSum = greenwoodSum + d / (n * (n - d));
    steps.push({ time: t, atRisk: n, events: d, survival, greenwoodSum });
  }
  return steps;
}

/**
 * Survival at day t with R's log-log interval (`survfit(conf.type = "log-log")`):
 * x = log(−log S), se = sqrt(Greenwood sum),
 * lowerS = exp(−exp(x − z·se/log S)), upperS = exp(−exp(x + z·se/log S)).
 * (log S < 0, so x − z·se/log S is the larger exponent and gives the smaller S.)
 * The interval is null where R gives NA: S = 1 or S = 0.
 */
export function survivalAt(
  steps: KmStep[],
  t: number,
): { survival: number; lower: number | null; upper: number | null } {
  let survival = 1;
  let greenwoodSum = 0;
  for (const s of steps) {
    if (s.time <= t) {
      survival = s.survival;
      greenwoodSum = s.greenwoodSum;
    }
  }
  if (survival === 1 || survival === 0) return { survival, lower: null, upper: null };
  const x = Math.log(-Math.log(survival));
  const se = Math.sqrt(greenwoodSum);
  const logS = Math.log(survival);
  return {
    survival,
    lower: Math.exp(-Math.exp(x - (Z * se) / logS)),
    upper: Math.exp(-Math.exp(x + (Z * se) / logS)),
  };
}

/**
 * Median time to first job: the smallest event time t with S(t) ≤ 0.5, null if never.
 * Decided in exact rational arithmetic (S = Π (n − d)/n as BigInts), so an S that is exactly
 * one half is recognised as such without any floating-point tolerance.
 */
export function medianDays(steps: KmStep[]): number | null {
  let numerator = 1n;
  let denominator = 1n;
  for (const s of steps) {
    numerator *= BigInt(s.atRisk - s.events);
    denominator *= BigInt(s.atRisk);
    if (2n * numerator <= denominator) return s.time;
  }
  return null;
}

export function firstJobOutcome(observations: KmObservation[]): FirstJob {
  const steps = kaplanMeierSteps(observations);
  return {
    n: observations.length,
    events: observations.filter((o) => o.event).length,
    medianDays: medianDays(steps),
    at: KM_REPORT_DAYS.map((day) => {
      const atRisk = observations.filter((o) => o.time >= day).length;
      // DECISION (README): nobody at risk at day t ⇒ estimate and limits null.
      if (atRisk === 0) return { day, cumulativeIncidence: null, lower: null, upper: null, atRisk };
      const s = survivalAt(steps, day);
      return {
        day,
        cumulativeIncidence: 1 - s.survival,
        lower: s.upper === null ? null : 1 - s.upper,
        upper: s.lower === null ? null : 1 - s.lower,
        atRisk,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// One participant at as-of date A

type EventOf<T extends StoredEvent['type']> = Extract<StoredEvent, { type: T }>;

interface OracleJob {
  jobId: string;
  startedOn: string;
  endedOn: string | null;
  competitive: boolean;
  hoursAtStart: number;
  /** position in fold order of the start, to break ties between first jobs started on one day */
  order: number;
}

/** What is known of a participant at A, from the events dated ≤ A. */
export interface OracleState {
  siteId: string;
  participantId: string;
  referral: { on: string; condition: string; employmentStatus: string } | null; // latest ≤ A
  assessed: boolean;
  latestEligible: boolean | null; // latest assessment ≤ A
  consented: boolean;
  randomisation: { on: string; arm: string } | null; // first
  withdrawnOn: string | null; // first
  jobs: OracleJob[]; // in start order
}

const lower = (id: string): string => id.toLowerCase();

/**
 * Duplicates removed (lowest seq kept) and retractions applied. Returns the events that
 * survive, retractions themselves excluded, not yet cut at any date.
 * DECISION: eventIds are compared case-insensitively (decisions.md: they are UUIDs and the
 * ingest lower-cases them; an un-normalised store would otherwise differ).
 */
export function effectiveEvents(events: StoredEvent[]): StoredEvent[] {
  const bySeq = [...events].sort((a, b) => a.seq - b.seq);
  const seen = new Set<string>();
  const unique: StoredEvent[] = [];
  for (const e of bySeq) {
    if (seen.has(lower(e.eventId))) continue;
    seen.add(lower(e.eventId));
    unique.push(e);
  }
  const retractionIds = new Set(
    unique.filter((e) => e.type === 'event.retracted').map((e) => lower(e.eventId)),
  );
  const removed = new Set<string>();
  for (const e of unique) {
    if (e.type !== 'event.retracted') continue;
    const target = lower(e.data.retractedEventId);
    // A retraction of a retraction is ignored: retractions are final.
    if (retractionIds.has(target)) continue;
    // Retroactive: the retraction's own date does not matter.
    removed.add(target);
  }
  return unique.filter((e) => e.type !== 'event.retracted' && !removed.has(lower(e.eventId)));
}

function foldOrder(a: StoredEvent, b: StoredEvent): number {
  if (a.occurredOn !== b.occurredOn) return a.occurredOn < b.occurredOn ? -1 : 1;
  return a.seq - b.seq;
}

/**
 * The participant as it stood at A, or null when none of its (surviving, non-retraction)
 * events is dated ≤ A: it did not exist yet.
 * DECISION: a retraction alone does not make a participant exist; any other surviving event
 * does, even one the fold ignores (README: "counted under its site with no flow flags").
 */
export function participantAt(events: StoredEvent[], asOf: string): OracleState | null {
  const kept = effectiveEvents(events)
    .filter((e) => e.occurredOn <= asOf)
    .sort(foldOrder);
  if (kept.length === 0) return null;

  const state: OracleState = {
    siteId: kept[0].siteId,
    participantId: kept[0].participantId,
    referral: null,
    assessed: false,
    latestEligible: null,
    consented: false,
    randomisation: null,
    withdrawnOn: null,
    jobs: [],
  };
  const jobs = new Map<string, OracleJob>();

  kept.forEach((e, position) => {
    switch (e.type) {
      case 'participant.referred':
        state.referral = {
          on: e.occurredOn,
          condition: e.data.condition,
          employmentStatus: e.data.employmentStatus,
        };
        break;
      case 'participant.eligibility_assessed':
        state.assessed = true;
        state.latestEligible = e.data.eligible;
        break;
      case 'participant.consented':
        state.consented = true;
        break;
      case 'participant.randomised':
        if (state.randomisation === null) state.randomisation = { on: e.occurredOn, arm: e.data.arm };
        break;
      case 'participant.withdrawn':
        if (state.withdrawnOn === null) state.withdrawnOn = e.occurredOn;
        break;
      case 'job.started':
        if (!jobs.has(e.data.jobId)) {
          const job: OracleJob = {
            jobId: e.data.jobId,
            startedOn: e.occurredOn,
            endedOn: null,
            competitive: e.data.competitive,
            hoursAtStart: e.data.hoursPerWeek,
            order: position,
          };
          jobs.set(job.jobId, job);
          state.jobs.push(job);
        }
        break;
      case 'job.ended': {
        // An end of an unknown job (or of one whose start comes later in fold order) is ignored;
        // so is a second end.
        const job = jobs.get(e.data.jobId);
        if (job && job.endedOn === null) job.endedOn = e.occurredOn;
        break;
      }
      case 'job.hours_changed':
      case 'job.retention_checked':
      case 'event.retracted':
        // No outcome reads hours changes (hours16Plus uses hours at start) or retention checks.
        break;
    }
  });
  return state;
}

export interface OracleEvaluation {
  dims: Record<GroupDimension, string | null>;
  flow: Flow; // 0/1 flags
  km: KmObservation | null;
  followUpComplete: boolean;
  firstJob: OracleJob | null;
  sustained13w: boolean | null; // null = not in the denominator
  sustained26w: boolean | null;
  daysEmployed12m: number | null; // null = not in the denominator
}

/** Days in [t0, E) covered by any competitive job, counted day by day. */
export function daysCovered(state: OracleState, t0: number, end: number): number {
  const covered = new Set<number>();
  for (const job of state.jobs) {
    if (!job.competitive) continue;
    const from = Math.max(dayNumber(job.startedOn), t0);
    const to = Math.min(job.endedOn === null ? end : dayNumber(job.endedOn), end);
    for (let day = from; day < to; day++) covered.add(day);
  }
  return covered.size;
}

export function evaluate(state: OracleState, asOf: string, cohortBy: CohortGranularity): OracleEvaluation {
  const A = dayNumber(asOf);
  const randomised = state.randomisation;
  const cohortDate = randomised ? randomised.on : state.referral ? state.referral.on : null;
  const dims: Record<GroupDimension, string | null> = {
    site: state.siteId,
    arm: randomised ? randomised.arm : null,
    condition: state.referral ? state.referral.condition : null,
    cohort: cohortDate === null ? null : cohortLabel(cohortDate, cohortBy),
    employmentStatus: state.referral ? state.referral.employmentStatus : null,
  };

  let km: KmObservation | null = null;
  let followUpComplete = false;
  let firstJob: OracleJob | null = null;
  let sustained13w: boolean | null = null;
  let sustained26w: boolean | null = null;
  let daysEmployed12m: number | null = null;

  if (randomised) {
    const t0 = dayNumber(randomised.on);
    const withdrawn = state.withdrawnOn === null ? Infinity : dayNumber(state.withdrawnOn);
    const E = Math.min(A, withdrawn, t0 + H);
    followUpComplete = t0 + H <= A;

    for (const job of state.jobs) {
      const s = dayNumber(job.startedOn);
      if (!job.competitive || s < t0 || s > E) continue;
      // earliest start; on a tie the first in fold order
      if (
        firstJob === null ||
        s < dayNumber(firstJob.startedOn) ||
        (s === dayNumber(firstJob.startedOn) && job.order < firstJob.order)
      ) {
        firstJob = job;
      }
    }

    km = firstJob
      ? { time: dayNumber(firstJob.startedOn) - t0, event: true }
      : // withdrawn before randomisation ⇒ E < t0 ⇒ censored at day 0
        { time: Math.max(0, E - t0), event: false };

    if (firstJob) {
      const s = dayNumber(firstJob.startedOn);
      // an end dated after A is not known at A (the job counts as open)
      const ended = firstJob.endedOn === null ? null : dayNumber(firstJob.endedOn);
      if (s <= A - 91) sustained13w = ended === null || ended >= s + 91;
      if (s <= A - 182) sustained26w = ended === null || ended >= s + 182;
    }

    if (followUpComplete) daysEmployed12m = daysCovered(state, t0, E);
  }

  const flow: Flow = {
    referred: state.referral ? 1 : 0,
    assessed: state.assessed ? 1 : 0,
    eligible: state.latestEligible === true ? 1 : 0,
    ineligible: state.latestEligible === false ? 1 : 0,
    consented: state.consented ? 1 : 0,
    randomised: randomised ? 1 : 0,
    randomisedIps: randomised?.arm === 'ips' ? 1 : 0,
    randomisedUsualCare: randomised?.arm === 'usual_care' ? 1 : 0,
    withdrawn: state.withdrawnOn !== null ? 1 : 0,
    followUpComplete: followUpComplete ? 1 : 0,
  };

  return { dims, flow, km, followUpComplete, firstJob, sustained13w, sustained26w, daysEmployed12m };
}

// ---------------------------------------------------------------------------------------------
// A group's outcomes

/** Neumaier-compensated sum, so a mean does not depend on the order participants are read in. */
function compensatedSum(values: number[]): number {
  let sum = 0;
  let c = 0;
  for (const v of values) {
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}

function groupOutcome(key: GroupKey, members: OracleEvaluation[]): OutcomeGroup {
  const flow: Flow = {
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
  };
  for (const m of members) for (const k of Object.keys(flow) as (keyof Flow)[]) flow[k] += m.flow[k];

  const randomised = members.filter((m) => m.km !== null);
  const complete = randomised.filter((m) => m.followUpComplete);
  const withFirstJob = randomised.filter((m) => m.firstJob !== null);
  const in13 = withFirstJob.filter((m) => m.sustained13w !== null);
  const in26 = withFirstJob.filter((m) => m.sustained26w !== null);
  const hours = withFirstJob.map((m) => m.firstJob!.hoursAtStart);
  const days = complete.map((m) => m.daysEmployed12m!);

  return {
    key,
    flow,
    firstJob: firstJobOutcome(randomised.map((m) => m.km!)),
    jobStart12m: proportion(complete.filter((m) => m.firstJob !== null).length, complete.length),
    sustained13w: proportion(in13.filter((m) => m.sustained13w).length, in13.length),
    sustained26w: proportion(in26.filter((m) => m.sustained26w).length, in26.length),
    hours16Plus: {
      ...proportion(hours.filter((h) => h >= 16).length, hours.length),
      meanHours: hours.length === 0 ? null : compensatedSum(hours) / hours.length,
    },
    daysEmployed12m: {
      n: days.length,
      mean: days.length === 0 ? null : days.reduce((a, b) => a + b, 0) / days.length,
    },
    worked13wIn12m: proportion(days.filter((d) => d >= 91).length, days.length),
  };
}

// ---------------------------------------------------------------------------------------------
// The whole response

export interface OracleQuery {
  trialId: string;
  asOf: string;
  groupBy?: GroupDimension[];
  filters?: OutcomeFilters;
  cohortBy?: CohortGranularity;
  events: StoredEvent[];
}

const FILTER_DIMENSIONS: GroupDimension[] = ['site', 'arm', 'condition', 'cohort', 'employmentStatus'];

/** Code-unit string order, null last, dimension by dimension in groupBy order. */
function compareKeys(groupBy: GroupDimension[], a: GroupKey, b: GroupKey): number {
  for (const dim of groupBy) {
    const x = a[dim] ?? null;
    const y = b[dim] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function oracleOutcomes({
  trialId,
  asOf,
  groupBy = [],
  filters = {},
  cohortBy = 'quarter',
  events,
}: OracleQuery): OutcomesResponse {
  // DECISION (README): a repeated dimension is dropped; the echo lists each once, first place kept.
  const dims = groupBy.filter((d, i) => groupBy.indexOf(d) === i);

  // Events of this trial, by participant (siteId + participantId).
  const byParticipant = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (e.trialId !== trialId) continue;
    const id = JSON.stringify([e.siteId, e.participantId]);
    const list = byParticipant.get(id);
    if (list) list.push(e);
    else byParticipant.set(id, [e]);
  }

  // Evaluate, filter, group.
  const groups = new Map<string, { key: GroupKey; members: OracleEvaluation[] }>();
  if (dims.length === 0) groups.set('[]', { key: {}, members: [] }); // always present, even when empty
  for (const participantEvents of byParticipant.values()) {
    const state = participantAt(participantEvents, asOf);
    if (state === null) continue;
    const ev = evaluate(state, asOf, cohortBy);
    // Filters match exactly; a participant lacking the dimension matches no filter on it.
    // DECISION: a filter is absent only when undefined (or null); '' is a value that matches nobody.
    const passes = FILTER_DIMENSIONS.every((d) => {
      const wanted = filters[d];
      return wanted === undefined || wanted === null || ev.dims[d] === wanted;
    });
    if (!passes) continue;
    const key: GroupKey = {};
    for (const d of dims) key[d] = ev.dims[d];
    const id = JSON.stringify(dims.map((d) => key[d]));
    const g = groups.get(id);
    if (g) g.members.push(ev);
    else groups.set(id, { key, members: [ev] });
  }

  const ordered = [...groups.values()].sort((a, b) => compareKeys(dims, a.key, b.key));
  const outGroups = ordered.map((g) => groupOutcome(g.key, g.members));

  // Effects: only when arm is grouped on; one row per distinct key-without-arm (in group order)
  // and metric, from the groups that have an arm.
  const effects: Effect[] = [];
  if (dims.includes('arm')) {
    const others = dims.filter((d) => d !== 'arm');
    const seen = new Set<string>();
    for (const g of outGroups) {
      if (g.key.arm === null || g.key.arm === undefined) continue;
      const id = JSON.stringify(others.map((d) => g.key[d]));
      if (seen.has(id)) continue;
      seen.add(id);
      const keyWithoutArm: GroupKey = {};
      for (const d of others) keyWithoutArm[d] = g.key[d] ?? null;
      const sameCut = (arm: string) =>
        outGroups.find((h) => h.key.arm === arm && JSON.stringify(others.map((d) => h.key[d])) === id);
      const ips = sameCut('ips');
      const usual = sameCut('usual_care');
      for (const metric of ['jobStart12m', 'worked13wIn12m'] as const) {
        const a = ips ? ips[metric] : { numerator: 0, denominator: 0 };
        const b = usual ? usual[metric] : { numerator: 0, denominator: 0 };
        const nc = newcombe(a.numerator, a.denominator, b.numerator, b.denominator);
        effects.push({
          key: keyWithoutArm,
          metric,
          ips: { numerator: a.numerator, denominator: a.denominator },
          usualCare: { numerator: b.numerator, denominator: b.denominator },
          riskDifference: nc ? nc.difference : null,
          lower: nc ? nc.lower : null,
          upper: nc ? nc.upper : null,
        });
      }
    }
  }

  return { trialId, asOf, definitionsVersion: 1, groupBy: dims, groups: outGroups, effects };
}

// ---------------------------------------------------------------------------------------------
// Data-quality finding codes of one participant (domain-spec "The fold", step 2 and 4)

/**
 * The finding codes the fold should raise for one participant's stored events (all dates).
 * Listed in fold order of the event they are about; retraction findings first (they are
 * decided before the sort), missing_referral last. Compare as a sorted list: the texts do not
 * fix the order of several findings on one event.
 */
export function oracleFindingCodes(events: StoredEvent[]): string[] {
  const bySeq = [...events].sort((a, b) => a.seq - b.seq);
  const seen = new Set<string>();
  const unique: StoredEvent[] = [];
  for (const e of bySeq) {
    if (seen.has(lower(e.eventId))) continue;
    seen.add(lower(e.eventId));
    unique.push(e);
  }
  const codes: string[] = [];
  const ids = new Set(unique.map((e) => lower(e.eventId)));
  const retractionIds = new Set(
    unique.filter((e) => e.type === 'event.retracted').map((e) => lower(e.eventId)),
  );
  for (const e of unique) {
    if (e.type !== 'event.retracted') continue;
    const target = lower(e.data.retractedEventId);
    if (retractionIds.has(target)) codes.push('retraction_of_retraction');
    else if (!ids.has(target)) codes.push('retraction_target_not_found');
  }

  const folded = effectiveEvents(events).sort(foldOrder);
  const referrals = folded.filter((e) => e.type === 'participant.referred');
  const firstReferralOn = referrals.length > 0 ? referrals[0].occurredOn : null;
  let randomisation: EventOf<'participant.randomised'> | null = null;
  let withdrawnOn: string | null = null;
  const jobs = new Map<string, { ended: boolean }>();

  for (const e of folded) {
    if (withdrawnOn !== null && e.occurredOn > withdrawnOn) codes.push('event_after_withdrawal');
    switch (e.type) {
      case 'participant.randomised': {
        if (randomisation !== null) {
          codes.push(
            randomisation.data.arm === e.data.arm
              ? 'randomised_again_same_arm'
              : 'randomised_again_different_arm',
          );
          break;
        }
        randomisation = e;
        // "before" = dated on or before (README), whatever the order within the day.
        const on = e.occurredOn;
        if (!folded.some((x) => x.type === 'participant.referred' && x.occurredOn <= on))
          codes.push('randomised_without_referral');
        if (!folded.some((x) => x.type === 'participant.consented' && x.occurredOn <= on))
          codes.push('randomised_without_consent');
        const assessments = folded.filter(
          (x): x is EventOf<'participant.eligibility_assessed'> =>
            x.type === 'participant.eligibility_assessed' && x.occurredOn <= on,
        );
        if (assessments.length > 0 && assessments[assessments.length - 1].data.eligible === false)
          codes.push('randomised_when_ineligible');
        break;
      }
      case 'participant.withdrawn':
        if (withdrawnOn !== null) codes.push('withdrawn_again');
        else withdrawnOn = e.occurredOn;
        break;
      case 'job.started':
        if (jobs.has(e.data.jobId)) {
          codes.push('job_started_twice');
          break;
        }
        jobs.set(e.data.jobId, { ended: false });
        if (firstReferralOn !== null && e.occurredOn < firstReferralOn) codes.push('job_before_referral');
        break;
      case 'job.ended': {
        const job = jobs.get(e.data.jobId);
        if (!job) codes.push('job_ended_without_start');
        else if (job.ended) codes.push('job_ended_twice');
        else job.ended = true;
        break;
      }
      case 'job.hours_changed': {
        const job = jobs.get(e.data.jobId);
        if (!job) codes.push('job_hours_changed_without_start');
        else if (job.ended) codes.push('job_event_after_end');
        break;
      }
      case 'job.retention_checked': {
        const job = jobs.get(e.data.jobId);
        if (!job) codes.push('job_retention_checked_without_start');
        else if (e.data.inWork && job.ended) codes.push('retention_in_work_after_job_ended');
        else if (!e.data.inWork && !job.ended) codes.push('retention_not_in_work_but_job_open');
        break;
      }
      default:
        break;
    }
  }
  if (folded.length > 0 && referrals.length === 0) codes.push('missing_referral');
  return codes;
}

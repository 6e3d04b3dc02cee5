import type {
  Consent,
  EligibilityAssessment,
  JobSpell,
  Journey,
  Randomisation,
  Referral,
  WellbeingMeasurement,
  WellbeingMeasurements,
  Withdrawal,
} from './journey';

// The part of a journey the outcome functions read (evaluateParticipant, and through it the
// outcomes of both definitions versions, the curves, the comparisons, wellbeing and the
// monitoring look): the dated history of referral, assessment, consent, randomisation,
// withdrawal, competitive job starts and ends with the hours at start, and the wellbeing
// scores. A Journey is one (TypeScript checks that), and so is the slim copy that
// outcomeJourney makes of it, which the query service keeps in memory for every participant
// of every trial it answers for (docs/decisions.md, "Issue 16: query memory"). Because the
// outcome functions take this type, not Journey, reading any other field of a journey in
// them does not compile until the field is added here and to outcomeJourney.

export type OutcomeReferral = Pick<Referral, 'on' | 'condition' | 'employmentStatus'>;
export type OutcomeAssessment = Pick<EligibilityAssessment, 'on' | 'eligible'>;
export type OutcomeWithdrawal = Pick<Withdrawal, 'on'>;
export type OutcomeJob = Pick<JobSpell, 'startedOn' | 'endedOn' | 'competitive' | 'hoursAtStart'>;

export interface OutcomeJourney {
  readonly trialId: string;
  readonly siteId: string;
  /** not read by any outcome: it names the journey (the copy's key) */
  readonly participantId: string;
  /** every list in fold order, as in Journey */
  readonly referrals: readonly OutcomeReferral[];
  readonly assessments: readonly OutcomeAssessment[];
  readonly consents: readonly Consent[];
  readonly randomisation: Randomisation | null;
  readonly withdrawal: OutcomeWithdrawal | null;
  /** every job, competitive or not, in start order */
  readonly jobs: readonly OutcomeJob[];
  /** absent when nothing was measured, as in Journey */
  readonly wellbeing?: WellbeingMeasurements;
  readonly firstEventOn: string | null;
}

// Keys name what a value holds, its fields joined by a character no field can contain: they
// are dates, enum values and booleans, checked at the ingest, and a NUL in a key could come
// only from a \u0000 escape in a stored journey, which none of those fields can hold.
const SEPARATOR = '\u0000';
const LIST_SEPARATOR = '\u0001';
const key = (...fields: string[]): string => fields.join(SEPARATOR);

// shared by every journey with nothing in a list: most participants have no job…
const NONE: readonly never[] = Object.freeze([]);

/**
 * One copy's shared parts: equal referrals, assessments, consents, randomisations,
 * withdrawals, wellbeing scores (and equal lists of the first three) are one frozen object
 * shared by every journey of the copy that has them. Most participants of a trial were
 * referred, assessed and randomised on one of a few hundred dates with one of a few
 * conditions, so a copy holds a few thousand of these instead of one per participant. They
 * are frozen because many journeys share them: the outcome functions only read them. One
 * instance per copy, so they go when the copy goes.
 */
export class SharedJourneyParts {
  private readonly values = new Map<string, unknown>();
  private readonly scores = new Map<string, Map<number, WellbeingMeasurement>>();

  /** the one frozen value named `name` (what it holds: key(…)), made the first time */
  private shared<T extends object>(name: string, make: () => T): T {
    const held = this.values.get(name) as T | undefined;
    if (held !== undefined) return held;
    const made = Object.freeze(make());
    this.values.set(name, made);
    return made;
  }

  /** the one string equal to `value` */
  text<T extends string>(value: T): T {
    const name = key('text', value);
    const held = this.values.get(name) as T | undefined;
    if (held !== undefined) return held;
    this.values.set(name, value);
    return value;
  }

  /** a list of shared items, itself shared: its key is its items' keys */
  private list<T, U extends object>(
    items: readonly T[],
    keyOf: (item: T) => string,
    make: (item: T) => U,
  ): readonly U[] {
    if (items.length === 0) return NONE;
    const keys = items.map(keyOf);
    return this.shared(`list${SEPARATOR}${keys.join(LIST_SEPARATOR)}`, () =>
      items.map((item, i) => this.shared(keys[i], () => make(item))),
    );
  }

  referrals(referrals: readonly OutcomeReferral[]): readonly OutcomeReferral[] {
    return this.list(
      referrals,
      (r) => key('referral', r.on, r.condition, r.employmentStatus),
      (r) => ({ on: r.on, condition: r.condition, employmentStatus: r.employmentStatus }),
    );
  }

  assessments(assessments: readonly OutcomeAssessment[]): readonly OutcomeAssessment[] {
    return this.list(
      assessments,
      (a) => key('assessment', a.on, String(a.eligible)),
      (a) => ({ on: a.on, eligible: a.eligible }),
    );
  }

  consents(consents: readonly Consent[]): readonly Consent[] {
    return this.list(
      consents,
      (c) => key('consent', c.on),
      (c) => ({ on: c.on }),
    );
  }

  randomisation(randomisation: Randomisation | null): Randomisation | null {
    if (randomisation === null) return null;
    const { on, arm } = randomisation;
    return this.shared(key('randomisation', on, arm), () => ({ on, arm }));
  }

  withdrawal(withdrawal: OutcomeWithdrawal | null): OutcomeWithdrawal | null {
    if (withdrawal === null) return null;
    const { on } = withdrawal;
    return this.shared(key('withdrawal', on), () => ({ on }));
  }

  /** a score (any instrument) on a date; keyed by date, then score, so no key is built per score */
  measurement(measurement: WellbeingMeasurement): WellbeingMeasurement {
    const { on, score } = measurement;
    let onDay = this.scores.get(on);
    if (onDay === undefined) this.scores.set(on, (onDay = new Map<number, WellbeingMeasurement>()));
    let held = onDay.get(score);
    if (held === undefined) onDay.set(score, (held = Object.freeze({ on, score })));
    return held;
  }
}

/**
 * The fields of `journey` that OutcomeJourney names, and nothing else: no findings, no event
 * counts, no referral source, job ids, hours changes or retention checks. Everything but the
 * journey object itself, its jobs and its wellbeing lists is shared with the other journeys
 * read with the same `parts` (SharedJourneyParts). The journey given is not changed, nor
 * kept. Lists are made at their exact length (map, not push: a list grown by push keeps
 * spare room).
 */
export function outcomeJourney(
  journey: Journey,
  parts: SharedJourneyParts = new SharedJourneyParts(),
): OutcomeJourney {
  return {
    trialId: parts.text(journey.trialId),
    siteId: parts.text(journey.siteId),
    participantId: journey.participantId,
    referrals: parts.referrals(journey.referrals),
    assessments: parts.assessments(journey.assessments),
    consents: parts.consents(journey.consents),
    randomisation: parts.randomisation(journey.randomisation),
    withdrawal: parts.withdrawal(journey.withdrawal),
    jobs:
      journey.jobs.length === 0
        ? NONE
        : journey.jobs.map((j) => ({
            startedOn: j.startedOn,
            endedOn: j.endedOn,
            competitive: j.competitive,
            hoursAtStart: j.hoursAtStart,
          })),
    // present on every copy (undefined when nothing was measured, which reads as absent), so
    // every journey of a copy has one shape
    wellbeing: journey.wellbeing === undefined ? undefined : outcomeWellbeing(journey.wellbeing, parts),
    firstEventOn: journey.firstEventOn,
  };
}

function outcomeWellbeing(measured: WellbeingMeasurements, parts: SharedJourneyParts): WellbeingMeasurements {
  const slim: WellbeingMeasurements = {};
  for (const [instrument, list] of Object.entries(measured) as [
    keyof WellbeingMeasurements,
    WellbeingMeasurement[],
  ][])
    slim[instrument] = list.map((m) => parts.measurement(m));
  return slim;
}

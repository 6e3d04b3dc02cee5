import type {
  Arm,
  Condition,
  EmploymentStatus,
  EventType,
  JobEndReason,
  StoredEvent,
  WithdrawalReason,
} from '@ips/contracts';
import fc from 'fast-check';
import { addDays } from '../calendar/day-number';
import { DEFAULT_PARTICIPANT, eventIdFor, type Identity } from './stored-events';

// Random event histories of one participant, built to collide: few job ids, dates that
// often tie and often sit on the 91/182/365-day boundaries, retractions aimed at other
// events of the same history (including retractions), and targets that never arrive.

export const FIRST_DAY = '2017-01-01';
export const LAST_DAY_OFFSET = 900;

const JOB_IDS = ['job-a', 'job-b', 'job-c'];
const ARMS: Arm[] = ['ips', 'usual_care'];
const CONDITIONS: Condition[] = ['mental_health', 'musculoskeletal', 'other'];
const STATUSES: EmploymentStatus[] = ['unemployed', 'employed_off_sick'];
const WITHDRAWAL_REASONS: WithdrawalReason[] = ['withdrew_consent', 'lost_to_follow_up'];
const END_REASONS: JobEndReason[] = ['resigned', 'contract_ended'];

export const dayOffsetArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: LAST_DAY_OFFSET }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 10, 101, 182, 192, 365, 375, 456, 547) },
);

interface EventSpec {
  type: EventType;
  day: number;
  data: Record<string, unknown>;
  /** for retractions: which event of the history is aimed at; -1 aims at one that never arrives */
  target?: number;
}

const jobId = fc.constantFrom(...JOB_IDS);
const mostlyTrue = fc.oneof(
  { weight: 3, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(false) },
);

const specArb: fc.Arbitrary<EventSpec> = fc.oneof(
  spec(
    'participant.referred',
    fc.record({
      condition: fc.constantFrom(...CONDITIONS),
      referralSource: fc.constant('primary_care'),
      employmentStatus: fc.constantFrom(...STATUSES),
    }),
  ),
  spec('participant.eligibility_assessed', fc.record({ eligible: fc.boolean() })),
  spec('participant.consented', fc.constant({})),
  spec('participant.randomised', fc.record({ arm: fc.constantFrom(...ARMS) }), 2),
  spec('participant.withdrawn', fc.record({ reason: fc.constantFrom(...WITHDRAWAL_REASONS) })),
  spec(
    'job.started',
    fc.record({ jobId, hoursPerWeek: fc.constantFrom(8, 15.5, 16, 30), competitive: mostlyTrue }),
    3,
  ),
  spec('job.hours_changed', fc.record({ jobId, hoursPerWeek: fc.constantFrom(10, 20) })),
  spec('job.ended', fc.record({ jobId, reason: fc.constantFrom(...END_REASONS) }), 2),
  spec('job.retention_checked', fc.record({ jobId, inWork: fc.boolean() })),
  // two instruments, few scores: same-day repeats and windows' edges are common
  spec(
    'wellbeing.measured',
    fc.record({ instrument: fc.constantFrom('wemwbs', 'phq9'), score: fc.integer({ min: 14, max: 27 }) }),
    3,
  ),
  {
    weight: 2,
    arbitrary: fc
      .record({ day: dayOffsetArb, target: fc.integer({ min: -1, max: 30 }) })
      .map(({ day, target }) => ({
        type: 'event.retracted' as const,
        day,
        data: { reason: 'entered in error' },
        target,
      })),
  },
);

function spec(type: EventType, data: fc.Arbitrary<object>, weight = 1): fc.WeightedArbitrary<EventSpec> {
  return {
    weight,
    arbitrary: fc
      .record({ day: dayOffsetArb, data })
      .map(({ day, data: d }) => ({ type, day, data: d as Record<string, unknown> })),
  };
}

/** Turn specs into stored events; the index in the list is the arrival order (seq). */
export function buildEvents(
  specs: readonly EventSpec[],
  identity: Identity = DEFAULT_PARTICIPANT,
  seqBase = 0,
): StoredEvent[] {
  const ids = specs.map((_, i) => eventIdFor(seqBase + i + 1));
  return specs.map((s, i) => {
    const data =
      s.type === 'event.retracted'
        ? {
            ...s.data,
            retractedEventId:
              s.target === undefined || s.target < 0 ? eventIdFor(999_999) : ids[s.target % ids.length],
          }
        : s.data;
    return {
      eventId: ids[i],
      type: s.type,
      schemaVersion: 1,
      ...identity,
      occurredOn: addDays(FIRST_DAY, s.day),
      data,
      recordedAt: '2019-01-01T00:00:00.000Z',
      seq: seqBase + i + 1,
    } as StoredEvent;
  });
}

/**
 * A plausible enrolment and job history (so that every outcome is often reached) mixed
 * with noise events of any kind, in a random arrival order.
 */
export function eventSpecsArb(options: { maxNoise?: number } = {}): fc.Arbitrary<EventSpec[]> {
  return fc
    .tuple(storyArb, fc.array(specArb, { maxLength: options.maxNoise ?? 12 }))
    .chain(([story, noise]) => permutationArb([...story, ...noise]))
    .filter((specs) => specs.length > 0);
}

const storyJobArb = fc.record({
  jobId,
  start: fc.integer({ min: -20, max: 400 }),
  length: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
  hoursPerWeek: fc.constantFrom(8, 15.5, 16, 30),
  competitive: mostlyTrue,
});

const storyArb: fc.Arbitrary<EventSpec[]> = fc
  .record({
    referredOn: fc.integer({ min: 0, max: 300 }),
    toRandomisation: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null, freq: 5 }),
    arm: fc.constantFrom(...ARMS),
    jobs: fc.array(storyJobArb, { maxLength: 3 }),
    withdrawnAfter: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null, freq: 3 }),
  })
  .map(({ referredOn, toRandomisation, arm, jobs, withdrawnAfter }) => {
    const t0 = referredOn + (toRandomisation ?? 0);
    const story: EventSpec[] = [
      {
        type: 'participant.referred',
        day: referredOn,
        data: { condition: 'mental_health', referralSource: 'self', employmentStatus: 'unemployed' },
      },
      { type: 'participant.eligibility_assessed', day: referredOn, data: { eligible: true } },
      { type: 'participant.consented', day: referredOn, data: {} },
    ];
    if (toRandomisation !== null) story.push({ type: 'participant.randomised', day: t0, data: { arm } });
    for (const job of jobs) {
      const start = Math.max(0, t0 + job.start);
      story.push({
        type: 'job.started',
        day: start,
        data: { jobId: job.jobId, hoursPerWeek: job.hoursPerWeek, competitive: job.competitive },
      });
      if (job.length !== null)
        story.push({
          type: 'job.ended',
          day: start + job.length,
          data: { jobId: job.jobId, reason: 'resigned' },
        });
    }
    if (withdrawnAfter !== null)
      story.push({ type: 'participant.withdrawn', day: t0 + withdrawnAfter, data: { reason: 'moved_away' } });
    return story;
  });

/** Histories whose events are all on different days: the first event of each day is kept. */
export function distinctDaySpecsArb(): fc.Arbitrary<EventSpec[]> {
  return eventSpecsArb().map((specs) => {
    const seen = new Set<number>();
    return specs.filter((s) => !seen.has(s.day) && seen.add(s.day) !== undefined);
  });
}

export function participantEventsArb(identity: Identity = DEFAULT_PARTICIPANT): fc.Arbitrary<StoredEvent[]> {
  return eventSpecsArb().map((specs) => buildEvents(specs, identity));
}

/** A permutation of `items`, drawn by fast-check so that failures shrink and replay. */
export function permutationArb<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
}

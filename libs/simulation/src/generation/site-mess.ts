import { CONDITIONS, type Arm, type Condition } from '@ips/contracts';
import type { JourneyPlan, ParticipantTruth } from './participant-journey';
import { LATE, OUT_OF_ORDER, type PlannedEvent } from './planned-event';
import type { Prng } from './prng';
import { onOrNextWeekday } from './trial-calendar';

// The mess real sites make, applied to a participant's true events with the participant's
// own mess stream (so mess never changes the true journey). Everything here is accepted by
// the ingest; what the projector makes of it is the point:
// - duplicates and late or out-of-order uploads must not change any journey;
// - a wrong event retracted and sent again correctly must leave the corrected journey;
// - a second randomisation to the other arm and an end of a job that never started are
//   flagged as findings and ignored by the fold.

/** Kinds of breakage for invalid copies; each makes the ingest answer 400. */
export const INVALID_KINDS = [
  'unknown_field',
  'future_date',
  'impossible_date',
  'identifier_as_participant_id',
  'schema_version',
  'bad_value',
  'event_id_not_uuid',
] as const;

const EARLIEST_DAY = 10957; // 2000-01-01

/** wellbeing-measurements.ts retracts a score entered against the wrong participant */
export const WELLBEING_RETRACTION_REASON = 'score entered against the wrong participant';

const RETRACTION_REASON = {
  hours: 'hours per week entered wrongly',
  date: 'job start entered with the wrong date',
  condition: 'wrong condition recorded at referral',
  // wellbeing-measurements.ts; last, so the packed codes of the others keep their meaning
  wellbeing: WELLBEING_RETRACTION_REASON,
} as const;
export const RETRACTION_REASONS: readonly string[] = Object.values(RETRACTION_REASON);

export function applyMess(plan: JourneyPlan, truth: ParticipantTruth, rng: Prng): void {
  const ctx = plan.site;
  const mess = ctx.config.mess;
  const uploadOn = ctx.uploadOn;
  const truthEvents = plan.events.slice();

  for (const event of truthEvents) {
    if (mess.late > 0 && event.recorded - event.day < 14 && rng.chance(mess.late)) {
      event.recorded = event.day + rng.int(14, 84);
      event.variant |= LATE;
    }
    event.upload = uploadOn(event.recorded);
  }

  if (mess.outOfOrder > 0) {
    const byDay = truthEvents.slice().sort((a, b) => a.day - b.day || a.order - b.order);
    for (let i = 0; i < byDay.length; i++) {
      if (!rng.chance(mess.outOfOrder)) continue;
      const event = byDay[i];
      const later = byDay.find((e, j) => j > i && e.day > event.day);
      if (later === undefined) continue;
      // held back until after a later-dated event of the same participant went up
      event.upload = uploadOn(Math.max(event.upload, later.upload) + rng.int(1, 21));
      event.variant |= OUT_OF_ORDER;
    }
  }

  if (mess.correction > 0) {
    for (const event of truthEvents) {
      if (!isCorrectable(event) || !rng.chance(mess.correction)) continue;
      correct(plan, event, rng);
    }
  }

  if (mess.duplicate > 0) {
    for (const event of plan.events.slice()) {
      if (!rng.chance(mess.duplicate)) continue;
      const upload = uploadOn(event.upload + rng.int(1, 14));
      plan.extra({ ...event, upload, recorded: upload, role: 'duplicate', ref: event, variant: 0 });
    }
  }

  if (mess.stateProblem > 0 && truth.t0 !== null && truth.arm !== null) {
    if (rng.chance(mess.stateProblem)) {
      const day = onOrNextWeekday(truth.t0 + rng.int(1, 14));
      if (day < truth.recordEnd) {
        const other: Arm = truth.arm === 'ips' ? 'usual_care' : 'ips';
        const recorded = day + rng.int(0, 3);
        plan.extra(problem('participant.randomised', day, recorded, uploadOn(recorded), { arm: other }));
      }
    }
    if (truth.newJobs > 0 && rng.chance(mess.stateProblem)) {
      const day = truth.t0 + rng.int(1, Math.max(1, truth.recordEnd - truth.t0 - 1));
      if (day < truth.recordEnd) {
        const recorded = day + rng.int(0, 5);
        // a job id that no start ever used (job ids count from job-1)
        plan.extra(
          problem('job.ended', day, recorded, uploadOn(recorded), {
            jobId: 'job-0',
            reason: rng.pick(ctx.tables.jobEnd),
          }),
        );
      }
    }
  }

  if (mess.invalid > 0) {
    for (const event of plan.events.slice()) {
      if (event.role === 'duplicate' || !rng.chance(mess.invalid)) continue;
      plan.extra({ ...event, role: 'invalid', ref: event, variant: rng.int(0, INVALID_KINDS.length - 1) });
    }
  }
}

function isCorrectable(event: PlannedEvent): boolean {
  return (
    event.type === 'participant.referred' ||
    event.type === 'job.started' ||
    event.type === 'job.hours_changed'
  );
}

/**
 * The site first sends `event` wrong (hours, start date or condition), then retracts the
 * wrong one and sends the right one, some days after the wrong one went up.
 */
function correct(plan: JourneyPlan, event: PlannedEvent, rng: Prng): void {
  const ctx = plan.site;
  let wrongDay = event.day;
  let wrongData = event.data;
  let reason: string;
  const shift = rng.int(1, 40);
  const startDateSlip = event.type === 'job.started' && rng.chance(0.5);
  if (event.type === 'participant.referred') {
    const others = CONDITIONS.filter((c) => c !== event.data.condition);
    wrongData = { ...event.data, condition: others[rng.int(0, others.length - 1)] as Condition };
    reason = RETRACTION_REASON.condition;
  } else if (startDateSlip && (event.day + shift <= event.recorded || event.day - shift >= EARLIEST_DAY)) {
    // never after the day it was entered, never before 2000-01-01
    wrongDay = event.day + shift <= event.recorded ? event.day + shift : event.day - shift;
    reason = RETRACTION_REASON.date;
  } else {
    const hours = event.data.hoursPerWeek as number;
    wrongData = { ...event.data, hoursPerWeek: wrongHours(hours, rng) };
    reason = RETRACTION_REASON.hours;
  }
  const wrong = plan.extra({
    ...event,
    day: wrongDay,
    data: wrongData,
    role: 'wrong',
    ref: null,
    variant: 0,
  });
  const correctedOn = wrong.upload + rng.int(3, 42);
  const upload = ctx.uploadOn(correctedOn);
  plan.extra({
    upload,
    day: correctedOn,
    recorded: correctedOn,
    role: 'retraction',
    type: 'event.retracted',
    data: { reason },

    ref: wrong,
    variant: 0,
  });
  // the true event goes up with the retraction, under a new eventId
  event.recorded = correctedOn;
  event.upload = upload;
}

/** A plausible slip of the keyboard: a digit dropped or doubled, or the wrong line copied. */
function wrongHours(hours: number, rng: Prng): number {
  const candidates = [hours / 2, hours * 2, hours + 10, hours - 4, Math.round(hours / 10)].filter(
    (h) => h > 0 && h <= 80 && h !== hours,
  );
  return candidates[rng.int(0, candidates.length - 1)] ?? hours + 1;
}

function problem(
  type: 'participant.randomised' | 'job.ended',
  day: number,
  recorded: number,
  upload: number,
  data: Record<string, unknown>,
) {
  return { upload, day, recorded, role: 'state_problem' as const, type, data, ref: null, variant: 0 };
}

import type { WellbeingInstrument } from '@ips/contracts';
import { MEAN_RECORDING_LAG_DAYS } from './journey-model';
import type { JourneyPlan, ParticipantTruth } from './participant-journey';
import { LATE, OUT_OF_ORDER, type PlannedEvent } from './planned-event';
import type { Prng } from './prng';
import { INVALID_KINDS, WELLBEING_RETRACTION_REASON } from './site-mess';
import { onOrNextWeekday } from './trial-calendar';

// Health and wellbeing measurements (contract 1.1, DESIGN §6b) of a randomised participant:
// a baseline shortly before randomisation and a 12-month follow-up, with the missingness a
// real trial has (more follow-ups missing in usual care, where nobody keeps in touch; none
// after a withdrawal), a few taken outside the analysis windows, the odd literal duplicate,
// same-day re-entry and retraction, and a modest IPS benefit. Planned from the participant's
// own wellbeing stream after the rest of the journey and its mess, so adding them changed no
// other event of any seed.

/** Population mean and SD at baseline, change without IPS, and the IPS benefit at 12 months. */
interface InstrumentModel {
  instrument: WellbeingInstrument;
  min: number;
  max: number;
  mean: number;
  sd: number;
  /** mean change by 12 months in usual care (regression to the mean and recovery) */
  change: number;
  /** extra mean change with IPS: a modest benefit, in the instrument's better direction */
  ipsBenefit: number;
  /** share of participants the site measures with it */
  used: number;
}

// Out-of-work people with common mental-health or MSK conditions score well below the
// population norms (WEMWBS ≈ 51, EQ-VAS ≈ 80); the benefits are of the size IPS trials report.
const MODELS: readonly InstrumentModel[] = [
  { instrument: 'wemwbs', min: 14, max: 70, mean: 40, sd: 9, change: 2, ipsBenefit: 2, used: 0.7 },
  { instrument: 'swemwbs', min: 7, max: 35, mean: 20, sd: 4.5, change: 1, ipsBenefit: 1, used: 0.25 },
  { instrument: 'phq9', min: 0, max: 27, mean: 13, sd: 6, change: -2, ipsBenefit: -1, used: 0.85 },
  { instrument: 'gad7', min: 0, max: 21, mean: 11, sd: 5, change: -1.5, ipsBenefit: -0.8, used: 0.85 },
  { instrument: 'eq5d_vas', min: 0, max: 100, mean: 58, sd: 20, change: 3, ipsBenefit: 3, used: 0.6 },
];

/** how much of the baseline carries to 12 months */
const CARRY_OVER = 0.55;
const BASELINE_MISSED = 0.08;
const BASELINE_OUTSIDE_WINDOW = 0.04;
const FOLLOW_UP_MISSED = { ips: 0.22, usual_care: 0.34 } as const;
const FOLLOW_UP_OUTSIDE_WINDOW = 0.05;
/** shares of the site's correction rate (`mess.correction`) spent on re-entries and retractions */
const SAME_DAY_REENTRY_SHARE = 0.25;
export const RETRACTED_SHARE = 0.25;

const EARLIEST_DAY = 10957; // 2000-01-01

export function planWellbeing(plan: JourneyPlan, truth: ParticipantTruth, rng: Prng): void {
  if (truth.t0 === null || truth.arm === null) return;
  const t0 = truth.t0;
  const arm = truth.arm;
  const ctx = plan.site;
  // one latent state drives every instrument: people who feel worse score worse on all
  const state = rng.normal();
  const usesShortForm = rng.chance(MODELS[1].used);
  for (const model of MODELS) {
    if (model.instrument === 'wemwbs' && usesShortForm) continue;
    if (model.instrument === 'swemwbs' ? !usesShortForm : !rng.chance(model.used)) continue;
    const sign = model.ipsBenefit >= 0 ? 1 : -1;
    const baseline = clamp(model, model.mean - sign * model.sd * (0.7 * state + 0.7 * rng.normal()));
    if (!rng.chance(BASELINE_MISSED)) {
      const daysBefore = rng.chance(BASELINE_OUTSIDE_WINDOW)
        ? rng.int(31, 60)
        : rng.chance(0.4)
          ? 0
          : rng.int(1, 21);
      // entered with the randomisation, so never uploaded before the referral; the contract
      // takes nothing dated before 2000
      if (t0 - daysBefore >= EARLIEST_DAY)
        measure(plan, rng, model.instrument, t0 - daysBefore, baseline, t0);
    }
    if (rng.chance(FOLLOW_UP_MISSED[arm])) continue;
    const day = onOrNextWeekday(
      rng.chance(FOLLOW_UP_OUTSIDE_WINDOW)
        ? t0 + (rng.chance(0.5) ? rng.int(280, 304) : rng.int(426, 470))
        : t0 + 365 + Math.round(15 * rng.normal()),
    );
    // nobody is followed up after withdrawing or after the site's record ends
    if (day >= truth.recordEnd || day >= ctx.trialEndDay) continue;
    const expected =
      CARRY_OVER * baseline +
      (1 - CARRY_OVER) * model.mean +
      model.change +
      (arm === 'ips' ? model.ipsBenefit : 0);
    measure(plan, rng, model.instrument, day, clamp(model, expected + 0.6 * model.sd * rng.normal()), day);
  }
}

function clamp(model: InstrumentModel, score: number): number {
  return Math.max(model.min, Math.min(model.max, Math.round(score)));
}

function measure(
  plan: JourneyPlan,
  rng: Prng,
  instrument: WellbeingInstrument,
  day: number,
  score: number,
  enteredFrom: number,
): void {
  const ctx = plan.site;
  const mess = ctx.config.mess;
  // every draw is made whatever the mess rates, so a tidy and a messy run of one seed
  // measure the same people on the same days with the same scores
  const lag = rng.geometricDays(MEAN_RECORDING_LAG_DAYS);
  const [
    late,
    lateBy,
    held,
    heldBy,
    reentry,
    reentryAfter,
    duplicate,
    duplicateAfter,
    retracted,
    retractedAfter,
  ] = [
    rng.next(),
    rng.int(14, 84),
    rng.next(),
    rng.int(15, 40),
    rng.next(),
    rng.int(1, 7),
    rng.next(),
    rng.int(1, 14),
    rng.next(),
    rng.int(3, 30),
  ];
  const [invalid, invalidKind] = [rng.next(), rng.int(0, INVALID_KINDS.length - 1)];
  let variant = 0;
  let recorded = enteredFrom + lag;
  if (late < mess.late && recorded - day < 14) {
    recorded = day + lateBy;
    variant |= LATE;
  }
  let upload = ctx.uploadOn(recorded);
  if (held < mess.outOfOrder) {
    // held back past later-dated events of the participant
    upload = ctx.uploadOn(upload + heldBy);
    variant |= OUT_OF_ORDER;
  }
  if (reentry < mess.correction * SAME_DAY_REENTRY_SHARE) {
    // a first entry with a slip, then the right score the same day: the fold keeps the later
    const slip = score === 0 ? 1 : score - 1;
    plan.extra(event('superseded', day, recorded, upload, instrument, slip));
    const again = upload + reentryAfter;
    plan.extra({ ...event('truth', day, again, ctx.uploadOn(again), instrument, score), variant });
    return;
  }
  const truth = plan.extra({ ...event('truth', day, recorded, upload, instrument, score), variant });
  if (invalid < mess.invalid) plan.extra({ ...truth, role: 'invalid', ref: truth, variant: invalidKind });
  if (duplicate < mess.duplicate) {
    const at = ctx.uploadOn(truth.upload + duplicateAfter);
    plan.extra({ ...truth, upload: at, recorded: at, role: 'duplicate', ref: truth, variant: 0 });
  }
  if (retracted < mess.correction * RETRACTED_SHARE) {
    // a score of someone else's typed into this record, then retracted
    const wrong = plan.extra(
      event('wrong', day + 1, recorded + 1, ctx.uploadOn(recorded + 1), instrument, score),
    );
    const correctedOn = wrong.upload + retractedAfter;
    plan.extra({
      upload: ctx.uploadOn(correctedOn),
      day: correctedOn,
      recorded: correctedOn,
      role: 'retraction',
      type: 'event.retracted',
      data: { reason: WELLBEING_RETRACTION_REASON },
      ref: wrong,
      variant: 0,
    });
  }
}

function event(
  role: PlannedEvent['role'],
  day: number,
  recorded: number,
  upload: number,
  instrument: WellbeingInstrument,
  score: number,
): Omit<PlannedEvent, 'order'> {
  return {
    upload,
    day,
    recorded,
    role,
    type: 'wellbeing.measured',
    data: { instrument, score },
    ref: null,
    variant: 0,
  };
}

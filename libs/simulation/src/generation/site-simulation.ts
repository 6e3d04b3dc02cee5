import { ARMS, EVENT_TYPES, type Arm, type EventEnvelope, type EventType } from '@ips/contracts';
import { seededUuid } from './event-ids';
import {
  F_DAY,
  F_ORDER,
  F_REF,
  F_ROLE,
  F_TYPE,
  F_UPLOAD,
  F_VARIANT,
  ROLE,
  STRIDE,
  TYPE,
  dataSlot,
  decodeData,
  packPlan,
  retractedOrder,
} from './packed-plan';
import { JourneyPlan, planJourney } from './participant-journey';
import { ParticipantQueue } from './participant-queue';
import type { ParticipantUploads } from './participant-uploads';
import { byUploadOrder, LATE, OUT_OF_ORDER } from './planned-event';
import { mix32, Prng } from './prng';
import { siteContext, type SiteContext } from './site-context';
import { applyMess, INVALID_KINDS } from './site-mess';
import { planWellbeing } from './wellbeing-measurements';
import type { SimulationConfig } from './simulation-config';
import { emptyCounts, type SiteSimulationStats } from './simulation-stats';
import { isoDay, onOrNextWeekday } from './trial-calendar';

/** One envelope as a site uploads it, on a simulated day. */
export interface SimulatedUpload {
  /** simulated upload day (days since 1970-01-01); non-decreasing along a stream */
  uploadDay: number;
  siteId: string;
  /** the envelope as sent; with `valid: false` it is deliberately broken */
  envelope: EventEnvelope;
  valid: boolean;
}

// stream keys: each participant has independent journey, mess and event-id streams
const ARRIVALS = 0x2a7e1f03;
const JOURNEY = 0x10a3e7b1;
const MESS = 0x3e55c0de;
const IDS = 0x1d5eed01;
const WELLBEING = 0x3e11be1a;

const RETRACTED = TYPE['event.retracted'];

/**
 * The events of one site in the order the site uploads them (by simulated upload day).
 * Participants are planned one by one in referral order and merged by their next upload
 * day through a heap, so memory holds only the participants still being followed up,
 * each as one packed array.
 */
export function* simulateSite(
  config: SimulationConfig,
  siteIndex: number,
  stats: SiteSimulationStats = siteStats(config, siteIndex),
): Generator<SimulatedUpload, SiteSimulationStats, undefined> {
  const ctx = siteContext(config, siteIndex);
  const referralDays = referralSchedule(ctx);
  const queue = new ParticipantQueue();
  let next = 0;

  for (;;) {
    while (next < referralDays.length && (queue.size === 0 || referralDays[next] <= queue.peekUpload())) {
      const participant = planParticipant(ctx, next, referralDays[next]);
      next++;
      if (participant.count > 0) queue.push(participant);
    }
    const participant = queue.peek();
    if (participant === undefined) break;
    const plan = participant.plan;
    const uploadDay = plan[participant.cursor * STRIDE + F_UPLOAD];
    while (
      participant.cursor < participant.count &&
      plan[participant.cursor * STRIDE + F_UPLOAD] === uploadDay
    ) {
      const at = participant.cursor * STRIDE;
      participant.cursor++;
      const upload = materialise(ctx, participant, at);
      count(stats, participant, at, upload);
      yield upload;
    }
    if (participant.cursor === participant.count) {
      queue.pop();
      finish(stats, participant);
    } else {
      queue.updateTop();
    }
  }
  return stats;
}

export function siteStats(config: SimulationConfig, siteIndex: number): SiteSimulationStats {
  return { siteId: config.sites[siteIndex].siteId, ...emptyCounts() };
}

/**
 * Referral days over the recruitment period, sorted: uniform order statistics mapped
 * through a ramp-up (sites take about three months to reach their full referral flow),
 * moved to working days.
 */
export function referralSchedule(ctx: SiteContext): Int32Array {
  const n = ctx.participants;
  const rng = new Prng(ctx.seedWord, ctx.siteWord ^ ARRIVALS, 0xffffffff, mix32(ARRIVALS));
  const uniforms = new Float64Array(n);
  for (let i = 0; i < n; i++) uniforms[i] = rng.next();
  uniforms.sort();
  const span = Math.max(1, ctx.recruitmentEndDay - ctx.startDay);
  const ramp = Math.min(90, span / 3);
  const area = span - ramp / 2;
  const days = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = uniforms[i] * area;
    const t = x < ramp / 2 ? Math.sqrt(2 * ramp * x) : x + ramp / 2;
    days[i] = onOrNextWeekday(ctx.startDay + Math.min(span - 1, Math.floor(t)));
  }
  return days;
}

function planParticipant(ctx: SiteContext, index: number, referralDay: number): ParticipantUploads {
  const journey = new JourneyPlan(ctx);
  const truth = planJourney(
    ctx,
    new Prng(ctx.seedWord, ctx.siteWord ^ JOURNEY, index, mix32(index ^ JOURNEY)),
    referralDay,
    journey,
  );
  applyMess(journey, truth, new Prng(ctx.seedWord, ctx.siteWord ^ MESS, index, mix32(index ^ MESS)));
  // after the mess, from a stream of its own: the other events of a seed stay as they were
  planWellbeing(
    journey,
    truth,
    new Prng(ctx.seedWord, ctx.siteWord ^ WELLBEING, index, mix32(index ^ WELLBEING)),
  );
  // a site uploads nothing after today: a trial still running is cut at today
  const events = journey.events.filter((e) => e.upload <= ctx.todayDay).sort(byUploadOrder);
  return {
    index,
    participantId: `${ctx.profile.participantPrefix}-${String(index + 1).padStart(ctx.participantIdWidth, '0')}`,
    plan: packPlan(events),
    count: events.length,
    cursor: 0,
    t0: truth.t0 ?? -1,
    trueArm: truth.arm,
    anyUploaded: false,
    referred: false,
    assessed: false,
    eligible: null,
    consented: false,
    withdrawn: false,
    randomisedDay: Number.POSITIVE_INFINITY,
    arm: null,
    competitiveJobWithin365: false,
  };
}

/** Event ids come from a stream keyed by (participant, creation order): a duplicate's id is its original's. */
function eventIdFor(ctx: SiteContext, participantIndex: number, order: number): string {
  return seededUuid(new Prng(ctx.idWord, ctx.siteWord ^ IDS, participantIndex, order));
}

function materialise(ctx: SiteContext, p: ParticipantUploads, at: number): SimulatedUpload {
  const plan = p.plan;
  const role = plan[at + F_ROLE];
  const type = EVENT_TYPES[plan[at + F_TYPE]];
  const idOrder = role === ROLE.duplicate ? plan[at + F_REF] : plan[at + F_ORDER];
  const retractedId =
    plan[at + F_TYPE] === RETRACTED ? eventIdFor(ctx, p.index, retractedOrder(plan, at)) : null;
  const envelope = {
    eventId: eventIdFor(ctx, p.index, idOrder),
    type,
    schemaVersion: 1,
    siteId: ctx.site.siteId,
    participantId: p.participantId,
    occurredOn: isoDay(plan[at + F_DAY]),
    data: decodeData(plan, at, retractedId),
  } as EventEnvelope;
  if (role === ROLE.invalid) {
    return {
      uploadDay: plan[at + F_UPLOAD],
      siteId: ctx.site.siteId,
      envelope: broken(ctx, envelope, plan[at + F_VARIANT]),
      valid: false,
    };
  }
  return { uploadDay: plan[at + F_UPLOAD], siteId: ctx.site.siteId, envelope, valid: true };
}

/** Breaks a copy so that the ingest must reject it (400), in one of several ways. */
function broken(ctx: SiteContext, envelope: EventEnvelope, variant: number): EventEnvelope {
  const e = envelope as unknown as Record<string, any>;
  switch (INVALID_KINDS[variant]) {
    case 'unknown_field':
      e.data.note = 'called the employer';
      break;
    case 'future_date':
      e.occurredOn = isoDay(ctx.todayDay + 3650);
      break;
    case 'impossible_date':
      e.occurredOn = `${e.occurredOn.slice(0, 4)}-02-30`;
      break;
    case 'identifier_as_participant_id':
      e.participantId = 'NHS 943 476 5919';
      break;
    case 'schema_version':
      e.schemaVersion = 2;
      break;
    case 'event_id_not_uuid':
      e.eventId = `evt-${e.eventId.slice(0, 8)}`;
      break;
    case 'bad_value':
    default:
      breakValue(e);
  }
  return envelope;
}

function breakValue(e: Record<string, any>): void {
  switch (e.type as EventType) {
    case 'participant.referred':
      e.data.condition = 'depression';
      break;
    case 'participant.eligibility_assessed':
      e.data.eligible = 'yes';
      break;
    case 'participant.consented':
      e.data = [];
      break;
    case 'participant.randomised':
      e.data.arm = 'control';
      break;
    case 'participant.withdrawn':
      e.data.reason = 'bored';
      break;
    case 'job.started':
    case 'job.hours_changed':
      e.data.hoursPerWeek = 0;
      break;
    case 'job.ended':
      e.data.reason = 'fired';
      break;
    case 'job.retention_checked':
      e.data.inWork = 'yes';
      break;
    case 'event.retracted':
      e.data.retractedEventId = 'not-a-uuid';
      break;
    case 'wellbeing.measured':
      (e.data as { score: number }).score = 200;
      break;
  }
}

const T = TYPE;

function count(stats: SiteSimulationStats, p: ParticipantUploads, at: number, upload: SimulatedUpload): void {
  stats.events++;
  if (stats.firstUploadOn === null) stats.firstUploadOn = isoDay(upload.uploadDay);
  stats.lastUploadOn = isoDay(upload.uploadDay);
  const plan = p.plan;
  const role = plan[at + F_ROLE];
  if (role === ROLE.invalid) {
    stats.mess.invalid++;
    return;
  }
  const typeCode = plan[at + F_TYPE];
  const day = plan[at + F_DAY];
  stats.eventsByType[EVENT_TYPES[typeCode]]++;
  const m = stats.mess;
  if (role === ROLE.duplicate) m.duplicates++;
  else if (role === ROLE.retraction) m.retractions++;
  else if (role === ROLE.state_problem) {
    if (typeCode === T['participant.randomised']) m.extraRandomisations++;
    else m.orphanJobEnds++;
  } else if (role === ROLE.truth) {
    const variant = plan[at + F_VARIANT];
    if (variant & LATE) m.late++;
    if (variant & OUT_OF_ORDER) m.outOfOrder++;
  }

  p.anyUploaded = true;
  switch (typeCode) {
    case T['participant.referred']:
      p.referred = true;
      break;
    case T['participant.eligibility_assessed']:
      p.assessed = true;
      p.eligible = dataSlot(plan, at, 0) === 1;
      break;
    case T['participant.consented']:
      p.consented = true;
      break;
    case T['participant.withdrawn']:
      p.withdrawn = true;
      break;
    case T['participant.randomised']:
      // the fold keeps the earliest-dated randomisation
      if (day < p.randomisedDay) {
        p.randomisedDay = day;
        p.arm = ARMS[dataSlot(plan, at, 0)] as Arm;
      }
      break;
    case T['job.started']:
      if (role !== ROLE.truth || p.t0 < 0 || day < p.t0) break;
      if (p.trueArm === 'ips') stats.newJobStarts.ips++;
      else stats.newJobStarts.usualCare++;
      if (dataSlot(plan, at, 2) === 1 && day <= p.t0 + 365) p.competitiveJobWithin365 = true;
      break;
    default:
      break;
  }
}

function finish(stats: SiteSimulationStats, p: ParticipantUploads): void {
  if (!p.anyUploaded) return;
  stats.participants++;
  if (p.referred) stats.referred++;
  if (p.assessed) {
    stats.assessed++;
    if (p.eligible) stats.eligible++;
    else stats.ineligible++;
  }
  if (p.consented) stats.consented++;
  if (p.withdrawn) stats.withdrawn++;
  if (p.arm !== null) {
    stats.randomised++;
    if (p.arm === 'ips') stats.randomisedIps++;
    else stats.randomisedUsualCare++;
    if (p.competitiveJobWithin365) {
      if (p.trueArm === 'ips') stats.competitiveJobWithin365.ips++;
      else stats.competitiveJobWithin365.usualCare++;
    }
  }
}

import {
  AGE_BANDS,
  ARMS,
  CONDITIONS,
  EMPLOYMENT_STATUSES,
  EVENT_TYPES,
  JOB_END_REASONS,
  REFERRAL_SOURCES,
  SEXES,
  WELLBEING_INSTRUMENTS,
  WITHDRAWAL_REASONS,
  type EventType,
} from '@ips/contracts';
import { INELIGIBLE_REASONS, SOC_CODES } from './journey-model';
import type { PlannedEvent, PlannedRole } from './planned-event';
import { RETRACTION_REASONS } from './site-mess';

// A participant's plan waits months of simulated time before its last event goes up. As
// objects (an event and its data each) it would be hundreds of thousands of long-lived
// objects for the garbage collector to copy and mark; packed, it is one Float64Array per
// participant. Every field of every event type is a number or an index into a vocabulary.

export const STRIDE = 13;
export const F_UPLOAD = 0;
export const F_DAY = 1;
/** creation order within the participant: the key of the event's id */
export const F_ORDER = 2;
export const F_ROLE = 3;
export const F_TYPE = 4;
export const F_VARIANT = 5;
/** a duplicate: the order of the event it repeats (whose eventId it reuses); else -1 */
export const F_REF = 6;
const F_DATA = 7;

export const ROLES: readonly PlannedRole[] = [
  'truth',
  'wrong',
  'retraction',
  'duplicate',
  'state_problem',
  'invalid',
  'superseded',
];
export const ROLE = Object.fromEntries(ROLES.map((r, i) => [r, i])) as Record<PlannedRole, number>;
export const TYPE = Object.fromEntries(EVENT_TYPES.map((t, i) => [t, i])) as Record<EventType, number>;

const SOC_LIST = SOC_CODES.map(([code]) => code);
const JOB_IDS = Array.from({ length: 64 }, (_, n) => `job-${n}`);
const ABSENT = -1;

function indexIn(list: readonly unknown[], value: unknown): number {
  return value === undefined ? ABSENT : list.indexOf(value);
}

function jobNumber(jobId: unknown): number {
  return Number(String(jobId).slice(4));
}

/** Packs planned events (already in upload order) into one array. */
export function packPlan(events: readonly PlannedEvent[]): Float64Array {
  const packed = new Float64Array(events.length * STRIDE);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    // a duplicate or invalid copy carries its original's content
    const content = e.role === 'duplicate' || e.role === 'invalid' ? (e.ref as PlannedEvent) : e;
    const at = i * STRIDE;
    packed[at + F_UPLOAD] = e.upload;
    packed[at + F_DAY] = content.day;
    packed[at + F_ORDER] = e.order;
    packed[at + F_ROLE] = ROLE[e.role];
    packed[at + F_TYPE] = TYPE[content.type];
    packed[at + F_VARIANT] = e.variant;
    // a duplicate goes up under its original's eventId
    packed[at + F_REF] = e.role === 'duplicate' ? (e.ref as PlannedEvent).order : ABSENT;
    if (content.type === 'event.retracted') {
      packed[at + F_DATA] = RETRACTION_REASONS.indexOf(content.data.reason as string);
      packed[at + F_DATA + 1] = (content.ref as PlannedEvent).order;
      continue;
    }
    encodeData(content.type, content.data, packed, at + F_DATA);
  }
  return packed;
}

function encodeData(type: EventType, d: Record<string, unknown>, out: Float64Array, at: number): void {
  switch (type) {
    case 'participant.referred':
      out[at] = indexIn(CONDITIONS, d.condition);
      out[at + 1] = indexIn(REFERRAL_SOURCES, d.referralSource);
      out[at + 2] = indexIn(EMPLOYMENT_STATUSES, d.employmentStatus);
      out[at + 3] = indexIn(AGE_BANDS, d.ageBand);
      out[at + 4] = indexIn(SEXES, d.sex);
      return;
    case 'participant.eligibility_assessed':
      out[at] = d.eligible ? 1 : 0;
      out[at + 1] = indexIn(INELIGIBLE_REASONS, d.reason);
      return;
    case 'participant.consented':
      return;
    case 'participant.randomised':
      out[at] = indexIn(ARMS, d.arm);
      return;
    case 'participant.withdrawn':
      out[at] = indexIn(WITHDRAWAL_REASONS, d.reason);
      return;
    case 'job.started':
      out[at] = jobNumber(d.jobId);
      out[at + 1] = d.hoursPerWeek as number;
      out[at + 2] = d.competitive ? 1 : 0;
      out[at + 3] = d.selfEmployed === undefined ? ABSENT : d.selfEmployed ? 1 : 0;
      out[at + 4] = d.hourlyWagePence === undefined ? ABSENT : (d.hourlyWagePence as number);
      out[at + 5] = indexIn(SOC_LIST, d.socCode);
      return;
    case 'job.hours_changed':
      out[at] = jobNumber(d.jobId);
      out[at + 1] = d.hoursPerWeek as number;
      return;
    case 'job.ended':
      out[at] = jobNumber(d.jobId);
      out[at + 1] = indexIn(JOB_END_REASONS, d.reason);
      return;
    case 'job.retention_checked':
      out[at] = jobNumber(d.jobId);
      out[at + 1] = d.inWork ? 1 : 0;
      return;
    case 'wellbeing.measured':
      out[at] = indexIn(WELLBEING_INSTRUMENTS, d.instrument);
      out[at + 1] = d.score as number;
      return;
    case 'event.retracted':
      return;
  }
}

/** The contract's `data` of the packed event at `at`; a retraction needs the retracted event's id. */
export function decodeData(
  p: Float64Array,
  at: number,
  retractedEventId: string | null,
): Record<string, unknown> {
  const d = at + F_DATA;
  switch (EVENT_TYPES[p[at + F_TYPE]]) {
    case 'participant.referred': {
      const data: Record<string, unknown> = {
        condition: CONDITIONS[p[d]],
        referralSource: REFERRAL_SOURCES[p[d + 1]],
        employmentStatus: EMPLOYMENT_STATUSES[p[d + 2]],
      };
      if (p[d + 3] !== ABSENT) data.ageBand = AGE_BANDS[p[d + 3]];
      if (p[d + 4] !== ABSENT) data.sex = SEXES[p[d + 4]];
      return data;
    }
    case 'participant.eligibility_assessed':
      return p[d + 1] === ABSENT
        ? { eligible: p[d] === 1 }
        : { eligible: p[d] === 1, reason: INELIGIBLE_REASONS[p[d + 1]] };
    case 'participant.consented':
      return {};
    case 'participant.randomised':
      return { arm: ARMS[p[d]] };
    case 'participant.withdrawn':
      return { reason: WITHDRAWAL_REASONS[p[d]] };
    case 'job.started': {
      const data: Record<string, unknown> = {
        jobId: JOB_IDS[p[d]],
        hoursPerWeek: p[d + 1],
        competitive: p[d + 2] === 1,
      };
      if (p[d + 3] !== ABSENT) data.selfEmployed = p[d + 3] === 1;
      if (p[d + 4] !== ABSENT) data.hourlyWagePence = p[d + 4];
      if (p[d + 5] !== ABSENT) data.socCode = SOC_LIST[p[d + 5]];
      return data;
    }
    case 'job.hours_changed':
      return { jobId: JOB_IDS[p[d]], hoursPerWeek: p[d + 1] };
    case 'job.ended':
      return { jobId: JOB_IDS[p[d]], reason: JOB_END_REASONS[p[d + 1]] };
    case 'job.retention_checked':
      return { jobId: JOB_IDS[p[d]], inWork: p[d + 1] === 1 };
    case 'event.retracted':
      return { retractedEventId, reason: RETRACTION_REASONS[p[d]] };
    case 'wellbeing.measured':
      return { instrument: WELLBEING_INSTRUMENTS[p[d]], score: p[d + 1] };
    default:
      throw new RangeError(`no event type with code ${p[at + F_TYPE]}`);
  }
}

/** For a retraction (or a duplicate of one): the order of the event it retracts. */
export function retractedOrder(p: Float64Array, at: number): number {
  return p[at + F_DATA + 1];
}

/** Reads one data slot (eligible, arm, competitive …) without building the data object. */
export function dataSlot(p: Float64Array, at: number, slot: number): number {
  return p[at + F_DATA + slot];
}

import isLength from 'validator/lib/isLength';
import isUUID from 'validator/lib/isUUID';
import { isCalendarDate } from './calendar-date';
import type { EventEnvelope } from './participant-event';
import {
  AGE_BANDS,
  ARMS,
  CONDITIONS,
  EARLIEST_OCCURRED_ON,
  EMPLOYMENT_STATUSES,
  EVENT_TYPES,
  JOB_END_REASONS,
  MAX_HOURS_PER_WEEK,
  MAX_JOB_ID_LENGTH,
  MAX_REASON_LENGTH,
  PARTICIPANT_ID_PATTERN,
  WELLBEING_INSTRUMENTS,
  wellbeingScaleOf,
  REFERRAL_SOURCES,
  SEXES,
  SITE_ID_PATTERN,
  WITHDRAWAL_REASONS,
  type EventType,
} from './vocabulary';
import { isPlainObject, validateEnvelope, type EnvelopeCheck, type EnvelopeRules } from './validate-event';

// The same contract as the class-validator DTOs (validate-event.ts), written out by hand for
// the projector's hot path, where every message read from Kafka is checked before use. It
// only decides valid or not (and canonicalises); the reasons for a rejection come from the
// DTOs. fast-envelope-check.spec.ts holds the two to the same decision on arbitrary input,
// and validator.js's own isUUID/isLength keep the subtle rules identical.

type FieldRule = (value: unknown) => boolean;
interface DataSchema {
  required: Record<string, FieldRule>;
  optional: Record<string, FieldRule>;
  /** a rule across fields, run once every field passed its own */
  whole?: (data: Record<string, unknown>) => boolean;
}

const oneOf =
  (values: readonly unknown[]): FieldRule =>
  (v) =>
    values.some((x) => x === v);
const isString = (v: unknown): v is string => typeof v === 'string' || v instanceof String;
const isBoolean: FieldRule = (v) => typeof v === 'boolean' || v instanceof Boolean;
const lengthBetween =
  (min: number, max: number): FieldRule =>
  (v) =>
    isString(v) && isLength(String(v), { min, max });
const uuid: FieldRule = (v) => isString(v) && isUUID(String(v), 'all');
const jobId = lengthBetween(1, MAX_JOB_ID_LENGTH);
const hours: FieldRule = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_HOURS_PER_WEEK;
const reason = lengthBetween(1, MAX_REASON_LENGTH);

const DATA: { [T in EventType]: DataSchema } = {
  'participant.referred': {
    required: {
      condition: oneOf(CONDITIONS),
      referralSource: oneOf(REFERRAL_SOURCES),
      employmentStatus: oneOf(EMPLOYMENT_STATUSES),
    },
    optional: { ageBand: oneOf(AGE_BANDS), sex: oneOf(SEXES) },
  },
  'participant.eligibility_assessed': {
    required: { eligible: isBoolean },
    optional: { reason: lengthBetween(0, MAX_REASON_LENGTH) },
  },
  'participant.consented': { required: {}, optional: {} },
  'participant.randomised': { required: { arm: oneOf(ARMS) }, optional: {} },
  'participant.withdrawn': { required: { reason: oneOf(WITHDRAWAL_REASONS) }, optional: {} },
  'job.started': {
    required: { jobId, hoursPerWeek: hours, competitive: isBoolean },
    optional: {
      selfEmployed: isBoolean,
      hourlyWagePence: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0,
      socCode: (v) => isString(v) && /^[0-9]{4}$/.test(String(v)),
    },
  },
  'job.hours_changed': { required: { jobId, hoursPerWeek: hours }, optional: {} },
  'job.ended': { required: { jobId, reason: oneOf(JOB_END_REASONS) }, optional: {} },
  'job.retention_checked': { required: { jobId, inWork: isBoolean }, optional: {} },
  'event.retracted': { required: { retractedEventId: uuid, reason }, optional: {} },
  'wellbeing.measured': {
    required: {
      instrument: oneOf(WELLBEING_INSTRUMENTS),
      score: (v) => typeof v === 'number' && Number.isInteger(v),
    },
    optional: {},
    whole: (data) => {
      const scale = wellbeingScaleOf(data.instrument);
      const score = data.score as number;
      return scale !== undefined && score >= scale.min && score <= scale.max;
    },
  },
};

const ENVELOPE_KEYS = new Set([
  'eventId',
  'type',
  'schemaVersion',
  'siteId',
  'participantId',
  'occurredOn',
  'data',
]);
const isEventType = oneOf(EVENT_TYPES);

/** Is `raw` a valid envelope? Returns it in canonical form, or null. */
export function fastEnvelopeCheck(raw: unknown, rules: EnvelopeRules): EventEnvelope | null {
  if (!isPlainObject(raw)) return null;
  for (const key of Object.keys(raw)) if (!ENVELOPE_KEYS.has(key)) return null;
  const { eventId, type, schemaVersion, siteId, participantId, occurredOn, data } = raw;
  if (!uuid(eventId) || !isEventType(type) || schemaVersion !== 1) return null;
  if (!isString(siteId) || !SITE_ID_PATTERN.test(String(siteId))) return null;
  if (!isString(participantId) || !PARTICIPANT_ID_PATTERN.test(String(participantId))) return null;
  if (!isString(occurredOn)) return null;
  const day = String(occurredOn);
  if (!isCalendarDate(day) || day < EARLIEST_OCCURRED_ON || day > rules.latestOccurredOn) return null;
  if (!isPlainObject(data)) return null;

  const schema = DATA[type as EventType];
  const canonicalData: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    const value = data[key];
    // own-property lookups only: `__proto__` must not find Object.prototype
    const required = Object.hasOwn(schema.required, key) ? schema.required[key] : undefined;
    const optional = Object.hasOwn(schema.optional, key) ? schema.optional[key] : undefined;
    if (required) {
      if (value === undefined || value === null || !required(value)) return null;
    } else if (optional) {
      // class-validator's IsOptional: undefined and null are "absent"
      if (value !== undefined && value !== null && !optional(value)) return null;
    } else {
      return null;
    }
  }
  for (const key of Object.keys(schema.required)) if (!(key in data) || data[key] === undefined) return null;
  if (schema.whole && !schema.whole(data)) return null;
  for (const key of Object.keys(data).sort()) {
    const value = data[key];
    canonicalData[key] =
      key === 'retractedEventId' && typeof value === 'string' ? value.toLowerCase() : value;
  }
  return {
    eventId: String(eventId).toLowerCase(),
    type,
    schemaVersion: 1,
    siteId: String(siteId),
    participantId: String(participantId),
    occurredOn: day,
    data: canonicalData,
  } as EventEnvelope;
}

/**
 * The contract check for the hot paths (every event the ingest accepts, every message the
 * projector reads): the hand-written check decides, and only a rejection runs the
 * class-validator DTOs, for their field-by-field errors. Should the two ever disagree, the
 * DTOs — the contract — have the last word.
 */
export function checkEnvelope(raw: unknown, rules: EnvelopeRules): EnvelopeCheck {
  const envelope = fastEnvelopeCheck(raw, rules);
  return envelope ? { ok: true, envelope } : validateEnvelope(raw, rules);
}

import { validateSync, type ValidationError } from 'class-validator';
import { EVENT_DATA_DTOS } from './event-data.dto';
import { EventEnvelopeDto } from './event-envelope.dto';
import { isCalendarDate } from './calendar-date';
import type { EventEnvelope, FieldError } from './participant-event';
import { EARLIEST_OCCURRED_ON, EVENT_TYPES, type EventType } from './vocabulary';

export interface EnvelopeRules {
  /** latest acceptable occurredOn (inclusive), YYYY-MM-DD */
  latestOccurredOn: string;
}

export type EnvelopeCheck =
  { ok: true; envelope: EventEnvelope } | { ok: false; errors: FieldError[]; eventId: string | null };

// The same semantics as ValidationPipe({ whitelist, forbidNonWhitelisted, transform }),
// applied per event so a batch can be partly accepted.
const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  // our instances are always DTO classes; ConsentedDataDto has no decorators at all
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
} as const;

/** Validates one envelope against contract version 1 and returns it in canonical form. */
export function validateEnvelope(raw: unknown, rules: EnvelopeRules): EnvelopeCheck {
  if (!isPlainObject(raw)) {
    return { ok: false, eventId: null, errors: [{ path: '', message: 'event must be a JSON object' }] };
  }
  const eventId = typeof raw.eventId === 'string' ? raw.eventId : null;
  const errors = flatten(validateSync(toInstance(EventEnvelopeDto, raw), VALIDATOR_OPTIONS), '', raw);

  if (typeof raw.occurredOn === 'string' && !errors.some((e) => e.path === 'occurredOn')) {
    const dateError = occurredOnError(raw.occurredOn, rules);
    if (dateError) errors.push({ path: 'occurredOn', message: dateError });
  }

  const type = raw.type;
  if (isEventType(type) && isPlainObject(raw.data)) {
    const dto = EVENT_DATA_DTOS[type];
    errors.push(...flatten(validateSync(toInstance(dto, raw.data), VALIDATOR_OPTIONS), 'data', raw.data));
    errors.push(...prototypeKeys(raw.data, 'data'));
  }
  errors.push(...prototypeKeys(raw, ''));
  if (errors.length > 0) return { ok: false, eventId, errors };

  return { ok: true, envelope: canonicalEnvelope(raw as unknown as EventEnvelope) };
}

function occurredOnError(value: string, rules: EnvelopeRules): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'occurredOn must be an ISO date YYYY-MM-DD';
  if (!isCalendarDate(value)) return `occurredOn must be a real calendar date (${value} does not exist)`;
  if (value < EARLIEST_OCCURRED_ON) return `occurredOn must not be before ${EARLIEST_OCCURRED_ON}`;
  if (value > rules.latestOccurredOn) return 'occurredOn must not be in the future';
  return null;
}

/** A fresh object holding only contract fields, ids lower-cased (a UUID is case-insensitive). */
function canonicalEnvelope(e: EventEnvelope): EventEnvelope {
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(e.data).sort()) {
    const value = (e.data as Record<string, unknown>)[key];
    data[key] = key === 'retractedEventId' && typeof value === 'string' ? value.toLowerCase() : value;
  }
  return {
    eventId: e.eventId.toLowerCase(),
    type: e.type,
    schemaVersion: 1,
    siteId: e.siteId,
    participantId: e.participantId,
    occurredOn: e.occurredOn,
    data,
  } as EventEnvelope;
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// Own properties are defined, never assigned, so a `__proto__` key in the JSON cannot
// change the instance's prototype; it is reported as an unknown field instead.
function toInstance<T extends object>(cls: new () => T, source: Record<string, unknown>): T {
  const instance = new cls();
  for (const key of Object.keys(source)) {
    Object.defineProperty(instance, key, {
      value: source[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return instance;
}

// class-validator's whitelist looks field names up in a plain object, so `__proto__` (an
// own key after JSON.parse) slips through it as if it were declared. Refuse it here.
function prototypeKeys(source: Record<string, unknown>, prefix: string): FieldError[] {
  return Object.keys(source)
    .filter((key) => key === '__proto__' || key === 'constructor' || key === 'prototype')
    .filter((key) => Object.prototype.hasOwnProperty.call(source, key))
    .map((key) => {
      const path = prefix ? `${prefix}.${key}` : key;
      return { path, message: `${path} is not a field of this event (unknown fields are rejected)` };
    });
}

const TYPE_RULES = ['isString', 'isNumber', 'isBoolean', 'isInt', 'isObject', 'equals'];

// One clear message per field: a missing field is "required"; a field of the wrong type
// reports the type rule alone (not also "must match" and "must not be greater than").
function flatten(errors: ValidationError[], prefix: string, source: Record<string, unknown>): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.some(([rule]) => rule === 'whitelistValidation')) {
      out.push({ path, message: `${path} is not a field of this event (unknown fields are rejected)` });
      continue;
    }
    if (source[error.property] === undefined || source[error.property] === null) {
      out.push({ path, message: `${path} is required` });
      continue;
    }
    const typeRule = constraints.find(([rule]) => TYPE_RULES.includes(rule));
    for (const [, message] of typeRule ? [typeRule] : constraints) {
      out.push({ path, message: prefix ? `${prefix}.${message}` : message });
    }
  }
  return out;
}

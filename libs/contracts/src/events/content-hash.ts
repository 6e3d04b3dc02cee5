import { createHash } from 'node:crypto';
import type { EventEnvelope } from './participant-event';

/**
 * SHA-256 over a canonical JSON form of the envelope (keys sorted at every level).
 * Equal hashes mean "the same event sent again"; a different hash under the same
 * eventId is a conflict.
 */
export function eventContentHash(envelope: EventEnvelope): Buffer {
  return createHash('sha256').update(canonicalJson(envelope)).digest();
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

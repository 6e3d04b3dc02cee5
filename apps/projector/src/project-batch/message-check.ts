import {
  checkEnvelope,
  HEADER_SCHEMA_VERSION,
  HEADER_TYPE,
  isPlainObject,
  latestAcceptableDate,
  participantKey,
  TRIAL_ID_PATTERN,
  type RecordedEvent,
} from '@ips/contracts';

export interface IncomingMessage {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string | undefined>;
}

export type CheckedMessage =
  | { ok: true; message: IncomingMessage; event: RecordedEvent }
  | { ok: false; message: IncomingMessage; reason: string };

/**
 * The schema check every message passes before any handler sees it: JSON, a known type and
 * version, the envelope contract, the server-side fields, and a key that matches.
 */
export function checkMessage(message: IncomingMessage): CheckedMessage {
  const fail = (reason: string): CheckedMessage => ({ ok: false, message, reason });
  if (!message.value) return fail('empty message value');
  let body: unknown;
  try {
    body = JSON.parse(message.value.toString('utf8'));
  } catch {
    return fail('value is not valid JSON');
  }
  if (!isPlainObject(body)) return fail('value is not a JSON object');
  const { trialId, recordedAt, ...envelope } = body;
  if (typeof trialId !== 'string' || !TRIAL_ID_PATTERN.test(trialId))
    return fail('trialId is missing or malformed');
  if (typeof recordedAt !== 'string' || Number.isNaN(Date.parse(recordedAt)))
    return fail('recordedAt is missing or not a timestamp');
  if (envelope.schemaVersion !== 1)
    return fail(`unsupported schemaVersion ${JSON.stringify(envelope.schemaVersion)}`);

  // "not in the future" is judged against when the ingest accepted the event
  const rules = { latestOccurredOn: latestAcceptableDate(new Date(recordedAt)) };
  const check = checkEnvelope(envelope, rules);
  if (!check.ok)
    return fail(
      `contract violation: ${check.errors.map((e) => `${e.path || 'event'}: ${e.message}`).join('; ')}`,
    );
  const event = { ...check.envelope, trialId, recordedAt } as RecordedEvent;

  const headerType = message.headers[HEADER_TYPE];
  if (headerType !== undefined && headerType !== event.type)
    return fail(`header type ${headerType} does not match the value's type`);
  const headerVersion = message.headers[HEADER_SCHEMA_VERSION];
  if (headerVersion !== undefined && headerVersion !== '1')
    return fail(`unsupported schemaVersion header ${headerVersion}`);
  const key = message.key?.toString('utf8');
  if (key !== participantKey(event.siteId, event.participantId))
    return fail('message key does not match siteId:participantId');
  return { ok: true, message, event };
}

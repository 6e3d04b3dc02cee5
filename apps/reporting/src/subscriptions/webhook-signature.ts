import { createHmac, timingSafeEqual } from 'node:crypto';

// Every delivery is signed so a subscriber can tell it came from us and was not altered
// or replayed:
//   X-IPS-Timestamp: <unix seconds when sent>
//   X-IPS-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
// A subscriber recomputes the HMAC over the exact bytes received, compares in constant
// time, and rejects timestamps more than 5 minutes from its own clock.

export const TIMESTAMP_HEADER = 'X-IPS-Timestamp';
export const SIGNATURE_HEADER = 'X-IPS-Signature';
export const DELIVERY_HEADER = 'X-IPS-Delivery';
export const EVENT_HEADER = 'X-IPS-Event';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** What a subscriber does on receipt; used by our tests and shown in the docs. */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS)
    return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

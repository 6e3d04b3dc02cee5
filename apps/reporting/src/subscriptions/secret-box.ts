import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SealedSecret, SecretSealer } from '@ips/persistence';

// Webhook secrets sign every delivery, so they must be readable by the service: they are
// sealed at rest with AES-256-GCM (authenticated: a tampered row fails to open) under a
// key from the REPORTING_SECRET_KEY setting, never stored or logged in clear.

const IV_BYTES = 12;
const TAG_BYTES = 16;

// The sealed form is the stores' (libs/persistence), which keep it in their rows.
export type { SealedSecret } from '@ips/persistence';

export class SecretKeyMismatchError extends Error {
  constructor(readonly keyId: string) {
    super(`secret was sealed under key ${keyId}, which is not the configured REPORTING_SECRET_KEY`);
    this.name = 'SecretKeyMismatchError';
  }
}

/** REPORTING_SECRET_KEY: exactly 32 bytes, as 64 hex digits or base64. */
export function parseSecretKey(raw: string): Buffer {
  const text = raw.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(text)) key = Buffer.from(text, 'hex');
  else if (/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(text))
    key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== 32) throw new Error('must be 32 bytes, written as 64 hex digits or as base64');
  if (key.every((b) => b === key![0])) throw new Error('must be random, not one byte repeated');
  return key;
}

export class SecretBox implements SecretSealer {
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  seal(secret: string, associatedData: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    // binding the row's id means a sealed secret copied onto another subscription will not open
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return { sealed: Buffer.concat([iv, cipher.getAuthTag(), body]), keyId: this.keyId };
  }

  open(sealed: SealedSecret, associatedData: string): string {
    if (sealed.keyId !== this.keyId) throw new SecretKeyMismatchError(sealed.keyId);
    const iv = sealed.sealed.subarray(0, IV_BYTES);
    const tag = sealed.sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const body = sealed.sealed.subarray(IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}

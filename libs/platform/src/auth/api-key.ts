import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// API keys: 256 random bits, shown once, stored only as SHA-256 hashes.
export const API_KEY_PREFIX = 'ipsk_';
const API_KEY_SHAPE = /^ipsk_[A-Za-z0-9_-]{43}$/;

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function isWellFormedApiKey(key: string): boolean {
  return API_KEY_SHAPE.test(key);
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Keys we issue are `ipsk_` + 43 base64url characters; ADMIN_API_KEY may be any 32–256 visible characters. */
export function isAcceptableKeyText(key: string): boolean {
  return key.length >= 32 && key.length <= 256 && /^[\x21-\x7e]+$/.test(key);
}

import { randomBytes } from 'node:crypto';
import { parseSecretKey, SecretBox, SecretKeyMismatchError } from './secret-box';

describe('webhook secrets at rest (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32));

  it('seals and opens a secret; the sealed form does not contain it', () => {
    const sealed = box.seal('my webhook secret 123', 'sub-1');
    expect(sealed.sealed.includes(Buffer.from('my webhook secret'))).toBe(false);
    expect(box.open(sealed, 'sub-1')).toBe('my webhook secret 123');
  });

  it('seals the same secret differently every time (random IV)', () => {
    expect(box.seal('same', 'x').sealed.equals(box.seal('same', 'x').sealed)).toBe(false);
  });

  it('refuses a tampered secret, or one copied onto another subscription', () => {
    const sealed = box.seal('my webhook secret 123', 'sub-1');
    const tampered = Buffer.from(sealed.sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => box.open({ ...sealed, sealed: tampered }, 'sub-1')).toThrow();
    expect(() => box.open(sealed, 'sub-2')).toThrow();
  });

  it('says so when a secret was sealed under another key', () => {
    const sealed = new SecretBox(randomBytes(32)).seal('secret', 'sub-1');
    expect(() => box.open(sealed, 'sub-1')).toThrow(SecretKeyMismatchError);
  });

  it('takes the key as 64 hex digits or base64, and nothing weaker', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64url')).equals(key)).toBe(true);
    expect(() => parseSecretKey('too-short')).toThrow(/32 bytes/);
    expect(() => parseSecretKey('00'.repeat(32))).toThrow(/random/);
  });
});

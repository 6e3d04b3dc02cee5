import { randomBytes, randomUUID } from 'node:crypto';
import { CONFIRM_LINK_DAYS, LinkTokens } from './link-token';

describe('e-mail link tokens', () => {
  const tokens = new LinkTokens(randomBytes(32));
  const id = randomUUID();
  const at = new Date('2018-07-01T06:00:00Z');

  it('round-trips purpose, subscription and issue time', () => {
    const token = tokens.issue('unsubscribe', id, at);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(tokens.check(token, 'unsubscribe', new Date('2030-01-01T00:00:00Z'))).toEqual({
      ok: true,
      purpose: 'unsubscribe',
      subscriptionId: id,
      issuedAt: at,
    });
  });

  it('refuses a token changed in any character, made under another key, or used for the other purpose', () => {
    const token = tokens.issue('confirm', id, at);
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const changed = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
      expect(tokens.check(changed, 'confirm', at).ok).toBe(false);
    }
    expect(new LinkTokens(randomBytes(32)).check(token, 'confirm', at)).toEqual({
      ok: false,
      reason: 'forged',
    });
    expect(tokens.check(token, 'unsubscribe', at)).toEqual({ ok: false, reason: 'malformed' });
    expect(tokens.check('', 'confirm', at)).toEqual({ ok: false, reason: 'malformed' });
  });

  it(`lets a confirm link expire after ${CONFIRM_LINK_DAYS} days, never an unsubscribe link`, () => {
    const confirm = tokens.issue('confirm', id, at);
    const day = 86_400_000;
    expect(tokens.check(confirm, 'confirm', new Date(at.getTime() + CONFIRM_LINK_DAYS * day)).ok).toBe(true);
    expect(tokens.check(confirm, 'confirm', new Date(at.getTime() + CONFIRM_LINK_DAYS * day + 1000))).toEqual(
      {
        ok: false,
        reason: 'expired',
      },
    );
    const unsubscribe = tokens.issue('unsubscribe', id, at);
    expect(tokens.check(unsubscribe, 'unsubscribe', new Date(at.getTime() + 3650 * day)).ok).toBe(true);
  });

  it('digests an address under its own key: the same for the same address, different under another key', () => {
    expect(tokens.addressDigest('lead@example.org')).toBe(tokens.addressDigest('lead@example.org'));
    expect(tokens.addressDigest('lead@example.org')).toMatch(/^[0-9a-f]{64}$/);
    expect(new LinkTokens(randomBytes(32)).addressDigest('lead@example.org')).not.toBe(
      tokens.addressDigest('lead@example.org'),
    );
  });
});

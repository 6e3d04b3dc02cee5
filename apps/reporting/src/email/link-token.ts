import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

// The links in e-mails (confirm, unsubscribe) carry a token that proves the holder got
// that e-mail: the purpose, the subscription and the time it was issued, with an
// HMAC-SHA256 (128 bits kept) under a key derived (HKDF) from REPORTING_SECRET_KEY, so
// the sealing key itself never signs anything. Nothing is stored per token. A confirm
// link lasts CONFIRM_LINK_DAYS; an unsubscribe link works for as long as the key is the same.

export type LinkPurpose = 'confirm' | 'unsubscribe';

export const CONFIRM_LINK_DAYS = 7;
const MAC_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type TokenCheck =
  | { ok: true; purpose: LinkPurpose; subscriptionId: string; issuedAt: Date }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export class LinkTokens {
  private readonly key: Buffer;

  constructor(secretKey: Buffer) {
    this.key = Buffer.from(
      hkdfSync('sha256', secretKey, Buffer.alloc(0), 'ips-outcomes email link tokens v1', 32),
    );
  }

  /** A keyed digest of an address: finds a repeated subscription without a readable address. */
  addressDigest(canonicalAddress: string): string {
    return createHmac('sha256', this.key).update(`address:${canonicalAddress}`).digest('hex');
  }

  issue(purpose: LinkPurpose, subscriptionId: string, at: Date): string {
    const issued = Math.floor(at.getTime() / 1000).toString(36);
    const body = `${purpose === 'confirm' ? 'c' : 'u'}.${subscriptionId.replace(/-/g, '')}.${issued}`;
    return `${body}.${this.mac(body)}`;
  }

  check(token: string, expected: LinkPurpose, now: Date): TokenCheck {
    const m = /^([cu])\.([0-9a-f]{32})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/.exec(token);
    if (!m) return { ok: false, reason: 'malformed' };
    const purpose: LinkPurpose = m[1] === 'c' ? 'confirm' : 'unsubscribe';
    // compared as text: base64url's last character carries spare bits a byte comparison would ignore
    const given = Buffer.from(m[4], 'utf8');
    const wanted = Buffer.from(this.mac(`${m[1]}.${m[2]}.${m[3]}`), 'utf8');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
      return { ok: false, reason: 'forged' };
    if (purpose !== expected) return { ok: false, reason: 'malformed' };
    const hex = m[2];
    const subscriptionId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    if (!UUID.test(subscriptionId)) return { ok: false, reason: 'malformed' };
    const issuedAt = new Date(parseInt(m[3], 36) * 1000);
    if (purpose === 'confirm' && now.getTime() - issuedAt.getTime() > CONFIRM_LINK_DAYS * 86_400_000)
      return { ok: false, reason: 'expired' };
    return { ok: true, purpose, subscriptionId, issuedAt };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, MAC_BYTES).toString('base64url');
  }
}

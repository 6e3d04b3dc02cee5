import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signatures', () => {
  const body = JSON.stringify({ event: 'report.published', reportId: 'r1' });

  it('is sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">, as documented', () => {
    const expected = createHmac('sha256', 'secret-of-sixteen').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('secret-of-sixteen', 1700000000, body)).toBe(`sha256=${expected}`);
  });

  it('verifies a fresh signature and refuses a changed body, another secret, or an old timestamp', () => {
    const signature = signWebhook('secret-of-sixteen', 1700000000, body);
    expect(verifyWebhook('secret-of-sixteen', { timestamp: '1700000000', signature }, body, 1700000100)).toBe(
      true,
    );
    expect(
      verifyWebhook('secret-of-sixteen', { timestamp: '1700000000', signature }, body + ' ', 1700000100),
    ).toBe(false);
    expect(verifyWebhook('another-secret-16', { timestamp: '1700000000', signature }, body, 1700000100)).toBe(
      false,
    );
    expect(
      verifyWebhook('secret-of-sixteen', { timestamp: '1700000000', signature }, body, 1700000000 + 301),
    ).toBe(false);
    expect(verifyWebhook('secret-of-sixteen', { timestamp: undefined, signature }, body, 1700000000)).toBe(
      false,
    );
  });
});

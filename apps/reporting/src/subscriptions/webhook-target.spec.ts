import { isInternalAddress, webhookUrlProblem } from './webhook-target';

describe('webhook URLs', () => {
  it.each([
    ['ftp://example.org/x', /https/],
    ['not a url', /absolute/],
    ['https://user:pass@example.org/x', /credentials/],
    ['https://example.org/x#frag', /fragment/],
    ['http://localhost:8080/hook', /local/],
    ['http://127.0.0.1:8080/hook', /loopback/],
    ['http://10.1.2.3/hook', /private/],
    ['http://169.254.169.254/latest/meta-data', /link-local/],
    ['http://[::1]:9000/hook', /loopback/],
  ])('refuses %s', (url, message) => {
    expect(webhookUrlProblem(url, false)).toMatch(message);
  });

  it('accepts public https URLs, and internal ones only when allowed', () => {
    expect(webhookUrlProblem('https://hooks.example.org/ips?team=a', false)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
  });

  it('knows internal addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.1.1',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
    ]) {
      expect(isInternalAddress(a)).toBe(true);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '2001:db8::1']) expect(isInternalAddress(a)).toBe(false);
  });
});

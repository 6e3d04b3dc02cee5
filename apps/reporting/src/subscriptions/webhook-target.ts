import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

// Webhook URLs are chosen by API users, so the service must not be turned into a way of
// calling internal systems (SSRF): unless WEBHOOK_ALLOW_PRIVATE_NETWORKS is set, a URL
// may not name, or resolve to, a loopback, private, link-local or otherwise internal
// address. It is checked when the subscription is made and again before every delivery
// (DNS can change), and redirects are never followed.

export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must use https (or http)';
  if (url.username || url.password) return 'url must not carry credentials; use the secret';
  if (url.hash) return 'url must not have a fragment';
  if (!allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (
      host === 'localhost' ||
      host.endsWith('.localhost') ||
      host.endsWith('.internal') ||
      host.endsWith('.local')
    )
      return 'url must not point at a local or internal host';
    if (isIP(host) && isInternalAddress(host))
      return 'url must not point at a loopback, private or link-local address';
  }
  return null;
}

/** Resolves the URL's host; true when any address it resolves to is internal. */
export async function resolvesToInternalAddress(raw: string): Promise<boolean> {
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isInternalAddress(host);
  const addresses = await lookup(host, { all: true, verbatim: true });
  return addresses.some((a) => isInternalAddress(a.address));
}

export function isInternalAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  const v6 = address.toLowerCase();
  if (v6.startsWith('::ffff:')) return isInternalAddress(v6.slice(7));
  return (
    v6 === '::' ||
    v6 === '::1' ||
    v6.startsWith('fc') ||
    v6.startsWith('fd') ||
    v6.startsWith('fe8') ||
    v6.startsWith('fe9') ||
    v6.startsWith('fea') ||
    v6.startsWith('feb') ||
    v6.startsWith('ff')
  );
}

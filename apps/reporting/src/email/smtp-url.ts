// SMTP_URL: where messages are handed over, as nodemailer reads it:
// smtp://host:587 (STARTTLS when offered), smtps://host:465 (TLS from the start), with
// optional user:password@ (URL-encoded). Anything else is a configuration error naming it.

export interface SmtpTarget {
  url: string;
  /** host:port only, for logs and /health (never the credentials) */
  endpoint: string;
  secure: boolean;
}

export function parseSmtpUrl(raw: string): SmtpTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be a URL like smtp://user:password@mail.example.org:587 or smtps://…:465');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new Error('must use the smtp:// or smtps:// scheme');
  if (!url.hostname) throw new Error('must name a host');
  if (url.pathname && url.pathname !== '/' && url.pathname !== '')
    throw new Error('must not have a path (only options after ?)');
  if (url.password && !url.username) throw new Error('has a password but no user');
  const secure = url.protocol === 'smtps:';
  const port = url.port || (secure ? '465' : '587');
  return { url: raw, endpoint: `${url.hostname}:${port}`, secure };
}

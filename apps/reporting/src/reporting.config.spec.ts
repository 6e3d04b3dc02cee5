import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '@ips/platform';
import { loadReportingConfig } from './reporting.config';

describe('reporting settings', () => {
  it('has working defaults: monthly at 06:00 London time, webhooks off without a key', () => {
    const config = loadReportingConfig({});
    expect(config).toMatchObject({
      port: 3003,
      projectorGroupId: 'ips-projector',
      defaultCron: '0 6 1 * *',
      defaultTimezone: 'Europe/London',
      tickSeconds: 60,
      catchUpDays: 92,
      trialPrefix: '',
      webhookAllowPrivateNetworks: false,
    });
    expect(config.secretKey).toBeUndefined();
    expect(config.publicUrl).toBeUndefined();
  });

  it('takes the webhook secret key as 64 hex digits', () => {
    const key = randomBytes(32);
    expect(loadReportingConfig({ REPORTING_SECRET_KEY: key.toString('hex') }).secretKey!.equals(key)).toBe(
      true,
    );
  });

  it.each([
    [{ REPORTING_SECRET_KEY: 'not-a-key' }, 'REPORTING_SECRET_KEY must be 32 bytes'],
    [{ REPORTING_DEFAULT_CRON: '0 25 * * *' }, 'REPORTING_DEFAULT_CRON cron "0 25 * * *" is not valid'],
    [
      { REPORTING_DEFAULT_TIMEZONE: 'Europe/Atlantis' },
      'REPORTING_DEFAULT_TIMEZONE timezone "Europe/Atlantis" is not an IANA time zone',
    ],
    [{ REPORTING_PUBLIC_URL: 'reports.example.org' }, 'REPORTING_PUBLIC_URL must match'],
    [{ REPORTING_TRIAL_PREFIX: 'a%' }, 'REPORTING_TRIAL_PREFIX must match'],
    [{ PROJECTOR_GROUP_ID: 'a group' }, 'PROJECTOR_GROUP_ID must match'],
  ])('stops on a bad setting and names it: %j', (env, message) => {
    expect(() => loadReportingConfig(env)).toThrow(ConfigurationError);
    expect(() => loadReportingConfig(env)).toThrow(message);
  });
});

describe('e-mail settings', () => {
  const key = randomBytes(32).toString('hex');

  it('is off without SMTP_URL, and reads the server, sender and retry settings with it', () => {
    expect(loadReportingConfig({}).smtp).toBeUndefined();
    const config = loadReportingConfig({
      SMTP_URL: 'smtp://user:pa%24s@mail.example.org:2525',
      EMAIL_FROM: 'IPS reports <reports@example.org>',
      REPORTING_SECRET_KEY: key,
    });
    expect(config.smtp).toEqual({
      url: 'smtp://user:pa%24s@mail.example.org:2525',
      endpoint: 'mail.example.org:2525',
      secure: false,
    });
    expect(config.emailFrom).toEqual({ name: 'IPS reports', address: 'reports@example.org' });
    expect(config).toMatchObject({ emailMaxAttempts: 10, emailRetryBaseMs: 60_000, emailTimeoutMs: 30_000 });
    expect(
      loadReportingConfig({
        SMTP_URL: 'smtps://mail.example.org',
        EMAIL_FROM: 'a@example.org',
        REPORTING_SECRET_KEY: key,
      }).smtp,
    ).toMatchObject({
      endpoint: 'mail.example.org:465',
      secure: true,
    });
  });

  it.each([
    [
      { SMTP_URL: 'http://mail.example.org', EMAIL_FROM: 'a@example.org' },
      'SMTP_URL must use the smtp:// or smtps:// scheme',
    ],
    [{ SMTP_URL: 'mail.example.org:25', EMAIL_FROM: 'a@example.org' }, 'SMTP_URL must'],
    [{ SMTP_URL: 'smtp://mail.example.org' }, 'EMAIL_FROM is required when SMTP_URL is set'],
    [{ SMTP_URL: 'smtp://mail.example.org', EMAIL_FROM: 'reports' }, 'EMAIL_FROM must be an e-mail address'],
    [
      { SMTP_URL: 'smtp://mail.example.org', EMAIL_FROM: 'a@example.org', REPORTING_SECRET_KEY: '' },
      'REPORTING_SECRET_KEY is required when SMTP_URL is set',
    ],
    [{ EMAIL_MAX_ATTEMPTS: '0' }, 'EMAIL_MAX_ATTEMPTS must be ≥ 1'],
  ])('stops on a bad e-mail setting and names it: %j', (env, message) => {
    const full = { REPORTING_SECRET_KEY: key, ...env };
    expect(() => loadReportingConfig(full)).toThrow(ConfigurationError);
    expect(() => loadReportingConfig(full)).toThrow(message);
  });
});

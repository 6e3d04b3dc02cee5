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

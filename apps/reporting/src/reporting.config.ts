import {
  ConfigurationError,
  databaseSettings,
  kafkaSettings,
  loggingSettings,
  readSettings,
  setting,
  type SettingSpec,
} from '@ips/platform';
import { parseFromAddress } from './email/email-address';
import { parseSmtpUrl } from './email/smtp-url';
import { parseSecretKey } from './subscriptions/secret-box';
import { validateSchedule } from './schedules/schedule-calendar';

export const REPORTING_SETTINGS = {
  ...databaseSettings,
  ...kafkaSettings,
  ...loggingSettings,
  host: setting.string('HOST', 'interface to listen on', { default: '127.0.0.1' }),
  port: setting.port('REPORTING_PORT', 'reporting HTTP port', 3003),
  rateLimitPerSecond: setting.int('RATE_LIMIT_PER_SECOND', 'requests per second per API key', {
    default: 50,
    min: 1,
  }),
  rateLimitBurst: setting.int('RATE_LIMIT_BURST', 'request burst per API key', { default: 100, min: 1 }),
  projectorGroupId: setting.string(
    'PROJECTOR_GROUP_ID',
    'consumer group of the projectors whose offsets reports record',
    {
      default: 'ips-projector',
      pattern: /^[A-Za-z0-9._-]+$/,
    },
  ),
  trialPrefix: setting.string(
    'REPORTING_TRIAL_PREFIX',
    'schedule and publish only trials whose id starts with this (default: every trial)',
    {
      default: '',
      pattern: /^[A-Za-z0-9_-]*$/,
    },
  ),
  secretKey: secretKeySetting(),
  publicUrl: setting.string(
    'REPORTING_PUBLIC_URL',
    'base URL readers reach this service at; links in messages and webhooks start with it',
    {
      pattern: /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
    },
  ),
  tickSeconds: setting.int(
    'REPORTING_TICK_SECONDS',
    'how often the scheduler looks for due reports (0: never; tests tick by hand)',
    {
      default: 60,
      min: 0,
      max: 3600,
    },
  ),
  dispatchMs: setting.int(
    'REPORTING_DISPATCH_MS',
    'how often pending Kafka messages and webhook deliveries are sent (0: never)',
    {
      default: 1000,
      min: 0,
      max: 600_000,
    },
  ),
  catchUpDays: setting.int(
    'REPORTING_CATCH_UP_DAYS',
    'scheduled interim reports missed within this many days are made up',
    {
      default: 92,
      min: 0,
      max: 3660,
    },
  ),
  defaultCron: cronSetting(
    'REPORTING_DEFAULT_CRON',
    'schedule of interim reports for a trial without its own',
    '0 6 1 * *',
  ),
  defaultTimezone: timezoneSetting(
    'REPORTING_DEFAULT_TIMEZONE',
    'time zone of the default schedule',
    'Europe/London',
  ),
  minScheduleIntervalSeconds: setting.int(
    'REPORTING_MIN_SCHEDULE_INTERVAL_SECONDS',
    'shortest gap a schedule may leave between two interim reports',
    {
      default: 3600,
      min: 1,
    },
  ),
  webhookTimeoutMs: setting.int('WEBHOOK_TIMEOUT_MS', 'time a subscriber has to answer a delivery', {
    default: 5000,
    min: 100,
    max: 60_000,
  }),
  webhookMaxAttempts: setting.int(
    'WEBHOOK_MAX_ATTEMPTS',
    'deliveries tried this many times, then marked failed',
    { default: 10, min: 1, max: 50 },
  ),
  webhookRetryBaseMs: setting.int('WEBHOOK_RETRY_BASE_MS', 'wait before the first retry; doubles each time', {
    default: 30_000,
    min: 10,
  }),
  webhookRetryMaxMs: setting.int('WEBHOOK_RETRY_MAX_MS', 'longest wait between retries', {
    default: 6 * 3600_000,
    min: 10,
  }),
  webhookAllowPrivateNetworks: setting.bool(
    'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
    'allow webhook URLs on loopback, private and link-local addresses (tests, closed networks)',
    false,
  ),
  chromiumPath: setting.string(
    'REPORTING_CHROMIUM_PATH',
    'Chromium used to print reports as PDF (empty: no PDF)',
    { default: '/usr/bin/chromium' },
  ),
  smtp: {
    name: 'SMTP_URL',
    describe:
      'SMTP server reports are e-mailed through, e.g. smtp://user:password@mail.example.org:587 (e-mail is off without it)',
    parse: parseSmtpUrl,
  } satisfies SettingSpec<ReturnType<typeof parseSmtpUrl>>,
  emailFrom: {
    name: 'EMAIL_FROM',
    describe: 'sender of report e-mails, e.g. "IPS reports <reports@example.org>" (required with SMTP_URL)',
    parse: parseFromAddress,
  } satisfies SettingSpec<ReturnType<typeof parseFromAddress>>,
  emailTimeoutMs: setting.int('EMAIL_TIMEOUT_MS', 'time the SMTP server has for each step of a delivery', {
    default: 30_000,
    min: 100,
    max: 600_000,
  }),
  emailMaxAttempts: setting.int('EMAIL_MAX_ATTEMPTS', 'e-mails tried this many times, then marked failed', {
    default: 10,
    min: 1,
    max: 50,
  }),
  emailRetryBaseMs: setting.int(
    'EMAIL_RETRY_BASE_MS',
    'wait before the first e-mail retry; doubles each time',
    {
      default: 60_000,
      min: 10,
    },
  ),
  emailRetryMaxMs: setting.int('EMAIL_RETRY_MAX_MS', 'longest wait between e-mail retries', {
    default: 6 * 3600_000,
    min: 10,
  }),
  emailAllowLocalDomains: setting.bool(
    'EMAIL_ALLOW_LOCAL_DOMAINS',
    'accept subscriber addresses without a top-level domain, e.g. lead@localhost (tests, closed networks)',
    false,
  ),
};

export type ReportingConfig = ReturnType<typeof loadReportingConfig>;

export function loadReportingConfig(env: Record<string, string | undefined> = process.env) {
  const config = readSettings(REPORTING_SETTINGS, env);
  // e-mail needs a sender, and the sealing key: addresses are sealed with it and the
  // confirm and unsubscribe links are signed with a key derived from it
  const problems: string[] = [];
  if (config.smtp && !config.emailFrom)
    problems.push('EMAIL_FROM is required when SMTP_URL is set (the sender of report e-mails)');
  if (config.smtp && !config.secretKey)
    problems.push(
      'REPORTING_SECRET_KEY is required when SMTP_URL is set (it seals subscribers’ addresses and signs their links)',
    );
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}

// Webhook secrets are sealed with this key (AES-256-GCM). Without it the service runs,
// but cannot take subscriptions or sign deliveries, and says so.
function secretKeySetting(): SettingSpec<Buffer> {
  return {
    name: 'REPORTING_SECRET_KEY',
    describe:
      'key that seals webhook secrets at rest: 32 bytes as 64 hex digits or base64 (webhooks are off without it)',
    parse: parseSecretKey,
  };
}

function cronSetting(name: string, describe: string, defaultValue: string): SettingSpec<string> {
  return {
    name,
    describe,
    default: defaultValue,
    parse(raw) {
      const problem = validateSchedule(raw, 'UTC');
      if (problem) throw new Error(problem);
      return raw;
    },
  };
}

function timezoneSetting(name: string, describe: string, defaultValue: string): SettingSpec<string> {
  return {
    name,
    describe,
    default: defaultValue,
    parse(raw) {
      const problem = validateSchedule('0 6 1 * *', raw);
      if (problem) throw new Error(problem);
      return raw;
    },
  };
}

import { randomBytes } from 'node:crypto';

// What the integration and e2e tests run against: the real broker and the test database
// (scripts/test.sh brings both up and migrates the database).
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ips_outcomes_test';
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

if (!/test/i.test(new URL(TEST_DATABASE_URL).pathname)) {
  throw new Error(
    `refusing to run tests against ${new URL(TEST_DATABASE_URL).pathname}: the database name must contain "test"`,
  );
}

/** A short random tag: keeps each test file's topics, consumer groups, trials and sites apart. */
export function uniqueTag(prefix = 't'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/** Environment for a service under test, isolated by `tag`. */
export function serviceEnv(tag: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_POOL_SIZE: '5',
    KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: `${tag}.`,
    KAFKA_TOPIC_PARTITIONS: '3',
    PROJECTOR_GROUP_ID: `${tag}-projector`,
    INGEST_PORT: '0',
    QUERY_PORT: '0',
    REPORTING_PORT: '0',
    PROJECTOR_PORT: '0',
    LOG_LEVEL: 'info',
    // a test that is not about rate limits is never rate-limited: with the defaults (50 a
    // second, a burst of 100) whether a quick run of requests got 429 depended on how fast
    // the machine was. Tests about the limits set their own (abuse, ingest-access)
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
    ...extra,
  };
}

/**
 * Environment that starts a service's clock at `start` (test/support/clock-preload.js): its
 * "today" is the test's, whatever the machine's date. Pick a start far from midnight UTC.
 */
export function fixedClockEnv(start: Date): Record<string, string> {
  const preload = require.resolve('./clock-preload.js');
  return { NODE_OPTIONS: `--require ${preload}`, IPS_TEST_CLOCK_START: start.toISOString() };
}

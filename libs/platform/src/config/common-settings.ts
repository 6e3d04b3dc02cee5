import { DEFAULT_DATABASE_URL } from '@ips/persistence';
import { setting } from './env-config';

/** Settings every service reads (DESIGN §9). */
export const databaseSettings = {
  databaseUrl: setting.postgresUrl('DATABASE_URL', 'Postgres connection URL', DEFAULT_DATABASE_URL),
  databasePoolSize: setting.int('DATABASE_POOL_SIZE', 'Postgres connections per process', {
    default: 10,
    min: 1,
    max: 200,
  }),
};

export const kafkaSettings = {
  kafkaBrokers: setting.brokers('KAFKA_BROKERS', 'Kafka bootstrap brokers', '127.0.0.1:9092'),
  kafkaClientId: setting.string('KAFKA_CLIENT_ID', 'Kafka client id', { default: 'ips-outcomes' }),
  kafkaTopicPrefix: setting.string(
    'KAFKA_TOPIC_PREFIX',
    'prefix for every topic name (isolates tests and demos)',
    {
      default: '',
      pattern: /^[A-Za-z0-9._-]*$/,
    },
  ),
  kafkaTopicPartitions: setting.int('KAFKA_TOPIC_PARTITIONS', 'partitions for topics the apps create', {
    default: 6,
    min: 1,
    max: 1000,
  }),
  kafkaReplicationFactor: setting.int(
    'KAFKA_REPLICATION_FACTOR',
    'replication factor for topics the apps create',
    {
      default: 1,
      min: 1,
      max: 10,
    },
  ),
};

export const loggingSettings = {
  logLevel: setting.enumOf(
    'LOG_LEVEL',
    'log level',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    'info',
  ),
};

/**
 * How long a client may take to send a request, and how deep a JSON body may nest. Every
 * HTTP service reads these at start-up (startHttpService), so a slow or hostile client is
 * cut off and a pathological body is refused before it is parsed.
 */
export const httpSettings = {
  requestTimeoutMs: setting.int(
    'REQUEST_TIMEOUT_MS',
    'ms a client has to send a whole request (headers and body)',
    {
      default: 120_000,
      min: 1_000,
      max: 3_600_000,
    },
  ),
  headersTimeoutMs: setting.int('HEADERS_TIMEOUT_MS', 'ms a client has to send the request headers', {
    default: 15_000,
    min: 500,
    max: 600_000,
  }),
  jsonMaxDepth: setting.int(
    'JSON_MAX_DEPTH',
    'deepest nesting of arrays and objects accepted in a JSON body',
    { default: 32, min: 2, max: 1_000 },
  ),
};

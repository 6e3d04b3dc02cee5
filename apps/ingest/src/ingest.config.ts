import { databaseSettings, kafkaSettings, loggingSettings, readSettings, setting } from '@ips/platform';

export const INGEST_SETTINGS = {
  ...databaseSettings,
  ...kafkaSettings,
  ...loggingSettings,
  host: setting.string('HOST', 'interface to listen on', { default: '127.0.0.1' }),
  port: setting.port('INGEST_PORT', 'ingest HTTP port', 3001),
  adminApiKey: setting.secret('ADMIN_API_KEY', 'bootstrap admin API key (32–256 visible characters)', {
    minLength: 32,
  }),
  jsonBodyLimit: setting.string('INGEST_JSON_BODY_LIMIT', 'largest JSON body accepted, e.g. 16mb', {
    default: '16mb',
    pattern: /^\d+(kb|mb)$/,
  }),
  maxBatch: setting.int('INGEST_MAX_BATCH', 'most envelopes in one JSON batch', {
    default: 5000,
    min: 1,
    max: 100_000,
  }),
  chunkSize: setting.int('INGEST_CHUNK_SIZE', 'envelopes produced to Kafka per round trip', {
    default: 1000,
    min: 1,
    max: 10_000,
  }),
  rateLimitPerSecond: setting.int('RATE_LIMIT_PER_SECOND', 'requests per second per API key', {
    default: 50,
    min: 1,
  }),
  rateLimitBurst: setting.int('RATE_LIMIT_BURST', 'request burst per API key', { default: 100, min: 1 }),
  requestTimeoutMs: setting.int(
    'REQUEST_TIMEOUT_MS',
    'ms a client has to send a whole request (streamed NDJSON and CSV uploads: INGEST_STREAM_IDLE_TIMEOUT_MS instead)',
    { default: 300_000, min: 1_000 },
  ),
  streamIdleTimeoutMs: setting.int(
    'INGEST_STREAM_IDLE_TIMEOUT_MS',
    'ms a streamed upload (NDJSON, CSV) may send nothing before it is answered 408; one that keeps sending is never cut',
    { default: 30_000, min: 500, max: 3_600_000 },
  ),
};

export type IngestConfig = ReturnType<typeof loadIngestConfig>;

export function loadIngestConfig(env: Record<string, string | undefined> = process.env) {
  return readSettings(INGEST_SETTINGS, env);
}

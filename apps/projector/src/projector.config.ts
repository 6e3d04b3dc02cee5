import { EVENT_WRITES } from './event-store/event-store';
import { JOURNEY_WRITES } from './event-store/journey-store';
import { databaseSettings, kafkaSettings, loggingSettings, readSettings, setting } from '@ips/platform';

export const CRASH_POINTS = ['none', 'before-transaction', 'inside-transaction', 'after-commit'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

export const PROJECTOR_SETTINGS = {
  ...databaseSettings,
  ...kafkaSettings,
  ...loggingSettings,
  host: setting.string('HOST', 'interface to listen on', { default: '127.0.0.1' }),
  port: setting.port('PROJECTOR_PORT', 'projector health/metrics HTTP port', 3004),
  groupId: setting.string('PROJECTOR_GROUP_ID', 'Kafka consumer group of the projectors', {
    default: 'ips-projector',
    pattern: /^[A-Za-z0-9._-]+$/,
  }),
  subBatchSize: setting.int('PROJECTOR_SUB_BATCH', 'messages per Postgres transaction', {
    default: 10_000,
    min: 1,
    max: 50_000,
  }),
  fetchMaxBytes: setting.int(
    'PROJECTOR_FETCH_MAX_BYTES',
    'bytes one fetch from Kafka may bring (a quarter of it at most from one partition)',
    {
      default: 64 * 1024 * 1024,
      min: 1024 * 1024,
      max: 1024 * 1024 * 1024,
    },
  ),
  historyCacheEvents: setting.int(
    'PROJECTOR_HISTORY_CACHE_EVENTS',
    'stored events kept in memory to avoid re-reading busy participants (0: off)',
    {
      default: 300_000,
      min: 0,
      max: 10_000_000,
    },
  ),
  eventWrite: setting.enumOf(
    'PROJECTOR_EVENT_WRITE',
    'how a batch is written to the event store: copy (COPY of the events not stored yet; insert if one is stored meanwhile) or insert (INSERT … ON CONFLICT DO NOTHING)',
    EVENT_WRITES,
    'copy',
  ),
  journeyWrite: setting.enumOf(
    'PROJECTOR_JOURNEY_WRITE',
    'how journeys are upserted: copy (COPY to a temporary table, then one upsert) or insert (one upsert from arrays)',
    JOURNEY_WRITES,
    'copy',
  ),
  partitionsConcurrently: setting.int(
    'PROJECTOR_PARTITIONS_CONCURRENTLY',
    'partitions projected in parallel',
    {
      default: 2,
      min: 1,
      max: 64,
    },
  ),
  // Fault injection for the crash-safety tests: SIGKILL the process at this point of the
  // Nth sub-batch. Never set in production.
  crashAt: setting.enumOf('PROJECTOR_CRASH_AT', 'test hook: where to kill the process', CRASH_POINTS, 'none'),
  crashAfterBatches: setting.int(
    'PROJECTOR_CRASH_AFTER_BATCHES',
    'test hook: sub-batches to complete before crashing',
    {
      default: 0,
      min: 0,
    },
  ),
};

export type ProjectorConfig = ReturnType<typeof loadProjectorConfig>;

export function loadProjectorConfig(env: Record<string, string | undefined> = process.env) {
  return readSettings(PROJECTOR_SETTINGS, env);
}

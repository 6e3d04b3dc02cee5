import { databaseSettings, loggingSettings, readSettings, setting } from '@ips/platform';

export const QUERY_SETTINGS = {
  ...databaseSettings,
  ...loggingSettings,
  host: setting.string('HOST', 'interface to listen on', { default: '127.0.0.1' }),
  port: setting.port('QUERY_PORT', 'query HTTP port', 3002),
  rateLimitPerSecond: setting.int('RATE_LIMIT_PER_SECOND', 'requests per second per API key', {
    default: 50,
    min: 1,
  }),
  rateLimitBurst: setting.int('RATE_LIMIT_BURST', 'request burst per API key', { default: 100, min: 1 }),
  projectorGroupId: setting.string(
    'PROJECTOR_GROUP_ID',
    'consumer group of the projectors whose offsets analysis exports record',
    { default: 'ips-projector', pattern: /^[A-Za-z0-9._-]+$/ },
  ),
};

export type QueryConfig = ReturnType<typeof loadQueryConfig>;

export function loadQueryConfig(env: Record<string, string | undefined> = process.env) {
  return readSettings(QUERY_SETTINGS, env);
}

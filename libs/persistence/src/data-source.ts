import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/ips_outcomes';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** how long start-up keeps retrying an unreachable database */
  connectTimeoutMs?: number;
}

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    // no entity classes: every table is read and written by SQL in the stores (libs/persistence/src/stores)
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false, // schema comes from migrations only
    migrationsRun: false,
    logging: false,
    applicationName: options.applicationName ?? 'ips-outcomes',
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      // a statement that runs away must not hold a connection forever
      statement_timeout: 120_000,
      idle_in_transaction_session_timeout: 60_000,
    },
  };
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** Tests call this before touching a database: they refuse one whose name lacks `test`. */
export function assertTestDatabase(url: string): void {
  const name = databaseName(url);
  if (!/test/i.test(name)) {
    throw new Error(`refusing to run tests against database "${name}": its name must contain "test"`);
  }
}

import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, type DatabaseOptions } from './data-source';
import { DataQualityStore } from './stores/data-quality.store';
import { TrialsStore } from './stores/trials.store';

/**
 * Provides one TypeORM DataSource (a pg pool) to the whole app, and the stores that hold
 * the SQL apps share. Schema comes from migrations.
 */
@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createDataSource(options);
            await initializeWithRetry(dataSource, options.connectTimeoutMs ?? 30_000);
            return dataSource;
          },
        },
        DataQualityStore,
        TrialsStore,
      ],
      exports: [DataSource, DataQualityStore, TrialsStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

// Services may start before Postgres does (or during a restart of it); keep trying for a while.
async function initializeWithRetry(dataSource: DataSource, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 200; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      await dataSource.initialize();
      return;
    } catch (err) {
      if (Date.now() + delay > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

import { createDataSource, databaseName, DEFAULT_DATABASE_URL } from '../data-source';

// `npm run migration:run`: applies pending migrations to DATABASE_URL.
async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  try {
    databaseName(databaseUrl);
  } catch {
    throw new Error('DATABASE_URL must be a URL like postgres://user@host:5432/database');
  }
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 1, applicationName: 'ips-migrate' });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(
      `[migrate] ${databaseName(databaseUrl)}: ${applied.length} migration(s) applied${applied.map((m) => `\n  - ${m.name}`).join('')}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err) => {
  console.error(`[migrate] failed: ${(err as Error).message}`);
  process.exit(1);
});

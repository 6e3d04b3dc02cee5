// Architecture boundaries (DESIGN §2, CONVENTIONS "Boundaries are checked, not hoped for").
// Paths are matched on the repository-relative file names that dependency-cruiser reports
// (apps/<app>/src/..., libs/<lib>/src/...); test/boundaries.spec.ts proves each rule fires.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'app-imports-other-app',
      comment: 'Apps never import other apps; shared code goes in libs/.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'lib-imports-app',
      comment: 'Libraries never depend on applications.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-imports-framework',
      comment:
        'libs/domain is pure TypeScript: no NestJS, TypeORM, kafkajs, pg, validators or node built-ins.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        path: [
          'node_modules/(@nestjs|typeorm|kafkajs|pg|pg-[a-z-]+|class-validator|class-transformer|express|rxjs|reflect-metadata|prom-client|pino)/',
          '^(@nestjs|typeorm|kafkajs|pg|class-validator|class-transformer|express)($|/)',
        ],
      },
    },
    {
      name: 'domain-imports-node-builtin',
      comment: 'libs/domain does no I/O.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-value-imports-other-libs',
      comment: 'libs/domain may take only types from other libraries (import type), never runtime code.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '^libs/(?!domain/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'app-imports-database-driver',
      comment:
        'SQL lives in libs/persistence (its stores); apps do not import TypeORM or pg. ' +
        'The projector and the bench are exceptions until the projector rewrite moves their SQL ' +
        '(docs/decisions.md, "SQL behind libs/persistence"; scripts/lint/sql-in-apps.js checks the same for .query().',
      severity: 'error',
      from: { path: '^apps/', pathNot: '^apps/(projector|bench)/' },
      to: {
        path: ['node_modules/(typeorm|pg|pg-[a-z-]+)/', '^(typeorm|pg)($|/)'],
      },
    },
    {
      name: 'deep-import-of-lib',
      comment: 'Import a library only through its index alias (@ips/<lib>), never by a deep path.',
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: { path: '^libs/([^/]+)/src/(?!index\\.ts$)', pathNot: '^libs/$2/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};

// Three kinds of test, told apart by file name (see CONVENTIONS):
//   *.spec.ts      unit: pure logic, no I/O
//   *.int-spec.ts  integration: real Postgres and a real Kafka broker
//   *.e2e-spec.ts  end to end: the built apps running as processes, over HTTP

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': '<rootDir>/test/support/ts-transformer.js' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@ips/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/fixtures/'],
};

module.exports = {
  // A test's own time limit, generous: on a busy machine (CI shares its cores) a browser page
  // or a child process can take many seconds, and jest's default of 5 s failed tests by chance.
  // It bounds a stuck test; it measures nothing (tests never assert elapsed time).
  testTimeout: 60_000,
  // jest exits by itself when a run ends; if a leak holds it open, the watchdog fails the run
  // instead of letting CI hang (test/support/exit-watchdog-reporter.js)
  reporters: ['default', '<rootDir>/test/support/exit-watchdog-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test,scripts}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
    },
    // R as the live reference for the statistics (test/r/README.md): needs Rscript, no services.
    { ...common, displayName: 'r', testMatch: ['<rootDir>/{apps,libs,test}/**/*.r-spec.ts'] },
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] },
  ],
};

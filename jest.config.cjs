/**
 * One Jest project for every suite. NestJS 12, jose 6, content-disposition 3 (and fastify's nested `cookie`) ship ESM only, so
 * they go through @swc/jest like our own TypeScript.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose|cookie|content-disposition|light-my-request/node_modules/cookie)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // StrykerJS's sandboxes (npm run test:mutation) hold a copy of the repository.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
};

module.exports = {
  testTimeout: 30000,
  maxWorkers: 2,
  // A worker's heap grows with every file it runs (each file loads Nest and the service anew). A
  // worker past this size is replaced between files: a large heap made a worker slower to exit
  // than Jest waits for, which Jest reported as "failed to exit gracefully".
  workerIdleMemoryLimit: '400MB',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
  projects: [
    { ...common, displayName: 'sepakat', testMatch: ['<rootDir>/test/**/*.spec.ts'] },
    {
      // The HTTP end-to-end suites once more with EVENT_STORE=eventstoredb, each service on a
      // wire-level EventStoreDB test server of its own. Left out: what is about the SQLite file
      // itself (tampering with its bytes), the demo script (its own process, default store) and
      // reopening a data folder (the upgrade: a test server keeps its events only while it runs),
      // and the replicas behind a proxy (on EventStoreDB already, in processes of their own).
      ...common,
      displayName: 'eventstoredb',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.spec.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        'tamper-detection',
        'demo\\.e2e',
        'upgrade-in-place',
        'replicas-behind-proxy',
        'trace-export',
      ],
      setupFiles: ['<rootDir>/test/support/eventstoredb-project.cjs'],
    },
  ],
};

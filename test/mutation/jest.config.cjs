/**
 * The Jest configuration StrykerJS runs for mutation testing (`npm run test:mutation`): the main
 * suite's transform, with the tests chosen by MUTATION_SCOPE.
 * - domain: the domain specs alone, so a domain mutant must be killed at the lowest level that can
 *   fail (STYLE.md), not by an HTTP test that happens to pass through it;
 * - application: the unit, HTTP end-to-end and SQLite projection suites. Left out: PostgreSQL and
 *   EventStoreDB runs of the same suites (same application code, slower), the crash tests (child
 *   processes load the source outside Stryker's instrumentation), the compose files and the demo,
 *   and three suites whose set-up alone takes seconds and which every mutant they reach would
 *   pay again: the property-based input suite (hundreds of generated requests per property; its
 *   faults are the API's, which the e2e refusal suites also pin), the read-model equivalence suite
 *   (240 agreements decided and projected twice; it tests the projections, not src/application)
 *   and the upgrade of a data folder (three services started in turn).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config (.cjs) that Jest loads with require; it has no import.
const main = require('../../jest.config.cjs');

const TESTS = {
  domain: ['<rootDir>/test/unit/domain/**/*.spec.ts'],
  application: [
    '<rootDir>/test/unit/**/*.spec.ts',
    '<rootDir>/test/e2e/**/*.e2e.spec.ts',
    '<rootDir>/test/projections/*.sqlite.spec.ts',
    '<rootDir>/test/contract/{memory,sqlite-file,sqlite-memory}-event-store.spec.ts',
  ],
};

const scope = process.env.MUTATION_SCOPE;
if (!TESTS[scope]) throw new Error(`MUTATION_SCOPE must be one of ${Object.keys(TESTS).join(', ')}, not ${scope}`);

const { displayName: _name, testMatch: _match, ...common } = main.projects[0];

module.exports = {
  ...common,
  testTimeout: main.testTimeout,
  testMatch: TESTS[scope],
  testPathIgnorePatterns: ['/node_modules/', 'demo\\.e2e', 'property-based-input', 'read-model-equivalence', 'upgrade-in-place'],
};

// StrykerJS for `npm run test:mutation` (TESTING.md). One run per scope, chosen by MUTATION_SCOPE:
// `domain` mutates src/domain against the domain specs, `application` mutates src/application
// against the unit, HTTP and SQLite projection suites (test/mutation/jest.config.cjs).
const scope = process.env.MUTATION_SCOPE;
/** The share of mutants each scope's tests must kill (issue 11); below it the run fails. */
const BREAK = { domain: 80, application: 70 };
if (!(scope in BREAK)) throw new Error(`MUTATION_SCOPE must be one of ${Object.keys(BREAK).join(', ')}, not ${scope}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  mutate: [`src/${scope}/**/*.ts`],
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'test/mutation/jest.config.cjs', enableFindRelatedTests: false },
  testRunnerNodeArgs: [],
  checkers: ['typescript'],
  // A mutant that does not compile is dropped without running the tests. The check covers the scope
  // and what it may import (the layer rules let the domain import nothing of ours, the application
  // only the domain): a fifth of the whole program, so each mutant's check is that much quicker.
  tsconfigFile: `test/mutation/tsconfig.${scope}.json`,
  // Accuracy, not speed: checking mutants in groups blamed every mutant of a group for the errors of
  // one of them (TESTING.md: 586 of the application's and 169 of the domain's "did not compile" were
  // such errors, in files the mutant never touched).
  typescriptChecker: { prioritizePerformanceOverAccuracy: false },
  coverageAnalysis: 'perTest',
  // A mutant of the application reached only while a suite starts its service (module set-up,
  // constructors run in a beforeAll) is "static": Stryker would run every HTTP suite for each of
  // them, hours on two cores. They are left out of that score (reported as ignored; TESTING.md
  // counts them). The domain's static mutants (the action and policy tables, the machine's
  // definition) cost only the domain specs, and are exactly what those specs must pin: kept.
  ignoreStatic: scope === 'application',
  // Kept in the repository, so a rerun after a change tests only the mutants it touches.
  incremental: true,
  incrementalFile: `test/mutation/incremental-${scope}.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${scope}.html` },
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'reports', 'coverage', 'data', 'bench/results', '.stryker-tmp', 'docker'],
  concurrency: 2,
  // A mutant that makes a test hang is detected (timed out) this long after the test's usual time.
  timeoutMS: 10000,
  thresholds: { high: 90, low: BREAK[scope], break: BREAK[scope] },
};

// Mutation testing (`npm run mutation`): Stryker mutates the parsing, verification and intake code
// and runs the jest suite against each mutant. Far too slow for CI; see docs/MUTATION.md.
// `npm run mutation -- --mutate src/asn1.ts` narrows the run to one file.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // Mutants in code run while test files load (module-level verifiers) would each re-run the
  // whole suite: they are reported as ignored instead.
  ignoreStatic: true,
  jest: {
    projectType: 'custom',
    // The unit, rules, conformance (PKITS and limbo against the source), verify, revocation,
    // formats, proxy and decode tests; not the real-proxy, package, child-process, live-server,
    // fuzz-campaign or timing ones (see the file for why).
    configFile: 'jest.mutation.cjs',
    enableFindRelatedTests: false,
  },
  mutate: [
    'src/decode.ts',
    'src/headers.ts',
    'src/proxy.ts',
    'src/formats/**/*.ts',
    'src/verify/**/*.ts',
    'src/x509/**/*.ts',
    'src/source.ts',
  ],
  // Re-runs only mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Two runners on the shared two-core machine: run it under `nice -n 19` (docs/MUTATION.md).
  concurrency: 2,
  // A mutant that makes a loop endless must not hold a runner for long.
  timeoutMS: 10000,
  tempDirName: '.tmp/stryker',
  cleanTempDir: 'always',
};

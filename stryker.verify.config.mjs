// Focused mutation runs over src/verify/ (`npm run mutation -- --config stryker.verify.config.mjs
// --mutate src/verify/checks.ts`): the main configuration with only the test files that judge
// certificates — the rule tests (`verify-*`, `rules`, `keys`, `core`, `rfc5280`, `verdicts`,
// revocation) and the conformance suites (PKITS and x509-limbo against the source) — so that a
// mutant costs one or two seconds instead of every middleware test that happens to verify a chain.
// The scores are therefore a lower bound.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['src/verify/**/*.ts'],
  jest: {
    ...base.jest,
    config: {
      testMatch: [
        '<rootDir>/test/verify-*.test.ts',
        '<rootDir>/test/conformance.test.ts',
        '<rootDir>/test/rules.test.ts',
        '<rootDir>/test/rfc5280.test.ts',
        '<rootDir>/test/verify.test.ts',
        '<rootDir>/test/verdicts.test.ts',
        '<rootDir>/test/core.test.ts',
        '<rootDir>/test/keys.test.ts',
        '<rootDir>/test/revocation.test.ts',
        '<rootDir>/test/revocation-mode.test.ts',
        '<rootDir>/test/hostile-ocsp.test.ts',
        '<rootDir>/test/general-names.test.ts',
      ],
    },
  },
  incrementalFile: 'reports/mutation-verify/stryker-incremental.json',
  htmlReporter: { fileName: 'reports/mutation-verify/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation-verify/mutation.json' },
  reporters: ['clear-text', 'json', 'progress-append-only'],
  // A lost bound makes the path search run to its budget in every test: 5 s past the normal time
  // is plenty to call it a timeout, and the 10 s of the main configuration cost minutes per file.
  timeoutMS: 5000,
  tempDirName: '.tmp/stryker-verify',
};

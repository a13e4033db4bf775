// Focused mutation runs over live trust (`npm run mutation -- --config stryker.live.config.mjs
// --mutate src/verify/live/crl-source.ts`): CRL sources kept current, OCSP asked over HTTP,
// trust updates and rotation, with the tests that run them against real local servers (the
// main configuration leaves those out for their seconds per mutant). The scores are a lower bound.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['src/verify/live/**/*.ts'],
  jest: {
    ...base.jest,
    config: {
      testMatch: [
        '<rootDir>/test/live-*.test.ts',
        '<rootDir>/test/ocsp.test.ts',
        '<rootDir>/test/rotation.test.ts',
        '<rootDir>/test/hostile-revocation.test.ts',
        '<rootDir>/test/hostile-ocsp.test.ts',
        '<rootDir>/test/revocation-mode.test.ts',
        '<rootDir>/test/revocation.test.ts',
        '<rootDir>/test/verify-revocation*.test.ts',
        '<rootDir>/test/core.test.ts',
        '<rootDir>/test/rules.test.ts',
      ],
      // jest.mutation.cjs leaves out the live-server tests; here they are the point.
      testPathIgnorePatterns: ['/node_modules/'],
    },
  },
  incrementalFile: 'reports/mutation-live/stryker-incremental.json',
  htmlReporter: { fileName: 'reports/mutation-live/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation-live/mutation.json' },
  reporters: ['clear-text', 'json', 'progress-append-only'],
  // Waits on local servers (timeouts of a few hundred ms) are part of these tests.
  timeoutMS: 8000,
  tempDirName: '.tmp/stryker-live',
};

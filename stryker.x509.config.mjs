// Focused mutation runs over src/x509/ (`npx stryker run stryker.x509.config.mjs --mutate src/x509/tlv.ts`):
// the main configuration with only the test files that exercise the DER, PEM and X.509 readers,
// so that a mutant of a reader nearly every test reaches costs seconds, not the whole suite.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['src/x509/**/*.ts'],
  jest: {
    ...base.jest,
    config: {
      // The x509 tests name each rule's exact refusal; the suites that reach these readers only
      // through verification (PKITS, limbo) would make every mutant cost seconds more.
      testMatch: ['<rootDir>/test/x509-*.test.ts', '<rootDir>/test/decoders-total.test.ts'],
    },
  },
  incrementalFile: 'reports/mutation-x509/stryker-incremental.json',
  htmlReporter: { fileName: 'reports/mutation-x509/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation-x509/mutation.json' },
  reporters: ['clear-text', 'json', 'progress-append-only'],
  timeoutMS: 5000,
  tempDirName: '.tmp/stryker-x509',
};

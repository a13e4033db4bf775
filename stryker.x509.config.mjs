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
      testMatch: [
        '<rootDir>/test/x509-*.test.ts',
        '<rootDir>/test/decoders-total.test.ts',
        '<rootDir>/test/general-names.test.ts',
        '<rootDir>/test/ocsp.test.ts',
        '<rootDir>/test/keys.test.ts',
        '<rootDir>/test/rfc5280.test.ts',
        '<rootDir>/test/revocation.test.ts',
        '<rootDir>/test/conformance.test.ts',
        '<rootDir>/test/verify.test.ts',
      ],
    },
  },
  incrementalFile: 'reports/mutation-x509/stryker-incremental.json',
  htmlReporter: { fileName: 'reports/mutation-x509/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation-x509/mutation.json' },
  reporters: ['clear-text', 'json'],
  timeoutMS: 10000,
  tempDirName: '.tmp/stryker-x509',
};

// Focused mutation runs over the intake code (`npm run mutation -- --config stryker.edge.config.mjs
// --mutate src/proxy.ts`): RFC 9440 decoding, the forwarding formats, proxy trust and header
// handling, with only the test files that exercise them, so that a mutant costs about a second.
// The scores are therefore a lower bound.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['src/decode.ts', 'src/headers.ts', 'src/source.ts', 'src/proxy.ts', 'src/formats/**/*.ts'],
  jest: {
    ...base.jest,
    config: {
      testMatch: [
        '<rootDir>/test/decode*.test.ts',
        '<rootDir>/test/formats*.test.ts',
        '<rootDir>/test/proxy-*.test.ts',
        '<rootDir>/test/xfcc.test.ts',
        '<rootDir>/test/rfc9440.test.ts',
        '<rootDir>/test/intake*.test.ts',
        '<rootDir>/test/header-views.test.ts',
        '<rootDir>/test/attack-warm.test.ts',
        '<rootDir>/test/request-state.test.ts',
        '<rootDir>/test/request-fields*.test.ts',
        '<rootDir>/test/middleware.test.ts',
        '<rootDir>/test/cache-key.test.ts',
        '<rootDir>/test/cache.test.ts',
        '<rootDir>/test/hostile-edge.test.ts',
        '<rootDir>/test/messages.test.ts',
        '<rootDir>/test/identity-bytes.test.ts',
        '<rootDir>/test/decoders-total.test.ts',
      ],
    },
  },
  incrementalFile: 'reports/mutation-edge/stryker-incremental.json',
  htmlReporter: { fileName: 'reports/mutation-edge/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation-edge/mutation.json' },
  reporters: ['clear-text', 'json', 'progress-append-only'],
  tempDirName: '.tmp/stryker-edge',
};

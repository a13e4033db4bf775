// The jest configuration Stryker runs against each mutant (stryker.config.mjs). The same tests as
// jest.config.cjs minus those that add seconds per mutant and reach no mutated rule the rest do not
// reach: real proxies and the built package, child processes (CLI, demo, openssl responders,
// conformance script), real listening servers (live CRL and OCSP sources, direct TLS, raw HTTP),
// fuzz campaigns and worker-deadline tests (code in a worker is invisible to per-test coverage) and
// timing ratios. PKITS and limbo still run against the source.
const base = require('./jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // Stryker reads the results itself; the seed reporter would only add output.
  reporters: ['default'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/e2e/',
    '<rootDir>/test/package\\.test\\.ts$',
    '<rootDir>/test/package-tarball\\.test\\.ts$',
    '<rootDir>/test/demo\\.test\\.ts$',
    '<rootDir>/test/cli\\.test\\.ts$',
    '<rootDir>/test/conformance-script\\.test\\.ts$',
    '<rootDir>/test/openssl-interop\\.test\\.ts$',
    '<rootDir>/test/ocsp\\.test\\.ts$',
    '<rootDir>/test/live-crl\\.test\\.ts$',
    '<rootDir>/test/hostile-revocation\\.test\\.ts$',
    '<rootDir>/test/direct-tls\\.test\\.ts$',
    '<rootDir>/test/node-http\\.test\\.ts$',
    '<rootDir>/test/header-size\\.test\\.ts$',
    '<rootDir>/test/header-views\\.test\\.ts$',
    '<rootDir>/test/rotation\\.test\\.ts$',
    '<rootDir>/test/fuzz\\.test\\.ts$',
    '<rootDir>/test/deadline\\.test\\.ts$',
    '<rootDir>/test/linear-time\\.test\\.ts$',
    '<rootDir>/test/readme-complete\\.test\\.ts$',
  ],
};

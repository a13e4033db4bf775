// The seed the test PKI's names and serials (and the fuzzers) derive from: TEST_SEED, or a fixed
// default so that every run builds the same names and serials. Plain CommonJS so that the jest
// reporter, which runs untransformed, reads the same value as the tests.
const DEFAULT_TEST_SEED = '9440';

/** The seed of this run. */
function testSeed() {
  const value = process.env.TEST_SEED;
  return value === undefined || value === '' ? DEFAULT_TEST_SEED : value;
}

module.exports = { DEFAULT_TEST_SEED, testSeed };

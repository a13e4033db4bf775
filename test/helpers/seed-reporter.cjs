// A jest reporter that closes every failing test file with the command that reproduces it: the
// same TEST_SEED builds the same test PKI names and serials and drives the fuzzers the same way.
const { relative } = require('node:path');
const { testSeed } = require('./seed.cjs');

class SeedReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.failed = [];
  }

  onTestResult(_test, result) {
    if (result.numFailingTests > 0 || result.testExecError) this.failed.push(result);
  }

  onRunComplete() {
    if (this.failed.length === 0) return;
    const seed = testSeed();
    const lines = [`\nTest PKI and fuzz seed: TEST_SEED=${seed}. To reproduce:`];
    for (const result of this.failed) {
      const file = relative(this.rootDir, result.testFilePath);
      const names = result.testResults.filter((t) => t.status === 'failed').map((t) => t.fullName);
      if (names.length === 0) lines.push(`  TEST_SEED=${seed} npx jest ${file}`);
      for (const name of names) lines.push(`  TEST_SEED=${seed} npx jest ${file} -t ${JSON.stringify(name)}`);
    }
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}

module.exports = SeedReporter;

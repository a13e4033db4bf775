/** The parts of a jest test-file result the reporter reads. */
interface FileResult {
  numFailingTests: number;
  testExecError?: unknown;
  testFilePath: string;
  testResults: { status: string; fullName: string }[];
}
/** A jest reporter that prints the TEST_SEED and commands reproducing each failing test. */
declare class SeedReporter {
  constructor(globalConfig: { rootDir: string });
  onTestResult(test: unknown, result: FileResult): void;
  onRunComplete(): void;
}
export = SeedReporter;

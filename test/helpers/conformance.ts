// The public conformance suites live in the repository (conformance/, each folder with its licence),
// so they always run: a missing folder is a failure, never a skip.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository's conformance folder. */
export const conformanceDir: string = resolve(__dirname, '../../conformance');

/** `describe` over one conformance folder; fails loudly when the data is missing. */
export function describeConformance(name: string, subdir: string, body: (dir: string) => void): void {
  const dir = resolve(conformanceDir, subdir);
  if (!existsSync(dir)) throw new Error(`${name}: conformance data missing at ${dir}`);
  describe(name, () => body(dir));
}

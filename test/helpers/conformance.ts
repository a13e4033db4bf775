// Locates ../shared/conformance (or $CONFORMANCE_DIR). Suites that need it skip with a visible notice.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const conformanceDir: string | undefined = [process.env.CONFORMANCE_DIR, resolve(__dirname, '../../../shared/conformance')].find(
  (d): d is string => !!d && existsSync(d),
);

/** `describe` when the conformance data is there, else a skipped block with a notice on stderr. */
export function describeConformance(name: string, subdir: string, body: (dir: string) => void): void {
  const dir = conformanceDir && resolve(conformanceDir, subdir);
  if (dir && existsSync(dir)) {
    describe(name, () => body(dir));
  } else {
    process.stderr.write(`\n[notice] ${name}: conformance data not found (set CONFORMANCE_DIR or place ../shared/conformance); skipped.\n`);
    describe.skip(`${name} (conformance data absent)`, () => {
      it('needs ../shared/conformance', () => undefined);
    });
  }
}

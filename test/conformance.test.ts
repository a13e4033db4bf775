// NIST PKITS and the x509-limbo client subset through createVerifier (the source, not the build): the figures in
// docs/CONFORMANCE.md, asserted so that a regression fails CI.
import { join } from 'node:path';
import { describeConformance } from './helpers/conformance';
import * as source from '../src/index';

interface CaseResult {
  id: string;
  expected: boolean;
  ok: boolean;
  code?: string;
}
interface Summary {
  total: number;
  agree: number;
  falseAccepts: CaseResult[];
  falseRejects: CaseResult[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('../scripts/conformance-lib.cjs') as {
  runPkits(dir: string, engine: typeof source): Promise<CaseResult[]>;
  runLimbo(dir: string, engine: typeof source): Promise<CaseResult[]>;
  summarise(results: CaseResult[]): Summary;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { explanations } = require('../scripts/conformance-notes.cjs') as { explanations: Record<string, string> };

describeConformance('NIST PKITS', 'pkits', (dir) => {
  it('agrees with all 249 tests, with no false accept', async () => {
    const s = lib.summarise(await lib.runPkits(dir, source));
    expect(s.falseAccepts.map((r) => r.id)).toEqual([]);
    expect(s.falseRejects.map((r) => `${r.id}: ${r.code}`)).toEqual([]);
    expect(s).toMatchObject({ total: 249, agree: 249 });
  });
});

describeConformance('x509-limbo client subset', 'x509-limbo', (dir) => {
  it('agrees with at least 175 of 180 cases, with no false accept, and every disagreement is documented', async () => {
    const s = lib.summarise(await lib.runLimbo(join(dir), source));
    expect(s.total).toBe(180);
    expect(s.falseAccepts.map((r) => r.id)).toEqual([]);
    expect(s.agree).toBeGreaterThanOrEqual(175);
    for (const r of s.falseRejects) expect([r.id, explanations[r.id] !== undefined]).toEqual([r.id, true]);
  });
});

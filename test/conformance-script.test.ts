// `npm run conformance` from a clone: the data is in the repository, and a copy without it fails
// loudly (exit 1, naming what is missing) instead of printing nothing and exiting 0.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');

it('the conformance data the command reads is in the repository', () => {
  for (const f of ['pkits/pkits-expected.json', 'x509-limbo/limbo-client.json'])
    expect(existsSync(join(root, 'conformance', f))).toBe(true);
});

it('without its data, npm run conformance exits 1 and says what is missing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecc-conformance-'));
  try {
    mkdirSync(join(dir, 'scripts'));
    for (const f of ['conformance.cjs', 'conformance-lib.cjs', 'conformance-notes.cjs'])
      copyFileSync(join(root, 'scripts', f), join(dir, 'scripts', f));
    const r = spawnSync(process.execPath, [join(dir, 'scripts/conformance.cjs')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/npm run conformance: conformance data missing at .*conformance/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

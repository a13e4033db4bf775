// `npm run fuzz [-- --inputs N]`: every decoder's fuzz campaign (test/fuzz/targets.ts) with a
// million inputs in total (by default), the same TEST_SEED-driven campaigns the normal suite runs
// a few thousand of; prints inputs per second per campaign and exits non-zero on any finding.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const argv = process.argv.slice(2);
const at = argv.indexOf('--inputs');
const inputs = at >= 0 ? Number(argv[at + 1]) : 1_000_000;
if (!Number.isInteger(inputs) || inputs < 1) {
  console.error('usage: npm run fuzz [-- --inputs N]');
  process.exit(2);
}
mkdirSync(join(root, '.tmp'), { recursive: true });
const statsFile = join(root, '.tmp', 'fuzz-stats.json');
rmSync(statsFile, { force: true });

const started = Date.now();
const jest = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), '--ci', '--runInBand', '--testTimeout', String(24 * 3600 * 1000), 'test/fuzz.test.ts'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FUZZ_INPUTS: String(inputs), FUZZ_STATS: statsFile } },
);
const wall = (Date.now() - started) / 1000;

if (existsSync(statsFile)) {
  const { seed, stats } = JSON.parse(readFileSync(statsFile, 'utf8'));
  const rows = stats.map((s) => [
    s.target,
    String(s.inputs),
    (s.ms / 1000).toFixed(1),
    String(Math.round(s.inputs / (s.ms / 1000))),
    String(s.accepted),
    String(s.refused),
    s.ratios.length ? Math.max(...s.ratios.map((r) => r.ratio)).toFixed(1) : '-',
  ]);
  const total = stats.reduce((n, s) => n + s.inputs, 0);
  const ms = stats.reduce((n, s) => n + s.ms, 0);
  rows.push(['total', String(total), (ms / 1000).toFixed(1), String(Math.round(total / (ms / 1000))), '', '', '']);
  const head = ['campaign', 'inputs', 'seconds', 'inputs/s', 'decoded', 'refused', 'max cost ratio (8x input)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\nTEST_SEED=${seed}, ${wall.toFixed(0)} s wall clock`);
  console.log([line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}
process.exit(jest.status ?? 1);

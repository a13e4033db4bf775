// `npm run mutation [-- stryker options]`: Stryker over the parsing, verification and intake code
// (stryker.config.mjs), then a summary in docs/MUTATION-REPORT.md: the score per file and per layer
// and every surviving mutant, with why for each one judged equivalent (scripts/mutation-equivalents.cjs).
// `npm run mutation -- --config stryker.verify.config.mjs --mutate src/verify/path.ts` runs one file
// with a focused configuration. The summary keeps the last result of every file mutated so far in
// docs/mutation-results.json (committed), so runs file by file, on any clone, add up.
// `node scripts/mutation.cjs --summary-only` rewrites the summary alone. Slow: see docs/MUTATION.md.
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');
const { setPriority } = require('node:os');
const { pathToFileURL } = require('node:url');
const { equivalents } = require('./mutation-equivalents.cjs');

const root = resolve(__dirname, '..');
const merged = join(root, 'docs', 'mutation-results.json');
const out = join(root, 'docs', 'MUTATION-REPORT.md');

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

async function main() {
  // `--summary-only`: rewrite the summary from the merged results without running Stryker.
  const summaryOnly = process.argv[2] === '--summary-only';
  const args = summaryOnly ? process.argv.slice(3) : process.argv.slice(2);
  const configAt = args.indexOf('--config');
  const configFile = configAt >= 0 ? args[configAt + 1] : 'stryker.config.mjs';
  const strykerArgs = configAt >= 0 ? [configFile, ...args.slice(0, configAt), ...args.slice(configAt + 2)] : args;
  const config = (await import(pathToFileURL(join(root, configFile)).href)).default;
  const report = join(root, config.jsonReporter.fileName);
  // Stryker runs two processes (stryker.config.mjs) on a machine others share: at the lowest
  // priority, which its child processes inherit, unless MUTATION_NICE says otherwise (at 19, other
  // work on the machine can starve a runner until its mutant times out and counts as killed).
  if (!summaryOnly) setPriority(Number(process.env.MUTATION_NICE ?? 19));
  const started = Date.now();
  const stryker = summaryOnly
    ? { status: 0 }
    : spawnSync(process.execPath, [strykerBin(), 'run', ...strykerArgs], { cwd: root, stdio: 'inherit' });
  const all = existsSync(merged) ? JSON.parse(readFileSync(merged, 'utf8')) : { files: {}, runs: {} };
  if (!summaryOnly) {
    if (!existsSync(report) || stryker.status !== 0) {
      console.error('Stryker did not finish; the results are unchanged');
      process.exit(stryker.status || 1);
    }
    const latest = JSON.parse(readFileSync(report, 'utf8'));
    const run = {
      date: new Date(started).toISOString().slice(0, 10),
      command: `npm run mutation -- ${args.join(' ')}`.trim(),
      version: latest.framework?.version ?? '',
    };
    // A file's figures are those of the last run that mutated it; only what the summary reads is kept.
    // Stryker's report also carries the files of earlier runs (incremental mode): those keep their own run.
    const mutateAt = strykerArgs.indexOf('--mutate');
    const mutated =
      mutateAt >= 0 ? strykerArgs[mutateAt + 1].split(',').map((glob) => globMatcher(glob.replace(/:[\d-]+$/, ''))) : undefined;
    for (const [file, result] of Object.entries(latest.files)) {
      if (mutated && !mutated.some((matches) => matches(file))) continue;
      all.files[file] = {
        mutants: result.mutants.map((m) => ({
          location: { start: m.location.start },
          status: m.status,
          mutatorName: m.mutatorName,
          replacement: m.replacement,
        })),
      };
      all.runs[file] = run;
    }
    writeFileSync(merged, `${JSON.stringify(all, null, 0)}\n`);
  }
  writeFileSync(out, summarise(all));
  console.log(`\nSummary written to ${out}`);
  process.exit(stryker.status ?? 1);
}

/** A test for one `--mutate` entry: a path, or a glob with `*` (within a folder) and `**` (any folders). */
function globMatcher(glob) {
  const source = glob
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === '**/' ? '(?:[^/]+/)*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const pattern = new RegExp(`^${source}$`);
  return (file) => pattern.test(file);
}

/** Stryker's command-line script (the package exports only its API and package.json). */
function strykerBin() {
  return join(dirname(require.resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');
}

/** The layers the targets are set for (docs/MUTATION.md), in the order the report lists them. */
const LAYERS = [
  { name: '`src/x509/`', prefix: 'src/x509/', target: 90 },
  { name: '`src/verify/`', prefix: 'src/verify/', target: 90 },
  { name: 'formats, proxy and intake', prefix: 'src/', target: 85 },
];

/** The merged mutation-testing-elements results as Markdown. */
function summarise(data) {
  const DETECTED = new Set(['Killed', 'Timeout']);
  const rows = [];
  const survivors = [];
  const commands = new Map();
  let detected = 0;
  let valid = 0;
  let equivalent = 0;
  const layers = new Map(LAYERS.map(({ name }) => [name, { detected: 0, valid: 0, equivalent: 0, files: 0 }]));
  for (const [file, { mutants }] of Object.entries(data.files).sort()) {
    const run = data.runs[file];
    const label = `${run.date}: \`${run.command}\``;
    if (!commands.has(label)) commands.set(label, commands.size + 1);
    const count = (status) => mutants.filter((m) => m.status === status).length;
    const fileDetected = mutants.filter((m) => DETECTED.has(m.status)).length;
    const fileValid = fileDetected + count('Survived') + count('NoCoverage');
    detected += fileDetected;
    valid += fileValid;
    const open = mutants
      .filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')
      .sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
    let fileEquivalent = 0;
    for (const m of open) {
      const where = `${file}:${m.location.start.line}:${m.location.start.column}`;
      const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80);
      const why = equivalents[`${where} ${m.mutatorName} ${replacement}`] ?? '';
      if (why.startsWith('Equivalent')) fileEquivalent++;
      const cell = (text) => text.replace(/\|/g, '\\|');
      survivors.push(`| ${where} | ${m.status} | ${m.mutatorName} | ${cell(JSON.stringify(replacement))} | ${cell(why)} |`);
    }
    equivalent += fileEquivalent;
    const layer = layers.get(LAYERS.find(({ prefix }) => file.startsWith(prefix)).name);
    layer.detected += fileDetected;
    layer.valid += fileValid;
    layer.equivalent += fileEquivalent;
    layer.files++;
    const score = (n) => (fileValid ? ((100 * n) / fileValid).toFixed(1) : '-');
    rows.push(
      `| ${file} | ${score(fileDetected)} | ${score(fileDetected + fileEquivalent)} | ${count('Killed')} | ${count('Timeout')} | ${count('Survived')} | ${count('NoCoverage')} | ${fileEquivalent} | ${count('RuntimeError')} | ${count('Ignored')} | ${count('CompileError')} | ${commands.get(label)} |`,
    );
  }
  const pct = (n) => (valid ? ((100 * n) / valid).toFixed(1) : '-');
  return [
    '# Mutation report',
    '',
    'Generated by `scripts/mutation.cjs` from the last Stryker run of each file (the runs are listed below).',
    'Score = (killed + timed out) ÷ (killed + timed out + survived + no coverage); ignored (static),',
    'non-compiling and runtime-error mutants (the suite fails while loading) are left out. "Without',
    'equivalents" also counts the survivors judged equivalent below as detected. See MUTATION.md.',
    '',
    `Overall: **${pct(detected)} %** (${detected} of ${valid} mutants detected); ${pct(detected + equivalent)} % without the ${equivalent} equivalent ones.`,
    '',
    '| layer | files run | score % | without equivalents % | target % |',
    '|---|---|---|---|---|',
    ...LAYERS.map(({ name, target }) => {
      const l = layers.get(name);
      const of = (n) => (l.valid ? ((100 * n) / l.valid).toFixed(1) : '-');
      return `| ${name} | ${l.files} | ${of(l.detected)} | ${of(l.detected + l.equivalent)} | ≥ ${target} |`;
    }),
    '',
    '| file | score % | without equivalents % | killed | timed out | survived | no coverage | equivalent | runtime error | ignored | compile error | run |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Runs:',
    '',
    ...[...commands].map(([label, n]) => `${n}. ${label}`),
    '',
    '## Surviving mutants',
    '',
    'The last column says, for each mutant judged equivalent, why no input can tell it apart; for one',
    'killed by a test written after the run (checked by applying the mutant by hand), which test; an',
    'empty one is a rule no test pins yet.',
    '',
    '| where | status | mutator | replacement | equivalent? |',
    '|---|---|---|---|---|',
    ...survivors,
    '',
  ].join('\n');
}

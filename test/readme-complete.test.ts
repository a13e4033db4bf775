// The README is the reference users read: every option the factories accept, every error code,
// every refusal reason the source can give and every identity field must be in it. Read from the
// source, so an option, code or reason added later fails here until it is documented.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLIENT_CERT_ERROR_STATUS } from '../src/index';
import { VERIFY_REASONS, type VerifyReason } from '../src/verify/refusal';
import { REASON_CODE } from '../src/reasons';

const root = resolve(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}
const sources = sourceFiles(join(root, 'src')).map((f) => readFileSync(f, 'utf8'));

/** The first cells of the README's table rows, each split into the backticked names it lists. */
const tableNames = new Set(
  readme
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1])),
);

function keysOf(list: string): string[] {
  const options = readFileSync(join(root, 'src/options.ts'), 'utf8');
  const m = new RegExp(`const ${list} = \\[([^\\]]*)\\]`).exec(options);
  if (!m) throw new Error(`${list} not found in src/options.ts`);
  return [...m[1].matchAll(/'([^']+)'/g)].map((k) => k[1]);
}

it.each([['VERIFIER_KEYS'], ['MIDDLEWARE_KEYS']])('every option in %s has a row in the options table', (list) => {
  const keys = keysOf(list);
  expect(keys.length).toBeGreaterThan(3);
  expect(keys.filter((k) => !tableNames.has(k))).toEqual([]);
});

it('every error code has a row in the codes table', () => {
  expect(Object.keys(CLIENT_CERT_ERROR_STATUS).filter((code) => !tableNames.has(code))).toEqual([]);
});

it('every reason the source gives is in the README', () => {
  // `reason: '…'`, a profile or name-constraint `problem('…', …)`, a format's `malformed('…', …)`, and the
  // last argument of `refuse(…, '…')` / the decoders' `malformed(…, '…')`.
  const patterns = [
    /\breason: '([a-z0-9]+(?:-[a-z0-9]+)*)'/g,
    /\b(?:problem|malformed)\('([a-z0-9]+(?:-[a-z0-9]+)+)'/g,
    /\b(?:refuse|malformed)\([^;]*?'([a-z0-9]+(?:-[a-z0-9]+)+)',?\s*\)/g,
  ];
  const reasons = new Set([
    ...VERIFY_REASONS,
    ...sources.flatMap((text) => patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1]))),
  ]);
  expect(reasons.size).toBeGreaterThan(10);
  expect([...reasons].filter((r) => !readme.includes(`\`${r}\``))).toEqual([]);
});

it('every identity field is in the identity table', () => {
  const types = readFileSync(join(root, 'src/types.ts'), 'utf8');
  const body = /export interface ClientCertIdentity \{([\s\S]*?)\n\}/.exec(types)![1];
  const fields = [...body.matchAll(/^\s+readonly (\w+)\??:/gm)].map((m) => m[1]);
  expect(fields).toEqual(expect.arrayContaining(['subject', 'policies', 'chain']));
  expect(fields.filter((f) => !tableNames.has(f))).toEqual([]);
});

it('every audit event field is in the audit table', () => {
  const types = readFileSync(join(root, 'src/types.ts'), 'utf8');
  const body = /export interface ClientCertAuditEvent \{([\s\S]*?)\n\}/.exec(types)![1];
  const fields = [...body.matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]);
  expect(fields).toEqual(expect.arrayContaining(['outcome', 'peer', 'reason']));
  expect(fields.filter((f) => !tableNames.has(f))).toEqual([]);
});

it('each core reason in a README table row is listed with the code the edge maps it to', () => {
  // Rows `| \`reason\`, \`reason\` | code(s) | meaning |`, the codes with or without ERR_CLIENT_CERT_, `same` for the
  // row above. A row may name several codes (a key reason is USAGE on the leaf, CHAIN_INVALID on a CA):
  // the one src/reasons.ts gives for the path scope must be among them.
  const short = (code: string) => code.replace('ERR_CLIENT_CERT_', '');
  const known = new Set(Object.keys(CLIENT_CERT_ERROR_STATUS).map(short));
  const core = new Set<string>(VERIFY_REASONS);
  let previous: string[] = [];
  const rows: { reason: string; codes: string[] }[] = [];
  for (const line of readme.split('\n').filter((l) => l.startsWith('| '))) {
    const cells = line.split('|').map((c) => c.trim());
    const named = [...(cells[2] ?? '').matchAll(/[A-Z][A-Z_]+[A-Z]/g)].map((m) => short(m[0])).filter((c) => known.has(c));
    const codes = cells[2] === 'same' ? previous : named;
    previous = codes;
    if (codes.length === 0) continue;
    for (const m of cells[1].matchAll(/`([a-z0-9-]+)`/g)) if (core.has(m[1])) rows.push({ reason: m[1], codes });
  }
  expect(rows.length).toBeGreaterThan(40);
  const wrong = rows.filter(({ reason, codes }) => !codes.includes(short(REASON_CODE[reason as VerifyReason])));
  expect(wrong).toEqual([]);
});

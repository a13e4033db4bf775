// The README is the reference users read: every option the factories accept, every error code,
// every refusal reason the source can give and every identity field must be in it. Read from the
// source, so an option, code or reason added later fails here until it is documented.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLIENT_CERT_ERROR_STATUS } from '../src/index';
import { VERIFY_REASONS } from '../src/verify/refusal';
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

it('each core reason in a README table row has the code the edge maps it to', () => {
  // Rows `| \`reason\` | \`ERR_…\` | meaning |`. A key reason is also USAGE when the leaf's own key is refused,
  // and a signature reason UNTRUSTED when a link is left unproven (src/reasons.ts, refusalCode).
  const rows = readme
    .split('\n')
    .map((line) => /^\| `([a-z0-9-]+)`\s*\| `(ERR_CLIENT_CERT_[A-Z_]+)`/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && (VERIFY_REASONS as readonly string[]).includes(m[1]));
  expect(rows.length).toBeGreaterThanOrEqual(2);
  const wrong = rows
    .map(([, reason, code]) => ({ reason, code, mapped: REASON_CODE[reason as keyof typeof REASON_CODE] }))
    .filter(({ code, mapped }) => code !== mapped && !(code === 'ERR_CLIENT_CERT_USAGE' && mapped === 'ERR_CLIENT_CERT_CHAIN_INVALID'));
  expect(wrong).toEqual([]);
});

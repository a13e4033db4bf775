// `npm run demo` as a reader sees it: the table says which routes are guarded, a 403 is counted
// as forbidden (never as allowed), an unguarded 200 says it is anonymous, and `required: true`
// refuses before any route runs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');
const built = existsSync(resolve(root, 'dist/esm/testing/index.js'));
const itBuilt = built ? it : it.skip;

itBuilt('the demo explains guarded and unguarded routes and counts outcomes by what the app answered', () => {
  const out = execFileSync(process.execPath, ['examples/demo.mjs'], { cwd: root, encoding: 'utf8' });
  const row = (who: string, route: string, protection: string): string => {
    const line = out.split('\n').find((l) => {
      const cells = l.split('|').map((c) => c.trim());
      return cells[0] === who && cells[2] === route && cells[3] === protection;
    });
    if (!line) throw new Error(`no row for ${who} ${route} ${protection} in:\n${out}`);
    return line;
  };
  expect(row('bob (OU=dev)', '/admin', 'guarded (OU=ops)')).toMatch(/\| 403 +\| forbidden: certificate verified, but not OU=ops/);
  expect(row('carol, expired', '/hello', 'unguarded')).toMatch(
    /\| 200 +\| allowed anonymously: its certificate was refused \(ERR_CLIENT_CERT_EXPIRED\); the route is unguarded/,
  );
  expect(row('carol, expired', '/hello', 'required: true')).toMatch(/\| 401 +\| refused: ERR_CLIENT_CERT_EXPIRED/);
  expect(row('no certificate', '/hello', 'required: true')).toMatch(/\| 401 +\| refused: ERR_CLIENT_CERT_MISSING/);
  expect(row('forges Client-Cert, bypasses proxy', '/admin', 'guarded (OU=ops)')).toMatch(/ERR_CLIENT_CERT_UNTRUSTED_PROXY/);
  expect(out).toMatch(
    /^responses: 3 allowed with an identity, 1 forbidden \(403\), 2 allowed anonymously \(unguarded route\), 7 refused \(401\)$/m,
  );
});

// Tests what ships: the built package imported by name from CommonJS, from ESM, and from a
// TypeScript consumer that relies on the declaration merging of `req.clientCert`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NOW, makePki } from './helpers/pki';

const root = resolve(__dirname, '..');
const built = existsSync(join(root, 'dist/cjs/index.js')) && existsSync(join(root, 'dist/esm/index.js'));
const describeBuilt = built ? describe : describe.skip;
if (!built) process.stderr.write('\n[notice] package tests: dist/ is missing (run `npm run build`); skipped.\n');

describeBuilt('the built package', () => {
  let dir: string;
  const pki = makePki('Pkg');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecc-consumer-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'express-client-cert'), 'dir');
    for (const dep of ['express', '@types/express', '@types/express-serve-static-core', '@types/node']) {
      const target = join(dir, 'node_modules', dep);
      mkdirSync(join(target, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', dep), target, 'dir');
    }
    writeFileSync(
      join(dir, 'fixture.json'),
      JSON.stringify({ root: pki.root.pem, inter: pki.intermediate.pem, leaf: pki.leaf.pem, now: NOW.toISOString() }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const script = (importLine: string): string => `
${importLine}
const fx = JSON.parse(require_('fs').readFileSync(__dir + '/fixture.json', 'utf8'));
const v = m.createVerifier({ trustAnchors: fx.root, now: () => new Date(fx.now) });
v.verify({ certificate: fx.leaf, chain: [fx.inter] }).then((id) => {
  const mw = m.clientCert({ trustedProxies: 'loopback', trustAnchors: fx.root });
  console.log(JSON.stringify({ subject: id.subject, mw: typeof mw, err: new m.ClientCertError('ERR_CLIENT_CERT_MISSING', 'x').status,
    encoded: m.encodeClientCert(fx.leaf).startsWith(':') }));
});`;

  const expected = { subject: 'CN=alice,O=Pkg', mw: 'function', err: 401, encoded: true };

  it('loads with require()', () => {
    const file = join(dir, 'consumer.cjs');
    writeFileSync(file, script("const m = require('express-client-cert'); const require_ = require; const __dir = __dirname;"));
    expect(JSON.parse(execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }))).toEqual(expected);
  });

  it('loads with import', () => {
    const file = join(dir, 'consumer.mjs');
    writeFileSync(
      file,
      script(
        "import * as m from 'express-client-cert'; import { createRequire } from 'node:module'; const require_ = createRequire(import.meta.url); const __dir = new URL('.', import.meta.url).pathname;",
      ),
    );
    expect(JSON.parse(execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }))).toEqual(expected);
  });

  it('lets a guard from the CommonJS build see what the ES module middleware decided', () => {
    // Both builds load when an app imports the middleware and a library requires the guard. The
    // request state is shared between them: without it, a request with no certificate would reach
    // the guard as "no clientCert() ran" (a TypeError, 500) instead of a 401.
    const file = join(dir, 'dual.mjs');
    writeFileSync(
      file,
      `import { clientCert } from 'express-client-cert';
import { createRequire } from 'node:module';
const require_ = createRequire(import.meta.url);
const { requireClientCert } = require_('express-client-cert');
const express = require_('express');
const fx = JSON.parse(require_('fs').readFileSync(new URL('fixture.json', import.meta.url), 'utf8'));
const app = express();
app.use(clientCert({ trustedProxies: 'loopback', trustAnchors: fx.root }));
app.get('/', requireClientCert(), (req, res) => res.end('in'));
app.use((err, req, res, next) => res.status(err.status ?? 500).json({ name: err.name, code: err.code, reason: err.reason }));
const server = app.listen(0, '127.0.0.1', async () => {
  const r = await fetch('http://127.0.0.1:' + server.address().port + '/');
  console.log(JSON.stringify({ status: r.status, ...(await r.json()) }));
  server.close();
});
`,
    );
    expect(JSON.parse(execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }))).toEqual({
      status: 401,
      name: 'ClientCertError',
      code: 'ERR_CLIENT_CERT_MISSING',
      reason: 'certificate-absent',
    });
  });

  it('types req.clientCert for Express users through the published declarations', () => {
    writeFileSync(
      join(dir, 'consumer.ts'),
      `import express from 'express';
import { clientCert, requireClientCert, type RequestWithClientCert, type ClientCertIdentity } from 'express-client-cert';
const app = express();
app.use(clientCert({ trustedProxies: ['loopback'], trustAnchors: '' }));
app.get('/', requireClientCert({ subject: { CN: 'alice' } }), (req, res) => {
  const subject: string | undefined = req.clientCert?.subject;
  const code: string | undefined = req.clientCertError?.code;
  // @ts-expect-error the identity is read-only
  if (req.clientCert) req.clientCert.subject = 'x';
  res.json({ subject, code });
});
const handler = (req: RequestWithClientCert<express.Request>): ClientCertIdentity => req.clientCert;
void handler;
`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
  });
});

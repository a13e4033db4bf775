// Request shapes and runtimes the warm-path changes must still serve: a frozen global object (the
// shared request-state map is registered there), a copied request whose own `headers` view is not
// Node's built one, and a hand-built `rawHeaders` whose `pop` is not Array.prototype.pop.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import * as ts from 'typescript';
import { clientCert, encodeClientCert, encodeClientCertChain, type ClientCertRequestFields } from '../src/index';
import { takeFields } from '../src/headers';
import { NOW, makePki } from './helpers/pki';

const pki = makePki('AttackWarm');

describe('request state on a hardened runtime', () => {
  it('loads and keeps state when the global object is frozen (the record is on the request prototype, not the global)', () => {
    // A frozen or sealed global object (a hardened runtime) must not stop the package from loading.
    const source = readFileSync(resolve(__dirname, '../src/request-state.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    const dir = mkdtempSync(join(tmpdir(), 'ecc-frozen-'));
    try {
      const file = join(dir, 'frozen.cjs');
      writeFileSync(
        file,
        `const code = ${JSON.stringify(outputText)};
const out = (value) => process.stdout.write(JSON.stringify(value));
Object.freeze(globalThis);
try {
  const exports = {};
  new Function('exports', 'require', code)(exports, require);
  const req = {};
  const state = exports.attachRequestState(req, new Map([['client-cert', [':AA==:']]]));
  out({ loaded: true, found: exports.requestState(req) === state, registered: Object.getOwnPropertySymbols(globalThis).some((s) => s.description === 'express-client-cert.request-states@2') });
} catch (err) {
  out({ loaded: false, error: String(err && err.message) });
}
`,
      );
      expect(JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }))).toEqual({
        loaded: true,
        found: true,
        registered: false,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a copied request with its own headers view', () => {
  // An adapter (or a test) hands the middleware a copy of Node's request: spreading it copies Node's
  // private slots (the built view and the line count) but gives the copy a `headers` of its own.
  function server() {
    const mw = clientCert({ trustedProxies: 'loopback', trustAnchors: pki.root.pem, now: () => NOW });
    return createServer((req: IncomingMessage, res: ServerResponse) => {
      const copy = { ...req, headers: { ...req.headers } } as unknown as IncomingMessage & ClientCertRequestFields;
      mw(copy, res, () => {
        // The request it was copied from shares Node's built view and its lines with the copy.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            names: Object.keys(copy.headers).sort(),
            original: Object.keys(req.headers).sort(),
            raw: copy.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()),
            subject: copy.clientCert?.subject ?? null,
            reason: copy.clientCertError?.reason ?? null,
          }),
        );
      });
    });
  }

  it('has the certificate fields removed from the view it carries, and is decided on them', async () => {
    const res = await request(server())
      .get('/')
      .set({
        'Client-Cert': encodeClientCert(pki.leaf.der),
        'Client-Cert-Chain': encodeClientCertChain(pki.intermediate.der),
        'X-Other': 'kept',
      });
    expect(res.body.subject).toBe('CN=alice,O=AttackWarm');
    expect(res.body.reason).toBeNull();
    expect(res.body.names).toContain('x-other');
    expect(res.body.names).not.toContain('client-cert');
    expect(res.body.names).not.toContain('client-cert-chain');
    expect(res.body.raw).not.toContain('client-cert');
    expect(res.body.original).toContain('x-other');
    expect(res.body.original).not.toContain('client-cert');
    expect(res.body.original).not.toContain('client-cert-chain');
  });
});

describe('hand-built rawHeaders', () => {
  it('are cut to the lines kept even when their pop does not shorten them, without looping', () => {
    let pops = 0;
    // A list type of an adapter: its pop is not Array.prototype.pop (here it keeps every line).
    class Lines extends Array<string> {
      override pop(): string | undefined {
        if (++pops > 100) throw new Error('pop called without end');
        return undefined;
      }
    }
    const raw = Lines.from(['Host', 'h', 'Client-Cert', ':AA==:', 'Client-Cert-Chain', ':AQ==:']);
    const req = {
      headers: { host: 'h', 'client-cert': ':AA==:', 'client-cert-chain': ':AQ==:' },
      rawHeaders: raw,
    } as unknown as IncomingMessage;
    const taken = takeFields(req, new Set(['client-cert', 'client-cert-chain']));
    expect(Object.fromEntries(taken)).toEqual({ 'client-cert': [':AA==:'], 'client-cert-chain': [':AQ==:'] });
    expect([...req.rawHeaders]).toEqual(['Host', 'h']);
    expect(Object.keys(req.headers)).toEqual(['host']);
  });
});

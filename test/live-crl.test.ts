// CRL sources kept current: an HTTP server on 127.0.0.1 that serves (and changes) CRLs, and CRL
// files replaced on disk by a rename. The validation clock is injected; the only waits are for
// the refresh the source schedules (a few hundred ms, since the CRLs are valid for seconds).
import { execFile } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import express from 'express';
import request from 'supertest';
import { createVerifier, encodeClientCert, encodeClientCertChain, type TrustEvent } from '../src/index';
import { echo, errorHandler } from './helpers/app';
import { clientCert, type ClientCertAuditEvent, type ClientCertOptions } from '../src/index';
import { NOW, makeCert, makeCrl, type CrlSpec } from './helpers/pki';
import * as crlModule from '../src/x509/crl';

const root = makeCert({ subject: { O: 'Live', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'Live', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const leaf = makeCert({ subject: { O: 'Live', CN: 'leaf' }, issuer: ica, serial: 7 });
const rootCrl = makeCrl({ issuer: root }).pem;
const SEC = 1000;
/** ICA CRLs valid from `thisUpdate` (seconds relative to NOW) for `validSec` seconds. */
const icaCrl = (n: number, spec: Partial<CrlSpec> & { at?: number; validSec?: number } = {}) =>
  makeCrl({
    issuer: ica,
    crlNumber: n,
    thisUpdate: new Date(NOW.getTime() + (spec.at ?? -60) * SEC),
    nextUpdate: new Date(NOW.getTime() + (spec.at ?? -60) * SEC + (spec.validSec ?? 3600) * SEC),
    ...spec,
  });
const fields = { 'Client-Cert': encodeClientCert(leaf.pem), 'Client-Cert-Chain': encodeClientCertChain([ica.pem]) };

/** A CRL server whose answer the test changes; it honours If-None-Match. */
interface CrlServer {
  url: string;
  body: Buffer | string;
  status: number;
  hits: number;
  notModified: number;
  close(): Promise<void>;
}

async function startCrlServer(body: Buffer | string): Promise<CrlServer> {
  const state = { body, status: 200, hits: 0, notModified: 0 };
  const etagOf = (b: Buffer | string) => `"${Buffer.from(b).length}-${Buffer.from(b).subarray(-8).toString('hex')}"`;
  const server = http.createServer((req, res) => {
    state.hits++;
    if (state.status !== 200) {
      res.writeHead(state.status).end();
      return;
    }
    const etag = etagOf(state.body);
    if (req.headers['if-none-match'] === etag) {
      state.notModified++;
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pkix-crl', etag }).end(state.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/ica.crl`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  });
}

async function waitFor(what: string, predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('CRL from a URL', () => {
  let server: CrlServer;
  afterEach(() => server?.close());

  it('a certificate revoked after start is refused once the CRL refreshes, without a restart', async () => {
    // Stale one second after the injected clock's now: the source must fetch again within that second.
    server = await startCrlServer(Buffer.from(icaCrl(1, { at: -1, validSec: 2 }).der));
    const trustEvents: TrustEvent[] = [];
    const { app, events, mw } = liveApp({
      trustedProxies: 'loopback',
      trustAnchors: root.pem,
      intermediates: ica.pem,
      now: () => NOW,
      crls: [rootCrl, { url: server.url }],
      onTrustEvent: (e) => trustEvents.push(e),
    });
    try {
      await mw.ready();
      await request(app).get('/whoami').set(fields).expect(200);
      await request(app).get('/whoami').set(fields).expect(200);
      expect(events.map((e) => [e.outcome, e.cached])).toEqual([
        ['accepted', false],
        ['accepted', true],
      ]);
      // The CA revokes the leaf: the next CRL lists it.
      server.body = Buffer.from(icaCrl(2, { at: -1, validSec: 2, revoked: [{ serial: 7 }] }).der);
      await waitFor('the new CRL', () => trustEvents.filter((e) => e.type === 'crl-loaded').length >= 2);
      const res = await request(app).get('/whoami').set(fields).expect(200);
      expect(res.body.error).toBe('ERR_CLIENT_CERT_REVOKED');
      // The cached acceptance did not survive the new CRL.
      expect(events[2]).toMatchObject({ outcome: 'rejected', reason: 'revoked', cached: false });
      // Unchanged CRLs are asked for conditionally and answered 304.
      await waitFor('a conditional refresh', () => server.notModified > 0);
      const status = mw.status().sources[0];
      expect(status).toMatchObject({ source: server.url, kind: 'url', loaded: true, crlNumber: '2', stale: false, lastError: undefined });
      expect(status.staleAt).toBe(new Date(NOW.getTime() + 1000).toISOString());
    } finally {
      mw.close();
    }
  });

  const forger = makeCert({ subject: { O: 'Live', CN: 'ICA' }, ca: true });
  it.each<[string, () => Buffer | string | number, RegExp]>([
    ['forged', () => Buffer.from(makeCrl({ issuer: forger, crlNumber: 9, thisUpdate: new Date(NOW.getTime() - 1000) }).der), /not signed/],
    ['replayed (older CRL number)', () => Buffer.from(icaCrl(4, { at: -10 }).der), /CRL number 4 is lower than the current 5/],
    ['older (thisUpdate)', () => Buffer.from(icaCrl(6, { at: -40 }).der), /thisUpdate .* is older/],
    ['broken', () => '-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n', /does not parse/],
    ['unavailable (the server fails)', () => 503, /download failed: HTTP status 503/],
  ])('a %s CRL never replaces the one in force; the last good CRL is kept', async (_label, next, why) => {
    // In force: CRL 5 revoking the leaf, stale a second after now, so the source fetches again soon.
    server = await startCrlServer(Buffer.from(icaCrl(5, { at: -30, validSec: 31, revoked: [{ serial: 7 }] }).der));
    const trustEvents: TrustEvent[] = [];
    const v = createVerifier({
      trustAnchors: root.pem,
      intermediates: ica.pem,
      now: () => NOW,
      crls: [rootCrl, { url: server.url }],
      onTrustEvent: (e) => trustEvents.push(e),
    });
    try {
      await v.ready();
      await expect(v.verify({ certificate: leaf.pem, chain: [ica.pem] })).rejects.toMatchObject({ reason: 'revoked' });
      const body = next();
      if (typeof body === 'number') server.status = body;
      else server.body = body;
      await waitFor('the refusal', () => trustEvents.some((e) => e.type === 'crl-refused' || e.type === 'crl-error'));
      expect(v.status().sources[0]).toMatchObject({ crlNumber: '5', lastError: expect.stringMatching(why) });
      expect(v.status().sources[0].lastError).toMatch(/last good one kept|download failed/);
      await expect(v.verify({ certificate: leaf.pem, chain: [ica.pem] })).rejects.toMatchObject({ reason: 'revoked' });
    } finally {
      v.close();
    }
  });

  it.each(['hard', 'soft'] as const)('a stale CRL under %s mode (the server serves nothing newer)', async (mode) => {
    server = await startCrlServer(Buffer.from(icaCrl(1, { at: -60, validSec: 3600 }).der));
    let clock = NOW.getTime();
    const trustEvents: TrustEvent[] = [];
    const { app, events, mw } = liveApp({
      trustedProxies: 'loopback',
      trustAnchors: root.pem,
      intermediates: ica.pem,
      now: () => new Date(clock),
      crls: [rootCrl, { url: server.url }],
      revocationMode: mode,
      onTrustEvent: (e) => trustEvents.push(e),
    });
    try {
      await mw.ready();
      await request(app).get('/whoami').set(fields).expect(200);
      expect(events[0]).toMatchObject({ outcome: 'accepted', cached: false });
      // An hour and a minute later by the validation clock, the CRL is past its nextUpdate.
      server.status = 500;
      clock += 3601 * SEC;
      const res = await request(app).get('/whoami').set(fields).expect(200);
      if (mode === 'hard') {
        expect(res.body.error).toBe('ERR_CLIENT_CERT_REVOKED');
        expect(events[1]).toMatchObject({ outcome: 'rejected', reason: 'crl-stale', cached: false });
      } else {
        expect(res.body.subject).toBe('CN=leaf,O=Live');
        expect(events[1]).toMatchObject({ outcome: 'accepted', revocationStatus: 'unknown', revocationReason: 'crl-stale', cached: false });
      }
      expect(mw.status().sources[0].stale).toBe(true);
    } finally {
      mw.close();
    }
  });

  it('a CRL that reaches nextUpdate without a replacement is reported as stale', async () => {
    // The validation clock runs from NOW; the CRL goes stale a second later and the server has nothing newer.
    const start = Date.now();
    server = await startCrlServer(Buffer.from(icaCrl(1, { at: -1, validSec: 2 }).der));
    const trustEvents: TrustEvent[] = [];
    const v = createVerifier({
      trustAnchors: root.pem,
      intermediates: ica.pem,
      now: () => new Date(NOW.getTime() + Date.now() - start),
      crls: [rootCrl, { url: server.url }],
      onTrustEvent: (e) => trustEvents.push(e),
    });
    try {
      await v.ready();
      await waitFor('the stale report', () => trustEvents.some((e) => e.type === 'crl-stale'));
      expect(trustEvents.find((e) => e.type === 'crl-stale')).toMatchObject({
        source: server.url,
        message: expect.stringMatching(/went stale at .* and was not replaced/),
      });
      expect(v.status().sources[0]).toMatchObject({ stale: true, crlNumber: '1' });
      await expect(v.verify({ certificate: leaf.pem, chain: [ica.pem] })).rejects.toMatchObject({ reason: 'crl-stale' });
    } finally {
      v.close();
    }
  });

  it('a PEM CRL with text around it, as `openssl crl -text` writes it, is read', async () => {
    server = await startCrlServer(`Certificate Revocation List (CRL):\n        Version 2 (0x1)\n${icaCrl(1).pem}`);
    const v = createVerifier({ trustAnchors: root.pem, intermediates: ica.pem, now: () => NOW, crls: [rootCrl, { url: server.url }] });
    try {
      await v.ready();
      await expect(v.verify({ certificate: leaf.pem, chain: [ica.pem] })).resolves.toBeDefined();
    } finally {
      v.close();
    }
  });

  it('ready() rejects naming a source whose first load failed; loading goes on in the background', async () => {
    server = await startCrlServer('');
    server.status = 404;
    const v = createVerifier({
      trustAnchors: root.pem,
      intermediates: ica.pem,
      now: () => NOW,
      crls: [{ url: server.url }],
      onTrustEvent: () => undefined,
    });
    try {
      await expect(v.ready()).rejects.toThrow(new RegExp(`${server.url.replace(/[.]/g, '\\.')}: the download failed: HTTP status 404`));
      await expect(v.verify({ certificate: leaf.pem, chain: [ica.pem] })).rejects.toMatchObject({ reason: 'crl-missing' });
      server.status = 200;
      server.body = Buffer.from(icaCrl(1).der);
      await waitFor('the retry', () => v.status().sources[0].loaded, 5000);
    } finally {
      v.close();
    }
  });

  it('a CRL signed by no configured CA is refused at load (the issuing CA must be configured)', async () => {
    server = await startCrlServer(Buffer.from(icaCrl(1).der));
    const v = createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [{ url: server.url }], onTrustEvent: () => undefined });
    try {
      await expect(v.ready()).rejects.toThrow(/not signed by a configured trust anchor or intermediate/);
    } finally {
      v.close();
    }
  });

  it('timers never keep the process alive', async () => {
    server = await startCrlServer(Buffer.from(icaCrl(1).der));
    const dist = resolve(__dirname, '../dist/cjs/index.js');
    const script = `
      const { createVerifier } = require(${JSON.stringify(dist)});
      const v = createVerifier({ trustAnchors: ${JSON.stringify(root.pem)}, intermediates: ${JSON.stringify(ica.pem)},
        crls: [{ url: ${JSON.stringify(server.url)} }], ocsp: true });
      v.ready().then(() => console.log('ready'), (e) => console.log('failed', e.message));`;
    const out = await new Promise<{ code: number | null; stdout: string }>((done) => {
      const child = execFile(process.execPath, ['-e', script], { timeout: 15_000 }, (err, stdout) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
      );
      void child;
    });
    expect(out).toEqual({ code: 0, stdout: 'ready\n' });
  });
});

describe('CRL from a file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ecc-crl-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes next to the file and renames over it, as deployment tools do. */
  const replace = (file: string, der: Uint8Array) => {
    writeFileSync(`${file}.tmp`, der);
    renameSync(`${file}.tmp`, file);
  };

  it('is re-read when replaced by a rename; an older file does not replace the newer CRL', async () => {
    const file = join(dir, 'ica.crl');
    writeFileSync(file, icaCrl(1).pem);
    const trustEvents: TrustEvent[] = [];
    const v = createVerifier({
      trustAnchors: root.pem,
      intermediates: ica.pem,
      now: () => NOW,
      crls: [rootCrl, { file }],
      onTrustEvent: (e) => trustEvents.push(e),
    });
    const loaded = () => trustEvents.filter((e) => e.type === 'crl-loaded').length;
    try {
      await v.ready();
      await expect(v.verify({ certificate: leaf.pem, chain: [ica.pem] })).resolves.toMatchObject({ subject: 'CN=leaf,O=Live' });
      replace(file, icaCrl(2, { at: -30, revoked: [{ serial: 7 }] }).der);
      await waitFor('the replaced file', () => loaded() >= 2);
      await expect(v.verify({ certificate: leaf.pem, chain: [ica.pem] })).rejects.toMatchObject({
        code: 'ERR_CLIENT_CERT_REVOKED',
        reason: 'revoked',
      });
      replace(file, icaCrl(1).der);
      await waitFor('the older file to be refused', () => trustEvents.some((e) => e.type === 'crl-refused'));
      expect(v.status().sources[0]).toMatchObject({
        kind: 'file',
        crlNumber: '2',
        lastError: expect.stringMatching(/lower than the current 2/),
      });
      await expect(v.verify({ certificate: leaf.pem, chain: [ica.pem] })).rejects.toMatchObject({ reason: 'revoked' });
    } finally {
      v.close();
    }
  });

  it('the same bytes written again are not read again whole (no ETag for files): only vetted, reported unchanged', async () => {
    const file = join(dir, 'ica.crl');
    const same = icaCrl(1).der;
    writeFileSync(file, same);
    const trustEvents: TrustEvent[] = [];
    const v = createVerifier({
      trustAnchors: root.pem,
      intermediates: ica.pem,
      now: () => NOW,
      crls: [rootCrl, { file }],
      onTrustEvent: (e) => trustEvents.push(e),
    });
    try {
      await v.ready();
      const parse = jest.spyOn(crlModule, 'parseCrlDer');
      replace(file, same);
      await waitFor('the rewritten file', () => trustEvents.some((e) => e.type === 'crl-unchanged'));
      expect(parse).not.toHaveBeenCalled();
      parse.mockRestore();
      await expect(v.verify({ certificate: leaf.pem, chain: [ica.pem] })).resolves.toMatchObject({ subject: 'CN=leaf,O=Live' });
    } finally {
      v.close();
    }
  });

  it('a missing file is reported and picked up when it appears', async () => {
    const file = join(dir, 'later.crl');
    const v = createVerifier({
      trustAnchors: root.pem,
      intermediates: ica.pem,
      now: () => NOW,
      crls: [rootCrl, { file }],
      onTrustEvent: () => undefined,
    });
    try {
      await expect(v.ready()).rejects.toThrow(/cannot read the file \(ENOENT\)/);
      await expect(v.verify({ certificate: leaf.pem, chain: [ica.pem] })).rejects.toMatchObject({ reason: 'crl-missing' });
      replace(file, icaCrl(1).der);
      await waitFor('the new file', () => v.status().sources[0].loaded);
      await expect(v.verify({ certificate: leaf.pem, chain: [ica.pem] })).resolves.toBeDefined();
    } finally {
      v.close();
    }
  });
});

describe('crls option validation', () => {
  it.each<[string, unknown, RegExp]>([
    ['an ftp URL', [{ url: 'ftp://x/crl' }], /crls\[0\]\.url` must be an http/],
    ['an empty file name', [{ file: '' }], /crls\[0\]\.file` must be a file path/],
    ['an unknown key', [{ url: 'http://127.0.0.1/x', refresh: 1 }], /unknown option `refresh`/],
    ['a number', [42], /crls\[0\]` must be a PEM string, DER bytes, \{ url/],
  ])('TypeError for %s', (_n, crls, message) => {
    expect(() => createVerifier({ trustAnchors: root.pem, crls: crls as never })).toThrow(message);
  });
});

/** An app around the middleware, keeping the middleware for its ready/update/close/status. */
function liveApp(options: ClientCertOptions) {
  const events: ClientCertAuditEvent[] = [];
  const mw = clientCert({ onAudit: (e) => events.push(e), ...options });
  const app = express();
  app.use(mw);
  app.get('/whoami', echo);
  app.use(errorHandler);
  return { app, events, mw };
}

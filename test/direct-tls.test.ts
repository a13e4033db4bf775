// Direct TLS: the Node server terminates mutual TLS itself; the identity comes from the socket.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:https';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { clientCert, encodeClientCert } from '../src/index';
import { nodeHttps, writePki } from './e2e/harness';

/** An HTTPS server on 127.0.0.1 that asks for a client certificate and lets the middleware decide. */
async function listenTls(dir: string, app: express.Express, ca?: string): Promise<{ server: Server; port: number }> {
  const server = https.createServer(
    {
      key: readFileSync(join(dir, 'server.key')),
      cert: readFileSync(join(dir, 'server.pem')),
      ...(ca ? { ca: readFileSync(ca) } : {}),
      requestCert: true,
      // The middleware decides; the handshake accepts any certificate.
      rejectUnauthorized: false,
    },
    app,
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as { port: number }).port };
}

describe('directTls', () => {
  let dir: string;
  let pki: ReturnType<typeof writePki>;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecc-direct-'));
    pki = writePki(dir);
    const app = express();
    app.use(clientCert({ trustedProxies: [], directTls: true, trustAnchors: pki.root.pem }));
    app.get('/whoami', (req, res) =>
      res.json({
        subject: req.clientCert?.subject ?? null,
        fingerprint256: req.clientCert?.fingerprint256 ?? null,
        error: req.clientCertError?.code ?? null,
      }),
    );
    ({ server, port } = await listenTls(dir, app, pki.ca));
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it('identifies the client by its TLS certificate, as behind a proxy', async () => {
    expect(await nodeHttps(port, pki.ca, pki.clients.alice)).toEqual({
      subject: 'CN=alice,O=E2E',
      fingerprint256: pki.clients.alice.leaf.fingerprint256,
      error: null,
    });
  });

  it('ignores Client-Cert headers: a client without a certificate stays anonymous', async () => {
    const forged = { 'Client-Cert': encodeClientCert(pki.clients.alice.leaf.der) };
    expect(await nodeHttps(port, pki.ca, undefined, forged)).toEqual({
      subject: null,
      fingerprint256: null,
      error: 'ERR_CLIENT_CERT_UNTRUSTED_PROXY',
    });
    expect(await nodeHttps(port, pki.ca, pki.clients.mallory, forged)).toMatchObject({ subject: 'CN=mallory,O=E2E' });
  });

  it('refuses expired and foreign certificates with the usual codes', async () => {
    expect(await nodeHttps(port, pki.ca, pki.clients.expired)).toMatchObject({ subject: null, error: 'ERR_CLIENT_CERT_EXPIRED' });
    expect(await nodeHttps(port, pki.ca, pki.clients.foreign)).toMatchObject({ subject: null, error: 'ERR_CLIENT_CERT_UNTRUSTED' });
  });

  it('an empty trustedProxies list is accepted only with directTls', () => {
    expect(() => clientCert({ trustedProxies: [], trustAnchors: pki.root.pem })).toThrow(/trustedProxies` is empty.*directTls: true/);
  });
});

describe('directTls behind a trusted proxy', () => {
  let dir: string;
  let pki: ReturnType<typeof writePki>;
  let server: Server;
  let port: number;
  let clockReads = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecc-direct-proxy-'));
    pki = writePki(dir);
    const app = express();
    const now = (): Date => {
      clockReads++;
      return new Date();
    };
    app.use(
      clientCert({
        trustedProxies: 'loopback',
        directTls: true,
        trustAnchors: pki.root.pem,
        intermediates: pki.intermediate.pem,
        now,
        cache: false,
      }),
    );
    app.get('/whoami', (req, res) => res.json({ subject: req.clientCert?.subject ?? null, error: req.clientCertError?.code ?? null }));
    ({ server, port } = await listenTls(dir, app));
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the clock once when the socket has no certificate and the fields decide', async () => {
    const fields = { 'Client-Cert': encodeClientCert(pki.clients.alice.leaf.der) };
    clockReads = 0;
    expect(await nodeHttps(port, pki.ca, undefined, fields)).toEqual({ subject: 'CN=alice,O=E2E', error: null });
    // One decision, one reading: two readings could straddle a validity boundary and disagree.
    expect(clockReads).toBe(1);
  });
});

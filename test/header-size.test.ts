// Large chains: Node's own header limit (16 KiB for all headers) and the middleware's limits.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { clientCert, encodeClientCert, encodeClientCertChain } from '../src/index';
import { NOW, makeCert, makeKey, type TestCert } from './helpers/pki';

// An RSA-4096 hierarchy nine intermediates deep (one key, for speed): its fields add up to ≈ 18 KB.
function chainOf(depth: number, bigKey: ReturnType<typeof makeKey>) {
  const root = makeCert({ subject: { O: 'Big', CN: 'Big Root' }, ca: true, key: bigKey });
  let issuer: TestCert = root;
  const intermediates: TestCert[] = [];
  for (let i = 0; i < depth; i++) {
    issuer = makeCert({ subject: { O: 'Big', CN: `Big ICA ${i}` }, issuer, ca: true, key: bigKey });
    intermediates.unshift(issuer);
  }
  const leaf = makeCert({ subject: { O: 'Big', CN: 'big leaf' }, issuer, key: bigKey });
  return { root, intermediates, leaf };
}

function serve(maxHeaderSize: number | undefined, limits: object): Promise<{ url: URL; close: () => Promise<void> }> {
  const app = express();
  app.use(clientCert({ trustedProxies: 'loopback', trustAnchors: big.root.pem, now: () => NOW, maxChainLength: 12, limits }));
  app.get('/', (req, res) => res.json({ subject: req.clientCert?.subject ?? null, error: req.clientCertError?.code ?? null }));
  const server = http.createServer(maxHeaderSize ? { maxHeaderSize } : {}, app);
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`),
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

function get(url: URL, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = http.request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

const big = chainOf(9, makeKey('rsa4096', 'big'));

describe('an RSA-4096 chain larger than Node’s default header limit', () => {
  const headers = () => ({
    'Client-Cert': encodeClientCert(big.leaf.der),
    'Client-Cert-Chain': encodeClientCertChain(big.intermediates.map((c) => c.der)),
  });

  it('is larger than 16 KiB in all', () => {
    const h = headers();
    expect(h['Client-Cert'].length + h['Client-Cert-Chain'].length).toBeGreaterThan(16 * 1024);
  });

  it("is refused by Node itself (431) with Node's default limit", async () => {
    const s = await serve(undefined, { chainBytes: 64 * 1024 });
    try {
      expect((await get(s.url, headers())).status).toBe(431);
    } finally {
      await s.close();
    }
  });

  it('is ERR_CLIENT_CERT_TOO_LARGE over limits.chainBytes when Node lets it through', async () => {
    const s = await serve(64 * 1024, { chainBytes: 8 * 1024 });
    try {
      expect(JSON.parse((await get(s.url, headers())).body)).toEqual({ subject: null, error: 'ERR_CLIENT_CERT_TOO_LARGE' });
    } finally {
      await s.close();
    }
  });

  it('passes with a raised maxHeaderSize and the default field limits (16 KiB chain, 10 members)', async () => {
    const s = await serve(64 * 1024, {});
    try {
      expect(JSON.parse((await get(s.url, headers())).body)).toEqual({ subject: 'CN=big leaf,O=Big', error: null });
    } finally {
      await s.close();
    }
  });
});

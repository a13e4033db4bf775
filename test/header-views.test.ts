// Node's lazily built header views (`headersDistinct`) after clientCert removed certificate fields:
// built late, they must not throw; built early, they must not keep the removed lines.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import request from 'supertest';
import { clientCert, encodeClientCert, encodeClientCertChain, type ClientCertRequestFields } from '../src/index';
import { takeFields } from '../src/headers';
import { NOW, makePki } from './helpers/pki';

const { root, intermediate, leaf } = makePki('Views');

function server(trustedProxies: string, readEarly: boolean) {
  const mw = clientCert({ trustedProxies, trustAnchors: root.pem, now: () => NOW });
  return createServer((req: IncomingMessage & ClientCertRequestFields, res: ServerResponse) => {
    if (readEarly) void req.headersDistinct;
    mw(req, res, () => {
      let distinct: unknown;
      try {
        const views = req.headersDistinct;
        distinct = {
          clientCert: views['client-cert'] ?? null,
          chain0: views['x-ssl-client-cert-chain-0'] ?? null,
          other: views['x-other'] ?? null,
        };
      } catch (err) {
        distinct = `threw ${(err as Error).name}`;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          distinct,
          subject: req.clientCert?.subject,
          code: req.clientCertError?.code ?? null,
          reason: req.clientCertError?.reason ?? null,
        }),
      );
    });
  });
}

const forged = { 'Client-Cert': encodeClientCert(leaf.der), 'X-SSL-Client-Cert-Chain-0': 'x', 'X-Other': 'kept' };
const clean = { clientCert: null, chain0: null, other: ['kept'] };

describe('header views after the certificate fields are removed', () => {
  it.each([false, true])('headersDistinct read late (early read: %s) neither throws nor shows a removed field', async (readEarly) => {
    const res = await request(server('10.255.255.1', readEarly)).get('/').set(forged).expect(200);
    expect(res.body).toEqual({ distinct: clean, code: 'ERR_CLIENT_CERT_UNTRUSTED_PROXY', reason: 'peer-not-trusted' });
  });

  it('a trusted peer: the identity is decided and the views hold no certificate field', async () => {
    const res = await request(server('loopback', true))
      .get('/')
      .set({
        'Client-Cert': encodeClientCert(leaf.der),
        'Client-Cert-Chain': encodeClientCertChain(intermediate.der),
        'X-Other': 'kept',
      });
    expect(res.body).toEqual({ distinct: clean, subject: 'CN=alice,O=Views', code: null, reason: null });
  });
});

describe('header views are left for Node to build', () => {
  // Building headersDistinct on every request cost more than the rest of a cached request and
  // added a property to every request object; Node's line count is corrected instead.
  it('the middleware builds no headersDistinct view, and a view built later has no removed field', async () => {
    const mw = clientCert({ trustedProxies: 'loopback', trustAnchors: root.pem, now: () => NOW });
    const app = createServer((req: IncomingMessage & ClientCertRequestFields, res: ServerResponse) => {
      mw(req, res, () => {
        const built = Object.getOwnPropertySymbols(req).some((s) => s.description === 'kHeadersDistinct');
        const views = req.headersDistinct;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            built,
            names: Object.keys(views).sort(),
            raw: req.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()),
            subject: req.clientCert?.subject,
          }),
        );
      });
    });
    const res = await request(app)
      .get('/')
      .set({ 'Client-Cert': encodeClientCert(leaf.der), 'Client-Cert-Chain': encodeClientCertChain(intermediate.der), 'X-Other': 'kept' });
    expect(res.body.built).toBe(false);
    expect(res.body.subject).toBe('CN=alice,O=Views');
    expect(res.body.names).toContain('x-other');
    expect(res.body.names).not.toContain('client-cert');
    expect(res.body.names).not.toContain('client-cert-chain');
    expect(res.body.raw).not.toContain('client-cert');
    expect(res.body.names).toEqual([...res.body.raw].sort());
  });

  it('fields put into a built headers view by hand are removed too, the other names kept in order', () => {
    const req = {
      headers: { host: 'h', 'client-cert': ':a:', accept: '*/*', 'x-ssl-client-cert-chain-0': 'x' },
      rawHeaders: ['Host', 'h', 'Accept', '*/*'],
    } as unknown as IncomingMessage;
    const taken = takeFields(req, new Set(['client-cert']), ['x-ssl-client-cert-chain-']);
    expect(Object.keys(req.headers)).toEqual(['host', 'accept']);
    expect(Object.fromEntries(taken)).toEqual({ 'client-cert': [':a:'], 'x-ssl-client-cert-chain-0': ['x'] });
  });
});

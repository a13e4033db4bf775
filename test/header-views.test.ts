// Node's lazily built header views (`headersDistinct`) after clientCert removed certificate fields:
// built late, they must not throw; built early, they must not keep the removed lines.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import request from 'supertest';
import { clientCert, encodeClientCert, encodeClientCertChain, type ClientCertRequestFields } from '../src/index';
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

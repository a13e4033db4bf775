// The middleware under plain node:http and under Connect, with Connect-style next.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import connect from 'connect';
import request from 'supertest';
import { clientCert, encodeClientCert, encodeClientCertChain, requireClientCert, type ClientCertRequestFields } from '../src/index';
import { NOW, makePki } from './helpers/pki';

const { root, intermediate, leaf } = makePki('Http');
const options = { trustedProxies: 'loopback', trustAnchors: root.pem, now: () => NOW };
const headers = { 'Client-Cert': encodeClientCert(leaf.der), 'Client-Cert-Chain': encodeClientCertChain(intermediate.der) };

describe('plain node:http', () => {
  const mw = clientCert(options);
  const guard = requireClientCert({ subject: { CN: 'alice' } });
  const server = createServer((req: IncomingMessage & ClientCertRequestFields, res: ServerResponse) => {
    const fail = (err: unknown): void => {
      const status = (err as { status?: number }).status ?? 500;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (err as { code?: string }).code }));
    };
    mw(req, res, (err) => {
      if (err) return fail(err);
      guard(req, res, (err2) => {
        if (err2) return fail(err2);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ subject: req.clientCert?.subject }));
      });
    });
  });

  it('accepts a valid certificate', async () => {
    await request(server).get('/').set(headers).expect(200, { subject: 'CN=alice,O=Http' });
  });

  it('refuses without one', async () => {
    await request(server).get('/').expect(401, { error: 'ERR_CLIENT_CERT_MISSING' });
  });
});

describe('Connect', () => {
  const app = connect();
  app.use(clientCert({ ...options, required: true }));
  app.use((req: IncomingMessage & ClientCertRequestFields, res: ServerResponse) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ subject: req.clientCert?.subject }));
  });
  // Connect's final handler answers with err.status.
  it('accepts a valid certificate', async () => {
    await request(app).get('/').set(headers).expect(200, { subject: 'CN=alice,O=Http' });
  });

  it('answers 401 through next(err) when required', async () => {
    await request(app).get('/').expect(401);
  });
});

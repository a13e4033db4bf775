// withClientCert: a guarded handler typed with `req.clientCert` present. The routes below are the
// type test (a handler declaring a narrower `req` directly is TS2769 under Express's types), and
// the requests check that the type is true at run time.
import type { Request, Response } from 'express';
import request from 'supertest';
import { type ClientCertIdentity, type RequestWithClientCert, isClientCertError, requireClientCert, withClientCert } from '../src/index';
import { expressVersions, makeApp } from './helpers/app';
import { NOW, makePki } from './helpers/pki';
import { encodeClientCert, encodeClientCertChain } from '../src/index';

const { root, intermediate, leaf } = makePki('With');
const fields = { 'Client-Cert': encodeClientCert(leaf.pem), 'Client-Cert-Chain': encodeClientCertChain([intermediate.pem]) };

// A handler written on its own, with the narrow request type, for reuse across routes.
const whoami = (req: RequestWithClientCert<Request>, res: Response): void => {
  const identity: ClientCertIdentity = req.clientCert;
  res.json({ subject: identity.subject });
};

describe.each(expressVersions)('withClientCert on %s', (_label, express) => {
  const { app } = makeApp(express, { trustedProxies: 'loopback', trustAnchors: root.pem, now: () => NOW }, (a) => {
    a.get(
      '/inline',
      requireClientCert(),
      withClientCert((req: RequestWithClientCert<Request>, res: Response) => res.json({ subject: req.clientCert.subject })),
    );
    a.get('/named', requireClientCert(), withClientCert(whoami));
    // @ts-expect-error TS2769: Express refuses a handler whose req is narrower than its Request (why withClientCert exists)
    a.get('/direct', requireClientCert(), whoami);
    // Mounted without a guard: the wrapper refuses instead of calling the handler with no identity.
    // Unannotated, req and res are node:http's.
    a.get(
      '/unguarded',
      withClientCert((req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ subject: req.clientCert.subject }));
      }),
    );
  });

  it.each(['/inline', '/named', '/unguarded'])('%s gets the identity when the certificate verified', async (path) => {
    const res = await request(app).get(path).set(fields).expect(200);
    expect(res.body).toEqual({ subject: 'CN=alice,O=With' });
  });

  it('without a guard and without a certificate, the handler is not called: 401 missing, reason handler-without-identity', async () => {
    const { app: reasons } = makeApp(express, { trustedProxies: 'loopback', trustAnchors: root.pem, now: () => NOW }, (a) => {
      a.get(
        '/unguarded',
        withClientCert(() => undefined),
      );
      a.use((err: unknown, _req: Request, res: Response, next: (err?: unknown) => void) =>
        isClientCertError(err) ? res.status(err.status).json({ code: err.code, reason: err.reason }) : next(err),
      );
    });
    const res = await request(reasons).get('/unguarded').expect(401);
    expect(res.body).toEqual({ code: 'ERR_CLIENT_CERT_MISSING', reason: 'handler-without-identity' });
  });

  it('without a guard, a refused certificate passes its stored refusal on', async () => {
    const res = await request(app)
      .get('/unguarded')
      .set({ 'Client-Cert': encodeClientCert(leaf.pem) }) // no chain: no path to the root
      .expect(401);
    expect(res.body).toEqual({ error: 'ERR_CLIENT_CERT_UNTRUSTED' });
  });
});

it.each(expressVersions)('on %s without clientCert mounted at all, it says so instead of blaming the client', async (_label, express) => {
  const app = express();
  app.get(
    '/x',
    withClientCert(() => {
      throw new Error('the handler must not run');
    }),
  );
  app.use((err: Error, _req: Request, res: Response, _next: unknown) => {
    void _next;
    res.status(500).json({ type: err.name, message: err.message });
  });
  const res = await request(app).get('/x').set(fields).expect(500);
  expect(res.body.type).toBe('TypeError');
  expect(res.body.message).toMatch(/^withClientCert\(\): no clientCert\(\) middleware ran before this handler/);
});

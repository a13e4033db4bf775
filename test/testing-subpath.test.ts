// express-client-cert/testing: the throwaway PKI users test their own apps with. Every kind of
// client it promises (valid, expired, not yet valid, foreign, revoked, server-only) is sent
// through a real Express app with supertest, and the app's decision is checked by code and reason.
import { createPrivateKey } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { type ClientCertOptions, clientCert, createVerifier, isClientCertError, requireClientCert } from '../src/index';
import { type TestPki, createTestPki } from '../src/testing/index';

const NOW = new Date('2030-06-01T12:00:00Z');

function appFor(options: Partial<ClientCertOptions> & Pick<ClientCertOptions, 'trustAnchors'>): express.Express {
  const app = express();
  app.use(clientCert({ trustedProxies: 'loopback', now: () => NOW, ...options }));
  app.get('/me', requireClientCert(), (req, res) => res.json({ subject: req.clientCert?.subject, serial: req.clientCert?.serialNumber }));
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!isClientCertError(err)) return next(err);
    res.status(err.status).json({ code: err.code, reason: err.reason });
  });
  return app;
}

describe('createTestPki', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await createTestPki({ name: 'Acme', now: NOW });
  });

  it('a client it issues is accepted, with the names and serial the test can predict', async () => {
    const alice = await pki.issue({ cn: 'alice', ou: 'ops' });
    expect(alice.subject).toBe('CN=alice,OU=ops,O=Acme');
    expect(alice.serialNumber).toMatch(/^[0-9a-f]{2,}$/);
    const res = await request(appFor({ trustAnchors: pki.rootPem }))
      .get('/me')
      .set(alice.headers())
      .expect(200);
    expect(res.body).toEqual({ subject: 'CN=alice,OU=ops,O=Acme', serial: alice.serialNumber });
  });

  it('names and serial numbers are the same on every run', async () => {
    const one = await createTestPki({ name: 'Same', now: NOW });
    const two = await createTestPki({ name: 'Same', now: NOW });
    const a = await one.issue({ cn: 'x' });
    const b = await two.issue({ cn: 'x' });
    expect([a.subject, a.serialNumber]).toEqual([b.subject, b.serialNumber]);
    expect((await one.issue({ cn: 'y' })).serialNumber).toBe('11');
    expect(a.fingerprint256).not.toBe(b.fingerprint256); // fresh keys
  });

  it('headers() gives RFC 9440 values for the leaf and its intermediate', async () => {
    const c = await pki.issue({ cn: 'h' });
    const h = c.headers();
    expect(Object.keys(h).sort()).toEqual(['client-cert', 'client-cert-chain']);
    expect(h['client-cert']).toBe(`:${Buffer.from(c.der).toString('base64')}:`);
    expect(h['client-cert-chain']).toMatch(/^:[A-Za-z0-9+/=]+:$/);
  });

  it.each([
    ['expired', { expired: true }, 'ERR_CLIENT_CERT_EXPIRED'],
    ['not yet valid', { notYetValid: true }, 'ERR_CLIENT_CERT_NOT_YET_VALID'],
    ['explicit validity in the past', { notBefore: new Date('2030-01-01Z'), notAfter: new Date('2030-02-01Z') }, 'ERR_CLIENT_CERT_EXPIRED'],
    ['serverAuth only', { eku: ['serverAuth'] }, 'ERR_CLIENT_CERT_USAGE'],
  ] as const)('a %s client is refused with its code', async (_label, extra, code) => {
    const c = await pki.issue({ cn: 'bad', ...extra });
    const res = await request(appFor({ trustAnchors: pki.rootPem }))
      .get('/me')
      .set(c.headers())
      .expect(401);
    expect(res.body.code).toBe(code);
  });

  it('a client of another test PKI (a foreign CA) is untrusted', async () => {
    const other = await createTestPki({ name: 'Elsewhere', now: NOW });
    const mallory = await other.issue({ cn: 'mallory' });
    const res = await request(appFor({ trustAnchors: pki.rootPem }))
      .get('/me')
      .set(mallory.headers())
      .expect(401);
    expect(res.body.code).toBe('ERR_CLIENT_CERT_UNTRUSTED');
  });

  it('revoke() + crlPem(): the revoked client is refused, the others still pass', async () => {
    const local = await createTestPki({ name: 'Rev', now: NOW });
    const good = await local.issue({ cn: 'good' });
    const gone = await local.issue({ cn: 'gone' });
    local.revoke(gone);
    const app = appFor({ trustAnchors: local.rootPem, crls: await local.crlPem() });
    await request(app).get('/me').set(good.headers()).expect(200);
    const res = await request(app).get('/me').set(gone.headers()).expect(401);
    expect(res.body.code).toBe('ERR_CLIENT_CERT_REVOKED');
  });

  it('a CRL past its nextUpdate refuses everyone (hard fail)', async () => {
    const local = await createTestPki({ name: 'Stale', now: NOW });
    const good = await local.issue({ cn: 'good' });
    const crls = await local.crlPem({ thisUpdate: new Date('2030-05-01Z'), nextUpdate: new Date('2030-05-02Z') });
    const res = await request(appFor({ trustAnchors: local.rootPem, crls }))
      .get('/me')
      .set(good.headers())
      .expect(401);
    expect(res.body.code).toBe('ERR_CLIENT_CERT_REVOKED');
  });

  it('SANs and EKUs land in the identity; the key is a usable PKCS#8 key', async () => {
    const svc = await pki.issue({
      cn: 'svc',
      san: { dns: ['svc.internal'], email: ['ops@example.com'], uri: ['spiffe://acme/svc'], ip: ['10.0.0.1', '::1'] },
      eku: ['clientAuth', 'serverAuth'],
    });
    const id = await createVerifier({ trustAnchors: pki.rootPem, now: () => NOW }).verify({
      certificate: svc.pem,
      chain: [svc.chainPem],
    });
    expect(id.san).toEqual({ dns: ['svc.internal'], email: ['ops@example.com'], uri: ['spiffe://acme/svc'], ip: ['10.0.0.1', '::1'] });
    expect(svc.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(createPrivateKey(svc.keyPem).asymmetricKeyType).toBe('ec');
  });

  it('refuses a mistake in its own inputs with a TypeError that says what to pass', async () => {
    await expect(pki.issue({ cn: '' })).rejects.toThrow(/cn: 'alice'/);
    await expect(pki.issue({ cn: 'a', eku: ['clientauthh'] })).rejects.toThrow(/unknown eku `clientauthh`/);
    const foreign = await (await createTestPki({ now: NOW })).issue({ cn: 'z' });
    expect(() => pki.revoke(foreign)).toThrow(/not issued by this PKI/);
    await expect(createTestPki({ now: new Date('nope') })).rejects.toThrow(TypeError);
  });
});

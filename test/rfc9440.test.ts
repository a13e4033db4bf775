import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { clientCert, createVerifier } from '../src/index';
import { describeConformance } from './helpers/conformance';

describeConformance('RFC 9440 Appendix A', 'rfc9440', (dir) => {
  const certValue = readFileSync(join(dir, 'client-cert.value.txt'), 'utf8').trim();
  const chainValue = readFileSync(join(dir, 'client-cert-chain.value.txt'), 'utf8').trim();
  const pems = readFileSync(join(dir, 'figure1-example-chain.pem'), 'utf8').match(
    /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g,
  )!;
  const rootPem = pems[2];
  const pinned = (): Date => new Date('2020-06-01T00:00:00Z');

  function app(now?: () => Date) {
    const a = express();
    a.use(clientCert({ trustedProxies: 'loopback', trustAnchors: rootPem, ...(now ? { now } : {}) }));
    a.get('/', (req, res) =>
      res.json({
        error: req.clientCertError?.code ?? null,
        id: req.clientCert ? { ...req.clientCert, der: undefined, chain: req.clientCert.chain.map((c) => c.subject) } : null,
      }),
    );
    return a;
  }

  it('the field values verify at 2020-06-01 with the root as the anchor', async () => {
    const res = await request(app(pinned)).get('/').set('Client-Cert', certValue).set('Client-Cert-Chain', chainValue).expect(200);
    expect(res.body.error).toBeNull();
    expect(res.body.id).toMatchObject({
      subject: 'CN=BC',
      issuer: "CN=LA Intermediate CA,O=Let's Authenticate",
      subjectAttributes: { CN: ['BC'] },
      serialNumber: '07',
      fingerprint256: 'bfaf1f7e070f9fa8dd62905f158da73f84a1136624fbafcc9393c8f7287a69eb',
      notBefore: '2020-01-14T22:55:33.000Z',
      notAfter: '2021-01-23T22:55:33.000Z',
      san: { dns: [], email: ['bdc@example.com'], uri: [], ip: [] },
      chain: ['CN=BC', "CN=LA Intermediate CA,O=Let's Authenticate", "CN=Let's Authenticate Root Authority,O=Let's Authenticate,C=US"],
    });
  });

  it('the same values are refused as expired today', async () => {
    const res = await request(app()).get('/').set('Client-Cert', certValue).set('Client-Cert-Chain', chainValue).expect(200);
    expect(res.body).toEqual({ error: 'ERR_CLIENT_CERT_EXPIRED', id: null });
  });

  it('without the chain the leaf has no path (UNTRUSTED)', async () => {
    const res = await request(app(pinned)).get('/').set('Client-Cert', certValue).expect(200);
    expect(res.body.error).toBe('ERR_CLIENT_CERT_UNTRUSTED');
  });

  it('createVerifier agrees, with PEM input', async () => {
    const id = await createVerifier({ trustAnchors: rootPem, now: pinned }).verify({ certificate: pems[0], chain: [pems[1]] });
    expect(id.fingerprint256).toBe('bfaf1f7e070f9fa8dd62905f158da73f84a1136624fbafcc9393c8f7287a69eb');
  });
});

// The identity's DER: a caller's buffer is copied (the caller may refill it), while bytes the
// middleware decoded itself are kept without a copy; either way a reader gets its own copy.
import request from 'supertest';
import express from 'express';
import { clientCert, createVerifier, encodeClientCert, encodeClientCertChain } from '../src/index';
import { NOW, makePki } from './helpers/pki';

const pki = makePki('IdentityBytes');

describe('identity bytes', () => {
  it('createVerifier copies the caller’s buffer: refilling it later changes no identity', async () => {
    const verifier = createVerifier({ trustAnchors: pki.root.pem, now: () => NOW });
    const buffer = new Uint8Array(pki.leaf.der);
    const identity = await verifier.verify({ certificate: buffer, chain: [pki.intermediate.der] });
    buffer.fill(0);
    expect(Array.from(identity.der)).toEqual(Array.from(pki.leaf.der));
    expect(Array.from(identity.chain[0].der)).toEqual(Array.from(pki.leaf.der));
  });

  it('a chain buffer the caller refills after a call does not change the intermediate parsed from it', async () => {
    // Regression: the parsed intermediate was cached as a view of the caller's buffer, so a later
    // call that presented the same certificate found it with the refilled bytes (its key unreadable).
    const verifier = createVerifier({ trustAnchors: pki.root.pem, now: () => NOW });
    const other = makePki('IdentityBytesOther');
    const buffer = new Uint8Array(pki.intermediate.der);
    // The intermediate is parsed and cached, though no path uses it: the leaf is another CA's.
    const first = await verifier.verify({ certificate: other.leaf.der, chain: [buffer] }).catch((err: unknown) => err);
    expect(first).toMatchObject({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'issuer-unknown' });
    buffer.fill(0);
    const identity = await verifier.verify({ certificate: pki.leaf.der, chain: [new Uint8Array(pki.intermediate.der)] });
    expect(Array.from(identity.chain[1].der)).toEqual(Array.from(pki.intermediate.der));
  });

  it('through the middleware, each read of der is a fresh copy of the forwarded certificate', async () => {
    const app = express();
    app.use(clientCert({ trustedProxies: 'loopback', trustAnchors: pki.root.pem, now: () => NOW }));
    app.get('/', (req, res) => {
      const first = req.clientCert!.der;
      first.fill(0);
      res.json({ same: Buffer.from(req.clientCert!.der).equals(Buffer.from(pki.leaf.der)), fresh: first !== req.clientCert!.der });
    });
    const headers = { 'Client-Cert': encodeClientCert(pki.leaf.der), 'Client-Cert-Chain': encodeClientCertChain(pki.intermediate.der) };
    expect((await request(app).get('/').set(headers)).body).toEqual({ same: true, fresh: true });
    // The cached identity is unchanged for the next request too.
    expect((await request(app).get('/').set(headers)).body).toEqual({ same: true, fresh: true });
  });
});

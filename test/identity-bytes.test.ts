// The identity's DER: copied, whoever decoded it (a caller may refill its buffer), into the JavaScript
// heap; each read gives the reader its own copy.
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

  it('keeps no array buffer in an identity: its bytes live in the JavaScript heap, not native memory', async () => {
    // A cache that replaces entries holding native buffers of their own scatters holes through
    // native memory, and RSS grows with every certificate seen long after the cache is full.
    const verifier = createVerifier({ trustAnchors: pki.root.pem, now: () => NOW });
    const identity = await verifier.verify({ certificate: pki.leaf.der, chain: [pki.intermediate.der] });
    const buffers: string[] = [];
    const seen = new Set<unknown>();
    const visit = (value: unknown, path: string): void => {
      if (typeof value !== 'object' || value === null || seen.has(value)) return;
      seen.add(value);
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) buffers.push(path);
      // Own data properties only, hidden and symbol-keyed ones included (getters make copies on read).
      for (const key of Reflect.ownKeys(value)) {
        const d = Object.getOwnPropertyDescriptor(value, key);
        if (d && 'value' in d) visit(d.value, `${path}.${String(key)}`);
      }
    };
    visit(identity, 'identity');
    expect(buffers).toEqual([]);
    expect(Buffer.from(identity.der).equals(Buffer.from(pki.leaf.der))).toBe(true);
  });

  it('builds identities and chain entries as plain objects, frozen', async () => {
    const verifier = createVerifier({ trustAnchors: pki.root.pem, now: () => NOW });
    const identity = await verifier.verify({ certificate: pki.leaf.der, chain: [pki.intermediate.der] });
    for (const record of [identity, ...identity.chain]) {
      expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
      expect(record.constructor).toBe(Object);
      expect(Object.isFrozen(record)).toBe(true);
    }
  });
});

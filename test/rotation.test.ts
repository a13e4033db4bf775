// update(): CA rotation without a restart. The swap is atomic and validated like the factory,
// cached decisions do not survive it, and a request in progress finishes under the
// configuration it started with.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { clientCert, createVerifier, encodeClientCert, encodeClientCertChain, type ClientCertAuditEvent } from '../src/index';
import { echo, errorHandler } from './helpers/app';
import { NOW, makeCert, makeCrl, makePki } from './helpers/pki';
import { ia5, oid, seq } from './helpers/der';

const oldPki = makePki('Old');
const newPki = makePki('New');
const fieldsOf = (pki: ReturnType<typeof makePki>) => ({
  'Client-Cert': encodeClientCert(pki.leaf.pem),
  'Client-Cert-Chain': encodeClientCertChain([pki.intermediate.pem]),
});

function app(options: Parameters<typeof clientCert>[0]) {
  const events: ClientCertAuditEvent[] = [];
  const mw = clientCert({ onAudit: (e) => events.push(e), ...options });
  const a = express();
  a.use(mw);
  a.get('/whoami', echo);
  a.use(errorHandler);
  return { app: a, events, mw };
}

describe('update()', () => {
  it('rotates the CA: old and new side by side, then the old one removed; its cached decision does not survive', async () => {
    const { app: a, events, mw } = app({ trustedProxies: 'loopback', trustAnchors: oldPki.root.pem, now: () => NOW });
    await request(a).get('/whoami').set(fieldsOf(oldPki)).expect(200);
    await request(a).get('/whoami').set(fieldsOf(oldPki)).expect(200);
    expect(events[1]).toMatchObject({ outcome: 'accepted', cached: true });
    const before = mw.status().generation;

    mw.update({ trustAnchors: [oldPki.root.pem, newPki.root.pem] });
    expect(mw.status().generation).toBeGreaterThan(before);
    let res = await request(a).get('/whoami').set(fieldsOf(newPki)).expect(200);
    expect(res.body.subject).toBe('CN=alice,O=New');
    res = await request(a).get('/whoami').set(fieldsOf(oldPki)).expect(200);
    expect(res.body.subject).toBe('CN=alice,O=Old');

    mw.update({ trustAnchors: newPki.root.pem });
    res = await request(a).get('/whoami').set(fieldsOf(oldPki)).expect(200);
    expect(res.body.error).toBe('ERR_CLIENT_CERT_UNTRUSTED');
    expect(events.at(-1)).toMatchObject({ outcome: 'rejected', code: 'ERR_CLIENT_CERT_UNTRUSTED', cached: false });
    res = await request(a).get('/whoami').set(fieldsOf(newPki)).expect(200);
    expect(res.body.subject).toBe('CN=alice,O=New');
  });

  it('swaps allowedFingerprints and drops the cached acceptance', async () => {
    const v = createVerifier({ trustAnchors: oldPki.root.pem, now: () => NOW });
    const input = { certificate: oldPki.leaf.pem, chain: [oldPki.intermediate.pem] };
    await expect(v.verify(input)).resolves.toBeDefined();
    v.update({ allowedFingerprints: [newPki.leaf.fingerprint256] });
    await expect(v.verify(input)).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_NOT_ALLOWED' });
    v.update({ allowedFingerprints: undefined });
    await expect(v.verify(input)).resolves.toBeDefined();
  });

  it.each<[string, unknown, RegExp]>([
    ['an anchor that is not PEM', { trustAnchors: 'not a certificate' }, /trustAnchors/],
    ['an anchor that is not a CA', { trustAnchors: oldPki.leaf.pem }, /not a CA certificate/],
    ['a bad CRL source', { crls: [{ url: 'gopher://x' }] }, /must be an http/],
    ['a key it does not swap', { trustedProxies: 'loopback' }, /unknown option `trustedProxies`/],
    ['a misspelt key', { trustAnchor: oldPki.root.pem }, /Did you mean `trustAnchors`\?/],
  ])('a TypeError for %s leaves the configuration in force', async (_n, partial, message) => {
    const { app: a, mw } = app({ trustedProxies: 'loopback', trustAnchors: oldPki.root.pem, now: () => NOW });
    const generation = mw.status().generation;
    expect(() => mw.update(partial as never)).toThrow(TypeError);
    expect(() => mw.update(partial as never)).toThrow(message);
    expect(mw.status().generation).toBe(generation);
    const res = await request(a).get('/whoami').set(fieldsOf(oldPki)).expect(200);
    expect(res.body.subject).toBe('CN=alice,O=Old');
  });

  it('a request in progress finishes under the configuration it started with', async () => {
    // A responder that answers nothing: the first request waits on OCSP (soft mode) while the
    // configuration is switched to hard mode; it still finishes under soft mode.
    const silent = http.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const responder = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const aia = [{ oid: '1.3.6.1.5.5.7.1.1', value: seq(seq(oid('1.3.6.1.5.5.7.48.1'), ia5(responder, 0x86))) }];
    const leaf = makeCert({ subject: { O: 'Old', CN: 'bob' }, issuer: oldPki.intermediate, extensions: aia });
    const v = createVerifier({
      trustAnchors: oldPki.root.pem,
      now: () => NOW,
      crls: [makeCrl({ issuer: oldPki.root }).pem],
      ocsp: { timeoutMs: 300 },
      revocationMode: 'soft',
    });
    try {
      const inFlight = v.verify({ certificate: leaf.pem, chain: [oldPki.intermediate.pem] });
      v.update({ revocationMode: 'hard' });
      await expect(inFlight).resolves.toMatchObject({ subject: 'CN=bob,O=Old' });
      await expect(v.verify({ certificate: leaf.pem, chain: [oldPki.intermediate.pem] })).rejects.toMatchObject({
        code: 'ERR_CLIENT_CERT_REVOKED',
        reason: 'ocsp-unavailable',
      });
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  it('update() of CRL sources keeps a source that stays and closes one that goes', async () => {
    const v = createVerifier({
      trustAnchors: oldPki.root.pem,
      now: () => NOW,
      crls: [{ file: '/nonexistent/a.crl' }, { file: '/nonexistent/b.crl' }],
      onTrustEvent: () => undefined,
    });
    try {
      v.update({ crls: [{ file: '/nonexistent/b.crl' }, { file: '/nonexistent/c.crl' }] });
      expect(v.status().sources.map((s) => s.source)).toEqual(['/nonexistent/b.crl', '/nonexistent/c.crl']);
      await expect(v.ready()).rejects.toThrow(/b\.crl.*c\.crl/);
    } finally {
      v.close();
    }
  });
});

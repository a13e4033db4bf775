// The verification cache: hits, expiry against the injected clock, bounds, refusals, isolation,
// and no sharing between middlewares with different options.
import express from 'express';
import request from 'supertest';
import { clientCert, encodeClientCert, encodeClientCertChain, type ClientCertAuditEvent, type ClientCertOptions } from '../src/index';
import { DAY, NOW, makeCert, makeCrl, makePki } from './helpers/pki';

const { root, intermediate, leaf } = makePki('Cache');
const headersOf = (cert: { der: Uint8Array }) => ({
  'Client-Cert': encodeClientCert(cert.der),
  'Client-Cert-Chain': encodeClientCertChain(intermediate.der),
});

function app(options: Partial<ClientCertOptions>, clock: { now: Date }) {
  const events: ClientCertAuditEvent[] = [];
  const a = express();
  a.use(
    clientCert({ trustedProxies: 'loopback', trustAnchors: root.pem, now: () => clock.now, onAudit: (e) => events.push(e), ...options }),
  );
  a.get('/', (req, res) => res.json({ subject: req.clientCert?.subject ?? null, error: req.clientCertError?.code ?? null }));
  return { a, events };
}

describe('verification cache', () => {
  it('serves a repeated certificate from the cache', async () => {
    const { a, events } = app({}, { now: NOW });
    await request(a).get('/').set(headersOf(leaf)).expect(200, { subject: 'CN=alice,O=Cache', error: null });
    await request(a).get('/').set(headersOf(leaf)).expect(200, { subject: 'CN=alice,O=Cache', error: null });
    expect(events.map((e) => e.cached)).toEqual([false, true]);
  });

  it('re-checks the clock on a hit: an expired certificate is never served', async () => {
    const shortLived = makeCert({ subject: 'short', issuer: intermediate, notAfter: new Date(NOW.getTime() + DAY) });
    const clock = { now: NOW };
    const { a, events } = app({}, clock);
    await request(a).get('/').set(headersOf(shortLived)).expect(200, { subject: 'CN=short', error: null });
    clock.now = new Date(NOW.getTime() + 2 * DAY);
    await request(a).get('/').set(headersOf(shortLived)).expect(200, { subject: null, error: 'ERR_CLIENT_CERT_EXPIRED' });
    expect(events.map((e) => e.cached)).toEqual([false, false]);
  });

  it('expires positive results at the CRL nextUpdate', async () => {
    const clock = { now: NOW };
    const crls = [makeCrl({ issuer: root }).pem, makeCrl({ issuer: intermediate, nextUpdate: new Date(NOW.getTime() + 60_000) }).pem];
    const { a } = app({ crls }, clock);
    await request(a).get('/').set(headersOf(leaf)).expect(200, { subject: 'CN=alice,O=Cache', error: null });
    clock.now = new Date(NOW.getTime() + 120_000);
    await request(a).get('/').set(headersOf(leaf)).expect(200, { subject: null, error: 'ERR_CLIENT_CERT_REVOKED' });
  });

  it('caches refusals briefly', async () => {
    const stranger = makePki('Stranger').leaf;
    const clock = { now: NOW };
    const { a, events } = app({ cache: { negativeTtlSec: 5 } }, clock);
    for (let i = 0; i < 3; i++)
      await request(a).get('/').set(headersOf(stranger)).expect(200, { subject: null, error: 'ERR_CLIENT_CERT_UNTRUSTED' });
    clock.now = new Date(NOW.getTime() + 6000);
    await request(a).get('/').set(headersOf(stranger));
    expect(events.map((e) => e.cached)).toEqual([false, true, true, false]);
  });

  it('is bounded in entries', async () => {
    const leaves = [0, 1, 2].map((i) => makeCert({ subject: `bounded ${i}`, issuer: intermediate }));
    const { a, events } = app({ cache: { maxEntries: 2 } }, { now: NOW });
    for (const l of [...leaves, leaves[0], leaves[2]]) await request(a).get('/').set(headersOf(l));
    // leaves[0] was evicted by leaves[2]; leaves[2] is still there.
    expect(events.map((e) => e.cached)).toEqual([false, false, false, false, true]);
  });

  it('a clock that throws is never served a cached decision', async () => {
    const clock = { now: NOW };
    const a = express();
    let broken = false;
    a.use(
      clientCert({
        trustedProxies: 'loopback',
        trustAnchors: root.pem,
        now: () => {
          if (broken) throw new Error('clock failure');
          return clock.now;
        },
      }),
    );
    a.get('/', (req, res) => res.json({ subject: req.clientCert?.subject ?? null, error: req.clientCertError?.code ?? null }));
    await request(a).get('/').set(headersOf(leaf)).expect(200, { subject: 'CN=alice,O=Cache', error: null });
    broken = true;
    await request(a).get('/').set(headersOf(leaf)).expect(200, { subject: null, error: 'ERR_CLIENT_CERT_UNTRUSTED' });
  });

  it('can be disabled', async () => {
    const { a, events } = app({ cache: false }, { now: NOW });
    await request(a).get('/').set(headersOf(leaf));
    await request(a).get('/').set(headersOf(leaf));
    expect(events.map((e) => e.cached)).toEqual([false, false]);
  });

  it('is never shared between middlewares with different options', async () => {
    const clock = { now: NOW };
    const trusting = app({}, clock);
    const other = app({ trustAnchors: makePki('Other').root.pem }, clock);
    await request(trusting.a).get('/').set(headersOf(leaf)).expect(200, { subject: 'CN=alice,O=Cache', error: null });
    await request(other.a).get('/').set(headersOf(leaf)).expect(200, { subject: null, error: 'ERR_CLIENT_CERT_UNTRUSTED' });
  });

  it('hands out an identity that no request can change for another', async () => {
    const seen: unknown[] = [];
    const a = express();
    a.use(clientCert({ trustedProxies: 'loopback', trustAnchors: root.pem, now: () => NOW }));
    a.get('/', (req, res) => {
      const id = req.clientCert!;
      const der = id.der;
      der[0] = 0; // a copy: the next request must still see 0x30
      id.notAfter.setTime(0); // a copy too
      expect(() => {
        (id as { subject: string }).subject = 'CN=mallory';
      }).toThrow(TypeError);
      expect(() => {
        (id.subjectAttributes.CN as string[]).push('mallory');
      }).toThrow(TypeError);
      seen.push({ first: id.der[0], notAfter: id.notAfter.getTime(), subject: id.subject, cn: [...id.subjectAttributes.CN] });
      res.end();
    });
    await request(a).get('/').set(headersOf(leaf));
    await request(a).get('/').set(headersOf(leaf));
    const expected = { first: 0x30, notAfter: new Date(NOW.getTime() + 365 * DAY).getTime(), subject: 'CN=alice,O=Cache', cn: ['alice'] };
    expect(seen).toEqual([expected, expected]);
  });
});

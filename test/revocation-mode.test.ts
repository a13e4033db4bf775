// revocationMode: which reason an unknown status gets, hard versus soft, and a revoked
// certificate refused in both (even when only a stale CRL lists it).
import request from 'supertest';
import express from 'express';
import { createVerifier, encodeClientCert, encodeClientCertChain } from '../src/index';
import { makeApp } from './helpers/app';
import { DAY, NOW, makeCert, makeCrl, type CrlSpec } from './helpers/pki';
import { integer } from './helpers/der';

const root = makeCert({ subject: { O: 'Mode', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'Mode', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const leaf = makeCert({ subject: { O: 'Mode', CN: 'leaf' }, issuer: ica, serial: 7 });
const rootCrl = makeCrl({ issuer: root }).pem;
const icaCrl = (spec: Partial<CrlSpec> = {}) => makeCrl({ issuer: ica, ...spec }).pem;
const stale = { thisUpdate: new Date(NOW.getTime() - 10 * DAY), nextUpdate: new Date(NOW.getTime() - DAY) };

async function outcome(crls: string[], revocationMode?: 'hard' | 'soft'): Promise<{ code: string; reason: string }> {
  try {
    const v = createVerifier({ trustAnchors: root.pem, now: () => NOW, crls, revocationMode });
    await v.verify({ certificate: leaf.pem, chain: [ica.pem] });
    return { code: 'ok', reason: '' };
  } catch (err) {
    const e = err as { code: string; reason: string };
    return { code: e.code, reason: e.reason };
  }
}

describe('revocationMode', () => {
  it.each<[string, () => string[], string]>([
    ['no CRL is in scope', () => [rootCrl], 'crl-missing'],
    ['the CRL is stale', () => [rootCrl, icaCrl(stale)], 'crl-stale'],
    ['the CRL is from the future', () => [rootCrl, icaCrl({ thisUpdate: new Date(NOW.getTime() + DAY) })], 'crl-not-yet-valid'],
    ['the CRL has no CRL number', () => [rootCrl, icaCrl({ crlNumber: null })], 'crl-unusable'],
    [
      'the CRL has an unknown critical extension',
      () => [rootCrl, icaCrl({ extensions: [{ oid: '1.3.6.1.4.1.55555.9', critical: true, value: integer(1) }] })],
      'crl-unusable',
    ],
    [
      'the CRL is signed by another key with the same name',
      () => [rootCrl, makeCrl({ issuer: makeCert({ subject: { O: 'Mode', CN: 'ICA' }, ca: true }) }).pem],
      'crl-signer-invalid',
    ],
  ])('hard: refused when %s, soft: accepted', async (_n, crls, reason) => {
    expect(await outcome(crls())).toEqual({ code: 'ERR_CLIENT_CERT_REVOKED', reason });
    expect(await outcome(crls(), 'hard')).toEqual({ code: 'ERR_CLIENT_CERT_REVOKED', reason });
    expect(await outcome(crls(), 'soft')).toEqual({ code: 'ok', reason: '' });
  });

  it('a revoked certificate is refused in both modes, also when only a stale CRL lists it', async () => {
    const revoked = icaCrl({ revoked: [{ serial: 7 }] });
    const revokedStale = icaCrl({ ...stale, revoked: [{ serial: 7 }] });
    for (const mode of ['hard', 'soft'] as const) {
      expect(await outcome([rootCrl, revoked], mode)).toEqual({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' });
      expect(await outcome([rootCrl, revokedStale], mode)).toEqual({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' });
    }
  });

  it('a forged CRL that lists the certificate does not revoke it', async () => {
    const forger = makeCert({ subject: { O: 'Mode', CN: 'ICA' }, ca: true });
    const forged = makeCrl({ issuer: forger, revoked: [{ serial: 7 }] }).pem;
    expect(await outcome([rootCrl, icaCrl(), forged])).toEqual({ code: 'ok', reason: '' });
  });

  it('rejects a revocationMode that is neither hard nor soft', () => {
    expect(() => createVerifier({ trustAnchors: root.pem, revocationMode: 'lenient' as 'soft' })).toThrow(/revocationMode/);
  });

  it('soft mode: the audit event says the status was unknown and why; the decision is cached only briefly', async () => {
    let now = NOW.getTime();
    const { app, events } = makeApp(express, {
      trustedProxies: 'loopback',
      trustAnchors: root.pem,
      now: () => new Date(now),
      crls: [rootCrl, icaCrl(stale)],
      revocationMode: 'soft',
    });
    const fields = { 'Client-Cert': encodeClientCert(leaf.pem), 'Client-Cert-Chain': encodeClientCertChain([ica.pem]) };
    const res = await request(app).get('/whoami').set(fields).expect(200);
    expect(res.body.subject).toBe('CN=leaf,O=Mode');
    expect(events[0]).toMatchObject({ outcome: 'accepted', revocationStatus: 'unknown', revocationReason: 'crl-stale' });
    await request(app).get('/whoami').set(fields).expect(200);
    expect(events[1]).toMatchObject({ cached: true, revocationStatus: 'unknown' });
    // Past the negative TTL (10 s) the unknown status is looked at again.
    now += 11_000;
    await request(app).get('/whoami').set(fields).expect(200);
    expect(events[2]).toMatchObject({ cached: false, revocationStatus: 'unknown' });
  });

  it('hard mode with a known status: no revocationStatus in the audit event', async () => {
    const { app, events } = makeApp(express, {
      trustedProxies: 'loopback',
      trustAnchors: root.pem,
      now: () => NOW,
      crls: [rootCrl, icaCrl()],
    });
    const fields = { 'Client-Cert': encodeClientCert(leaf.pem), 'Client-Cert-Chain': encodeClientCertChain([ica.pem]) };
    await request(app).get('/whoami').set(fields).expect(200);
    expect(events[0].outcome).toBe('accepted');
    expect(events[0].revocationStatus).toBeUndefined();
  });
});

// Issue 8 item 3 (keys checked before use, budgets that count cost) and item 12(a) (RSA size in bits).
import express from 'express';
import request from 'supertest';
import {
  clientCert,
  createVerifier,
  encodeClientCert,
  encodeClientCertChain,
  type ClientCertAuditEvent,
  type VerifierOptions,
} from '../src/index';
import { CANDIDATE_BUDGET, VERIFY_BUDGET } from '../src/verify/path';
import { MAX_RSA_BITS, verificationCost } from '../src/verify/keys';
import { parseCertificateDer } from '../src/x509/certificate';
import { EKU, NOW, makeCert, makeKey, makePki, toPem, type TestCert, type TestKey } from './helpers/pki';
import { bitString, elements, oid, seq } from './helpers/der';
import { fakeKey, randomOdd, rsaSpki, verdictOf } from './helpers/refusal';

// The module object itself (not an import namespace), so that spies see the library's calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeCrypto = require('node:crypto') as typeof import('node:crypto');

const pki = makePki('Keys');
const { root } = pki;
const E65537 = 65537n;

function verifier(options: Partial<VerifierOptions> = {}) {
  return createVerifier({ trustAnchors: root.pem, now: () => NOW, ...options });
}

/** A CA certificate named like the attacker's issuer, carrying `spki` (issued by the real root: its own signature is never reached). */
function distractor(spki: Uint8Array, subject = 'Hostile CA'): TestCert {
  return makeCert({ subject, key: fakeKey(spki), issuer: root, ca: true, noKeyIds: true });
}

/** The attacker's leaf: issued under `subject`'s name, without key identifiers (so no candidate is ranked first). */
function hostileLeaf(subject = 'Hostile CA', kind: 'p256' | 'rsa2048' = 'p256'): TestCert {
  const issuer = makeCert({ subject, ca: true, noKeyIds: true, key: makeKey(kind, 'hostile') });
  return makeCert({ subject: 'mallory', issuer, noKeyIds: true });
}

/** `leaf` with its signature replaced by `size` bytes below any modulus of that size: verification runs in full. */
function withSignatureOfSize(leaf: TestCert, size: number): TestCert {
  const der = Buffer.from(leaf.der);
  // The signature BIT STRING is the last element: rebuild the outer SEQUENCE around tbs, algorithm and the new one.
  const outer = seq(...elements(der).slice(0, 2), bitString(new Uint8Array(size).fill(0x01)));
  return { ...leaf, der: outer, pem: toPem(outer) };
}

describe('keys are checked before they are used', () => {
  let verifySpy: jest.SpyInstance;
  let loadSpy: jest.SpyInstance;
  beforeEach(() => {
    verifySpy = jest.spyOn(nodeCrypto, 'verify');
    loadSpy = jest.spyOn(nodeCrypto, 'createPublicKey');
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['a 3071-bit public exponent', () => rsaSpki(randomOdd(3072), randomOdd(3071)), 'rsa-exponent-too-large'],
    ['a 33-bit public exponent', () => rsaSpki(randomOdd(2048), randomOdd(33)), 'rsa-exponent-too-large'],
    ['a 16384-bit modulus', () => rsaSpki(randomOdd(16384), E65537), 'rsa-key-too-large'],
    [`a ${MAX_RSA_BITS + 1}-bit modulus`, () => rsaSpki(randomOdd(MAX_RSA_BITS + 1), E65537), 'rsa-key-too-large'],
    ['an even exponent', () => rsaSpki(randomOdd(2048), 65536n), 'rsa-exponent-even'],
    ['the exponent 1', () => rsaSpki(randomOdd(2048), 1n), 'rsa-exponent-too-small'],
    ['an even modulus', () => rsaSpki(new Uint8Array([0xc0, ...new Uint8Array(255)]), E65537), 'rsa-key-malformed'],
    ['a 512-bit modulus', () => rsaSpki(randomOdd(512), E65537), 'rsa-key-too-small'],
    [
      'an explicit EC curve',
      () => seq(seq(oid('1.2.840.10045.2.1'), seq(oid('1.2.840.10045.1.1'))), bitString(new Uint8Array(65).fill(4))),
      'ec-curve-explicit',
    ],
    [
      'an unsupported named curve (secp256k1)',
      () => seq(seq(oid('1.2.840.10045.2.1'), oid('1.3.132.0.10')), bitString(new Uint8Array(65).fill(4))),
      'ec-curve-unsupported',
    ],
    [
      'a P-256 point of the wrong length',
      () => seq(seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), bitString(new Uint8Array(64).fill(4))),
      'ec-point-malformed',
    ],
    [
      'a compressed P-384 point (decompressing it costs before any signature check)',
      () => seq(seq(oid('1.2.840.10045.2.1'), oid('1.3.132.0.34')), bitString(new Uint8Array([2, ...new Uint8Array(48).fill(7)]))),
      'ec-point-compressed',
    ],
    ['an Ed25519 key of 31 bytes', () => seq(seq(oid('1.3.101.112')), bitString(new Uint8Array(31))), 'ed25519-key-malformed'],
  ])('a candidate issuer with %s is refused without being loaded or used', async (_what, spki, reason) => {
    const leaf = hostileLeaf();
    const candidate = distractor(spki());
    verifySpy.mockClear();
    loadSpy.mockClear();
    const verdict = await verdictOf(
      verifier({ dangerouslyAllowWeakAlgorithms: true }).verify({ certificate: leaf.pem, chain: [candidate.pem] }),
    );
    expect(verdict).toEqual({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason });
    expect(verifySpy).not.toHaveBeenCalled();
    expect(loadSpy).not.toHaveBeenCalled();
  });

  it('the worst chain one request can carry (RSA-8192 keys, 32-bit exponents, one shared name) stops at the budget', async () => {
    // chainCount's default (10) certificates, each with the largest key and exponent the checks let through.
    const leaf = withSignatureOfSize(hostileLeaf('Hostile CA', 'rsa2048'), MAX_RSA_BITS / 8);
    const chain = Array.from({ length: 10 }, () => distractor(rsaSpki(randomOdd(MAX_RSA_BITS), 0xffffffffn)).pem);
    verifySpy.mockClear();
    const verdict = await verdictOf(verifier().verify({ certificate: leaf.pem, chain }));
    expect(verdict).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'budget-exhausted' });
    // Each such check costs 56 units: two fit in the budget, the third would not.
    expect(verifySpy.mock.calls.length).toBe(2);
    expect(VERIFY_BUDGET).toBeLessThan(3 * 56);
  });

  it("the same chain as a real request within Node's default 16 KiB of headers is refused with budget-exhausted", async () => {
    const leaf = withSignatureOfSize(hostileLeaf('Hostile CA', 'rsa2048'), MAX_RSA_BITS / 8);
    const chain: Uint8Array[] = [];
    for (;;) {
      const next = distractor(rsaSpki(randomOdd(MAX_RSA_BITS), 0xffffffffn)).der;
      if (encodeClientCert(leaf.der).length + encodeClientCertChain([...chain, next]).length > 15 * 1024) break;
      chain.push(next);
    }
    expect(chain.length).toBeGreaterThanOrEqual(3);
    const events: ClientCertAuditEvent[] = [];
    const app = express();
    app.use(clientCert({ trustedProxies: 'loopback', trustAnchors: root.pem, now: () => NOW, onAudit: (e) => events.push(e) }));
    app.get('/', (req, res) => res.json({ code: req.clientCertError?.code ?? null, reason: req.clientCertError?.reason ?? null }));
    verifySpy.mockClear();
    await request(app)
      .get('/')
      .set({ 'Client-Cert': encodeClientCert(leaf.der), 'Client-Cert-Chain': encodeClientCertChain(chain) })
      .expect(200, { code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'budget-exhausted' });
    expect(events.map((e) => e.reason)).toEqual(['budget-exhausted']);
    expect(verifySpy.mock.calls.length).toBe(2);
  });

  it('cheap keys are bounded by the same budget (P-256: a few units each)', async () => {
    const leaf = hostileLeaf('Flood CA');
    const chain = Array.from({ length: 60 }, () => makeCert({ subject: 'Flood CA', issuer: root, ca: true, noKeyIds: true }).pem);
    verifySpy.mockClear();
    const verdict = await verdictOf(verifier().verify({ certificate: leaf.pem, chain }));
    expect(verdict).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'budget-exhausted' });
    expect(verifySpy.mock.calls.length).toBe(Math.floor(VERIFY_BUDGET / 3));
    expect(CANDIDATE_BUDGET).toBeGreaterThan(60);
  });

  it('a valid path is still found behind a few distractors', async () => {
    const distractors = Array.from(
      { length: 5 },
      () => makeCert({ subject: { O: 'Keys', CN: 'Keys Issuing CA' }, issuer: root, ca: true }).pem,
    );
    const id = await verifier().verify({ certificate: pki.leaf.pem, chain: [...distractors, pki.intermediate.pem] });
    expect(id.chain).toHaveLength(3);
  });
});

describe('RSA key size is counted in bits (item 12a)', () => {
  const leafWith = (bits: number): TestCert =>
    makeCert({ subject: { O: 'Keys', CN: `rsa-${bits}` }, key: fakeKey(rsaSpki(randomOdd(bits), E65537)), issuer: pki.intermediate });

  it('a 2047-bit key is weak (below 2048), not malformed: refused by default, accepted with weak algorithms allowed', async () => {
    const leaf = leafWith(2047);
    const chain = [pki.intermediate.pem];
    expect(await verdictOf(verifier().verify({ certificate: leaf.pem, chain }))).toEqual({
      code: 'ERR_CLIENT_CERT_USAGE',
      reason: 'rsa-key-too-small',
    });
    expect(await verdictOf(verifier({ dangerouslyAllowWeakAlgorithms: true }).verify({ certificate: leaf.pem, chain }))).toBe('ACCEPTED');
  });

  it.each([3071, 4095, 2049])('a %i-bit key is accepted', async (bits) => {
    expect(await verdictOf(verifier().verify({ certificate: leafWith(bits).pem, chain: [pki.intermediate.pem] }))).toBe('ACCEPTED');
  });

  it('for serverAuth the CA/B Forum rule (a multiple of 8 bits) still applies, with its own reason', async () => {
    const leaf = makeCert({
      subject: { O: 'Keys', CN: 'server' },
      key: fakeKey(rsaSpki(randomOdd(3071), E65537)),
      issuer: pki.intermediate,
      eku: [EKU.serverAuth],
    });
    expect(
      await verdictOf(verifier({ requiredEku: [EKU.serverAuth] }).verify({ certificate: leaf.pem, chain: [pki.intermediate.pem] })),
    ).toEqual({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'rsa-key-size-not-multiple-of-8' });
  });
});

describe('a trust anchor whose key can never be used', () => {
  it.each([
    ['a 16384-bit RSA key', rsaSpki(randomOdd(16384), E65537), 'rsa-key-too-large'],
    ['an even RSA exponent', rsaSpki(randomOdd(2048), 4n), 'rsa-exponent-even'],
  ])('with %s is a configuration error', (_what, spki, reason) => {
    const anchor = makeCert({ subject: 'Unusable Root', key: fakeKey(spki), ca: true });
    expect(() => createVerifier({ trustAnchors: anchor.pem })).toThrow(new RegExp(`cannot be used: .*\\(${reason}\\)`));
  });

  it('a weak (RSA-1024) anchor is still a per-request refusal, usable with weak algorithms allowed', () => {
    const anchor = makeCert({ subject: 'Weak Root', key: fakeKey(rsaSpki(randomOdd(1024), E65537)), ca: true });
    expect(() => createVerifier({ trustAnchors: anchor.pem })).not.toThrow();
  });
});

describe('verification cost grows with the real cost of the key', () => {
  const cost = (key: TestKey) => verificationCost(parseCertificateDer(makeCert({ subject: 'cost', key }).der));
  const rsa = (bits: number, e: bigint) => cost(fakeKey(rsaSpki(randomOdd(bits), e)));

  it('weights RSA by modulus² × exponent length and EC by curve', () => {
    expect(rsa(2048, 65537n)).toBe(1);
    expect(rsa(2048, 3n)).toBe(1);
    expect(rsa(4096, 65537n)).toBe(4);
    expect(rsa(8192, 65537n)).toBe(16);
    expect(rsa(8192, 0xffffffffn)).toBe(56);
    expect(rsa(2048, 0xffffffffn)).toBeGreaterThan(rsa(2048, 65537n));
    expect(cost(makeKey('p256'))).toBe(3);
    expect(cost(makeKey('p384'))).toBe(30);
    expect(cost(makeKey('ed25519'))).toBe(5);
    // The whole budget buys at most two of the costliest verifications.
    expect(Math.floor(VERIFY_BUDGET / rsa(8192, 0xffffffffn))).toBe(2);
  });
});

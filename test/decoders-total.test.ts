// Issue 8 item 9: decoders are total (malformed input is MALFORMED with a reason, never a TypeError),
// and an internal fault that still happens is told apart from bad input.
import express from 'express';
import request from 'supertest';
import { DerError } from '../src/x509/asn1';
import { parseCertificateDer } from '../src/x509/certificate';
import { parseCrlDer } from '../src/x509/crl';
import { ClientCertError, INTERNAL_ERROR_WARNING, asClientCertError } from '../src/errors';
import { clientCert, createVerifier, encodeClientCert, encodeClientCertChain, type ClientCertAuditEvent } from '../src/index';
import { NOW, makeCert, makeCrl, makeKey, toPem, type TestCert } from './helpers/pki';
import { ctx, elements, integer, nul, oid, seq } from './helpers/der';
import { verdictOf } from './helpers/refusal';

// The library's own modules, so that a spy replaces what the verifier calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const keys = require('../src/verify/keys') as typeof import('../src/verify/keys');

const rsaRoot = makeCert({ subject: 'Total Root', key: makeKey('rsa2048', 'total-root'), ca: true });
const pssLeaf = makeCert({ subject: 'pss leaf', issuer: rsaRoot, hash: 'pss-sha256' });
const verifier = () => createVerifier({ trustAnchors: rsaRoot.pem, now: () => NOW });

const PSS = '1.2.840.113549.1.1.10';
const SHA256 = seq(oid('2.16.840.1.101.3.4.2.1'), nul());
const MGF1 = '1.2.840.113549.1.1.8';

/** `cert` with both signature AlgorithmIdentifiers (inner and outer) replaced by `alg`. */
function withAlgorithm(cert: TestCert, alg: Uint8Array): TestCert {
  const [tbs, , signature] = elements(cert.der);
  const fields = elements(tbs);
  fields[2] = alg; // [0] version, serialNumber, signature
  const der = seq(seq(...fields), alg, signature);
  return { ...cert, der, pem: toPem(der) };
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing mutation can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('malformed RSASSA-PSS parameters are malformed input', () => {
  it.each([
    ['an empty [0] hashAlgorithm', seq(ctx(0, new Uint8Array()))],
    ['a hashAlgorithm without its OID', seq(ctx(0, seq()))],
    ['a hashAlgorithm that is not a SEQUENCE', seq(ctx(0, oid('2.16.840.1.101.3.4.2.1')))],
    ['MGF1 without its hash', seq(ctx(0, SHA256), ctx(1, seq(oid(MGF1))))],
    ['an empty [2] saltLength', seq(ctx(0, SHA256), ctx(2, new Uint8Array()))],
    ['an empty [3] trailerField', seq(ctx(3, new Uint8Array()))],
    ['a field twice', seq(ctx(0, SHA256), ctx(0, SHA256))],
    ['fields out of order', seq(ctx(2, integer(32)), ctx(0, SHA256))],
    ['an unknown field', seq(ctx(4, integer(1)))],
    ['parameters that are not a SEQUENCE', integer(1)],
  ])('%s', async (_what, params) => {
    const cert = withAlgorithm(pssLeaf, seq(oid(PSS), params));
    expect(await verdictOf(verifier().verify({ certificate: cert.pem }))).toEqual({
      code: 'ERR_CLIENT_CERT_MALFORMED',
      reason: 'pss-params-malformed',
    });
  });

  it('well-formed PSS parameters still verify', async () => {
    expect(await verdictOf(verifier().verify({ certificate: pssLeaf.pem }))).toBe('ACCEPTED');
  });

  it('well-formed but unsupported parameters (SHA-1) are an unsupported signature, not malformed', async () => {
    const sha1 = seq(ctx(0, seq(oid('1.3.14.3.2.26'), nul())), ctx(1, seq(oid(MGF1), seq(oid('1.3.14.3.2.26'), nul()))));
    const cert = withAlgorithm(pssLeaf, seq(oid(PSS), sha1));
    expect(await verdictOf(verifier().verify({ certificate: cert.pem }))).toEqual({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'signature-algorithm-unsupported',
    });
  });
});

describe('the certificate decoder is total', () => {
  const samples: TestCert[] = [
    pssLeaf,
    makeCert({
      subject: { O: 'Total', CN: 'many extensions', emailAddress: 'a@example.com' },
      issuer: rsaRoot,
      san: { dns: ['a.example.com'], email: ['a@example.com'], uri: ['spiffe://x/y'], ip: [new Uint8Array([10, 0, 0, 1])] },
      extensions: [
        { oid: '2.5.29.32', value: seq(seq(oid('1.2.3.4'), seq(seq(oid('1.3.6.1.5.5.7.2.1'), new Uint8Array([0x16, 1, 0x61]))))) },
        { oid: '2.5.29.36', critical: true, value: seq(ctx(0, new Uint8Array([0]), false)) },
      ],
    }),
  ];

  it('refuses every one of 6000 random mutations of real certificates with a DerError, never another error', () => {
    const random = prng(8);
    let refused = 0;
    for (let i = 0; i < 6000; i++) {
      const der = Uint8Array.from(samples[i % samples.length].der);
      const edits = 1 + Math.floor(random() * 4);
      for (let k = 0; k < edits; k++) der[Math.floor(random() * der.length)] = Math.floor(random() * 256);
      try {
        parseCertificateDer(der);
      } catch (err) {
        refused++;
        if (!(err instanceof DerError)) throw new Error(`mutation ${i}: ${String(err)}`);
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('the CRL decoder too: 3000 random mutations of a real CRL are DerErrors or decode', () => {
    const crl = makeCrl({ issuer: rsaRoot, revoked: [{ serial: 7, reason: 1 }, { serial: 9 }] }).der;
    const random = prng(11);
    for (let i = 0; i < 3000; i++) {
      const der = Uint8Array.from(crl);
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++) der[Math.floor(random() * der.length)] = Math.floor(random() * 256);
      try {
        parseCrlDer(der);
      } catch (err) {
        if (!(err instanceof DerError)) throw new Error(`CRL mutation ${i}: ${String(err)}`);
      }
    }
  });

  it('truncations at every length are DerErrors', () => {
    for (const sample of samples) {
      for (let n = 0; n < sample.der.length; n++) expect(() => parseCertificateDer(sample.der.subarray(0, n))).toThrow(DerError);
    }
  });
});

describe('an internal fault is not reported as bad input', () => {
  afterEach(() => jest.restoreAllMocks());

  it('asClientCertError: a DerError is MALFORMED with its reason; anything else is internal-error (401), warned once', () => {
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => {
      if (w.code === INTERNAL_ERROR_WARNING) warnings.push(w.message);
    };
    process.on('warning', onWarning);
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const malformed = asClientCertError(new DerError('bad', 'pss-params-malformed'));
      expect([malformed.code, malformed.status, malformed.reason]).toEqual(['ERR_CLIENT_CERT_MALFORMED', 400, 'pss-params-malformed']);
      const first = asClientCertError(new TypeError("Cannot read properties of undefined (reading 'tag')"));
      const second = asClientCertError(new RangeError('another'));
      for (const e of [first, second]) {
        expect(e).toBeInstanceOf(ClientCertError);
        expect([e.code, e.status, e.reason]).toEqual(['ERR_CLIENT_CERT_CHAIN_INVALID', 401, 'internal-error']);
      }
      expect(first.cause).toBeInstanceOf(TypeError);
      expect(spy.mock.calls.filter((c) => (c[1] as { code?: string } | undefined)?.code === INTERNAL_ERROR_WARNING)).toHaveLength(1);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a bug inside the verifier refuses the certificate as internal-error, with 401 and the reason in the audit event', async () => {
    const v = verifier();
    const events: ClientCertAuditEvent[] = [];
    const app = express();
    app.use(clientCert({ trustedProxies: 'loopback', trustAnchors: rsaRoot.pem, now: () => NOW, onAudit: (e) => events.push(e) }));
    app.get('/', (req, res) => res.status(req.clientCertError?.status ?? 200).json({ code: req.clientCertError?.code ?? null }));
    // The bug appears after configuration, while a request is decided.
    jest.spyOn(keys, 'keyProblem').mockImplementation(() => {
      throw new TypeError('simulated bug');
    });
    const leaf = makeCert({ subject: 'bug leaf', issuer: rsaRoot });
    expect(await verdictOf(v.verify({ certificate: leaf.pem }))).toEqual({
      code: 'ERR_CLIENT_CERT_CHAIN_INVALID',
      reason: 'internal-error',
    });
    await request(app)
      .get('/')
      .set({ 'Client-Cert': encodeClientCert(leaf.der), 'Client-Cert-Chain': encodeClientCertChain(rsaRoot.der) })
      .expect(401, { code: 'ERR_CLIENT_CERT_CHAIN_INVALID' });
    expect(events.map((e) => e.reason)).toEqual(['internal-error']);
  });
});

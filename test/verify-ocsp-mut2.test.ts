// The rules of src/verify/ocsp.ts, one case each, on responses built here byte by byte: who may
// sign (the issuer by key or by name, or a delegated responder it certified for OCSP signing,
// within its validity and key usage, without unknown critical extensions), which CertID names the
// certificate, which answer counts when several do, and when an answer is current (thisUpdate,
// nextUpdate, five minutes without one, the clock tolerance, each to the millisecond). Each case
// asserts the exact verdict: status, reason, message and how long it holds.
import { parseCertificate } from '../src/certificate-input';
import { parseOcspResponse } from '../src/x509/ocsp';
import { OCSP_NO_NEXT_UPDATE_MS, OcspPending, type OcspVerdict, judgeOcspResponse } from '../src/verify/ocsp';
import { seq } from './helpers/der';
import { type OcspBuild, type OcspSingle, type OcspStatusName, ocspResponses } from './helpers/ocsp-response';
import { NOW, type TestCert, makeCert, name } from './helpers/pki';

const N = NOW.getTime();
const root = makeCert({ subject: { O: 'OCSP rules', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'OCSP rules', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const otherCa = makeCert({ subject: { O: 'OCSP rules', CN: 'Other CA' }, issuer: root, ca: true, serial: 101 });
const leaf = makeCert({ subject: { O: 'OCSP rules', CN: 'leaf' }, issuer: ica, serial: 7 });
const issuer = parseCertificate(ica.der);
const cert = parseCertificate(leaf.der);

const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const NO_CHECK = '1.3.6.1.5.5.7.48.1.5';

/** A responder certificate issued by the ICA for OCSP signing (options change one thing). */
const responder = (spec: Partial<Parameters<typeof makeCert>[0]> = {}): TestCert =>
  makeCert({ subject: { O: 'OCSP rules', CN: 'responder' }, issuer: ica, eku: [OCSP_SIGNING], serial: 9, ...spec });

const response = ocspResponses(ica);

function judge(b: OcspBuild = {}, at: { nowMs?: number; toleranceMs?: number; allowWeak?: boolean } = {}): OcspVerdict {
  return judgeOcspResponse(parseOcspResponse(response(b)), {
    cert,
    issuer,
    nowMs: at.nowMs ?? N,
    toleranceMs: at.toleranceMs ?? 0,
    allowWeakAlgorithms: at.allowWeak ?? false,
  });
}

const GOOD = { status: 'good', validUntil: N + 3_600_000 + 999 };
const invalid = (message: string) => ({
  status: 'unknown',
  problem: { reason: 'ocsp-invalid', message: `the OCSP response is not acceptable: ${message}` },
});
const STALE = { status: 'unknown', problem: { reason: 'ocsp-stale', message: 'the OCSP response is no longer current (nextUpdate)' } };

describe('the answer and how long it holds', () => {
  it('good holds until the end of its nextUpdate second, plus the tolerance', () => {
    expect(judge()).toEqual(GOOD);
    expect(judge({}, { toleranceMs: 5000 })).toEqual({ status: 'good', validUntil: N + 3_600_000 + 999 + 5000 });
  });

  it('revoked holds as long', () => {
    expect(judge({ singles: [{ status: 'revoked' }] })).toEqual({ status: 'revoked', validUntil: N + 3_600_000 + 999 });
  });

  it('unknown: ocsp-unknown, with how long that answer holds', () => {
    expect(judge({ singles: [{ status: 'unknown' }] }, { toleranceMs: 2000 })).toEqual({
      status: 'unknown',
      problem: { reason: 'ocsp-unknown', message: 'the OCSP responder does not know the certificate' },
      validUntil: N + 3_600_000 + 999 + 2000,
    });
  });

  it.each([
    [1, 'malformedRequest'],
    [2, 'internalError'],
    [3, 'tryLater'],
    [5, 'sigRequired'],
    [6, 'unauthorized'],
  ])('an unsuccessful response (%i) is ocsp-error and names the status', (code, status) => {
    const verdict = judgeOcspResponse(parseOcspResponse(seq(new Uint8Array([0x0a, 0x01, code]))), {
      cert,
      issuer,
      nowMs: N,
      toleranceMs: 0,
      allowWeakAlgorithms: false,
    });
    expect(verdict).toEqual({ status: 'unknown', problem: { reason: 'ocsp-error', message: `the OCSP responder answered ${status}` } });
  });

  it('an unrecognised critical response extension makes it unacceptable, named; a non-critical one does not', () => {
    const ext = { oid: '1.2.3.4.5', value: new Uint8Array([0x05, 0x00]) };
    expect(judge({ responseExtensions: [{ ...ext, critical: true }] })).toEqual(
      invalid('it has the unrecognised critical extension 1.2.3.4.5'),
    );
    expect(judge({ responseExtensions: [ext] })).toEqual(GOOD);
  });
});

describe('the CertID must name the certificate', () => {
  it.each<[string, OcspSingle]>([
    ['another serial', { serial: 8 }],
    ['another issuer name hash', { wrong: 'name' }],
    ['another issuer key hash', { wrong: 'key' }],
  ])('%s: it does not name the certificate', (_label, s) => {
    expect(judge({ singles: [s] })).toEqual(invalid('it does not name the certificate (CertID)'));
  });

  it('a SHA-256 CertID names it too, and answers for another certificate are passed over', () => {
    expect(judge({ singles: [{ hash: 'sha256' }] })).toEqual(GOOD);
    expect(judge({ singles: [{ serial: 8, status: 'revoked' }, { hash: 'sha256' }] })).toEqual(GOOD);
  });

  it('each CertID is hashed with its own algorithm (SHA-1, then SHA-256, then SHA-1 again)', () => {
    expect(judge({ singles: [{ hash: 'sha1' }, { hash: 'sha256', status: 'revoked' }, { hash: 'sha1' }] })).toMatchObject({
      status: 'revoked',
    });
    expect(judge({ singles: [{ hash: 'sha256' }, { hash: 'sha1', wrong: 'key', status: 'revoked' }] })).toEqual(GOOD);
  });
});

describe('a certificate named more than once: the worst answer, and of equal ones the first', () => {
  it.each<[OcspStatusName[], OcspStatusName]>([
    [['revoked', 'good'], 'revoked'],
    [['unknown', 'good'], 'unknown'],
    [['revoked', 'unknown'], 'revoked'],
    [['good', 'unknown'], 'unknown'],
  ])('%j: %s', (statuses, expected) => {
    expect(judge({ singles: statuses.map((status) => ({ status })) }).status).toBe(expected);
  });

  it('two good answers: the first one says how long it holds', () => {
    expect(judge({ singles: [{ nextUpdate: N + 60_000 }, { nextUpdate: N + 120_000 }] })).toEqual({
      status: 'good',
      validUntil: N + 60_999,
    });
    expect(judge({ singles: [{ nextUpdate: N + 120_000 }, { nextUpdate: N + 60_000 }] })).toEqual({
      status: 'good',
      validUntil: N + 120_999,
    });
  });
});

describe('current: thisUpdate, nextUpdate and the tolerance, to the millisecond', () => {
  it('thisUpdate may be now, or within the tolerance ahead; later it is in the future', () => {
    expect(judge({ singles: [{ thisUpdate: N }] })).toEqual(GOOD);
    expect(judge({ singles: [{ thisUpdate: N + 1000 }] }, { toleranceMs: 1000 })).toEqual({
      status: 'good',
      validUntil: N + 3_600_000 + 999 + 1000,
    });
    expect(judge({ singles: [{ thisUpdate: N + 1000 }] }, { toleranceMs: 999 })).toEqual(invalid('its thisUpdate is in the future'));
    expect(judge({ singles: [{ thisUpdate: N + 1000 }] })).toEqual(invalid('its thisUpdate is in the future'));
  });

  it('nextUpdate holds to the end of its second, plus the tolerance; a millisecond later it is stale', () => {
    const next = N - 3_600_000;
    const singles = [{ thisUpdate: next - 60_000, nextUpdate: next }];
    expect(judge({ singles }, { nowMs: next + 999 })).toEqual({ status: 'good', validUntil: next + 999 });
    expect(judge({ singles }, { nowMs: next + 1000 })).toEqual(STALE);
    expect(judge({ singles }, { nowMs: next + 1999, toleranceMs: 1000 })).toEqual({ status: 'good', validUntil: next + 1999 });
    expect(judge({ singles }, { nowMs: next + 2000, toleranceMs: 1000 })).toEqual(STALE);
  });

  it('without nextUpdate an answer holds five minutes after its thisUpdate', () => {
    expect(OCSP_NO_NEXT_UPDATE_MS).toBe(300_000);
    const thisUpdate = N - 300_000;
    expect(judge({ singles: [{ thisUpdate, nextUpdate: null }] })).toEqual({ status: 'good', validUntil: N });
    expect(judge({ singles: [{ thisUpdate, nextUpdate: null }] }, { nowMs: N + 1 })).toEqual(STALE);
    expect(judge({ singles: [{ thisUpdate, nextUpdate: null }] }, { nowMs: N + 1, toleranceMs: 1 })).toEqual({
      status: 'good',
      validUntil: N + 1,
    });
  });

  it('a stale unknown answer is stale, not unknown', () => {
    expect(judge({ singles: [{ status: 'unknown', thisUpdate: N - 600_000, nextUpdate: N - 300_000 }] })).toEqual(STALE);
  });
});

describe('the issuer signs', () => {
  it('named by its key hash or by its name', () => {
    expect(judge({ byName: ica.subjectName })).toEqual(GOOD);
  });

  it('a signature that does not verify: ocsp-invalid naming the signature reason', () => {
    expect(judge({ tamper: true })).toEqual(invalid('signature-invalid'));
    expect(judge({ tamper: true, byName: ica.subjectName })).toEqual(invalid('signature-invalid'));
  });

  it('a weak signature algorithm only when weak algorithms are allowed', () => {
    expect(judge({ hash: 'sha1' })).toEqual(invalid('signature-algorithm-weak'));
    expect(judge({ hash: 'sha1' }, { allowWeak: true })).toEqual(GOOD);
  });

  it('a response naming someone else, signed by nobody it carries: refused', () => {
    expect(judge({ byName: name({ O: 'OCSP rules', CN: 'nobody' }) })).toEqual(
      invalid('it is signed by neither the issuer nor a responder certificate it carries'),
    );
    expect(judge({ signer: responder() })).toEqual(invalid('it is signed by neither the issuer nor a responder certificate it carries'));
  });
});

describe('a delegated responder', () => {
  const NOT_ISSUED = 'the responder certificate is not issued by the certificate’s issuer';

  it('certified by the issuer for OCSP signing answers, named by key or by name', () => {
    const r = responder();
    expect(judge({ signer: r, certs: [r] })).toEqual(GOOD);
    expect(judge({ signer: r, certs: [r], byName: r.subjectName })).toEqual(GOOD);
  });

  it('certificates that do not name the responder are passed over', () => {
    const r = responder();
    expect(judge({ signer: r, certs: [leaf, root, r] })).toEqual(GOOD);
  });

  it('its response signature must verify with its key', () => {
    const r = responder();
    expect(judge({ signer: r, certs: [r], tamper: true })).toEqual(invalid('signature-invalid'));
    expect(judge({ signer: r, certs: [r], hash: 'sha1' })).toEqual(invalid('signature-algorithm-weak'));
  });

  it('issued by another CA: refused', () => {
    const r = responder({ issuer: otherCa });
    expect(judge({ signer: r, certs: [r] })).toEqual(invalid(NOT_ISSUED));
  });

  it('naming the issuer but signed with another key: refused', () => {
    const impostor = { ...otherCa, subjectName: ica.subjectName };
    const r = responder({ issuer: impostor });
    expect(judge({ signer: r, certs: [r] })).toEqual(invalid(NOT_ISSUED));
  });

  it("signed with the issuer's key but naming another issuer: refused", () => {
    const renamed = { ...ica, subjectName: otherCa.subjectName };
    const r = responder({ issuer: renamed });
    expect(judge({ signer: r, certs: [r] })).toEqual(invalid(NOT_ISSUED));
  });

  it('without id-kp-OCSPSigning, or without any extendedKeyUsage: refused', () => {
    const clientAuth = responder({ eku: ['1.3.6.1.5.5.7.3.2'] });
    expect(judge({ signer: clientAuth, certs: [clientAuth] })).toEqual(invalid('the responder certificate lacks id-kp-OCSPSigning'));
    const none = responder({ eku: null });
    expect(judge({ signer: none, certs: [none] })).toEqual(invalid('the responder certificate lacks id-kp-OCSPSigning'));
  });

  it('critical extensions: id-pkix-ocsp-nocheck and the path extensions are understood, another is refused by OID', () => {
    const v = new Uint8Array([0x05, 0x00]);
    const noCheck = responder({ extensions: [{ oid: NO_CHECK, critical: true, value: v }] });
    expect(judge({ signer: noCheck, certs: [noCheck] })).toEqual(GOOD);
    // keyUsage is critical in every responder here; basicConstraints too in this one.
    const constrained = responder({ ca: false });
    expect(judge({ signer: constrained, certs: [constrained] })).toEqual(GOOD);
    const unknown = responder({ extensions: [{ oid: '1.2.3.4.5', critical: true, value: v }] });
    expect(judge({ signer: unknown, certs: [unknown] })).toEqual(
      invalid('the responder certificate has the unrecognised critical extension 1.2.3.4.5'),
    );
    const nonCritical = responder({ extensions: [{ oid: '1.2.3.4.5', value: v }] });
    expect(judge({ signer: nonCritical, certs: [nonCritical] })).toEqual(GOOD);
  });

  it('keyUsage without digitalSignature: refused; without keyUsage: answers', () => {
    const encipher = responder({ keyUsage: ['keyEncipherment'] });
    expect(judge({ signer: encipher, certs: [encipher] })).toEqual(invalid('the responder certificate may not sign (keyUsage)'));
    const noKeyUsage = responder({ keyUsage: null });
    expect(judge({ signer: noKeyUsage, certs: [noKeyUsage] })).toEqual(GOOD);
    const both = responder({ keyUsage: ['keyEncipherment', 'digitalSignature'] });
    expect(judge({ signer: both, certs: [both] })).toEqual(GOOD);
  });

  it('within its validity period to the millisecond, with the tolerance at both ends', () => {
    const OUT = invalid('the responder certificate is not within its validity period');
    const notYet = responder({ notBefore: new Date(N + 1000) });
    expect(judge({ signer: notYet, certs: [notYet] })).toEqual(OUT);
    expect(judge({ signer: notYet, certs: [notYet] }, { toleranceMs: 999 })).toEqual(OUT);
    expect(judge({ signer: notYet, certs: [notYet] }, { toleranceMs: 1000 })).toMatchObject({ status: 'good' });
    const starts = responder({ notBefore: new Date(N) });
    expect(judge({ signer: starts, certs: [starts] })).toEqual(GOOD);

    const notAfter = N - 10_000;
    const ended = responder({ notAfter: new Date(notAfter) });
    const singles = [{ thisUpdate: N - 60_000, nextUpdate: N + 60_000 }];
    expect(judge({ signer: ended, certs: [ended], singles }, { nowMs: notAfter + 999 })).toMatchObject({ status: 'good' });
    expect(judge({ signer: ended, certs: [ended], singles }, { nowMs: notAfter + 1000 })).toEqual(OUT);
    expect(judge({ signer: ended, certs: [ended], singles }, { nowMs: notAfter + 1999, toleranceMs: 1000 })).toMatchObject({
      status: 'good',
    });
    expect(judge({ signer: ended, certs: [ended], singles }, { nowMs: notAfter + 2000, toleranceMs: 1000 })).toEqual(OUT);
  });

  it('the issuer, when the response names it, signs even if a responder certificate comes along', () => {
    const r = responder({ eku: null });
    expect(judge({ certs: [r] })).toEqual(GOOD);
  });
});

describe('OcspPending', () => {
  it('carries the subjects that need an answer, under its own name', () => {
    const subjects = [{ cert, issuer }] as unknown as ConstructorParameters<typeof OcspPending>[0];
    const pending = new OcspPending(subjects);
    expect(pending).toBeInstanceOf(Error);
    expect(pending.name).toBe('OcspPending');
    expect(pending.message).toBe('OCSP answers are needed');
    expect(pending.subjects).toBe(subjects);
  });
});

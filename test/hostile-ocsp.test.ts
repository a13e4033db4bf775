// Crafted OCSP responses, signed by the issuer itself: what a responder (or whoever holds a
// responder's key) can put in one response must not turn a revoked certificate into a good one.
import { sign } from 'node:crypto';
import { parseCertificate } from '../src/certificate-input';
import { issuerHashes, parseOcspResponse } from '../src/x509/ocsp';
import { judgeOcspResponse } from '../src/verify/ocsp';
import { concat, ctx, integer, octets, oid, seq, tlv } from './helpers/der';
import { NOW, type TestCert, makeCert, signatureAlgorithm } from './helpers/pki';

const root = makeCert({ subject: { O: 'Hostile OCSP', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'Hostile OCSP', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const leaf = makeCert({ subject: { O: 'Hostile OCSP', CN: 'leaf' }, issuer: ica, serial: 7 });
const issuer = parseCertificate(ica.der);
const cert = parseCertificate(leaf.der);

const gt = (d: Date): Uint8Array => tlv(0x18, new Uint8Array(Buffer.from(`${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`)));
type Status = 'good' | 'revoked' | 'unknown';
const STATUS: Record<Status, Uint8Array> = {
  good: new Uint8Array([0x80, 0x00]),
  revoked: tlv(0xa1, gt(new Date(NOW.getTime() - 86_400_000))),
  unknown: new Uint8Array([0x82, 0x00]),
};

/** A successful basic response with one SingleResponse per status, all naming `cert`, signed by `signer` (by key hash). */
function response(statuses: Status[], signer: TestCert = ica, certs: TestCert[] = []): Uint8Array {
  const h = issuerHashes(issuer, 'sha1');
  const certId = seq(seq(oid('1.3.14.3.2.26'), new Uint8Array([0x05, 0x00])), octets(h.nameHash), octets(h.keyHash), integer(7));
  const singles = statuses.map((s) =>
    seq(certId, STATUS[s], gt(new Date(NOW.getTime() - 60_000)), ctx(0, gt(new Date(NOW.getTime() + 3_600_000)))),
  );
  const signerKeyHash = issuerHashes(parseCertificate(signer.der), 'sha1').keyHash;
  const tbs = seq(ctx(2, octets(signerKeyHash)), gt(NOW), seq(...singles));
  const sigAlg = signatureAlgorithm(signer.key, 'sha256');
  const signature = sign('sha256', tbs, signer.key.privateKey);
  const basic = seq(
    tbs,
    sigAlg,
    tlv(0x03, concat([new Uint8Array([0]), new Uint8Array(signature)])),
    ...(certs.length ? [ctx(0, seq(...certs.map((c) => c.der)))] : []),
  );
  return seq(new Uint8Array([0x0a, 0x01, 0x00]), ctx(0, seq(oid('1.3.6.1.5.5.7.48.1.1'), octets(basic))));
}

const judge = (statuses: Status[], signer?: TestCert, certs?: TestCert[]) =>
  judgeOcspResponse(parseOcspResponse(response(statuses, signer, certs)), {
    cert,
    issuer,
    nowMs: NOW.getTime(),
    toleranceMs: 0,
    allowWeakAlgorithms: false,
  });

describe('an OCSP response naming the certificate more than once', () => {
  it('a single good answer is good (the builder is sound)', () => {
    expect(judge(['good'])).toMatchObject({ status: 'good' });
  });

  it.each<[Status[], Status]>([
    [['good', 'revoked'], 'revoked'],
    [['revoked', 'good'], 'revoked'],
    [['good', 'unknown'], 'unknown'],
    [['good', 'unknown', 'revoked'], 'revoked'],
  ])('%j: the worst answer counts (%s), never the first', (statuses, expected) => {
    const verdict = judge(statuses);
    expect(verdict.status).toBe(expected);
    if (expected === 'unknown') expect(verdict).toMatchObject({ problem: { reason: 'ocsp-unknown' } });
  });
});

describe('a delegated responder certificate', () => {
  const responder = (extensions: { oid: string; critical: boolean; value: Uint8Array }[] = []) =>
    makeCert({ subject: { O: 'Hostile OCSP', CN: 'responder' }, issuer: ica, eku: ['1.3.6.1.5.5.7.3.9'], serial: 9, extensions });

  it('with id-kp-OCSPSigning from the issuer, answers (the builder is sound)', () => {
    const r = responder();
    expect(judge(['good'], r, [r])).toMatchObject({ status: 'good' });
  });

  it('with an unrecognised critical extension is not a responder (RFC 5280 §4.2)', () => {
    const r = responder([{ oid: '1.2.3.4.5', critical: true, value: new Uint8Array([0x05, 0x00]) }]);
    expect(judge(['good'], r, [r])).toMatchObject({
      status: 'unknown',
      problem: { reason: 'ocsp-invalid', message: expect.stringMatching(/unrecognised critical extension 1\.2\.3\.4\.5/) },
    });
  });
});

// The OCSP response reader over hand-built responses (signatures are checked in verify/, not
// here), the request writer, and the responder URLs of a certificate.
import { readNode } from '../src/x509/asn1';
import { parseCertificateDer } from '../src/x509/certificate';
import { buildOcspRequest, ocspUrlsOf, parseOcspResponse } from '../src/x509/ocsp';
import { bitString, concat, ctx, ia5, integer, nul, octets, oid, printable, seq, set, tlv } from './helpers/der';
import { makeCert, makePki } from './helpers/pki';
import { derMessage as message } from './helpers/der-refusal';

const SHA1 = seq(oid('1.3.14.3.2.26'), nul());
const SIG_ALG = seq(oid('1.2.840.10045.4.3.2'));
const gtime = (s: string): Uint8Array => tlv(0x18, new Uint8Array(Buffer.from(s, 'latin1')));
const T1 = gtime('20260101000000Z');
const T2 = gtime('20260102000000Z');
const enumerated = (n: number): Uint8Array => tlv(0x0a, new Uint8Array([n]));
const certId = (...override: Uint8Array[]): Uint8Array =>
  seq(...(override.length ? override : [SHA1, octets(new Uint8Array(20)), octets(new Uint8Array(20)), integer(0x1234)]));
const single = (...fields: Uint8Array[]): Uint8Array => seq(...fields);
const GOOD = tlv(0x80, new Uint8Array());
const byName = ctx(1, seq(set(seq(oid('2.5.4.3'), printable('OCSP')))));
const nonce = seq(oid('1.3.6.1.5.5.7.48.1.2'), tlv(0x01, new Uint8Array([0xff])), octets(octets(new Uint8Array([1]))));

function response(dataFields: Uint8Array[], extra: Uint8Array[] = []): Uint8Array {
  const basic = seq(seq(...dataFields), SIG_ALG, bitString(new Uint8Array([1, 2])), ...extra);
  return seq(enumerated(0), ctx(0, seq(oid('1.3.6.1.5.5.7.48.1.1'), octets(basic))));
}
const data = (...responses: Uint8Array[]): Uint8Array[] => [byName, T1, seq(...responses)];

describe('parseOcspResponse', () => {
  it('reads a successful response field by field', () => {
    const parsed = parseOcspResponse(response(data(single(certId(), GOOD, T1, ctx(0, T2)))));
    if (parsed.responseStatus !== 'successful') throw new Error('expected successful');
    const { basic } = parsed;
    expect(basic.responderName?.rdns[0][0].text).toBe('OCSP');
    expect(basic.responderKeyHash).toBeUndefined();
    expect(basic.producedAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(basic.responses).toEqual([
      expect.objectContaining({ hashAlgorithm: 'sha1', serialDer: '1234', status: 'good', nextUpdate: new Date('2026-01-02T00:00:00Z') }),
    ]);
    expect(basic.signatureOid).toBe('1.2.840.10045.4.3.2');
    expect(basic.signatureParams).toBeUndefined();
    expect(Array.from(basic.signature)).toEqual([1, 2]);
    expect(basic.certs).toEqual([]);
    expect(basic.unknownCritical).toBeUndefined();
  });

  it('reads the other statuses, a byKey responder, a SHA-256 CertID and a nonce', () => {
    const revoked = ctx(1, concat([T1, ctx(0, enumerated(1))]));
    const sha256 = certId(seq(oid('2.16.840.1.101.3.4.2.1')), octets(new Uint8Array(32)), octets(new Uint8Array(32)), integer(1));
    const parsed = parseOcspResponse(
      response([
        ctx(2, octets(new Uint8Array(20))),
        T1,
        seq(single(certId(), revoked, T1), single(sha256, tlv(0x82, new Uint8Array()), T1)),
        ctx(1, seq(nonce)),
      ]),
    );
    if (parsed.responseStatus !== 'successful') throw new Error('expected successful');
    expect(parsed.basic.responses.map((r) => [r.status, r.hashAlgorithm, r.nextUpdate])).toEqual([
      ['revoked', 'sha1', undefined],
      ['unknown', 'sha256', undefined],
    ]);
    expect(parsed.basic.responderKeyHash).toHaveLength(20);
    expect(parsed.basic.responderName).toBeUndefined();
    expect(parsed.basic.unknownCritical).toBeUndefined();
  });

  it('reports the first unknown critical extension, of a single response or the whole', () => {
    const critical = (id: string) => seq(oid(id), tlv(0x01, new Uint8Array([0xff])), octets(nul()));
    const one = parseOcspResponse(
      response([...data(single(certId(), GOOD, T1, ctx(1, seq(critical('1.2.3'))))), ctx(1, seq(critical('1.2.4')))]),
    );
    expect(one.responseStatus === 'successful' && one.basic.unknownCritical).toBe('1.2.3');
    const whole = parseOcspResponse(response([...data(single(certId(), GOOD, T1)), ctx(1, seq(critical('1.2.4')))]));
    expect(whole.responseStatus === 'successful' && whole.basic.unknownCritical).toBe('1.2.4');
  });

  it('reads the responder certificates', () => {
    const { leaf } = makePki('Ocsp');
    const parsed = parseOcspResponse(response(data(single(certId(), GOOD, T1)), [ctx(0, seq(leaf.der))]));
    expect(parsed.responseStatus === 'successful' && parsed.basic.certs.map((c) => c.fingerprint256)).toEqual([leaf.fingerprint256]);
  });

  it.each([
    [1, 'malformedRequest'],
    [2, 'internalError'],
    [3, 'tryLater'],
    [5, 'sigRequired'],
    [6, 'unauthorized'],
  ])('status %i is %s', (code, status) => {
    expect(parseOcspResponse(seq(enumerated(code)))).toEqual({ responseStatus: status });
  });

  it.each([
    ['status 4 (unused)', seq(enumerated(4)), 'unknown OCSP response status'],
    ['status 7', seq(enumerated(7)), 'unknown OCSP response status'],
    ['a status that is an INTEGER', seq(integer(0)), 'responseStatus: unexpected tag 0x2'],
    ['success without bytes', seq(enumerated(0)), 'a successful response needs responseBytes'],
    ['another response type', seq(enumerated(0), ctx(0, seq(oid('1.2.3'), octets(nul())))), 'not a basic OCSP response'],
    [
      'response bytes with a third field',
      seq(enumerated(0), ctx(0, seq(oid('1.3.6.1.5.5.7.48.1.1'), octets(nul()), nul()))),
      'ResponseBytes: unexpected element after the last field',
    ],
    [
      'an explicit version',
      response([ctx(0, integer(0)), ...data(single(certId(), GOOD, T1))]),
      'an explicit OCSP response version is not DER v1',
    ],
    ['a responder of another kind', response([ctx(3, nul()), T1, seq(single(certId(), GOOD, T1))]), 'bad ResponderID'],
    [
      'a byKey that is not SHA-1',
      response([ctx(2, octets(new Uint8Array(32))), T1, seq(single(certId(), GOOD, T1))]),
      'byKey must be a SHA-1 hash',
    ],
    ['no single response', response(data()), 'a response with no SingleResponse'],
    [
      'a UTCTime producedAt',
      response([byName, tlv(0x17, new Uint8Array(Buffer.from('260101000000Z'))), seq(single(certId(), GOOD, T1))]),
      'producedAt must be a GeneralizedTime;: unexpected tag 0x17',
    ],
    ['good with content', response(data(single(certId(), tlv(0x80, new Uint8Array([0])), T1))), 'bad CertStatus'],
    ['a status of another tag', response(data(single(certId(), tlv(0x83, new Uint8Array()), T1))), 'bad CertStatus'],
    [
      'a revocation reason that is an INTEGER',
      response(data(single(certId(), ctx(1, concat([T1, ctx(0, integer(1))])), T1))),
      'revocationReason: unexpected tag 0x2',
    ],
    [
      'a CertID hash with parameters',
      response(
        data(
          single(
            certId(seq(oid('1.3.14.3.2.26'), integer(0)), octets(new Uint8Array(20)), octets(new Uint8Array(20)), integer(1)),
            GOOD,
            T1,
          ),
        ),
      ),
      'bad CertID hash parameters',
    ],
    [
      'a CertID hash with long NULL',
      response(
        data(
          single(
            certId(
              seq(oid('1.3.14.3.2.26'), tlv(0x05, new Uint8Array([0]))),
              octets(new Uint8Array(20)),
              octets(new Uint8Array(20)),
              integer(1),
            ),
            GOOD,
            T1,
          ),
        ),
      ),
      'bad CertID hash parameters',
    ],
    [
      'an unknown CertID hash',
      response(data(single(certId(seq(oid('1.2.3')), octets(new Uint8Array(20)), octets(new Uint8Array(20)), integer(1)), GOOD, T1))),
      'unsupported CertID hash 1.2.3',
    ],
    [
      'a field after the extensions',
      response([...data(single(certId(), GOOD, T1)), ctx(1, seq(nonce)), nul()]),
      'ResponseData: unexpected element after the last field',
    ],
    [
      'a single response with a stray field',
      response(data(single(certId(), GOOD, T1, nul()))),
      'SingleResponse: unexpected element after the last field',
    ],
    [
      'a signature with unused bits',
      seq(
        enumerated(0),
        ctx(
          0,
          seq(
            oid('1.3.6.1.5.5.7.48.1.1'),
            octets(seq(seq(...data(single(certId(), GOOD, T1))), SIG_ALG, bitString(new Uint8Array([0x80]), 7))),
          ),
        ),
      ),
      'the signature is not a whole number of bytes',
    ],
    ['certs that are not a SEQUENCE', response(data(single(certId(), GOOD, T1)), [ctx(0, set())]), 'certs: unexpected tag 0x31'],
    [
      'an issuerNameHash that is not an OCTET STRING',
      response(data(single(certId(SHA1, integer(1), octets(new Uint8Array(20)), integer(1)), GOOD, T1))),
      'issuerNameHash must be an OCTET STRING;: unexpected tag 0x2',
    ],
  ])('refuses %s', (_name, der, text) => {
    expect(message(() => parseOcspResponse(der))).toBe(text);
  });
});

describe('buildOcspRequest and ocspUrlsOf', () => {
  it('writes OCSPRequest { TBSRequest { requestList { Request { CertID } } } } with a SHA-1 CertID', () => {
    const { root, intermediate, leaf } = makePki('OcspReq');
    void root;
    const der = buildOcspRequest(parseCertificateDer(leaf.der), parseCertificateDer(intermediate.der));
    expect(readNode(der, 0).end).toBe(der.length);
    const hex = Buffer.from(der).toString('hex');
    expect(hex.startsWith('30')).toBe(true);
    expect(hex).toContain('300906052b0e03021a0500');
    expect(hex).toContain(parseCertificateDer(leaf.der).serialDer);
  });

  it('lists the http(s) OCSP locations of AuthorityInfoAccess, in order, and nothing else', () => {
    const aia = seq(
      seq(oid('1.3.6.1.5.5.7.48.2'), ia5('http://ca.example/ca.crt', 0x86)),
      seq(oid('1.3.6.1.5.5.7.48.1'), ia5('http://ocsp.example', 0x86)),
      seq(oid('1.3.6.1.5.5.7.48.1'), ia5('ldap://ocsp.example', 0x86)),
      seq(oid('1.3.6.1.5.5.7.48.1'), ia5('ocsp.example', 0x82)),
      seq(oid('1.3.6.1.5.5.7.48.1'), ia5('HTTPS://ocsp2.example', 0x86)),
    );
    const cert = makeCert({ subject: { CN: 'aia' }, extensions: [{ oid: '1.3.6.1.5.5.7.1.1', critical: false, value: aia }] });
    expect(ocspUrlsOf(parseCertificateDer(cert.der))).toEqual(['http://ocsp.example', 'HTTPS://ocsp2.example']);
    expect(ocspUrlsOf(parseCertificateDer(makeCert({ subject: { CN: 'no aia' } }).der))).toEqual([]);
  });
});

// Each field of an OCSP response named in its refusal (src/x509/ocsp.ts): the text a refused
// response carries into the revocation message an operator reads.
import { parseOcspResponse } from '../src/x509/ocsp';
import { concat, ctx, integer, nul, octets, oid, seq, set, tlv } from './helpers/der';
import { derMessage as message } from './helpers/der-refusal';
import { BASIC, basicOf, byName, CERT_ID, enumerated, GOOD, HASH, SHA1, SIG, SIG_ALG, T1, withSingle, wrap } from './helpers/ocsp-der';

const utc = tlv(0x17, new Uint8Array(Buffer.from('260101000000Z', 'latin1')));

describe('each field of an OCSP response is named in its refusal', () => {
  it.each<[string, Uint8Array, string]>([
    ['the response', set(), 'OCSPResponse: unexpected tag 0x31'],
    ['the response bytes', seq(enumerated(0), ctx(0, set())), 'ResponseBytes: unexpected tag 0x31'],
    ['the response type', seq(enumerated(0), ctx(0, seq(integer(1), octets(nul())))), 'responseType: unexpected tag 0x2'],
    ['the response', seq(enumerated(0), ctx(0, seq(oid(BASIC), nul()))), 'response must be an OCTET STRING;: unexpected tag 0x5'],
    ['the basic response', wrap(set()), 'BasicOCSPResponse: unexpected tag 0x31'],
    ['the response data', wrap(seq(set(), SIG_ALG, SIG)), 'ResponseData: unexpected tag 0x31'],
    ['the signature algorithm', wrap(seq(seq(byName, T1, seq(seq(CERT_ID, GOOD, T1))), SIG)), 'signatureAlgorithm: unexpected tag 0x3'],
    ['the signature', wrap(seq(seq(byName, T1, seq(seq(CERT_ID, GOOD, T1))), SIG_ALG)), 'signature is missing'],
    ['a responder name', basicOf([ctx(1, set()), T1, seq(seq(CERT_ID, GOOD, T1))]), 'byName: unexpected tag 0x31'],
    [
      'a responder key hash',
      basicOf([ctx(2, nul()), T1, seq(seq(CERT_ID, GOOD, T1))]),
      'byKey must be an OCTET STRING;: unexpected tag 0x5',
    ],
    ['producedAt missing', basicOf([byName]), 'producedAt must be a GeneralizedTime; is missing'],
    ['the responses', basicOf([byName, T1, set()]), 'responses: unexpected tag 0x31'],
    ['a single response', basicOf([byName, T1, seq(set())]), 'SingleResponse: unexpected tag 0x31'],
    ['the CertID', withSingle(set(), GOOD, T1), 'CertID: unexpected tag 0x31'],
    ['the CertID hash algorithm', withSingle(seq(set(), HASH, HASH, integer(1)), GOOD, T1), 'CertID hashAlgorithm: unexpected tag 0x31'],
    [
      'the issuer key hash',
      withSingle(seq(SHA1, HASH, nul(), integer(1)), GOOD, T1),
      'issuerKeyHash must be an OCTET STRING;: unexpected tag 0x5',
    ],
    ['the serial number', withSingle(seq(SHA1, HASH, HASH, nul()), GOOD, T1), 'CertID serialNumber: unexpected tag 0x5'],
    ['the status missing', withSingle(CERT_ID), 'CertStatus is missing'],
    ['thisUpdate', withSingle(CERT_ID, GOOD, utc), 'thisUpdate must be a GeneralizedTime;: unexpected tag 0x17'],
    ['nextUpdate', withSingle(CERT_ID, GOOD, T1, ctx(0, utc)), 'nextUpdate must be a GeneralizedTime;: unexpected tag 0x17'],
    ['the revocation time', withSingle(CERT_ID, ctx(1, utc), T1), 'revocationTime must be a GeneralizedTime;: unexpected tag 0x17'],
    [
      'the revoked info',
      withSingle(CERT_ID, ctx(1, concat([T1, ctx(0, enumerated(1)), nul()])), T1),
      'RevokedInfo: unexpected element after the last field',
    ],
    ['the single extensions', withSingle(CERT_ID, GOOD, T1, ctx(1, set())), 'extensions: unexpected tag 0x31'],
    [
      'two nextUpdate times',
      withSingle(CERT_ID, GOOD, T1, ctx(0, concat([T1, T1]))),
      'nextUpdate: unexpected element after the last field',
    ],
    [
      'two responder names',
      basicOf([ctx(1, concat([seq(), seq()])), T1, seq(seq(CERT_ID, GOOD, T1))]),
      'byName: unexpected element after the last field',
    ],
    [
      'two responder key hashes',
      basicOf([ctx(2, concat([HASH, HASH])), T1, seq(seq(CERT_ID, GOOD, T1))]),
      'byKey: unexpected element after the last field',
    ],
    [
      'a responder certificate',
      basicOf([byName, T1, seq(seq(CERT_ID, GOOD, T1))], [SIG_ALG, SIG, ctx(0, seq(seq()))]),
      'TBSCertificate is missing',
    ],
  ])('%s', (_name, der, text) => {
    expect(message(() => parseOcspResponse(der))).toBe(text);
  });
});

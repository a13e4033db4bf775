// What the focused run of src/x509/ocsp.ts left: the CertID hash parameters that are not a NULL,
// the label of each nested field in its refusal, an unsuccessful response with bytes after its
// status, the response's own copy of its bytes, the responder key hash, and which AIA locations
// count as OCSP responders.
import { createHash } from 'node:crypto';
import { readNode } from '../src/x509/asn1';
import { parseCertificateDer } from '../src/x509/certificate';
import { keyHashOf, ocspUrlsOf, parseOcspResponse } from '../src/x509/ocsp';
import { concat, ctx, ia5, integer, nul, octets, oid, seq, tlv } from './helpers/der';
import { derMessage as message } from './helpers/der-refusal';
import { BASIC, basicOf, byName, CERT_ID, enumerated, GOOD, HASH, SIG, SIG_ALG, T1, withSingle } from './helpers/ocsp-der';
import { makeCert, makePki } from './helpers/pki';

const nonce = seq(oid('1.3.6.1.5.5.7.48.1.2'), octets(octets(new Uint8Array([1]))));

const responseBytes = (basic: Uint8Array): Uint8Array => seq(oid(BASIC), octets(basic));

describe('CertID hash parameters', () => {
  it('are refused when they are an empty element other than NULL', () => {
    // Two octets ending in 0 like a NULL, but a SEQUENCE: the tag decides, not the length or the length octet.
    const der = withSingle(seq(seq(oid('1.3.14.3.2.26'), seq()), HASH, HASH, integer(1)), GOOD, T1);
    expect(message(() => parseOcspResponse(der))).toBe('bad CertID hash parameters');
  });

  it('are accepted when they are exactly a NULL', () => {
    const parsed = parseOcspResponse(withSingle(CERT_ID, GOOD, T1));
    expect(parsed.responseStatus === 'successful' && parsed.basic.responses[0].hashAlgorithm).toBe('sha1');
  });
});

describe('each nested field is named when something follows its last element', () => {
  it.each<[string, Uint8Array, string]>([
    [
      'the revocation reason',
      withSingle(CERT_ID, ctx(1, concat([T1, ctx(0, concat([enumerated(1), enumerated(1)]))])), T1),
      'revocationReason: unexpected element after the last field',
    ],
    [
      'the single extensions',
      withSingle(CERT_ID, GOOD, T1, ctx(1, concat([seq(nonce), nul()]))),
      'singleExtensions: unexpected element after the last field',
    ],
    [
      'the response extensions',
      basicOf([byName, T1, seq(seq(CERT_ID, GOOD, T1)), ctx(1, concat([seq(nonce), nul()]))]),
      'responseExtensions: unexpected element after the last field',
    ],
    [
      'the certificates',
      basicOf([byName, T1, seq(seq(CERT_ID, GOOD, T1))], [SIG_ALG, SIG, ctx(0, concat([seq(), nul()]))]),
      'certs: unexpected element after the last field',
    ],
    [
      'the response bytes',
      seq(enumerated(0), ctx(0, concat([responseBytes(seq()), nul()]))),
      'responseBytes: unexpected element after the last field',
    ],
  ])('%s', (_name, der, text) => {
    expect(message(() => parseOcspResponse(der))).toBe(text);
  });
});

describe('an unsuccessful response', () => {
  it.each([1, 2, 3, 5, 6])('with status %i refuses response bytes after its status, by that rule', (code) => {
    const der = seq(enumerated(code), ctx(0, responseBytes(seq())));
    expect(message(() => parseOcspResponse(der))).toBe('an unsuccessful response carries no responseBytes');
  });
});

describe('the parsed basic response', () => {
  it('keeps its own copy of the bytes: refilling the input afterwards changes nothing', () => {
    const der = withSingle(CERT_ID, GOOD, T1);
    const parsed = parseOcspResponse(der);
    if (parsed.responseStatus !== 'successful') throw new Error('expected successful');
    const tbs = Array.from(parsed.basic.tbs);
    der.fill(0);
    expect(Array.from(parsed.basic.signature)).toEqual([1, 2]);
    expect(Array.from(parsed.basic.tbs)).toEqual(tbs);
    expect(parsed.basic.tbs[0]).toBe(0x30);
  });
});

describe('keyHashOf', () => {
  it('is the SHA-1 of the subjectPublicKey bits without the unused-bits octet', () => {
    const { intermediate } = makePki('KeyHash');
    const cert = parseCertificateDer(intermediate.der);
    const node = readNode(cert.spkiKeyBits, 0);
    const bits = cert.spkiKeyBits.subarray(node.contentStart + 1, node.end);
    const expected = createHash('sha1').update(bits).digest('hex');
    expect(Buffer.from(keyHashOf(cert)).toString('hex')).toBe(expected);
    expect(keyHashOf(cert)).toHaveLength(20);
  });
});

describe('ocspUrlsOf', () => {
  const urlsOf = (...descriptions: Uint8Array[]): string[] =>
    ocspUrlsOf(
      parseCertificateDer(
        makeCert({ subject: { CN: 'aia' }, extensions: [{ oid: '1.3.6.1.5.5.7.1.1', critical: false, value: seq(...descriptions) }] }).der,
      ),
    );
  const OCSP = '1.3.6.1.5.5.7.48.1';

  it('takes only a uniformResourceIdentifier, not another name whose octets read as an http URL', () => {
    // An iPAddress of 16 octets that spell an http URL.
    const ip = tlv(0x87, new Uint8Array(Buffer.from('http://a.example', 'latin1')));
    expect(urlsOf(seq(oid(OCSP), ip), seq(oid(OCSP), ia5('http://ocsp.example', 0x86)))).toEqual(['http://ocsp.example']);
  });

  it('takes a URI only when it starts with the http(s) scheme', () => {
    expect(
      urlsOf(
        seq(oid(OCSP), ia5('ldap://dir.example/http://ocsp.example', 0x86)),
        seq(oid(OCSP), ia5('xhttps://ocsp.example', 0x86)),
        seq(oid(OCSP), ia5('https://ocsp.example', 0x86)),
      ),
    ).toEqual(['https://ocsp.example']);
  });
});

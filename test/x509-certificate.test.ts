// The certificate reader over a real certificate taken apart and rebuilt: each TBSCertificate
// field in its place, each refusal with its exact message.
import { parseCertificateDer, readAlgorithm, serialHex } from '../src/x509/certificate';
import { DerReader } from '../src/x509/asn1';
import { bitString, bool, concat, ctx, elements, integer, nul, octets, oid, seq, set, tlv } from './helpers/der';
import { makeCert } from './helpers/pki';
import { derMessage as message } from './helpers/der-refusal';

const base = makeCert({ subject: { CN: 'fields' }, san: { dns: ['a.example'] } });
const [tbs, sigAlg, sig] = elements(base.der);
const tbsFields = elements(tbs);
// [0] version, serial, signature, issuer, validity, subject, spki, [3] extensions
const [version, serial, tbsAlg, issuer, validity, subject, spki, extensions] = tbsFields;

const cert = (fields: Uint8Array[], outer: Uint8Array[] = [sigAlg, sig]): Uint8Array => seq(seq(...fields), ...outer);
const withExtensions = (...exts: Uint8Array[]): Uint8Array =>
  cert([version, serial, tbsAlg, issuer, validity, subject, spki, ctx(3, seq(...exts))]);

describe('parseCertificateDer', () => {
  it('reads the rebuilt certificate as the original', () => {
    const parsed = parseCertificateDer(cert(tbsFields));
    expect(parsed.version).toBe(3);
    expect(parsed.subjectString).toBe('CN=fields');
    expect(parsed.subjectAltNames).toEqual([{ type: 'dns', value: 'a.example' }]);
    expect(Buffer.from(parsed.tbs).equals(Buffer.from(tbs))).toBe(true);
    expect(Buffer.from(parsed.signatureAlgorithm).equals(Buffer.from(sigAlg))).toBe(true);
    expect(Buffer.from(parsed.tbsSignatureAlgorithm).equals(Buffer.from(tbsAlg))).toBe(true);
    expect(Buffer.from(parsed.spki).equals(Buffer.from(spki))).toBe(true);
    expect(parsed.notBefore.getTime()).toBeLessThan(parsed.notAfter.getTime());
  });

  it('reads v1 (no version, no extensions) and v2 with unique identifiers', () => {
    const v1 = parseCertificateDer(cert([serial, tbsAlg, issuer, validity, subject, spki]));
    expect(v1.version).toBe(1);
    expect(v1.extensions.size).toBe(0);
    expect(v1.basicConstraints).toBeUndefined();
    const v2 = parseCertificateDer(
      cert([ctx(0, integer(1)), serial, tbsAlg, issuer, validity, subject, spki, bitStringAs(0x81), bitStringAs(0x82)]),
    );
    expect(v2.version).toBe(2);
    const v3 = parseCertificateDer(cert([version, serial, tbsAlg, issuer, validity, subject, spki, bitStringAs(0x82), extensions]));
    expect(v3.subjectAltNames).toHaveLength(1);
  });

  it('reads critical flags and the serial forms', () => {
    const parsed = parseCertificateDer(withExtensions(seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true))))));
    expect(parsed.extensions.get('2.5.29.19')).toMatchObject({ critical: true });
    expect(parsed.basicConstraints).toEqual({ ca: true, pathLen: undefined });
    expect(serialHex(new Uint8Array([0x00, 0x80]))).toBe('80');
    expect(serialHex(new Uint8Array([0x00]))).toBe('00');
    expect(serialHex(new Uint8Array([0x00, 0x00, 0x01]))).toBe('01');
    const negative = parseCertificateDer(
      cert([version, integer(new Uint8Array([0xff])), tbsAlg, issuer, validity, subject, spki, extensions]),
    );
    expect(negative.serialProblem).toBe('its serial number is negative');
    const zero = parseCertificateDer(cert([version, integer(0), tbsAlg, issuer, validity, subject, spki, extensions]));
    expect(zero.serialProblem).toBe('its serial number is zero');
    const long = parseCertificateDer(
      cert([version, integer(new Uint8Array(21).fill(1)), tbsAlg, issuer, validity, subject, spki, extensions]),
    );
    expect(long.serialProblem).toBe('its serial number is longer than 20 octets');
    const twenty = parseCertificateDer(
      cert([version, integer(new Uint8Array([0, 0x80, ...new Array(19).fill(1)])), tbsAlg, issuer, validity, subject, spki, extensions]),
    );
    expect(twenty.serialProblem).toBeUndefined();
  });

  it.each([
    [
      'version v1 written out',
      () => cert([ctx(0, integer(0)), serial, tbsAlg, issuer, validity, subject, spki]),
      'version v1 must be omitted in DER',
    ],
    ['version 4', () => cert([ctx(0, integer(3)), serial, tbsAlg, issuer, validity, subject, spki]), 'unknown certificate version'],
    [
      'a version that is ENUMERATED',
      () => cert([ctx(0, tlv(0x0a, new Uint8Array([2]))), serial, tbsAlg, issuer, validity, subject, spki]),
      'version: unexpected tag 0xa',
    ],
    [
      'two versions',
      () => cert([ctx(0, concat([integer(2), integer(2)])), serial, tbsAlg, issuer, validity, subject, spki]),
      'version: unexpected element after the last field',
    ],
    ['no serial', () => cert([version, tbsAlg, issuer, validity, subject, spki]), 'serialNumber: unexpected tag 0x30'],
    ['no subject public key', () => cert([version, serial, tbsAlg, issuer, validity, subject]), 'SubjectPublicKeyInfo is missing'],
    [
      'a validity with three times',
      () => cert([version, serial, tbsAlg, issuer, seq(...elements(validity), elements(validity)[0]), subject, spki]),
      'Validity: unexpected element after the last field',
    ],
    [
      'a validity with one time',
      () => cert([version, serial, tbsAlg, issuer, seq(elements(validity)[0]), subject, spki]),
      'notAfter is missing',
    ],
    [
      'extensions in a v1 certificate',
      () => cert([serial, tbsAlg, issuer, validity, subject, spki, extensions]),
      'TBSCertificate: unexpected element after the last field',
    ],
    [
      'unique identifiers in a v1 certificate',
      () => cert([serial, tbsAlg, issuer, validity, subject, spki, bitStringAs(0x81)]),
      'TBSCertificate: unexpected element after the last field',
    ],
    [
      'extensions in a v2 certificate',
      () => cert([ctx(0, integer(1)), serial, tbsAlg, issuer, validity, subject, spki, extensions]),
      'TBSCertificate: unexpected element after the last field',
    ],
    ['a field after the extensions', () => cert([...tbsFields, nul()]), 'TBSCertificate: unexpected element after the last field'],
    [
      'unique identifiers out of order',
      () => cert([version, serial, tbsAlg, issuer, validity, subject, spki, bitStringAs(0x82), bitStringAs(0x81)]),
      'TBSCertificate: unexpected element after the last field',
    ],
    [
      'an SPKI with a third field',
      () => cert([version, serial, tbsAlg, issuer, validity, subject, seq(...elements(spki), nul()), extensions]),
      'SubjectPublicKeyInfo: unexpected element after the last field',
    ],
    [
      'an SPKI key that is not a BIT STRING',
      () => cert([version, serial, tbsAlg, issuer, validity, subject, seq(elements(spki)[0], octets(new Uint8Array([1]))), extensions]),
      'subjectPublicKey: unexpected tag 0x4',
    ],
    [
      'a signature with unused bits',
      () => cert(tbsFields, [sigAlg, bitString(new Uint8Array([0x80]), 7)]),
      'signature BIT STRING must be whole bytes',
    ],
    ['a fourth top-level element', () => cert(tbsFields, [sigAlg, sig, nul()]), 'Certificate: unexpected element after the last field'],
    ['no signature', () => cert(tbsFields, [sigAlg]), 'signatureValue is missing'],
    ['trailing bytes', () => concat([cert(tbsFields), new Uint8Array([0])]), 'Certificate: trailing bytes after the DER element'],
    [
      'an extension twice',
      () => withExtensions(seq(oid('1.2.3'), octets(nul())), seq(oid('1.2.3'), octets(nul()))),
      'extension 1.2.3 appears twice',
    ],
    [
      'critical FALSE written out',
      () => withExtensions(seq(oid('1.2.3'), bool(false), octets(nul()))),
      'critical FALSE must be omitted in DER',
    ],
    ['an empty extension list', () => withExtensions(), 'empty extensions list'],
    ['an extension without its value', () => withExtensions(seq(oid('1.2.3'))), 'extnValue is missing'],
    [
      'an extension with a stray field',
      () => withExtensions(seq(oid('1.2.3'), octets(nul()), nul())),
      'Extension: unexpected element after the last field',
    ],
    [
      'extensions wrapped twice',
      () =>
        cert([version, serial, tbsAlg, issuer, validity, subject, spki, ctx(3, concat([seq(seq(oid('1.2.3'), octets(nul()))), seq()]))]),
      'extensions: unexpected element after the last field',
    ],
    [
      'a subjectAltName with trailing bytes',
      () => withExtensions(seq(oid('2.5.29.17'), octets(concat([seq(tlv(0x82, new Uint8Array([0x61]))), nul()])))),
      'subjectAltName: trailing bytes after the DER element',
    ],
  ])('refuses %s', (_name, make, text) => {
    expect(message(() => parseCertificateDer(make()))).toBe(text);
  });
});

describe('readAlgorithm', () => {
  const read = (der: Uint8Array) => readAlgorithm(new DerReader(der, 0, der.length), 'alg');

  it('reads the OID, the parameters and the whole DER', () => {
    const withNull = seq(oid('1.2.840.113549.1.1.11'), nul());
    expect(read(withNull)).toEqual({ oid: '1.2.840.113549.1.1.11', params: nul(), der: withNull });
    expect(read(seq(oid('1.3.101.112')))).toEqual({ oid: '1.3.101.112', params: undefined, der: seq(oid('1.3.101.112')) });
  });

  it.each([
    ['two parameters', seq(oid('1.2.3'), nul(), nul()), 'alg: unexpected element after the last field'],
    ['no OID', seq(), 'alg is missing'],
    ['a SET', set(oid('1.2.3')), 'alg: unexpected tag 0x31'],
  ])('refuses %s', (_name, der, text) => {
    expect(message(() => read(der))).toBe(text);
  });
});

function bitStringAs(tag: number): Uint8Array {
  return tlv(tag, new Uint8Array([0x00, 0xaa]));
}

// CRL reader details a mutation run of src/x509/crl.ts looks for: each field named in its refusal,
// the signed parts of a parsed CRL, a GeneralizedTime nextUpdate, entries of one serial kept apart,
// unknown critical entry extensions in a later entry, and the input forms of crlDerFromInput.
import { crlDerFromInput, parseCrlDer, readCrlEnvelope } from '../src/x509/crl';
import { bitString, bool, ctx, ia5, integer, nul, octets, oid, printable, seq, set, tlv } from './helpers/der';
import { derRefusal } from './helpers/der-refusal';
import { toPem } from './helpers/pki';

const ALG = seq(oid('1.2.840.113549.1.1.11'), nul());
const ISSUER = seq(set(seq(oid('2.5.4.3'), printable('CRL CA'))));
const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const THIS = tlv(0x17, ascii('260101000000Z'));
const ext = (id: string, value: Uint8Array, critical = false): Uint8Array =>
  critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
const NUMBER = ext('2.5.29.20', integer(7));
const SIG = bitString(new Uint8Array([1, 2, 3]));
const crl = (tbs: Uint8Array[], outer: Uint8Array[] = [ALG, SIG]): Uint8Array => seq(seq(...tbs), ...outer);
const v2 = (...rest: Uint8Array[]): Uint8Array[] => [integer(1), ALG, ISSUER, THIS, ...rest];
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('the parsed CRL', () => {
  it('keeps the signed parts, the issuer and a GeneralizedTime nextUpdate', () => {
    const pss = seq(oid('1.2.840.113549.1.1.10'), seq());
    const tbs = v2(tlv(0x18, ascii('20500101000000Z')), ctx(0, seq(NUMBER)));
    const der = crl(tbs, [pss, SIG]);
    const parsed = parseCrlDer(der);
    expect(parsed.der).toBe(der);
    expect(hex(parsed.tbs)).toBe(hex(seq(...tbs)));
    expect(hex(parsed.signatureAlgorithm)).toBe(hex(pss));
    expect(hex(parsed.tbsSignatureAlgorithm)).toBe(hex(ALG));
    expect(parsed.signatureOid).toBe('1.2.840.113549.1.1.10');
    expect(hex(parsed.signatureParams!)).toBe(hex(seq()));
    expect(Array.from(parsed.signature)).toEqual([1, 2, 3]);
    expect(hex(parsed.issuer.der)).toBe(hex(ISSUER));
    expect(parsed.nextUpdate?.toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(parsed.thisUpdate.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parsed.authorityKeyId).toBeUndefined();
  });

  it('entries of one serial are kept apart, and a serial is keyed by its exact octets', () => {
    const ci = (host: string) => ext('2.5.29.29', seq(ia5(host, 0x82)), true);
    const entries = seq(
      seq(integer(0x80), THIS, seq(ci('a.example'))),
      seq(integer(0x80), THIS, seq(ci('b.example'), ext('2.5.29.21', tlv(0x0a, new Uint8Array([8]))))),
    );
    const parsed = parseCrlDer(crl(v2(entries, ctx(0, seq(NUMBER)))));
    expect([...parsed.revoked.keys()]).toEqual(['0080']);
    expect(parsed.revoked.get('0080')).toEqual([
      { reason: 0, certificateIssuer: [{ type: 'dns', value: 'a.example' }] },
      { reason: 8, certificateIssuer: [{ type: 'dns', value: 'b.example' }] },
    ]);
  });

  it('an unknown critical extension in a later entry makes the CRL unusable; a known one does not', () => {
    const entries = seq(seq(integer(1), THIS), seq(integer(2), THIS, seq(ext('1.2.3.9', nul(), true))));
    expect(parseCrlDer(crl(v2(entries, ctx(0, seq(NUMBER))))).unusable).toBe('an entry has the unrecognised critical extension 1.2.3.9');
    const known = seq(seq(integer(2), THIS, seq(ext('2.5.29.23', oid('1.2.840.10040.2.1'), true))));
    expect(parseCrlDer(crl(v2(known, ctx(0, seq(NUMBER))))).unusable).toBeUndefined();
    const twice = seq(seq(integer(1), THIS, seq(ext('1.2.3.8', nul(), true))), seq(integer(2), THIS, seq(ext('1.2.3.9', nul(), true))));
    expect(parseCrlDer(crl(v2(twice, ctx(0, seq(NUMBER))))).unusable).toBe('an entry has the unrecognised critical extension 1.2.3.8');
    const oddSignature = crl(v2(entries, ctx(0, seq(NUMBER))), [ALG, bitString(new Uint8Array([0x80]), 7)]);
    expect(parseCrlDer(oddSignature).unusable).toBe('its signature is not a whole number of bytes');
    const nonCritical = seq(seq(integer(2), THIS, seq(ext('1.2.3.9', nul()))));
    expect(parseCrlDer(crl(v2(nonCritical, ctx(0, seq(NUMBER))))).unusable).toBeUndefined();
  });

  it.each([
    ['issuerAltName', '2.5.29.18', seq(ia5('a.example', 0x82))],
    ['freshestCRL', '2.5.29.46', seq(seq())],
    ['authorityInfoAccess', '1.3.6.1.5.5.7.1.1', seq()],
    ['deltaCRLIndicator', '2.5.29.27', integer(1)],
  ])('a critical %s is understood', (_name, id, value) => {
    expect(parseCrlDer(crl(v2(ctx(0, seq(NUMBER, ext(id, value, true)))))).unusable).toBeUndefined();
  });
});

describe('each field is named in its refusal', () => {
  it.each<[string, () => Uint8Array, string]>([
    ['the list', () => set(), 'CertificateList: unexpected tag 0x31'],
    ['the signed part', () => seq(set(), ALG, SIG), 'TBSCertList: unexpected tag 0x31'],
    ['the outer algorithm', () => seq(seq(...v2()), SIG), 'signatureAlgorithm: unexpected tag 0x3'],
    ['the signature value', () => seq(seq(...v2()), ALG), 'signatureValue is missing'],
    ['the inner algorithm', () => crl([integer(1), set(), ISSUER, THIS]), 'signature: unexpected tag 0x31'],
    ['a revoked serial', () => crl(v2(seq(seq(oid('1.2'), THIS)))), 'userCertificate: unexpected tag 0x6'],
    ['the CRL number', () => crl(v2(ctx(0, seq(ext('2.5.29.20', octets(new Uint8Array([1]))))))), 'cRLNumber: unexpected tag 0x4'],
    [
      'the delta indicator',
      () => crl(v2(ctx(0, seq(NUMBER, ext('2.5.29.27', octets(new Uint8Array([1])), true))))),
      'deltaCRLIndicator: unexpected tag 0x4',
    ],
    [
      'a certificate issuer',
      () => crl(v2(seq(seq(integer(1), THIS, seq(ext('2.5.29.29', set(), true)))), ctx(0, seq(NUMBER)))),
      'certificateIssuer: unexpected tag 0x31',
    ],
    [
      'the issuing distribution point',
      () => crl(v2(ctx(0, seq(NUMBER, ext('2.5.29.28', set(), true))))),
      'issuingDistributionPoint: unexpected tag 0x31',
    ],
    ['the CRL extensions', () => crl(v2(ctx(0, set(NUMBER)))), 'extensions: unexpected tag 0x31'],
  ])('%s', (_name, make, text) => {
    expect(derRefusal(() => parseCrlDer(make()))).toEqual({ message: text, reason: 'der-invalid' });
  });

  it('the envelope names the list too', () => {
    expect(derRefusal(() => readCrlEnvelope(set())).message).toBe('CertificateList: unexpected tag 0x31');
  });
});

describe('crlDerFromInput', () => {
  const der = crl(v2(ctx(0, seq(NUMBER))));
  const pem = toPem(der, 'X509 CRL');

  it('reads PEM text, PEM bytes and DER bytes', () => {
    expect(crlDerFromInput(pem).map(hex)).toEqual([hex(der)]);
    expect(crlDerFromInput(new Uint8Array(Buffer.from(pem + pem))).map(hex)).toEqual([hex(der), hex(der)]);
    expect(crlDerFromInput(der).map(hex)).toEqual([hex(der)]);
    expect(crlDerFromInput('no CRL here')).toEqual([]);
  });

  it('a broken block is named as the PEM text', () => {
    expect(() => crlDerFromInput('-----BEGIN X509 CRL-----\nAA*A\n-----END X509 CRL-----\n')).toThrow(
      'the PEM text has a character that is not base64 inside a PEM block',
    );
  });
});

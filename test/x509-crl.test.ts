// The CRL reader over hand-built CertificateLists (the signature is not checked here): every
// field in its place, and each refusal with its exact message.
import { parseCrlDer, readCrlEnvelope } from '../src/x509/crl';
import { bitString, bool, concat, ctx, ia5, integer, nul, octets, oid, printable, seq, set, time, tlv } from './helpers/der';
import { derMessage as message } from './helpers/der-refusal';

const ALG = seq(oid('1.2.840.113549.1.1.11'), nul());
const ISSUER = seq(set(seq(oid('2.5.4.3'), printable('CRL CA'))));
const THIS = time(new Date('2026-01-01T00:00:00Z'));
const NEXT = time(new Date('2026-02-01T00:00:00Z'));
const ext = (id: string, value: Uint8Array, critical = false): Uint8Array =>
  critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
const NUMBER = ext('2.5.29.20', integer(7));
const entry = (serial: number, ...exts: Uint8Array[]): Uint8Array =>
  exts.length ? seq(integer(serial), THIS, seq(...exts)) : seq(integer(serial), THIS);
const reasonCode = (n: number): Uint8Array => ext('2.5.29.21', tlv(0x0a, new Uint8Array([n])));

function crl(tbsFields: Uint8Array[], options: { sig?: Uint8Array; outer?: Uint8Array[] } = {}): Uint8Array {
  return seq(seq(...tbsFields), ALG, options.sig ?? bitString(new Uint8Array([1, 2, 3])), ...(options.outer ?? []));
}
const v2 = (...rest: Uint8Array[]): Uint8Array[] => [integer(1), ALG, ISSUER, THIS, ...rest];

describe('parseCrlDer', () => {
  it('reads a v2 CRL: times, entries, reasons, number, extensions', () => {
    const parsed = parseCrlDer(crl(v2(NEXT, seq(entry(1), entry(2, reasonCode(1)), entry(2, reasonCode(6))), ctx(0, seq(NUMBER)))));
    expect(parsed.thisUpdate.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parsed.nextUpdate?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect([...parsed.revoked.keys()]).toEqual(['01', '02']);
    expect(parsed.revoked.get('01')).toEqual([{ reason: 0, certificateIssuer: undefined }]);
    expect(parsed.revoked.get('02')!.map((e) => e.reason)).toEqual([1, 6]);
    expect(parsed.crlNumber).toBe(7n);
    expect(parsed.unusable).toBeUndefined();
    expect(parsed.deltaBase).toBeUndefined();
    expect(parsed.idp).toBeUndefined();
    expect(parsed.scopeKey).toBe('');
  });

  it('a v1 CRL without nextUpdate, entries or extensions has no CRL number, so it is unusable', () => {
    const parsed = parseCrlDer(crl([ALG, ISSUER, THIS]));
    expect(parsed.nextUpdate).toBeUndefined();
    expect(parsed.revoked.size).toBe(0);
    expect(parsed.unusable).toBe('it has no CRL number (RFC 5280 §5.2.3)');
  });

  it('CRL numbers of 20 octets are read exactly', () => {
    const big = 2n ** 159n + 1n;
    expect(parseCrlDer(crl(v2(ctx(0, seq(ext('2.5.29.20', integer(big))))))).crlNumber).toBe(big);
    const delta = parseCrlDer(crl(v2(ctx(0, seq(NUMBER, ext('2.5.29.27', integer(5), true))))));
    expect(delta.deltaBase).toBe(5n);
  });

  it('records what makes a CRL unusable, the first reason only', () => {
    const at = (...fields: Uint8Array[]) => parseCrlDer(crl(v2(...fields))).unusable;
    expect(at(ctx(0, seq(ext('2.5.29.20', integer(1), true))))).toBe('its CRL number is marked critical (RFC 5280 §5.2.3)');
    expect(at(ctx(0, seq(NUMBER, ext('1.2.3.4', nul(), true))))).toBe('it has the unrecognised critical extension 1.2.3.4');
    expect(at(ctx(0, seq(NUMBER, ext('1.2.3.4', nul()))))).toBeUndefined();
    expect(at(seq(entry(1, ext('1.2.3.5', nul(), true))), ctx(0, seq(NUMBER, ext('1.2.3.4', nul(), true))))).toBe(
      'an entry has the unrecognised critical extension 1.2.3.5',
    );
    expect(at(seq(entry(1, ext('2.5.29.24', time(new Date('2025-01-01T00:00:00Z')), true))), ctx(0, seq(NUMBER)))).toBeUndefined();
    expect(parseCrlDer(crl(v2(ctx(0, seq(NUMBER))), { sig: bitString(new Uint8Array([0x80]), 7) })).unusable).toBe(
      'its signature is not a whole number of bytes',
    );
  });

  it('an indirect CRL carries certificateIssuer over to the entries after it', () => {
    const ci = (host: string) => ext('2.5.29.29', seq(ia5(host, 0x82)), true);
    const parsed = parseCrlDer(crl(v2(seq(entry(1), entry(2, ci('a.example')), entry(3), entry(4, ci('b.example'))), ctx(0, seq(NUMBER)))));
    const issuerOf = (s: string) => parsed.revoked.get(s)![0].certificateIssuer?.map((n) => n.type === 'dns' && n.value);
    expect([issuerOf('01'), issuerOf('02'), issuerOf('03'), issuerOf('04')]).toEqual([
      undefined,
      ['a.example'],
      ['a.example'],
      ['b.example'],
    ]);
  });

  it('reads issuingDistributionPoint flags and scope', () => {
    const idpValue = seq(
      ctx(0, ctx(0, ia5('http://crl.example/x.crl', 0x86))),
      tlv(0x81, new Uint8Array([0xff])),
      tlv(0x83, new Uint8Array([0x07, 0x80])),
      tlv(0x84, new Uint8Array([0xff])),
    );
    const parsed = parseCrlDer(crl(v2(ctx(0, seq(NUMBER, ext('2.5.29.28', idpValue, true))))));
    expect(parsed.idp).toEqual({
      name: { fullName: [{ type: 'uri', value: 'http://crl.example/x.crl' }], relativeName: undefined },
      onlyUserCerts: true,
      onlyCaCerts: false,
      onlySomeReasons: 1,
      indirect: true,
      onlyAttributeCerts: false,
    });
    expect(parsed.scopeKey).toBe(Buffer.from(idpValue).toString('hex'));
    const flags = parseCrlDer(
      crl(v2(ctx(0, seq(NUMBER, ext('2.5.29.28', seq(tlv(0x82, new Uint8Array([0xff])), tlv(0x85, new Uint8Array([0xff]))), true))))),
    );
    expect(flags.idp).toMatchObject({ onlyCaCerts: true, onlyAttributeCerts: true, onlyUserCerts: false, indirect: false });
  });

  it('reads the authority key identifier', () => {
    const aki = ext('2.5.29.35', seq(tlv(0x80, new Uint8Array([0xab, 0xcd]))));
    expect(Array.from(parseCrlDer(crl(v2(ctx(0, seq(NUMBER, aki))))).authorityKeyId!)).toEqual([0xab, 0xcd]);
  });

  it.each([
    ['version 1 written out', () => crl([integer(0), ALG, ISSUER, THIS]), 'unsupported CRL version'],
    ['version 3', () => crl([integer(2), ALG, ISSUER, THIS]), 'unsupported CRL version'],
    ['no thisUpdate', () => crl([integer(1), ALG, ISSUER]), 'thisUpdate is missing'],
    ['an issuer of another type', () => crl([integer(1), ALG, set(), THIS]), 'issuer: unexpected tag 0x31'],
    [
      'a field after the extensions',
      () => crl(v2(ctx(0, seq(NUMBER)), integer(1))),
      'TBSCertList: unexpected element after the last field',
    ],
    ['entry extensions in a v1 CRL', () => crl([ALG, ISSUER, THIS, seq(entry(1, reasonCode(1)))]), 'entry extensions need a v2 CRL'],
    ['CRL extensions in a v1 CRL', () => crl([ALG, ISSUER, THIS, ctx(0, seq(NUMBER))]), 'CRL extensions need a v2 CRL'],
    [
      'an entry with two extension lists',
      () => crl(v2(seq(seq(integer(1), THIS, seq(reasonCode(1)), seq(reasonCode(2)))))),
      'revoked certificate entry: unexpected element after the last field',
    ],
    ['an entry without its date', () => crl(v2(seq(seq(integer(1))))), 'revocationDate is missing'],
    ['an entry that is not a SEQUENCE', () => crl(v2(seq(set(integer(1), THIS)))), 'revoked certificate entry: unexpected tag 0x31'],
    ['a fourth top-level element', () => crl(v2(), { outer: [nul()] }), 'CertificateList: unexpected element after the last field'],
    [
      'an IDP flag written FALSE',
      () => crl(v2(ctx(0, seq(NUMBER, ext('2.5.29.28', seq(tlv(0x81, new Uint8Array([0x00]))), true))))),
      'a DEFAULT FALSE flag must be omitted in DER',
    ],
    [
      'IDP fields out of order',
      () => crl(v2(ctx(0, seq(NUMBER, ext('2.5.29.28', seq(tlv(0x84, new Uint8Array([0xff])), tlv(0x81, new Uint8Array([0xff]))), true))))),
      'issuingDistributionPoint: unexpected element after the last field',
    ],
    [
      'a negative CRL number',
      () => crl(v2(ctx(0, seq(ext('2.5.29.20', tlv(0x02, new Uint8Array([0x80]))))))),
      'negative INTEGER where a count was expected',
    ],
    [
      'a reason code that is not ENUMERATED',
      () => crl(v2(seq(entry(1, ext('2.5.29.21', integer(1)))), ctx(0, seq(NUMBER)))),
      'reasonCode: unexpected tag 0x2',
    ],
    ['an empty extension list', () => crl(v2(ctx(0, seq()))), 'empty extensions list'],
    ['trailing bytes', () => concat([crl(v2()), new Uint8Array([0])]), 'CertificateList: trailing bytes after the DER element'],
  ])('refuses %s', (_name, make, text) => {
    expect(message(() => parseCrlDer(make()))).toBe(text);
  });
});

describe('readCrlEnvelope', () => {
  it('reads the signed parts and the issuer, and nothing after it', () => {
    const der = crl(v2(NEXT, seq(entry(1)), ctx(0, seq(NUMBER))));
    const env = readCrlEnvelope(der);
    expect(env.signatureOid).toBe('1.2.840.113549.1.1.11');
    expect(Buffer.from(env.tbsSignatureAlgorithm).equals(Buffer.from(ALG))).toBe(true);
    expect(Array.from(env.signature)).toEqual([1, 2, 3]);
    expect(env.issuer.der).toEqual(ISSUER);
    // Entries are read (and refused) only by parseCrlDer, once the signature is known good.
    const badEntries = crl(v2(seq(nul())));
    expect(() => readCrlEnvelope(badEntries)).not.toThrow();
    expect(message(() => parseCrlDer(badEntries))).toBe('revoked certificate entry: unexpected tag 0x5');
  });

  it('refuses a frame without an issuer', () => {
    expect(message(() => readCrlEnvelope(crl([integer(1), ALG])))).toBe('issuer is missing');
  });
});

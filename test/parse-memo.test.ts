// What parsing keeps from one certificate to the next: readOid the OIDs it decoded (found by a hash
// of their octets), parseCertificateDer the issuer name it parsed last. A hit must give exactly
// what decoding the same octets gives, whatever collides, floods, is too long to keep, or is refilled.
// And name folding's shortcut for values that only change case.
import { DerError, readNode, readOid } from '../src/x509/asn1';
import { parseCertificateDer } from '../src/x509/certificate';
import fc from 'fast-check';
import { formatRfc4514, parseNameDer } from '../src/x509/names';
import { oid as oidDer, seq, set, utf8 } from './helpers/der';
import { makePki } from './helpers/pki';

const oid = (...content: number[]): string => {
  const der = new Uint8Array([0x06, content.length, ...content]);
  return readOid(der, readNode(der, 0));
};

/** The memo's hash of content octets (length-seeded, times 31 per octet). */
const hashOf = (content: number[]): number => content.reduce((h, b) => (Math.imul(h, 31) + b) | 0, content.length);

describe('the OID memo', () => {
  it('tells apart OIDs whose octets hash alike, read in turns', () => {
    expect(hashOf([0x2a, 0x40])).toBe(hashOf([0x2b, 0x21]));
    for (let round = 0; round < 3; round++) {
      expect(oid(0x2a, 0x40)).toBe('1.2.64');
      expect(oid(0x2b, 0x21)).toBe('1.3.33');
    }
  });

  it('gives the same answers after a flood of distinct OIDs has filled it', () => {
    expect(oid(0x55, 0x04, 0x03)).toBe('2.5.4.3');
    for (let n = 0; n < 2000; n++) expect(oid(0x2b, 0x06, 0x81 + (n >> 7), n & 0x7f)).toBe(`1.3.6.${(1 + (n >> 7)) * 128 + (n & 0x7f)}`);
    expect(oid(0x55, 0x04, 0x03)).toBe('2.5.4.3');
  });

  it('decodes long OIDs each time, and still refuses malformed octets it has never kept', () => {
    const long = [0x2b, ...Array.from({ length: 40 }, (_, i) => 1 + i)];
    const dotted = `1.3.${long.slice(1).join('.')}`;
    expect(oid(...long)).toBe(dotted);
    expect(oid(...long)).toBe(dotted);
    expect(() => oid(0x2b, 0x80, 0x01)).toThrow(DerError);
    expect(() => oid(0x2b, 0x86)).toThrow(DerError);
  });

  it('answers from its own copy: the bytes it decoded may be refilled afterwards', () => {
    // Refilled with octets of the same hash: a kept view would now compare equal to them.
    const der = new Uint8Array([0x06, 0x02, 0x2a, 0x41]);
    expect(readOid(der, readNode(der, 0))).toBe('1.2.65');
    der.set([0x2b, 0x22], 2);
    expect(readOid(der, readNode(der, 0))).toBe('1.3.34');
  });

  it('parses a certificate the same way twice', () => {
    const { leaf } = makePki('OidMemo');
    const a = parseCertificateDer(leaf.der);
    const b = parseCertificateDer(new Uint8Array(leaf.der));
    expect([...b.extensions.keys()]).toEqual([...a.extensions.keys()]);
    expect(b.signatureOid).toBe(a.signatureOid);
    expect(b.subject.key).toBe(a.subject.key);
  });
});

describe('the issuer name kept from the last certificate', () => {
  const pki = makePki('IssuerMemo');
  const other = makePki('IssuerMemoOther');

  it('is shared by leaves of one issuer and stays right when the first buffer is refilled', () => {
    const buffer = new Uint8Array(pki.leaf.der);
    const first = parseCertificateDer(buffer);
    const again = parseCertificateDer(new Uint8Array(pki.leaf.der));
    const expected = Array.from(first.issuer.der);
    buffer.fill(0);
    expect(Array.from(again.issuer.der)).toEqual(expected);
    expect(Array.from(first.issuer.der)).toEqual(expected);
    expect(formatRfc4514(again.issuer)).toBe('CN=IssuerMemo Issuing CA,O=IssuerMemo');
  });

  it('is not given to a certificate of another issuer', () => {
    const a = parseCertificateDer(pki.leaf.der);
    const b = parseCertificateDer(other.leaf.der);
    const c = parseCertificateDer(pki.intermediate.der);
    expect(formatRfc4514(a.issuer)).toBe('CN=IssuerMemo Issuing CA,O=IssuerMemo');
    expect(formatRfc4514(b.issuer)).toBe('CN=IssuerMemoOther Issuing CA,O=IssuerMemoOther');
    expect(formatRfc4514(c.issuer)).toBe('CN=IssuerMemo Root CA,O=IssuerMemo');
    expect(a.selfIssued || b.selfIssued || c.selfIssued).toBe(false);
    expect(parseCertificateDer(pki.root.der).selfIssued).toBe(true);
  });
});

describe('folding a name for comparison', () => {
  /** The comparison folding in full (trim, collapse white space, lowercase, escape key separators). */
  const reference = (text: string): string =>
    text
      .trim()
      .replace(/\s+/g, ' ')
      .toLowerCase()
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0002]/g, (c) => `\\${c.charCodeAt(0)}`);
  const keyOf = (value: string): string => parseNameDer(seq(set(seq(oidDer('2.5.4.3'), utf8(value))))).key;

  it('gives the key the full folding gives, with or without white space and separators', () => {
    const text = fc
      .array(fc.constantFrom('A', 'b', 'Z', 'é', 'É', 'İ', ' ', '\t', '\u00a0', '\0', '\u0001', '\u0002', '-', '1'), { maxLength: 12 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, (value) => {
        expect(keyOf(value)).toBe(`2.5.4.3\u0000=${reference(value)}`);
      }),
      { numRuns: 500, seed: 13 },
    );
    expect(keyOf('Bench')).toBe(keyOf('bENCH'));
    expect(keyOf('Bench  CA ')).toBe(keyOf('bench ca'));
  });
});

// The cursor DER reader, the bound of readSmallInteger, the one TLV encoder, and the field
// order the decoders now enforce (each case below was accepted before the cursor rewrite).
import { DerError, DerReader, Tag, readAll, readNode, readSmallInteger, readUnsignedBig } from '../src/x509/asn1';
import { derLength, encodeTlv } from '../src/x509/tlv';
import {
  decodeAuthorityKeyId,
  decodeBasicConstraints,
  decodeCrlDistributionPoints,
  decodeNameConstraints,
  decodePolicyConstraints,
} from '../src/x509/extensions';
import { decodePssParams } from '../src/x509/pss';
import { ctx, ia5, integer, nul, oid, seq, tlv } from './helpers/der';
import { thrown } from './helpers/thrown';

const derError = (fn: () => unknown): DerError => thrown(DerError, fn);

describe('DerReader', () => {
  const body = seq(integer(1), oid('1.2.3'), nul());

  it('reads the fields in order and ends when every byte is read', () => {
    const out = readAll(body, Tag.SEQUENCE, 'T', (r) => {
      const a = r.next(Tag.INTEGER, 'a');
      const b = r.optional(Tag.BOOLEAN);
      const c = r.optional(Tag.OID);
      expect(r.peek()).toBe(Tag.NULL);
      const d = r.any('d');
      expect(r.atEnd).toBe(true);
      expect(r.peek()).toBe(-1);
      return [a.tag, b, c?.tag, d.tag];
    });
    expect(out).toEqual([Tag.INTEGER, undefined, Tag.OID, Tag.NULL]);
  });

  it('refuses a required field that is missing or has another tag', () => {
    expect(derError(() => readAll(seq(), Tag.SEQUENCE, 'T', (r) => r.next(Tag.INTEGER, 'version'))).message).toBe('version is missing');
    expect(derError(() => readAll(body, Tag.SEQUENCE, 'T', (r) => r.next(Tag.OID, 'x'))).message).toBe('x: unexpected tag 0x2');
    expect(derError(() => readAll(body, Tag.SEQUENCE, 'T', (r) => r.next(Tag.OID, 'x', 'custom-reason'))).reason).toBe('custom-reason');
    expect(derError(() => readAll(seq(), Tag.SEQUENCE, 'T', (r) => r.any('y'))).message).toBe('y is missing');
  });

  it('refuses elements left over, at every level', () => {
    const err = derError(() => readAll(body, Tag.SEQUENCE, 'T', (r) => r.next(Tag.INTEGER, 'a')));
    expect(err).toMatchObject({ reason: 'der-invalid', message: 'T: unexpected element after the last field' });
    const nested = seq(seq(integer(1), integer(2)));
    expect(() => readAll(nested, Tag.SEQUENCE, 'T', (r) => r.nested(Tag.SEQUENCE, 'inner', (i) => i.next(Tag.INTEGER, 'a')))).toThrow(
      'inner: unexpected element after the last field',
    );
    const r = new DerReader(body, 2, body.length);
    r.any('a');
    expect(() => r.end('part')).toThrow(DerError);
  });

  it('refuses trailing bytes after the root and a primitive element entered as constructed', () => {
    expect(() => readAll(new Uint8Array([...body, 0]), Tag.SEQUENCE, 'T', () => undefined)).toThrow(/trailing bytes/);
    expect(derError(() => readAll(integer(5), Tag.INTEGER, 'I', () => undefined)).message).toBe('I: a primitive element has no fields');
  });

  it('optionalNested reads nothing when the tag differs, and enters the element when it matches', () => {
    const value = seq(ctx(0, integer(7)));
    expect(
      readAll(
        value,
        Tag.SEQUENCE,
        'T',
        (r) =>
          r.optionalNested(0xa1, 'x', () => 1) ?? r.optionalNested(0xa0, 'y', (i) => readSmallInteger(i.buf, i.next(Tag.INTEGER, 'n'))),
      ),
    ).toBe(7);
  });
});

describe('readSmallInteger never saturates', () => {
  const read = (v: number | bigint) => {
    const der = integer(v);
    return readSmallInteger(der, readNode(der, 0));
  };

  it('returns values up to 2^32 - 1 exactly', () => {
    expect(read(0)).toBe(0);
    expect(read(0x7f)).toBe(0x7f);
    expect(read(0xffffffff)).toBe(0xffffffff);
  });

  it.each([[0x100000000n], [2n ** 47n], [2n ** 160n]])('refuses %s with der-integer-too-large', (v) => {
    expect(derError(() => read(v))).toMatchObject({ reason: 'der-integer-too-large' });
  });

  it('refuses negatives and another tag than the one asked for', () => {
    const neg = tlv(0x02, new Uint8Array([0xff]));
    expect(derError(() => readSmallInteger(neg, readNode(neg, 0))).message).toMatch(/negative/);
    const en = tlv(0x0a, new Uint8Array([3]));
    expect(() => readSmallInteger(en, readNode(en, 0))).toThrow(DerError);
    expect(readSmallInteger(en, readNode(en, 0), Tag.ENUMERATED)).toBe(3);
  });

  it('a pathLen of 2^40 is refused, not read as "unlimited"', () => {
    expect(derError(() => decodeBasicConstraints(seq(new Uint8Array([0x01, 0x01, 0xff]), integer(2n ** 40n))))).toMatchObject({
      reason: 'der-integer-too-large',
    });
  });

  it('readUnsignedBig reads large values exactly', () => {
    const der = integer(2n ** 150n + 3n);
    expect(readUnsignedBig(der, readNode(der, 0))).toBe(2n ** 150n + 3n);
  });
});

describe('encodeTlv', () => {
  it.each([0, 1, 127, 128, 255, 256, 65535, 65536, 1 << 24])('writes a minimal length for %i content octets, read back whole', (n) => {
    const content = new Uint8Array(n).fill(0xab);
    const der = encodeTlv(Tag.OCTET_STRING, content);
    const node = readNode(der, 0);
    expect(node.end).toBe(der.length);
    expect(node.end - node.contentStart).toBe(n);
    expect(der[0]).toBe(Tag.OCTET_STRING);
  });

  it('length octets per X.690 §8.1.3', () => {
    expect(derLength(0)).toEqual([0]);
    expect(derLength(127)).toEqual([127]);
    expect(derLength(128)).toEqual([0x81, 0x80]);
    expect(derLength(255)).toEqual([0x81, 0xff]);
    expect(derLength(256)).toEqual([0x82, 0x01, 0x00]);
    expect(derLength(65535)).toEqual([0x82, 0xff, 0xff]);
    expect(derLength(65536)).toEqual([0x83, 0x01, 0x00, 0x00]);
    expect(() => derLength(-1)).toThrow(new RangeError('not a DER length: -1'));
    expect(() => derLength(1.5)).toThrow(new RangeError('not a DER length: 1.5'));
  });

  it('concatenates several contents', () => {
    expect(Array.from(encodeTlv(0x30, new Uint8Array([1]), new Uint8Array([2, 3])))).toEqual([0x30, 3, 1, 2, 3]);
  });
});

describe('decoders consume fields in DER order, each once', () => {
  const keyId = tlv(0x80, new Uint8Array([1, 2]));
  const serial = tlv(0x82, new Uint8Array([5]));
  const dns = (s: string) => ia5(s, 0x82);
  const subtree = (s: string) => seq(dns(s));

  it.each([
    ['authorityKeyIdentifier out of order', () => decodeAuthorityKeyId(seq(serial, keyId))],
    ['authorityKeyIdentifier keyIdentifier twice', () => decodeAuthorityKeyId(seq(keyId, keyId))],
    [
      'nameConstraints excluded before permitted',
      () => decodeNameConstraints(seq(ctx(1, subtree('a.example')), ctx(0, subtree('b.example')))),
    ],
    [
      'policyConstraints inhibitPolicyMapping first',
      () => decodePolicyConstraints(seq(tlv(0x81, new Uint8Array([1])), tlv(0x80, new Uint8Array([1])))),
    ],
    [
      'DistributionPoint cRLIssuer before reasons',
      () => decodeCrlDistributionPoints(seq(seq(ctx(2, dns('x.example')), tlv(0x81, new Uint8Array([0, 0x80]))))),
    ],
  ])('%s is refused', (_name, decode) => {
    expect(derError(decode).reason).toBe('der-invalid');
  });

  it('reads the same fields in order', () => {
    expect(decodeAuthorityKeyId(seq(keyId, serial))).toMatchObject({ hasSerial: true, hasIssuer: false });
    expect(decodePolicyConstraints(seq(tlv(0x80, new Uint8Array([1])), tlv(0x81, new Uint8Array([2]))))).toEqual({
      requireExplicitPolicy: 1,
      inhibitPolicyMapping: 2,
    });
    expect(decodeNameConstraints(seq(ctx(0, subtree('a.example')), ctx(1, subtree('b.example')))).excluded).toHaveLength(1);
  });

  it('RSASSA-PSS parameters: fields out of order or an ENUMERATED salt length are malformed', () => {
    const salt = ctx(2, integer(32));
    const trailer = ctx(3, integer(1));
    expect(decodePssParams(seq(salt, trailer))).toMatchObject({ saltLength: 32, trailer: 1 });
    expect(derError(() => decodePssParams(seq(trailer, salt))).reason).toBe('pss-params-malformed');
    expect(derError(() => decodePssParams(seq(ctx(2, tlv(0x0a, new Uint8Array([32])))))).reason).toBe('pss-params-malformed');
    expect(derError(() => decodePssParams(seq(ctx(2, integer(2n ** 40n))))).reason).toBe('pss-params-malformed');
  });
});

// Names and GeneralNames decoded directly: each form, each refusal, and the comparison key.
import { readNode } from '../src/x509/asn1';
import { decodeGeneralNames, formatIp, parseGeneralName } from '../src/x509/general-names';
import { appendRdn, decodeDirectoryString, formatRfc4514, parseNameDer } from '../src/x509/names';
import { concat, ctx, ia5, oid, printable, seq, set, tlv, utf8 } from './helpers/der';
import { derRefusal as refusal, derMessage as message } from './helpers/der-refusal';

const atv = (type: string, value: Uint8Array): Uint8Array => seq(oid(type), value);
const CN = '2.5.4.3';
const O = '2.5.4.10';
const gn = (der: Uint8Array) => parseGeneralName(der, readNode(der, 0));

describe('parseNameDer', () => {
  it('reads RDNs in DER order and folds the comparison key', () => {
    const name = parseNameDer(seq(set(atv(O, printable('Example'))), set(atv(CN, utf8('  Alice   Smith ')))));
    expect(name.rdns.map((r) => r.map((a) => [a.oid, a.text]))).toEqual([[[O, 'Example']], [[CN, '  Alice   Smith ']]]);
    expect(name.key).toBe(parseNameDer(seq(set(atv(O, utf8('example'))), set(atv(CN, printable('alice smith'))))).key);
    expect(name.rdnKeys).toHaveLength(2);
    expect(formatRfc4514(name)).toBe('CN=\\  Alice   Smith\\ ,O=Example');
  });

  it('multi-valued RDNs compare as sets', () => {
    const ab = parseNameDer(seq(set(atv(CN, utf8('a')), atv(O, utf8('b')))));
    const ba = parseNameDer(seq(set(atv(O, utf8('b')), atv(CN, utf8('a')))));
    expect(ab.key).toBe(ba.key);
    expect(formatRfc4514(ab)).toBe('CN=a+O=b');
  });

  it('an empty Name is allowed; an empty RDN is not', () => {
    expect(parseNameDer(seq()).rdns).toEqual([]);
    expect(message(() => parseNameDer(seq(set())))).toBe('empty RDN');
  });

  it.each([
    ['an RDN that is not a SET', seq(seq(atv(CN, utf8('a')))), 'RDN: unexpected tag 0x30'],
    ['an attribute that is not a SEQUENCE', seq(set(set(oid(CN), utf8('a')))), 'AttributeTypeAndValue: unexpected tag 0x31'],
    ['an attribute without its value', seq(set(seq(oid(CN)))), 'attribute value is missing'],
    [
      'an attribute with two values',
      seq(set(seq(oid(CN), utf8('a'), utf8('b')))),
      'AttributeTypeAndValue: unexpected element after the last field',
    ],
    ['an attribute type that is not an OID', seq(set(seq(utf8('CN'), utf8('a')))), 'attribute type: unexpected tag 0xc'],
    ['a Name that is not a SEQUENCE', set(), 'Name: unexpected tag 0x31'],
    ['trailing bytes', concat([seq(), new Uint8Array([0])]), 'Name: trailing bytes after the DER element'],
  ])('refuses %s', (_name, der, text) => {
    expect(message(() => parseNameDer(der))).toBe(text);
  });

  it('appendRdn adds a relative name as the most specific RDN', () => {
    const issuer = parseNameDer(seq(set(atv(O, utf8('Example')))));
    const relative = ctx(1, atv(CN, utf8('CRL 1')));
    const full = appendRdn(issuer, relative);
    expect(formatRfc4514(full)).toBe('CN=CRL 1,O=Example');
    expect(full.key).toBe(parseNameDer(seq(set(atv(O, utf8('Example'))), set(atv(CN, utf8('CRL 1'))))).key);
  });
});

describe('decodeDirectoryString', () => {
  const text = (der: Uint8Array) => decodeDirectoryString(der, readNode(der, 0));

  it('decodes each string type', () => {
    expect(text(utf8('é'))).toBe('é');
    expect(text(printable('A'))).toBe('A');
    expect(text(ia5('a@b'))).toBe('a@b');
    expect(text(tlv(0x1e, new Uint8Array([0x00, 0x41, 0x20, 0xac])))).toBe('A€');
    expect(text(tlv(0x1c, new Uint8Array([0, 0, 0, 0x41, 0, 1, 0xf6, 0x00])))).toBe('A😀');
    expect(text(tlv(0x04, new Uint8Array([1])))).toBeUndefined();
  });

  it.each([
    ['invalid UTF-8', tlv(0x0c, new Uint8Array([0xc3])), 'invalid UTF-8 in a UTF8String'],
    ['an odd BMPString', tlv(0x1e, new Uint8Array([0, 0x41, 0])), 'BMPString has an odd length'],
    ['a ragged UniversalString', tlv(0x1c, new Uint8Array([0, 0, 0x41])), 'UniversalString length is not a multiple of 4'],
    ['a code point past U+10FFFF', tlv(0x1c, new Uint8Array([0, 0x11, 0, 0])), 'bad UniversalString code point'],
  ])('refuses %s', (_name, der, msg) => {
    expect(message(() => text(der))).toBe(msg);
  });
});

describe('GeneralName', () => {
  it('decodes each form it uses', () => {
    expect(gn(ia5('a@example.com', 0x81))).toEqual({ type: 'email', value: 'a@example.com' });
    expect(gn(ia5('host.example', 0x82))).toEqual({ type: 'dns', value: 'host.example' });
    expect(gn(ia5('https://x.example/', 0x86))).toEqual({ type: 'uri', value: 'https://x.example/' });
    expect(gn(tlv(0x87, new Uint8Array([192, 0, 2, 1])))).toMatchObject({ type: 'ip', value: '192.0.2.1' });
    const dn = gn(ctx(4, seq(set(atv(CN, utf8('x'))))));
    expect(dn.type === 'dn' && formatRfc4514(dn.value)).toBe('CN=x');
    expect(gn(ctx(0, concat([oid('1.2.3'), ctx(0, utf8('x'))])))).toMatchObject({ type: 'other', tag: 0xa0 });
    expect(gn(tlv(0x88, new Uint8Array([0x2a])))).toEqual({ type: 'other', tag: 0x88, der: '88012a' });
  });

  it.each([
    ['a universal tag', utf8('x'), 'GeneralName must be context-tagged', 'der-invalid'],
    ['a constructed dNSName', ctx(2, ia5('x')), 'IA5String GeneralName must be primitive', 'der-invalid'],
    ['a non-ASCII byte', tlv(0x82, new Uint8Array([0x61, 0x80])), 'non-ASCII byte in an IA5String GeneralName', 'der-invalid'],
    ['a NUL', tlv(0x82, new Uint8Array([0x61, 0x00])), 'control character in an email, DNS or URI name', 'general-name-control-character'],
    ['a DEL', tlv(0x81, new Uint8Array([0x7f])), 'control character in an email, DNS or URI name', 'general-name-control-character'],
    ['a line feed', tlv(0x86, new Uint8Array([0x0a])), 'control character in an email, DNS or URI name', 'general-name-control-character'],
    ['a constructed iPAddress', ctx(7, new Uint8Array([1, 2, 3, 4])), 'iPAddress must be primitive', 'der-invalid'],
    ['a 5-byte iPAddress', tlv(0x87, new Uint8Array(5)), 'iPAddress must be 4 or 16 bytes', 'general-name-ip-length'],
    ['a primitive directoryName', tlv(0x84, new Uint8Array()), 'directoryName must be constructed', 'der-invalid'],
    [
      'a directoryName with two Names',
      ctx(4, concat([seq(), seq()])),
      'directoryName: unexpected element after the last field',
      'der-invalid',
    ],
    ['an empty directoryName', ctx(4, new Uint8Array()), 'directoryName is missing', 'der-invalid'],
  ])('refuses %s', (_name, der, msg, reason) => {
    expect(refusal(() => gn(der))).toEqual({ message: msg, reason });
  });

  it('a space and a tilde are the edges of what an IA5 name may hold', () => {
    expect(gn(tlv(0x82, new Uint8Array([0x20, 0x7e])))).toEqual({ type: 'dns', value: ' ~' });
  });

  it('name constraints hold an address and a mask', () => {
    const der = tlv(0x87, new Uint8Array([10, 0, 0, 0, 255, 0, 0, 0]));
    expect(parseGeneralName(der, readNode(der, 0), 'constraint')).toMatchObject({ type: 'ip', value: '0a000000ff000000' });
    expect(
      refusal(() => parseGeneralName(tlv(0x87, new Uint8Array(16)), readNode(tlv(0x87, new Uint8Array(16)), 0), 'constraint')),
    ).toEqual({
      message: 'iPAddress name constraint must be 8 or 32 bytes (address and mask)',
      reason: 'general-name-ip-length',
    });
  });

  it('GeneralNames holds at least one', () => {
    expect(decodeGeneralNames(seq(ia5('a', 0x82), ia5('b', 0x82)), 'san')).toHaveLength(2);
    expect(message(() => decodeGeneralNames(seq(), 'san'))).toBe('empty GeneralNames');
    expect(message(() => decodeGeneralNames(set(ia5('a', 0x82)), 'san'))).toBe('san: unexpected tag 0x31');
  });
});

describe('formatIp', () => {
  it.each([
    [[192, 0, 2, 1], '192.0.2.1'],
    [[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], '2001:db8::1'],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1], '::ffff:192.0.2.1'],
    [[0x20, 0x01, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1], '2001:0:1::1:0:1'],
    [[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1], '2001:db8:0:1:1:1:1:1'],
    [[0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], '1:0:0:1::1'],
    [[1, 2, 3], '010203'],
  ])('%j → %s', (bytes, text) => {
    expect(formatIp(new Uint8Array(bytes))).toBe(text);
  });
});

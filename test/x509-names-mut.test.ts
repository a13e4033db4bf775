// What the mutation run of src/x509/names.ts found unpinned: the comparison key (whitespace,
// separators, string and non-string values, multi-valued RDNs that could run together), RFC 4514
// escaping, the attributes by key and their counts, attribute-name resolution, the highest
// UniversalString code point, and the refusals of the exported readers.
import { readNode } from '../src/x509/asn1';
import {
  appendRdn,
  attributeKey,
  decodeDirectoryString,
  formatRfc4514,
  nameParts,
  parseName,
  parseNameDer,
  resolveAttributeName,
} from '../src/x509/names';
import { concat, ctx, ia5, octets, oid, printable, seq, set, tlv, utf8 } from './helpers/der';
import { derRefusal } from './helpers/der-refusal';

const atv = (type: string, value: Uint8Array): Uint8Array => seq(oid(type), value);
const CN = '2.5.4.3';
const O = '2.5.4.10';
const EMAIL = '1.2.840.113549.1.9.1';
const key = (...rdns: Uint8Array[]): string => parseNameDer(seq(...rdns)).key;
const format = (...rdns: Uint8Array[]): string => formatRfc4514(parseNameDer(seq(...rdns)));

describe('the comparison key', () => {
  it('whitespace folds to one space, never to none', () => {
    expect(key(set(atv(CN, utf8('a  b'))))).toBe(key(set(atv(CN, utf8('A b')))));
    expect(key(set(atv(CN, utf8('a b'))))).not.toBe(key(set(atv(CN, utf8('ab')))));
  });

  it('the key separators in a value are escaped, not dropped', () => {
    expect(key(set(atv(CN, utf8('a\u0001b'))))).not.toBe(key(set(atv(CN, utf8('ab')))));
    expect(key(set(atv(CN, utf8('a\u0000b'))))).not.toBe(key(set(atv(CN, utf8('a\u0002b')))));
  });

  it('a value cannot forge the separators of a multi-valued RDN, with or without capitals or spaces', () => {
    const multi = key(set(atv(CN, utf8('a')), atv(O, utf8('b'))));
    expect(key(set(atv(O, utf8(`b\u0001${CN}\u0000=a`))))).not.toBe(multi);
    expect(key(set(atv(O, utf8(`B\u0001${CN}\u0000=A`))))).not.toBe(multi);
    expect(key(set(atv(O, utf8(`b \u0001${CN}\u0000=a`))))).not.toBe(key(set(atv(CN, utf8('a')), atv(O, utf8('b ')))));
  });

  it('values and types tell names apart', () => {
    expect(key(set(atv(CN, utf8('a'))))).not.toBe(key(set(atv(CN, utf8('b')))));
    expect(key(set(atv(CN, utf8('a'))))).not.toBe(key(set(atv(O, utf8('a')))));
    expect(key(set(atv(CN, octets(new Uint8Array([1])))))).not.toBe(key(set(atv(CN, octets(new Uint8Array([2]))))));
    expect(key(set(atv(CN, octets(new Uint8Array([1])))))).toBe(key(set(atv(CN, octets(new Uint8Array([1]))))));
  });

  it('attributes of a multi-valued RDN and RDNs of a name cannot run together', () => {
    // Joined without separators, {1.1=x, 1.2.1.3=y} and {1.1=x1.2., 1.3=y} would read alike.
    const a = set(atv('1.1', utf8('x')), atv('1.2.1.3', utf8('y')));
    const b = set(atv('1.1', utf8('x1.2.')), atv('1.3', utf8('y')));
    expect(key(a)).not.toBe(key(b));
    expect(key(set(atv('1.1', utf8('x'))), set(atv('1.2.1.3', utf8('y'))))).not.toBe(
      key(set(atv('1.1', utf8('x1.2.'))), set(atv('1.3', utf8('y')))),
    );
  });
});

describe('RFC 4514 strings', () => {
  it.each([
    ['a\nb', 'CN=a\\0ab'],
    ['a,b+c"d;e<f>g\\h', 'CN=a\\,b\\+c\\"d\\;e\\<f\\>g\\\\h'],
    ['#x', 'CN=\\#x'],
    ['x#', 'CN=x#'],
    [' x ', 'CN=\\ x\\ '],
    ['a b', 'CN=a b'],
  ])('%j → %s', (value, text) => {
    expect(format(set(atv(CN, utf8(value))))).toBe(text);
  });

  it('a type without a short name, or a value that is not a string, is written as #hex', () => {
    expect(format(set(atv('1.2.3', utf8('x'))))).toBe('1.2.3=#0c0178');
    expect(format(set(atv(CN, octets(new Uint8Array([1])))))).toBe('CN=#040101');
  });
});

describe('attributes by key', () => {
  const name = parseNameDer(
    seq(
      set(atv(O, utf8('Org'))),
      set(atv(CN, utf8('one')), atv(CN, utf8('two'))),
      set(atv(EMAIL, ia5('a@example.com'))),
      set(atv('2.5.4.4', utf8('Smith'))),
      set(atv('1.2.3.4', utf8('custom'))),
      set(atv(CN, octets(new Uint8Array([1])))),
    ),
  );

  it('nameParts lists the string values under their key, in DER order', () => {
    expect(nameParts(name).attributes).toEqual({
      O: ['Org'],
      CN: ['one', 'two'],
      emailAddress: ['a@example.com'],
      SN: ['Smith'],
      '1.2.3.4': ['custom'],
    });
    expect(nameParts(parseNameDer(seq()))).toEqual({ attributes: {}, counts: {} });
  });

  it('nameParts counts every value, string or not', () => {
    expect(nameParts(name).counts).toEqual({ O: 1, CN: 3, emailAddress: 1, SN: 1, '1.2.3.4': 1 });
  });

  it('attributeKey: short name, then extra name, then the OID', () => {
    expect(attributeKey(CN)).toBe('CN');
    expect(attributeKey('2.5.4.4')).toBe('SN');
    expect(attributeKey('1.2.3.4')).toBe('1.2.3.4');
  });
});

describe('resolveAttributeName', () => {
  it.each([
    ['CN', 'CN'],
    ['cn', 'CN'],
    ['commonName', 'CN'],
    ['COMMONNAME', 'CN'],
    ['E', 'emailAddress'],
    ['surname', 'SN'],
    ['2.5.4.3', 'CN'],
    ['2.5.4.4', 'SN'],
    ['1.2.3.4', '1.2.3.4'],
    ['12.345', '12.345'],
  ])('%s → %s', (name, resolved) => {
    expect(resolveAttributeName(name)).toBe(resolved);
  });

  it.each(['nope', '1', '1.', '.1.2', '1.2x', 'x1.2', '1..2', '1.a', 'a.1', '2.5.4.3 '])('%j is not an attribute name', (name) => {
    expect(resolveAttributeName(name)).toBeUndefined();
  });
});

describe('the exported readers', () => {
  it('the highest code point a UniversalString may hold', () => {
    const der = tlv(0x1c, new Uint8Array([0, 0x10, 0xff, 0xff]));
    expect(decodeDirectoryString(der, readNode(der, 0))).toBe('\u{10ffff}');
  });

  it('parseName takes a SEQUENCE only', () => {
    const der = set();
    expect(derRefusal(() => parseName(der, readNode(der, 0)))).toEqual({ message: 'Name must be a SEQUENCE', reason: 'der-invalid' });
  });

  it('appendRdn takes exactly one relative name', () => {
    const issuer = parseNameDer(seq(set(atv(O, printable('Example')))));
    const relative = concat([ctx(1, atv(CN, utf8('x'))), new Uint8Array([0])]);
    expect(derRefusal(() => appendRdn(issuer, relative))).toEqual({
      message: 'nameRelativeToCRLIssuer: trailing bytes after the DER element',
      reason: 'der-invalid',
    });
  });
});

// RSASSA-PSS parameters field by field, and the log-safe escaping of certificate text.
import { decodePssParams } from '../src/x509/pss';
import { escapeControlCharacters, hexEscape, isUnsafeCharCode } from '../src/x509/escape';
import { sha256 } from '../src/x509/digest';
import { concat, ctx, integer, nul, oid, seq, set, tlv } from './helpers/der';
import { derRefusal as refusal } from './helpers/der-refusal';

const SHA256 = '2.16.840.1.101.3.4.2.1';
const MGF1 = '1.2.840.113549.1.1.8';
const hash = (id: string, params = true): Uint8Array => (params ? seq(oid(id), nul()) : seq(oid(id)));

describe('decodePssParams', () => {
  it('applies every default to an empty SEQUENCE', () => {
    expect(decodePssParams(seq())).toEqual({ hash: 'sha1', mgfHash: 'sha1', saltLength: 20, trailer: 1 });
  });

  it('reads each field', () => {
    const params = seq(ctx(0, hash(SHA256)), ctx(1, seq(oid(MGF1), hash(SHA256, false))), ctx(2, integer(32)), ctx(3, integer(1)));
    expect(decodePssParams(params)).toEqual({ hash: 'sha256', mgfHash: 'sha256', saltLength: 32, trailer: 1 });
    expect(decodePssParams(seq(ctx(0, hash('2.16.840.1.101.3.4.2.2'))))).toMatchObject({ hash: 'sha384' });
    expect(decodePssParams(seq(ctx(0, hash('2.16.840.1.101.3.4.2.3'))))).toMatchObject({ hash: 'sha512' });
    expect(decodePssParams(seq(ctx(0, hash('1.3.14.3.2.26'))))).toMatchObject({ hash: 'sha1' });
  });

  it('names what it does not support instead of refusing it', () => {
    expect(decodePssParams(seq(ctx(0, hash('1.2.3'))))).toMatchObject({ hash: 'unsupported' });
    expect(decodePssParams(seq(ctx(1, seq(oid('1.2.3'), nul()))))).toMatchObject({ mgfHash: 'unsupported' });
    expect(decodePssParams(seq(ctx(1, seq(oid(MGF1), hash('1.2.3')))))).toMatchObject({ mgfHash: 'unsupported' });
  });

  it.each([
    ['hash parameters that are not NULL', seq(ctx(0, seq(oid(SHA256), integer(0)))), 'RSASSA-PSS parameters: hash parameters must be NULL'],
    [
      'a NULL with content',
      seq(ctx(0, seq(oid(SHA256), tlv(0x05, new Uint8Array([0]))))),
      'RSASSA-PSS parameters: hash parameters must be NULL',
    ],
    ['two hash parameters', seq(ctx(0, seq(oid(SHA256), nul(), nul()))), 'RSASSA-PSS parameters: hash parameters must be NULL'],
    ['MGF1 without its hash', seq(ctx(1, seq(oid(MGF1)))), 'RSASSA-PSS parameters: hashAlgorithm is missing'],
    ['a mask function without parameters', seq(ctx(1, seq(oid('1.2.3')))), 'RSASSA-PSS parameters: maskGenAlgorithm parameters is missing'],
    [
      'a field twice',
      seq(ctx(2, integer(20)), ctx(2, integer(20))),
      'RSASSA-PSS parameters: RSASSA-PSS-params: unexpected element after the last field',
    ],
    ['an unknown field', seq(ctx(4, integer(1))), 'RSASSA-PSS parameters: RSASSA-PSS-params: unexpected element after the last field'],
    [
      'a primitive [0]',
      seq(tlv(0x80, new Uint8Array([1]))),
      'RSASSA-PSS parameters: RSASSA-PSS-params: unexpected element after the last field',
    ],
    [
      'two elements in [2]',
      seq(ctx(2, concat([integer(1), integer(2)]))),
      'RSASSA-PSS parameters: saltLength: unexpected element after the last field',
    ],
    ['a hash that is a SET', seq(ctx(0, set(oid(SHA256)))), 'RSASSA-PSS parameters: hashAlgorithm: unexpected tag 0x31'],
    ['not a SEQUENCE', set(), 'RSASSA-PSS parameters: RSASSA-PSS-params: unexpected tag 0x31'],
    ['a hash without its OID', seq(ctx(0, seq(integer(1)))), 'RSASSA-PSS parameters: hash algorithm: unexpected tag 0x2'],
    ['a mask function that is a SET', seq(ctx(1, set())), 'RSASSA-PSS parameters: maskGenAlgorithm: unexpected tag 0x31'],
    ['a mask function without its OID', seq(ctx(1, seq(integer(1)))), 'RSASSA-PSS parameters: maskGenAlgorithm: unexpected tag 0x2'],
    ['a salt length that is NULL', seq(ctx(2, nul())), 'RSASSA-PSS parameters: RSASSA-PSS-params integer: unexpected tag 0x5'],
    [
      'two elements in [0]',
      seq(ctx(0, concat([hash(SHA256), nul()]))),
      'RSASSA-PSS parameters: hashAlgorithm: unexpected element after the last field',
    ],
    [
      'two elements in [1]',
      seq(ctx(1, concat([seq(oid(MGF1), hash(SHA256)), nul()]))),
      'RSASSA-PSS parameters: maskGenAlgorithm: unexpected element after the last field',
    ],
    [
      'two elements in [3]',
      seq(ctx(3, concat([integer(1), integer(1)]))),
      'RSASSA-PSS parameters: trailerField: unexpected element after the last field',
    ],
    ['trailing bytes', concat([seq(), nul()]), 'RSASSA-PSS parameters: RSASSA-PSS-params: trailing bytes after the DER element'],
  ])('refuses %s', (_name, der, text) => {
    expect(refusal(() => decodePssParams(der))).toEqual({ message: text, reason: 'pss-params-malformed' });
  });
});

describe('escape', () => {
  it.each([
    [0x00, true],
    [0x1f, true],
    [0x20, false],
    [0x7e, false],
    [0x7f, true],
    [0x9f, true],
    [0xa0, false],
    [0x2027, false],
    [0x2028, true],
    [0x2029, true],
    [0x202a, true],
    [0x202e, true],
    [0x202f, false],
    [0x2065, false],
    [0x2066, true],
    [0x2069, true],
    [0x206a, false],
    [0xe9, false],
  ])('isUnsafeCharCode(0x%s) is %s', (code, unsafe) => {
    expect(isUnsafeCharCode(code)).toBe(unsafe);
  });

  it('escapes as UTF-8 hex pairs, and leaves safe text as it is', () => {
    expect(hexEscape('\n')).toBe('\\0a');
    expect(hexEscape('\u2028')).toBe('\\e2\\80\\a8');
    expect(escapeControlCharacters('a\nb\u202ec')).toBe('a\\0ab\\e2\\80\\aec');
    expect(escapeControlCharacters('plain é')).toBe('plain é');
    expect(escapeControlCharacters('\u0085')).toBe('\\c2\\85');
  });

  it('sha256 in hex and base64', () => {
    expect(sha256('abc', 'base64')).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    expect(sha256(new Uint8Array(), 'hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

// Every strictness rule of the DER primitives, each with the exact refusal it gives: a rule
// removed or loosened fails one of these cases.
import {
  DerError,
  DerReader,
  Tag,
  bytesEqual,
  children,
  contentOf,
  encodingOf,
  expectNode,
  integerBytes,
  latin1,
  readBitString,
  readBoolean,
  readNode,
  readOid,
  readRoot,
  readSmallInteger,
  readTime,
  toHex,
} from '../src/x509/asn1';
import { derRefusal as refusal, derMessage as message } from './helpers/der-refusal';

const b = (...bytes: number[]): Uint8Array => new Uint8Array(bytes);
const ascii = (tag: number, s: string): Uint8Array => b(tag, s.length, ...Buffer.from(s, 'latin1'));

describe('readNode', () => {
  it.each([
    ['an empty input', b(), 'truncated element'],
    ['a lone identifier', b(0x04), 'truncated element'],
    ['a high tag number', b(0x1f, 0x01, 0x00), 'high tag numbers are not used in X.509'],
    ['a high tag number, constructed context class', b(0xbf, 0x01, 0x00), 'high tag numbers are not used in X.509'],
    ['an indefinite length', b(0x30, 0x80, 0x00, 0x00), 'indefinite length is not DER'],
    ['five length octets', b(0x04, 0x85, 1, 0, 0, 0, 0), 'length too large'],
    ['length octets cut short', b(0x04, 0x82, 0x01), 'truncated length'],
    ['a long form with a leading zero', b(0x04, 0x82, 0x00, 0x80, ...new Array(128).fill(0)), 'non-minimal length'],
    ['a long form for a short length', b(0x04, 0x81, 0x7f, ...new Array(127).fill(0)), 'non-minimal length'],
    ['content past the end', b(0x04, 0x03, 0x00, 0x00), 'element runs past its container'],
  ])('refuses %s', (_name, bytes, text) => {
    expect(refusal(() => readNode(bytes, 0))).toEqual({ message: text, reason: 'der-invalid' });
  });

  it('reads short and long forms at their boundaries', () => {
    expect(readNode(b(0x04, 0x00), 0)).toEqual({ tag: 0x04, start: 0, contentStart: 2, end: 2 });
    const n127 = b(0x04, 0x7f, ...new Array(127).fill(1));
    expect(readNode(n127, 0)).toEqual({ tag: 4, start: 0, contentStart: 2, end: 129 });
    const n128 = b(0x04, 0x81, 0x80, ...new Array(128).fill(1));
    expect(readNode(n128, 0)).toEqual({ tag: 4, start: 0, contentStart: 3, end: 131 });
    const n256 = b(0x04, 0x82, 0x01, 0x00, ...new Array(256).fill(1));
    expect(readNode(n256, 0).end).toBe(260);
    // Four length octets are allowed (the count is checked before the bytes are).
    expect(message(() => readNode(b(0x04, 0x84, 0x01, 0x00, 0x00, 0x00), 0))).toBe('element runs past its container');
  });

  it('honours the offset and the limit', () => {
    const two = b(0x05, 0x00, 0x04, 0x01, 0xaa);
    expect(readNode(two, 2)).toEqual({ tag: 4, start: 2, contentStart: 4, end: 5 });
    expect(message(() => readNode(two, 2, 4))).toBe('element runs past its container');
    expect(message(() => readNode(two, 0, 1))).toBe('truncated element');
    expect(message(() => readNode(b(0x04, 0x82, 0x01, 0x00), 0, 3))).toBe('truncated length');
  });
});

describe('expectNode, children, readRoot, contentOf, encodingOf', () => {
  const seq = b(0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xaa);

  it('checks the tag', () => {
    expect(message(() => expectNode(seq, 0, seq.length, Tag.SET, 'Thing'))).toBe('Thing: unexpected tag 0x30');
    expect(expectNode(seq, 0, seq.length, Tag.SEQUENCE, 'Thing').end).toBe(8);
  });

  it('lists children of constructed elements only', () => {
    const root = readRoot(seq, Tag.SEQUENCE, 'S');
    expect(children(seq, root).map((n) => n.tag)).toEqual([Tag.INTEGER, Tag.OCTET_STRING]);
    expect(children(b(0x30, 0x00), readNode(b(0x30, 0x00), 0))).toEqual([]);
    expect(message(() => children(b(0x04, 0x00), readNode(b(0x04, 0x00), 0)))).toBe('primitive element has no children');
    expect(message(() => children(seq, undefined))).toBe('a required element is missing');
  });

  it('refuses trailing bytes after the root', () => {
    expect(message(() => readRoot(b(...seq, 0x00), Tag.SEQUENCE, 'S'))).toBe('S: trailing bytes after the DER element');
  });

  it('gives views of the content and the whole encoding', () => {
    const [int, oct] = children(seq, readRoot(seq, Tag.SEQUENCE, 'S'));
    expect(Array.from(contentOf(seq, oct))).toEqual([0xaa]);
    expect(Array.from(encodingOf(seq, int))).toEqual([0x02, 0x01, 0x05]);
    expect(message(() => contentOf(seq, undefined))).toBe('a required element is missing');
    expect(message(() => encodingOf(seq, undefined))).toBe('a required element is missing');
  });
});

describe('readOid', () => {
  const oid = (...content: number[]): string => {
    const der = b(0x06, content.length, ...content);
    return readOid(der, readNode(der, 0));
  };

  it('decodes the first two arcs at their boundaries', () => {
    expect(oid(0)).toBe('0.0');
    expect(oid(39)).toBe('0.39');
    expect(oid(40)).toBe('1.0');
    expect(oid(79)).toBe('1.39');
    expect(oid(80)).toBe('2.0');
    expect(oid(0x88, 0x37)).toBe('2.999');
    expect(oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d)).toBe('1.2.840.113549');
  });

  it.each([
    ['another tag', b(0x04, 0x01, 0x2a), 'expected an OBJECT IDENTIFIER'],
    ['no content', b(0x06, 0x00), 'empty OBJECT IDENTIFIER'],
    ['an arc with a leading 0x80', b(0x06, 0x03, 0x2a, 0x80, 0x01), 'non-minimal OID arc'],
    ['a first arc with a leading 0x80', b(0x06, 0x02, 0x80, 0x01), 'non-minimal OID arc'],
    ['an arc cut short', b(0x06, 0x02, 0x2a, 0x86), 'truncated OID arc'],
    ['an arc over 2^53', b(0x06, 0x09, 0x2a, 0x90, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), 'OID arc too large'],
  ])('refuses %s', (_name, der, text) => {
    expect(message(() => readOid(der, readNode(der, 0)))).toBe(text);
  });

  it('an arc of 2^53 - 1 is the largest read', () => {
    expect(oid(0x2a, 0x8f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)).toBe(`1.2.${Number.MAX_SAFE_INTEGER}`);
  });

  it('an arc of 2^49 is exact', () => {
    expect(oid(0x2a, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)).toBe(`1.2.${2 ** 49}`);
  });
});

describe('readBoolean', () => {
  it('reads only 0x00 and 0xff', () => {
    expect(readBoolean(b(0x01, 0x01, 0xff), readNode(b(0x01, 0x01, 0xff), 0))).toBe(true);
    expect(readBoolean(b(0x01, 0x01, 0x00), readNode(b(0x01, 0x01, 0x00), 0))).toBe(false);
    expect(readBoolean(b(0x81, 0x01, 0xff), readNode(b(0x81, 0x01, 0xff), 0), 0x81)).toBe(true);
  });

  it.each([
    ['another tag', b(0x02, 0x01, 0xff), 'bad BOOLEAN'],
    ['two octets', b(0x01, 0x02, 0xff, 0xff), 'bad BOOLEAN'],
    ['no octet', b(0x01, 0x00), 'bad BOOLEAN'],
    ['0x01', b(0x01, 0x01, 0x01), 'BOOLEAN is not DER'],
    ['0xfe', b(0x01, 0x01, 0xfe), 'BOOLEAN is not DER'],
  ])('refuses %s', (_name, der, text) => {
    expect(message(() => readBoolean(der, readNode(der, 0)))).toBe(text);
  });
});

describe('integerBytes and readSmallInteger', () => {
  const int = (...content: number[]): Uint8Array => b(0x02, content.length, ...content);
  const small = (der: Uint8Array): number => readSmallInteger(der, readNode(der, 0));

  it.each([
    ['no content', int(), 'empty INTEGER'],
    ['a needless 0x00', int(0x00, 0x7f), 'non-minimal INTEGER'],
    ['a needless 0xff', int(0xff, 0x80), 'non-minimal INTEGER'],
  ])('refuses %s', (_name, der, text) => {
    expect(message(() => integerBytes(der, readNode(der, 0)))).toBe(text);
  });

  it('keeps a sign octet that is needed', () => {
    expect(Array.from(integerBytes(int(0x00, 0x80), readNode(int(0x00, 0x80), 0)))).toEqual([0x00, 0x80]);
    expect(Array.from(integerBytes(int(0xff, 0x7f), readNode(int(0xff, 0x7f), 0)))).toEqual([0xff, 0x7f]);
    expect(Array.from(integerBytes(int(0x00), readNode(int(0x00), 0)))).toEqual([0]);
  });

  it('reads counts exactly up to 2^32 - 1, and refuses what is above', () => {
    expect(small(int(0x01, 0x00))).toBe(256);
    expect(small(int(0x00, 0xff, 0xff, 0xff, 0xff))).toBe(0xffffffff);
    expect(refusal(() => small(int(0x01, 0x00, 0x00, 0x00, 0x00)))).toEqual({
      message: 'INTEGER too large for a count',
      reason: 'der-integer-too-large',
    });
    expect(refusal(() => small(int(0x01, 0x00, 0x00, 0x00, 0x00, 0x00)))).toEqual({
      message: 'INTEGER too large for a count',
      reason: 'der-integer-too-large',
    });
    expect(message(() => small(int(0x80)))).toBe('negative INTEGER where a count was expected');
    expect(message(() => small(b(0x0a, 0x01, 0x01)))).toBe('expected tag 0x2 for an INTEGER');
    expect(message(() => readSmallInteger(int(1), undefined))).toBe('a required element is missing');
  });
});

describe('readBitString', () => {
  const bits = (...content: number[]): Uint8Array => b(0x03, content.length, ...content);
  const read = (der: Uint8Array) => readBitString(der, readNode(der, 0));

  it('reads the bytes and the unused-bit count', () => {
    const out = read(bits(0x03, 0xa8));
    expect(out.unusedBits).toBe(3);
    expect(Array.from(out.bytes)).toEqual([0xa8]);
    expect(read(bits(0x00)).bytes.length).toBe(0);
    expect(read(bits(0x07, 0x80)).unusedBits).toBe(7);
    expect(readBitString(b(0x83, 0x02, 0x00, 0x01), readNode(b(0x83, 0x02, 0x00, 0x01), 0), 0x83).unusedBits).toBe(0);
  });

  it.each([
    ['another tag', b(0x04, 0x01, 0x00), 'bad BIT STRING'],
    ['no content', bits(), 'bad BIT STRING'],
    ['8 unused bits', bits(0x08, 0x00), 'bad BIT STRING padding'],
    ['unused bits with no bytes', bits(0x01), 'bad BIT STRING padding'],
    ['a padding bit set', bits(0x03, 0x04), 'BIT STRING padding bits set'],
    ['the lowest padding bit set', bits(0x01, 0x01), 'BIT STRING padding bits set'],
  ])('refuses %s', (_name, der, text) => {
    expect(message(() => read(der))).toBe(text);
  });
});

describe('readTime', () => {
  const utc = (s: string) => readTime(ascii(0x17, s), readNode(ascii(0x17, s), 0));
  const gen = (s: string) => readTime(ascii(0x18, s), readNode(ascii(0x18, s), 0));

  it('reads UTCTime with the RFC 5280 century rule', () => {
    expect(utc('491231235959Z').toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(utc('500101000000Z').toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(utc('000229120000Z').toISOString()).toBe('2000-02-29T12:00:00.000Z');
  });

  it('reads GeneralizedTime, years below 100 included', () => {
    expect(gen('20500101000000Z').toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(gen('00500615000000Z').getUTCFullYear()).toBe(50);
    expect(gen('01000615000000Z').getUTCFullYear()).toBe(100);
  });

  it.each([
    ['UTCTime of 12 characters', () => utc('49123123595Z'), 'UTCTime must be YYMMDDHHMMSSZ'],
    ['UTCTime with seconds omitted', () => utc('4912312359Z'), 'UTCTime must be YYMMDDHHMMSSZ'],
    ['GeneralizedTime with fractions', () => gen('20500101000000.5Z'), 'GeneralizedTime must be YYYYMMDDHHMMSSZ'],
    ['another tag', () => readTime(ascii(0x13, '491231235959Z'), readNode(ascii(0x13, '491231235959Z'), 0)), 'expected a time'],
    ['a local time', () => utc('4912312359590'), 'time must be in UTC (Z)'],
    ['a letter in the digits', () => utc('49123a235959Z'), 'bad time digits'],
    ['a character below 0', () => utc('49123/235959Z'), 'bad time digits'],
    ['a character above 9', () => utc('49123:235959Z'), 'bad time digits'],
    ['month 00', () => utc('490031235959Z'), 'time out of range'],
    ['month 13', () => utc('491331235959Z'), 'time out of range'],
    ['day 00', () => utc('491200235959Z'), 'time out of range'],
    ['February 30', () => utc('490230120000Z'), 'time out of range'],
    ['hour 24', () => utc('491231240000Z'), 'time out of range'],
    ['minute 60', () => utc('491231236000Z'), 'time out of range'],
    ['second 60', () => utc('491231235960Z'), 'time out of range'],
  ])('refuses %s', (_name, fn, text) => {
    expect(message(fn)).toBe(text);
  });

  it('accepts the last valid value of each field', () => {
    expect(utc('491231235959Z').getUTCSeconds()).toBe(59);
    expect(utc('480229000000Z').getUTCDate()).toBe(29);
  });
});

describe('byte helpers', () => {
  it('latin1, toHex, bytesEqual', () => {
    expect(latin1(b(0x41, 0xe9, 0x00))).toBe('A\u00e9\u0000');
    expect(toHex(b(0x00, 0x0f, 0xff))).toBe('000fff');
    expect(toHex(b(1, 2, 3, 4).subarray(1, 3))).toBe('0203');
    expect(bytesEqual(b(1, 2), b(1, 2))).toBe(true);
    expect(bytesEqual(b(1, 2), b(1, 3))).toBe(false);
    expect(bytesEqual(b(1, 2), b(1, 2, 3))).toBe(false);
    expect(bytesEqual(b(), b())).toBe(true);
  });

  it('DerError defaults to der-invalid', () => {
    expect(new DerError('x').reason).toBe('der-invalid');
    expect(new DerError('x', 'y').reason).toBe('y');
  });
});

describe('DerReader in detail', () => {
  const der = b(0x30, 0x05, 0x02, 0x01, 0x01, 0x05, 0x00);

  it('optional does not move the cursor on a mismatch; any, next and peek move it by one element', () => {
    const r = new DerReader(der, 2, der.length);
    expect(r.atEnd).toBe(false);
    expect(r.optional(Tag.NULL)).toBeUndefined();
    expect(r.peek()).toBe(Tag.INTEGER);
    expect(r.next(Tag.INTEGER, 'i')).toMatchObject({ start: 2, end: 5 });
    expect(r.peek()).toBe(Tag.NULL);
    expect(r.optional(Tag.NULL)).toMatchObject({ start: 5, end: 7 });
    expect(r.atEnd).toBe(true);
    expect(r.optional(Tag.NULL)).toBeUndefined();
    r.end('done');
  });

  it('an element of tag 0 is present, just of the wrong tag', () => {
    const zero = b(0x00, 0x00);
    expect(message(() => new DerReader(zero, 0, 2).next(Tag.NULL, 'n'))).toBe('n: unexpected tag 0x0');
  });

  it('an empty range is at its end from the start', () => {
    const r = new DerReader(der, 7, 7);
    expect(r.atEnd).toBe(true);
    expect(r.peek()).toBe(-1);
    expect(message(() => r.next(Tag.NULL, 'n'))).toBe('n is missing');
  });

  it('optionalNested reads nothing on a mismatch, and enforces consumption on a match', () => {
    const r = new DerReader(der, 0, der.length);
    expect(r.optionalNested(Tag.SET, 's', () => 1)).toBeUndefined();
    expect(r.peek()).toBe(Tag.SEQUENCE);
    expect(message(() => r.optionalNested(Tag.SEQUENCE, 's', (i) => i.any('x')))).toBe('s: unexpected element after the last field');
  });

  it('the cursor never reads past its limit', () => {
    const r = new DerReader(der, 2, 5);
    r.any('i');
    expect(r.atEnd).toBe(true);
    expect(r.peek()).toBe(-1);
    expect(message(() => r.any('x'))).toBe('x is missing');
  });
});

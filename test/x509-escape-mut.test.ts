// escapeControlCharacters rewrites exactly the characters isUnsafeCharCode names: every range of
// its pattern at both ends, and the characters just outside them left as they are.
import { escapeControlCharacters, hexEscape, isUnsafeCharCode } from '../src/x509/escape';

const UNSAFE = [0x00, 0x0a, 0x1f, 0x7f, 0x80, 0x9f, 0x2028, 0x2029, 0x202a, 0x202e, 0x2066, 0x2069];
const SAFE = [0x20, 0x7e, 0xa0, 0x2027, 0x202f, 0x2065, 0x206a, 0xe9];

describe('escapeControlCharacters', () => {
  it.each(UNSAFE)('rewrites U+%s between safe text', (code) => {
    const c = String.fromCharCode(code);
    expect(isUnsafeCharCode(code)).toBe(true);
    expect(escapeControlCharacters(`a${c}b${c}`)).toBe(`a${hexEscape(c)}b${hexEscape(c)}`);
  });

  it.each(SAFE)('leaves U+%s as it is, beside a character it rewrites', (code) => {
    const c = String.fromCharCode(code);
    expect(escapeControlCharacters(`${c}\n${c}`)).toBe(`${c}\\0a${c}`);
  });

  it('hex escapes are two lowercase digits per UTF-8 byte', () => {
    expect(hexEscape('\u0001')).toBe('\\01');
    expect(hexEscape('\u009f')).toBe('\\c2\\9f');
    expect(hexEscape('\u2069')).toBe('\\e2\\81\\a9');
  });
});

// The canonical byte-sequence shortcut of the Client-Cert decoder decides exactly as the general
// RFC 8941 parser does: the same bytes, or a malformed-field refusal, for any line.
import fc from 'fast-check';
import { parseItem } from 'structured-headers';
import { decodeClientCert } from '../src/decode';
import { ClientCertError } from '../src/errors';

const LIMITS = { certBytes: 16384, chainBytes: 65536, chainCount: 8 };

/** The decision of the general parser alone: bytes, or undefined for a refusal. */
function reference(line: string): Uint8Array | undefined {
  try {
    const [value, params] = parseItem(line);
    if (!(value instanceof ArrayBuffer) || params.size > 0 || value.byteLength === 0) return undefined;
    return new Uint8Array(value);
  } catch {
    return undefined;
  }
}

function decided(line: string): Uint8Array | undefined {
  try {
    return decodeClientCert([line], LIMITS);
  } catch (err) {
    expect(err).toBeInstanceOf(ClientCertError);
    expect((err as ClientCertError).code).toBe('ERR_CLIENT_CERT_MALFORMED');
    return undefined;
  }
}

const chars = fc.constantFrom(...'ABCDEFabcdef0189+/=: ;a'.split(''));

describe('Client-Cert byte sequences, canonical shortcut against the general parser', () => {
  it.each([
    [':AAAA:', [0, 0, 0]],
    [':QQ==:', [0x41]],
    [':QUI=:', [0x41, 0x42]],
    [':QUJD:', [0x41, 0x42, 0x43]],
  ])('%s decodes to the same bytes', (line, bytes) => {
    expect(Array.from(decided(line) ?? [])).toEqual(bytes);
    expect(Array.from(reference(line) ?? [])).toEqual(bytes);
  });

  it.each([
    ':',
    ':QR==:',
    ':QQ:',
    ':Q-_A:',
    ':QQ=:',
    ':Q===:',
    ':QUJDR===:',
    ':QUJD=Q==:',
    ':QUJ\tD:',
    ':QQ==:;a',
    ' :QQ==:',
    ':QQ==: ',
    ':Q=Q=:',
    '::',
    ':QQ==',
    'QQ==:',
  ])('%j decides as the general parser', (line) => {
    expect(decided(line)).toEqual(reference(line));
  });

  it('any line: the same bytes or a refusal in both', () => {
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }), (list) => {
        const line = list.join('');
        expect(decided(line)).toEqual(reference(line));
        const wrapped = `:${line.replace(/:/g, '')}:`;
        expect(decided(wrapped)).toEqual(reference(wrapped));
      }),
      { seed: 9440, numRuns: 3000 },
    );
  });

  it('an empty byte sequence is refused with its reason', () => {
    expect(() => decodeClientCert(['::'], LIMITS)).toThrow(
      expect.objectContaining({ code: 'ERR_CLIENT_CERT_MALFORMED', reason: 'field-empty' }),
    );
  });
});

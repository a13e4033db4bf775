// What the focused run of src/x509/asn1.ts left: the OID memo told apart from OIDs of another
// length with the same hash (one the other's prefix) and from the bytes around an OID, the
// minutes and seconds of a time at 60, and the name of a DerError.
import { DerError, oidMemoEntries, readNode, readOid, readTime } from '../src/x509/asn1';
import { derMessage as message } from './helpers/der-refusal';

const oidDer = (...content: number[]): Uint8Array => new Uint8Array([0x06, content.length, ...content]);
const read = (der: Uint8Array): string => readOid(der, readNode(der, 0));

describe('readOid memo, on a hash collision', () => {
  // Both hash to 3851480226 (the length, then each octet, times 31, mod 2^32): the longer one is
  // the shorter one followed by the base-31 digits that make up the difference.
  const SHORT = [0x2a, 1, 2, 3, 4, 5, 6, 7];
  const LONG = [...SHORT, 3, 10, 9, 12, 30, 15, 6];

  it('an OID of another length that starts with the remembered one is read as itself', () => {
    expect(read(oidDer(...SHORT))).toBe('1.2.1.2.3.4.5.6.7');
    expect(read(oidDer(...LONG))).toBe('1.2.1.2.3.4.5.6.7.3.10.9.12.30.15.6');
    expect(read(oidDer(...SHORT))).toBe('1.2.1.2.3.4.5.6.7');
  });

  // 1.2.3.6 and 1.2.2.37 hash alike (31·3 + 6 = 31·2 + 37), and the octets of the first are the
  // OID's first octet, its length and its tag read backwards: only a forward comparison tells them apart.
  it('an OID is compared with its own octets, not the ones before it', () => {
    expect(read(oidDer(0x2a, 0x03, 0x06))).toBe('1.2.3.6');
    expect(read(oidDer(0x2a, 0x02, 0x25))).toBe('1.2.2.37');
  });
});

describe('readTime', () => {
  const gtime = (s: string): Uint8Array => new Uint8Array([0x18, s.length, ...Buffer.from(s, 'latin1')]);
  const time = (s: string): Date => {
    const der = gtime(s);
    return readTime(der, readNode(der, 0));
  };

  it.each(['20260101006000Z', '20260101000060Z', '20260101235960Z'])('refuses %s: minutes and seconds stop at 59', (s) => {
    expect(message(() => time(s))).toBe('time out of range');
  });

  it('reads 23:59:59 as itself', () => {
    expect(time('20260101235959Z').toISOString()).toBe('2026-01-01T23:59:59.000Z');
  });
});

describe('DerError', () => {
  it('is named DerError, as its message is printed', () => {
    let thrown: unknown;
    try {
      readNode(new Uint8Array(), 0);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DerError);
    expect(String(thrown)).toBe('DerError: truncated element');
    expect(new DerError('x').name).toBe('DerError');
  });
});

describe('readOid memo bound', () => {
  it('never holds more than 512 OIDs, however many distinct ones arrive', () => {
    // 1.2.840.<n> for 2,000 values of n: each a new memo entry until the bound clears it.
    for (let n = 128; n < 2128; n++) {
      const arc = [0x80 | ((n >> 7) & 0x7f), n & 0x7f];
      const der = Uint8Array.from([0x06, 5, 0x2a, 0x86, 0x48, ...arc]);
      expect(read(der)).toBe(`1.2.840.${n}`);
      expect(oidMemoEntries()).toBeLessThanOrEqual(512);
    }
    expect(oidMemoEntries()).toBeGreaterThan(0);
  });
});

// The OID memo of src/x509/asn1.ts: a hit must be the same octets, not only the same hash, and the
// memo keeps its own copy of them (a caller may refill the buffer an OID was read from).
import { readNode, readOid } from '../src/x509/asn1';

const oidDer = (...content: number[]): Uint8Array => new Uint8Array([0x06, content.length, ...content]);
const read = (der: Uint8Array): string => readOid(der, readNode(der, 0));

describe('readOid memo', () => {
  // (2·31 + 0x2a)·31 + 0x40 = (2·31 + 0x2b)·31 + 0x21: the same hash for 1.2.64 and 1.3.33.
  it('two OIDs with the same hash are told apart', () => {
    expect(read(oidDer(0x2a, 0x40))).toBe('1.2.64');
    expect(read(oidDer(0x2b, 0x21))).toBe('1.3.33');
    expect(read(oidDer(0x2a, 0x40))).toBe('1.2.64');
  });

  it('a refilled buffer is read again', () => {
    const der = oidDer(0x2a, 0x41);
    expect(read(der)).toBe('1.2.65');
    der.set([0x2b, 0x22], 2);
    expect(read(der)).toBe('1.3.34');
  });

  it('long OIDs are read whatever the memo holds', () => {
    const long = [0x2a, ...new Array(40).fill(0x01)];
    expect(read(oidDer(...long))).toBe(`1.2.${new Array(40).fill(1).join('.')}`);
    expect(read(oidDer(...long))).toBe(`1.2.${new Array(40).fill(1).join('.')}`);
  });
});

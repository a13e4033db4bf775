// GeneralName edges a mutation run of src/x509/general-names.ts looks for: the class bits of the
// tag, the control-character bounds, the address bytes kept beside their text, both address
// lengths per role, and RFC 5952 text for every shape of zero run.
import { readNode } from '../src/x509/asn1';
import { decodeGeneralNames, formatIp, parseGeneralName } from '../src/x509/general-names';
import { ctx, ia5, oid, seq, set, tlv, utf8 } from './helpers/der';
import { derRefusal } from './helpers/der-refusal';

const gn = (der: Uint8Array, role: 'name' | 'constraint' = 'name') => parseGeneralName(der, readNode(der, 0), role);

describe('parseGeneralName', () => {
  it.each([
    ['an application tag', tlv(0x42, new Uint8Array([0x61]))],
    ['a private tag', tlv(0xc2, new Uint8Array([0x61]))],
    ['a universal constructed tag', seq()],
  ])('refuses %s: only context tags are GeneralNames', (_name, der) => {
    expect(derRefusal(() => gn(der))).toEqual({ message: 'GeneralName must be context-tagged', reason: 'der-invalid' });
  });

  it.each([0x00, 0x09, 0x1f, 0x7f])('refuses the control character 0x%s in a DNS name', (byte) => {
    expect(derRefusal(() => gn(tlv(0x82, new Uint8Array([0x61, byte]))))).toEqual({
      message: 'control character in an email, DNS or URI name',
      reason: 'general-name-control-character',
    });
  });

  it('keeps the address bytes beside their text', () => {
    const v4 = new Uint8Array([192, 0, 2, 1]);
    expect(gn(tlv(0x87, v4))).toEqual({ type: 'ip', value: '192.0.2.1', bytes: v4 });
    const v6 = new Uint8Array(16).fill(0);
    v6[15] = 1;
    expect(gn(tlv(0x87, v6))).toEqual({ type: 'ip', value: '::1', bytes: v6 });
  });

  it('a name holds 4 or 16 bytes, a constraint 8 or 32', () => {
    expect(gn(tlv(0x87, new Uint8Array(32)), 'constraint')).toMatchObject({ type: 'ip', value: '00'.repeat(32) });
    expect(gn(tlv(0x87, new Uint8Array(8)), 'constraint')).toMatchObject({ type: 'ip' });
    for (const n of [0, 4, 16, 33]) {
      expect(derRefusal(() => gn(tlv(0x87, new Uint8Array(n)), 'constraint')).reason).toBe('general-name-ip-length');
    }
    for (const n of [0, 8, 32, 17]) expect(derRefusal(() => gn(tlv(0x87, new Uint8Array(n)))).reason).toBe('general-name-ip-length');
  });

  it('a directoryName holds a Name SEQUENCE', () => {
    expect(derRefusal(() => gn(ctx(4, set())))).toEqual({ message: 'directoryName: unexpected tag 0x31', reason: 'der-invalid' });
  });

  it('other forms keep their tag and whole encoding; registeredID and x400Address are among them', () => {
    expect(gn(tlv(0x88, new Uint8Array([0x2a, 0x03])))).toEqual({ type: 'other', tag: 0x88, der: '88022a03' });
    expect(gn(ctx(3, seq()))).toEqual({ type: 'other', tag: 0xa3, der: 'a3023000' });
    expect(gn(ctx(5, seq(utf8('x'))))).toMatchObject({ type: 'other', tag: 0xa5 });
    expect(gn(ctx(0, seq(oid('1.2.3'), ctx(0, utf8('x')))))).toMatchObject({ type: 'other', tag: 0xa0 });
  });

  it('decodeGeneralNames reads every name in order', () => {
    expect(decodeGeneralNames(seq(ia5('a@x', 0x81), ia5('h.x', 0x82), ia5('u:x', 0x86)), 'san')).toEqual([
      { type: 'email', value: 'a@x' },
      { type: 'dns', value: 'h.x' },
      { type: 'uri', value: 'u:x' },
    ]);
  });
});

describe('formatIp (RFC 5952)', () => {
  const v6 = (...groups: number[]): Uint8Array => new Uint8Array(groups.flatMap((g) => [g >> 8, g & 0xff]));
  it.each([
    ['two equal runs: the first is compressed', v6(1, 0, 0, 1, 0, 0, 1, 1), '1::1:0:0:1:1'],
    ['a run at the end', v6(1, 0, 0, 0, 0, 0, 0, 0), '1::'],
    ['a run at the start', v6(0, 0, 1, 1, 1, 1, 1, 1), '::1:1:1:1:1:1'],
    ['the longer run of two, the later one', v6(1, 0, 0, 1, 0, 0, 0, 1), '1:0:0:1::1'],
    ['no zero group', v6(1, 2, 3, 4, 5, 6, 7, 8), '1:2:3:4:5:6:7:8'],
    ['ffff after a group that is not zero: not IPv4-mapped', v6(0x2001, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201), '2001::ffff:c000:201'],
    ['ff00 where ffff would be: not IPv4-mapped', v6(0, 0, 0, 0, 0, 0xff00, 0x0102, 0x0304), '::ff00:102:304'],
    ['00ff where ffff would be: not IPv4-mapped', v6(0, 0, 0, 0, 0, 0x00ff, 0x0102, 0x0304), '::ff:102:304'],
    ['high bytes in each group', v6(0xabcd, 0xef01, 0x2345, 0x6789, 0xa, 0xb, 0xc, 0xd), 'abcd:ef01:2345:6789:a:b:c:d'],
  ])('%s', (_name, bytes, text) => {
    expect(formatIp(bytes)).toBe(text);
  });
});

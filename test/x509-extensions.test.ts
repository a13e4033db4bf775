// The extension decoders, field by field, with the exact refusal each rule gives.
import {
  ALL_REASONS,
  bitMask,
  decodeAuthorityKeyId,
  decodeBasicConstraints,
  decodeCertificatePolicies,
  decodeCrlDistributionPoints,
  decodeInhibitAnyPolicy,
  decodeKeyUsage,
  decodeNameConstraints,
  decodeOidSequence,
  decodePolicyConstraints,
  decodePolicyMappings,
  decodeSubjectKeyId,
  validateInfoAccess,
} from '../src/x509/extensions';
import { bitString, bool, concat, ctx, ia5, integer, oid, printable, seq, set, tlv } from './helpers/der';
import { derRefusal as refusal, derMessage as message } from './helpers/der-refusal';

const dns = (s: string): Uint8Array => ia5(s, 0x82);
const uri = (s: string): Uint8Array => ia5(s, 0x86);
const CPS = '1.3.6.1.5.5.7.2.1';
const NOTICE = '1.3.6.1.5.5.7.2.2';

describe('basicConstraints', () => {
  it('reads cA and pathLen, each optional', () => {
    expect(decodeBasicConstraints(seq())).toEqual({ ca: false, pathLen: undefined });
    expect(decodeBasicConstraints(seq(bool(true)))).toEqual({ ca: true, pathLen: undefined });
    expect(decodeBasicConstraints(seq(bool(true), integer(0)))).toEqual({ ca: true, pathLen: 0 });
    expect(decodeBasicConstraints(seq(integer(3)))).toEqual({ ca: false, pathLen: 3 });
  });

  it('refuses an explicit FALSE, and anything after pathLen', () => {
    expect(message(() => decodeBasicConstraints(seq(bool(false))))).toBe('basicConstraints cA FALSE must be omitted in DER');
    expect(message(() => decodeBasicConstraints(seq(bool(true), integer(1), integer(2))))).toBe(
      'basicConstraints: unexpected element after the last field',
    );
    expect(message(() => decodeBasicConstraints(set()))).toBe('basicConstraints: unexpected tag 0x31');
  });
});

describe('keyUsage and bitMask', () => {
  it('maps bit n of the named BIT STRING to 1 << n', () => {
    expect(bitMask(new Uint8Array([0x80]))).toBe(1);
    expect(bitMask(new Uint8Array([0x01]))).toBe(1 << 7);
    expect(bitMask(new Uint8Array([0x00, 0x80]))).toBe(1 << 8);
    expect(bitMask(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]))).toBe(0x7fffffff);
    expect(bitMask(new Uint8Array([]))).toBe(0);
    expect(decodeKeyUsage(bitString(new Uint8Array([0x86]), 1))).toBe(1 | (1 << 5) | (1 << 6));
    expect(decodeKeyUsage(bitString(new Uint8Array([0x00, 0x80]), 7))).toBe(1 << 8);
  });

  it('refuses a keyUsage with no bit set', () => {
    expect(message(() => decodeKeyUsage(bitString(new Uint8Array([0x00]))))).toBe('keyUsage with no bit set');
    expect(message(() => decodeKeyUsage(bitString(new Uint8Array([]))))).toBe('keyUsage with no bit set');
  });

  it('ALL_REASONS is every reason bit but unused', () => {
    expect(ALL_REASONS).toBe(0b111111110);
  });
});

describe('extKeyUsage (OID sequences)', () => {
  it('reads the OIDs in order and refuses anything else', () => {
    expect(decodeOidSequence(seq(oid('1.3.6.1.5.5.7.3.2'), oid('1.3.6.1.5.5.7.3.1')), 'eku')).toEqual([
      '1.3.6.1.5.5.7.3.2',
      '1.3.6.1.5.5.7.3.1',
    ]);
    expect(message(() => decodeOidSequence(seq(integer(1)), 'eku'))).toBe('eku: unexpected tag 0x2');
  });
});

describe('authorityKeyIdentifier and subjectKeyIdentifier', () => {
  it('reads each field', () => {
    const aki = decodeAuthorityKeyId(seq(tlv(0x80, new Uint8Array([9])), ctx(1, dns('x')), tlv(0x82, new Uint8Array([1]))));
    expect({ ...aki, keyId: Array.from(aki.keyId!) }).toEqual({ keyId: [9], hasIssuer: true, hasSerial: true });
    expect(decodeAuthorityKeyId(seq())).toEqual({ keyId: undefined, hasIssuer: false, hasSerial: false });
    expect(Array.from(decodeSubjectKeyId(tlv(0x04, new Uint8Array([1, 2]))))).toEqual([1, 2]);
  });

  it('refuses an unknown field', () => {
    expect(message(() => decodeAuthorityKeyId(seq(tlv(0x83, new Uint8Array([1])))))).toBe(
      'authorityKeyIdentifier: unexpected element after the last field',
    );
  });
});

describe('nameConstraints', () => {
  const subtree = (...parts: Uint8Array[]): Uint8Array => seq(...parts);

  it('reads permitted and excluded bases', () => {
    const nc = decodeNameConstraints(
      seq(ctx(0, subtree(dns('a.example'))), ctx(1, concat([subtree(dns('b.example')), subtree(dns('c.example'))]))),
    );
    expect(nc.permitted.map((s) => s.base)).toEqual([{ type: 'dns', value: 'a.example' }]);
    expect(nc.excluded.map((s) => s.base.type === 'dns' && s.base.value)).toEqual(['b.example', 'c.example']);
  });

  it.each([
    ['no subtrees', seq(), 'empty nameConstraints'],
    ['two empty lists', seq(ctx(0, new Uint8Array()), ctx(1, new Uint8Array())), 'empty nameConstraints'],
    ['a minimum', seq(ctx(0, subtree(dns('a'), tlv(0x80, new Uint8Array([0]))))), 'name constraint minimum/maximum are not allowed'],
    ['a maximum', seq(ctx(0, subtree(dns('a'), tlv(0x81, new Uint8Array([1]))))), 'name constraint minimum/maximum are not allowed'],
    ['another field in a subtree', seq(ctx(0, subtree(dns('a'), dns('b')))), 'GeneralSubtree: unexpected element after the last field'],
    ['an empty subtree', seq(ctx(0, subtree())), 'GeneralSubtree base is missing'],
  ])('refuses %s', (_name, value, text) => {
    expect(message(() => decodeNameConstraints(value))).toBe(text);
  });

  it('an iPAddress base is an address and a mask', () => {
    const ip = tlv(0x87, new Uint8Array([10, 0, 0, 0, 255, 0, 0, 0]));
    expect(decodeNameConstraints(seq(ctx(0, subtree(ip)))).permitted[0].base.type).toBe('ip');
    expect(refusal(() => decodeNameConstraints(seq(ctx(0, subtree(tlv(0x87, new Uint8Array([10, 0, 0, 0])))))))).toMatchObject({
      reason: 'general-name-ip-length',
    });
  });
});

describe('certificatePolicies', () => {
  const info = (policy: string, ...qualifiers: Uint8Array[]): Uint8Array =>
    qualifiers.length ? seq(oid(policy), seq(...qualifiers)) : seq(oid(policy));
  const qualifier = (id: string): Uint8Array => seq(oid(id), ia5('https://cps.example'));

  it('reads the policies and the first qualifier it cannot interpret', () => {
    expect(decodeCertificatePolicies(seq(info('1.2.3'), info('1.2.4', qualifier(CPS), qualifier(NOTICE))))).toEqual({
      policies: ['1.2.3', '1.2.4'],
      unknownQualifier: undefined,
    });
    const twoUnknown = seq(info('1.2.3', qualifier('1.9.1'), qualifier('1.9.2')), info('1.2.4', qualifier('1.9.3')));
    expect(decodeCertificatePolicies(twoUnknown).unknownQualifier).toBe('1.9.1');
  });

  it.each([
    ['no policy', seq(), 'empty certificatePolicies'],
    ['a policy twice', seq(info('1.2.3'), info('1.2.3')), 'a policy appears twice in certificatePolicies'],
    ['an empty qualifier list', seq(seq(oid('1.2.3'), seq())), 'empty policyQualifiers'],
    ['a qualifier without its value', seq(info('1.2.3', seq(oid(CPS)))), 'qualifier is missing'],
    [
      'a qualifier with two values',
      seq(info('1.2.3', seq(oid(CPS), ia5('a'), ia5('b')))),
      'PolicyQualifierInfo: unexpected element after the last field',
    ],
    [
      'qualifiers that are not a SEQUENCE',
      seq(seq(oid('1.2.3'), set(qualifier(CPS)))),
      'PolicyInformation: unexpected element after the last field',
    ],
    ['a PolicyInformation without its OID', seq(seq()), 'policyIdentifier is missing'],
  ])('refuses %s', (_name, value, text) => {
    expect(message(() => decodeCertificatePolicies(value))).toBe(text);
  });
});

describe('policyMappings, policyConstraints, inhibitAnyPolicy', () => {
  it('reads mappings as pairs, and refuses an empty list or a half pair', () => {
    expect(decodePolicyMappings(seq(seq(oid('1.2.3'), oid('1.2.4'))))).toEqual([['1.2.3', '1.2.4']]);
    expect(message(() => decodePolicyMappings(seq()))).toBe('empty policyMappings');
    expect(message(() => decodePolicyMappings(seq(seq(oid('1.2.3')))))).toBe('subjectDomainPolicy is missing');
  });

  it('reads either skip count alone, and refuses neither', () => {
    expect(decodePolicyConstraints(seq(tlv(0x80, new Uint8Array([0]))))).toEqual({
      requireExplicitPolicy: 0,
      inhibitPolicyMapping: undefined,
    });
    expect(decodePolicyConstraints(seq(tlv(0x81, new Uint8Array([4]))))).toEqual({
      requireExplicitPolicy: undefined,
      inhibitPolicyMapping: 4,
    });
    expect(message(() => decodePolicyConstraints(seq()))).toBe('empty policyConstraints');
    expect(refusal(() => decodePolicyConstraints(seq(tlv(0x80, new Uint8Array([1, 0, 0, 0, 0])))))).toMatchObject({
      reason: 'der-integer-too-large',
    });
  });

  it('reads inhibitAnyPolicy', () => {
    expect(decodeInhibitAnyPolicy(integer(2))).toBe(2);
  });
});

describe('cRLDistributionPoints', () => {
  it('reads fullName, reasons and cRLIssuer', () => {
    const dp = seq(ctx(0, ctx(0, uri('http://crl.example/a.crl'))), tlv(0x81, new Uint8Array([0x07, 0x80])), ctx(2, dns('issuer.example')));
    expect(decodeCrlDistributionPoints(seq(dp))).toEqual([
      {
        fullName: [{ type: 'uri', value: 'http://crl.example/a.crl' }],
        relativeName: undefined,
        reasons: 1 << 0,
        crlIssuer: [{ type: 'dns', value: 'issuer.example' }],
      },
    ]);
    expect(decodeCrlDistributionPoints(seq(seq()))).toEqual([
      { fullName: undefined, relativeName: undefined, reasons: undefined, crlIssuer: undefined },
    ]);
  });

  it('keeps a nameRelativeToCRLIssuer as its DER, after checking it', () => {
    const rdn = ctx(1, seq(oid('2.5.4.3'), printable('CRL')));
    const [dp] = decodeCrlDistributionPoints(seq(seq(ctx(0, rdn))));
    expect(Buffer.from(dp.relativeName!).toString('hex')).toBe(Buffer.from(rdn).toString('hex'));
    expect(dp.fullName).toBeUndefined();
  });

  it.each([
    ['an empty relative name', seq(seq(ctx(0, ctx(1, new Uint8Array())))), 'empty nameRelativeToCRLIssuer'],
    ['a relative name attribute without a value', seq(seq(ctx(0, ctx(1, seq(oid('2.5.4.3')))))), 'attribute value is missing'],
    ['an empty fullName', seq(seq(ctx(0, ctx(0, new Uint8Array())))), 'empty GeneralNames'],
    [
      'a DistributionPointName with both choices',
      seq(seq(ctx(0, concat([ctx(0, dns('a')), ctx(1, seq(oid('2.5.4.3'), printable('x')))])))),
      'distributionPoint: unexpected element after the last field',
    ],
    ['an empty DistributionPointName', seq(seq(ctx(0, new Uint8Array()))), 'DistributionPointName is missing'],
    ['a field of another tag', seq(seq(tlv(0x83, new Uint8Array([0])))), 'DistributionPoint: unexpected element after the last field'],
  ])('refuses %s', (_name, value, text) => {
    expect(message(() => decodeCrlDistributionPoints(value))).toBe(text);
  });
});

describe('authorityInfoAccess / subjectInfoAccess', () => {
  it('accepts access descriptions and refuses an empty list or a bad location', () => {
    expect(() => validateInfoAccess(seq(seq(oid('1.3.6.1.5.5.7.48.1'), uri('http://ocsp.example'))))).not.toThrow();
    expect(message(() => validateInfoAccess(seq()))).toBe('empty info access');
    expect(message(() => validateInfoAccess(seq(seq(oid('1.3.6.1.5.5.7.48.1')))))).toBe('accessLocation is missing');
    expect(refusal(() => validateInfoAccess(seq(seq(oid('1.3.6.1.5.5.7.48.1'), tlv(0x87, new Uint8Array([1, 2, 3]))))))).toMatchObject({
      reason: 'general-name-ip-length',
    });
  });
});

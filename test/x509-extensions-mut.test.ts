// What the mutation run of src/x509/extensions.ts found unpinned: each extension and field named in
// its refusal (the text a malformed-certificate message carries), and a nameConstraints extension
// with excluded subtrees only.
import {
  decodeCertificatePolicies,
  decodeCrlDistributionPoints,
  decodeInhibitAnyPolicy,
  decodeKeyUsage,
  decodeNameConstraints,
  decodePolicyConstraints,
  decodePolicyMappings,
  decodeSubjectKeyId,
  validateInfoAccess,
} from '../src/x509/extensions';
import { ctx, ia5, integer, octets, oid, printable, seq, set } from './helpers/der';
import { derRefusal } from './helpers/der-refusal';

describe('nameConstraints', () => {
  it('excluded subtrees alone are a constraint', () => {
    expect(decodeNameConstraints(seq(ctx(1, seq(ia5('bad.example', 0x82)))))).toEqual({
      permitted: [],
      excluded: [{ base: { type: 'dns', value: 'bad.example' } }],
    });
  });
});

describe('each field is named in its refusal', () => {
  const OID = oid('1.2.3');
  it.each<[string, () => unknown, string]>([
    ['keyUsage', () => decodeKeyUsage(octets(new Uint8Array([0x80]))), 'keyUsage: unexpected tag 0x4'],
    ['subjectKeyIdentifier', () => decodeSubjectKeyId(seq()), 'subjectKeyIdentifier: unexpected tag 0x30'],
    ['nameConstraints', () => decodeNameConstraints(set()), 'nameConstraints: unexpected tag 0x31'],
    ['certificatePolicies', () => decodeCertificatePolicies(set()), 'certificatePolicies: unexpected tag 0x31'],
    [
      'policyQualifierId',
      () => decodeCertificatePolicies(seq(seq(OID, seq(seq(integer(1), ia5('x')))))),
      'policyQualifierId: unexpected tag 0x2',
    ],
    ['policyMappings', () => decodePolicyMappings(set()), 'policyMappings: unexpected tag 0x31'],
    ['a policy mapping', () => decodePolicyMappings(seq(set(OID, OID))), 'policy mapping: unexpected tag 0x31'],
    [
      'a policy mapping with a third OID',
      () => decodePolicyMappings(seq(seq(OID, OID, OID))),
      'policy mapping: unexpected element after the last field',
    ],
    ['issuerDomainPolicy', () => decodePolicyMappings(seq(seq(integer(1), OID))), 'issuerDomainPolicy: unexpected tag 0x2'],
    ['policyConstraints', () => decodePolicyConstraints(set()), 'policyConstraints: unexpected tag 0x31'],
    ['inhibitAnyPolicy', () => decodeInhibitAnyPolicy(octets(new Uint8Array([1]))), 'inhibitAnyPolicy: unexpected tag 0x4'],
    ['cRLDistributionPoints', () => decodeCrlDistributionPoints(set()), 'cRLDistributionPoints: unexpected tag 0x31'],
    [
      'a relative name attribute',
      () => decodeCrlDistributionPoints(seq(seq(ctx(0, ctx(1, set(OID, printable('x'))))))),
      'nameRelativeToCRLIssuer attribute: unexpected tag 0x31',
    ],
    [
      'a relative name attribute type',
      () => decodeCrlDistributionPoints(seq(seq(ctx(0, ctx(1, seq(integer(1), printable('x'))))))),
      'attribute type: unexpected tag 0x2',
    ],
    ['infoAccess', () => validateInfoAccess(set()), 'infoAccess: unexpected tag 0x31'],
    ['an AccessDescription', () => validateInfoAccess(seq(set())), 'AccessDescription: unexpected tag 0x31'],
    ['an accessMethod', () => validateInfoAccess(seq(seq(integer(1), ia5('http://x', 0x86)))), 'accessMethod: unexpected tag 0x2'],
  ])('%s', (_name, decode, message) => {
    expect(derRefusal(decode)).toEqual({ message, reason: 'der-invalid' });
  });
});

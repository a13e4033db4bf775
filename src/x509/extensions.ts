/**
 * Decoders for the X.509 extensions the verifier processes. Each takes the extnValue bytes and
 * throws DerError when they are not the DER the RFC 5280 ASN.1 module describes.
 */
import type { DerReader } from './asn1.js';
import {
  DerError,
  Tag,
  contentOf,
  encodingOf,
  readAll,
  readBitString,
  readBoolean,
  readOid,
  readRoot,
  readSmallInteger,
  within,
} from './asn1.js';
import { type GeneralName, parseGeneralName, readGeneralNames } from './general-names.js';

/** Extension OIDs. */
export const ExtOid = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  nameConstraints: '2.5.29.30',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  policyConstraints: '2.5.29.36',
  inhibitAnyPolicy: '2.5.29.54',
  crlDistributionPoints: '2.5.29.31',
  freshestCrl: '2.5.29.46',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
} as const;

/** The anyPolicy OID (RFC 5280 §4.2.1.4). */
export const ANY_POLICY = '2.5.29.32.0';

export interface BasicConstraints {
  readonly ca: boolean;
  readonly pathLen: number | undefined;
}

export interface AuthorityKeyIdentifier {
  readonly keyId: Uint8Array | undefined;
  readonly hasIssuer: boolean;
  readonly hasSerial: boolean;
}

/** One permitted or excluded subtree: only `base` matters (minimum 0, no maximum, per RFC 5280). */
export interface GeneralSubtree {
  readonly base: GeneralName;
}

export interface NameConstraints {
  readonly permitted: readonly GeneralSubtree[];
  readonly excluded: readonly GeneralSubtree[];
}

export interface PolicyConstraints {
  readonly requireExplicitPolicy: number | undefined;
  readonly inhibitPolicyMapping: number | undefined;
}

/** A CRL distribution point (also the shape of an issuingDistributionPoint's name). */
export interface DistributionPoint {
  readonly fullName: readonly GeneralName[] | undefined;
  /** nameRelativeToCRLIssuer: an RDN appended to the CRL issuer's name. */
  readonly relativeName: Uint8Array | undefined;
  readonly reasons: number | undefined;
  readonly crlIssuer: readonly GeneralName[] | undefined;
}

/** Reason flags as a bit mask (bit n = ReasonFlags bit n). */
export const ALL_REASONS = 0x1fe; // bits 1..8: every reason but `unused`

export function decodeBasicConstraints(value: Uint8Array): BasicConstraints {
  return readAll(value, Tag.SEQUENCE, 'basicConstraints', (r) => {
    const caNode = r.optional(Tag.BOOLEAN);
    const ca = caNode ? readBoolean(value, caNode) : false;
    // DER: a DEFAULT value must be omitted.
    if (caNode && !ca) throw new DerError('basicConstraints cA FALSE must be omitted in DER');
    const pathLenNode = r.optional(Tag.INTEGER);
    return { ca, pathLen: pathLenNode ? readSmallInteger(value, pathLenNode) : undefined };
  });
}

/** Bits of a named BIT STRING as a mask (bit 0 = most significant bit of the first byte). */
export function bitMask(bytes: Uint8Array): number {
  let mask = 0;
  for (let i = 0; i < Math.min(bytes.length * 8, 31); i++) if (bytes[i >> 3] & (0x80 >> (i & 7))) mask |= 1 << i;
  return mask;
}

export function decodeKeyUsage(value: Uint8Array): number {
  const { bytes } = readBitString(value, readRoot(value, Tag.BIT_STRING, 'keyUsage'));
  const mask = bitMask(bytes);
  if (mask === 0) throw new DerError('keyUsage with no bit set');
  return mask;
}

/** The OIDs of a SEQUENCE OF OBJECT IDENTIFIER (extKeyUsage). */
export function decodeOidSequence(value: Uint8Array, what: string): string[] {
  return readAll(value, Tag.SEQUENCE, what, (r) => {
    const out: string[] = [];
    while (!r.atEnd) out.push(readOid(value, r.next(Tag.OID, what)));
    return out;
  });
}

export function decodeAuthorityKeyId(value: Uint8Array): AuthorityKeyIdentifier {
  return readAll(value, Tag.SEQUENCE, 'authorityKeyIdentifier', (r) => {
    const keyId = r.optional(0x80);
    const hasIssuer = r.optional(0xa1) !== undefined;
    const hasSerial = r.optional(0x82) !== undefined;
    return { keyId: keyId && contentOf(value, keyId), hasIssuer, hasSerial };
  });
}

export function decodeSubjectKeyId(value: Uint8Array): Uint8Array {
  return contentOf(value, readRoot(value, Tag.OCTET_STRING, 'subjectKeyIdentifier'));
}

/** GeneralSubtree ::= SEQUENCE { base, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }. */
function readSubtree(r: DerReader): GeneralSubtree {
  const base = parseGeneralName(r.buf, r.any('GeneralSubtree base'), 'constraint');
  // minimum [0] DEFAULT 0 must be omitted in DER; maximum [1] is not used (RFC 5280 §4.2.1.10).
  const extra = r.peek();
  if (extra === 0x80 || extra === 0x81) throw new DerError('name constraint minimum/maximum are not allowed');
  return { base };
}

/** The rest of `r` as GeneralSubtrees (SEQUENCE OF GeneralSubtree, here under an IMPLICIT tag). */
function readSubtrees(r: DerReader): GeneralSubtree[] {
  const out: GeneralSubtree[] = [];
  while (!r.atEnd) out.push(r.nested(Tag.SEQUENCE, 'GeneralSubtree', readSubtree));
  return out;
}

export function decodeNameConstraints(value: Uint8Array): NameConstraints {
  return readAll(value, Tag.SEQUENCE, 'nameConstraints', (r) => {
    const permitted = r.optionalNested(0xa0, 'permittedSubtrees', readSubtrees) ?? [];
    const excluded = r.optionalNested(0xa1, 'excludedSubtrees', readSubtrees) ?? [];
    if (permitted.length === 0 && excluded.length === 0) throw new DerError('empty nameConstraints');
    return { permitted, excluded };
  });
}

/** The policy qualifiers RFC 5280 §4.2.1.4 defines: CPS pointer and user notice. */
const KNOWN_QUALIFIERS: ReadonlySet<string> = new Set(['1.3.6.1.5.5.7.2.1', '1.3.6.1.5.5.7.2.2']);

/** certificatePolicies: the policy OIDs, and the first qualifier of a kind this library cannot interpret. */
export interface CertificatePolicies {
  readonly policies: string[];
  readonly unknownQualifier: string | undefined;
}

/** PolicyQualifierInfo ::= SEQUENCE { policyQualifierId, qualifier ANY DEFINED BY policyQualifierId }: its id. */
function readQualifier(r: DerReader): string {
  const id = readOid(r.buf, r.next(Tag.OID, 'policyQualifierId'));
  r.any('qualifier');
  return id;
}

export function decodeCertificatePolicies(value: Uint8Array): CertificatePolicies {
  return readAll(value, Tag.SEQUENCE, 'certificatePolicies', (list) => {
    const policies: string[] = [];
    let unknownQualifier: string | undefined;
    const readQualifiers = (q: DerReader): void => {
      if (q.atEnd) throw new DerError('empty policyQualifiers');
      while (!q.atEnd) {
        const id = q.nested(Tag.SEQUENCE, 'PolicyQualifierInfo', readQualifier);
        if (!KNOWN_QUALIFIERS.has(id)) unknownQualifier ??= id;
      }
    };
    while (!list.atEnd) {
      const oid = list.nested(Tag.SEQUENCE, 'PolicyInformation', (info) => {
        const policy = readOid(value, info.next(Tag.OID, 'policyIdentifier'));
        info.optionalNested(Tag.SEQUENCE, 'policyQualifiers', readQualifiers);
        return policy;
      });
      if (policies.includes(oid)) throw new DerError('a policy appears twice in certificatePolicies');
      policies.push(oid);
    }
    if (policies.length === 0) throw new DerError('empty certificatePolicies');
    return { policies, unknownQualifier };
  });
}

function readMapping(r: DerReader): [string, string] {
  return [readOid(r.buf, r.next(Tag.OID, 'issuerDomainPolicy')), readOid(r.buf, r.next(Tag.OID, 'subjectDomainPolicy'))];
}

export function decodePolicyMappings(value: Uint8Array): [string, string][] {
  return readAll(value, Tag.SEQUENCE, 'policyMappings', (r) => {
    const out: [string, string][] = [];
    while (!r.atEnd) out.push(r.nested(Tag.SEQUENCE, 'policy mapping', readMapping));
    if (out.length === 0) throw new DerError('empty policyMappings');
    return out;
  });
}

export function decodePolicyConstraints(value: Uint8Array): PolicyConstraints {
  return readAll(value, Tag.SEQUENCE, 'policyConstraints', (r) => {
    // requireExplicitPolicy [0] and inhibitPolicyMapping [1] are IMPLICIT SkipCerts (INTEGER).
    const require = r.optional(0x80);
    const inhibit = r.optional(0x81);
    if (!require && !inhibit) throw new DerError('empty policyConstraints');
    return {
      requireExplicitPolicy: require && readSmallInteger(value, require, 0x80),
      inhibitPolicyMapping: inhibit && readSmallInteger(value, inhibit, 0x81),
    };
  });
}

export function decodeInhibitAnyPolicy(value: Uint8Array): number {
  return readSmallInteger(value, readRoot(value, Tag.INTEGER, 'inhibitAnyPolicy'));
}

/** RelativeDistinguishedName: a SET OF AttributeTypeAndValue, checked now because it only becomes a full name during revocation checking. */
function checkRelativeName(r: DerReader): void {
  if (r.atEnd) throw new DerError('empty nameRelativeToCRLIssuer');
  while (!r.atEnd) {
    r.nested(Tag.SEQUENCE, 'nameRelativeToCRLIssuer attribute', (atv) => {
      readOid(atv.buf, atv.next(Tag.OID, 'attribute type'));
      atv.any('attribute value');
    });
  }
}

/** Reads a DistributionPointName ([0] fullName / [1] nameRelativeToCRLIssuer): the content of its [0] EXPLICIT wrapper. */
export function readDistributionPointName(r: DerReader): Pick<DistributionPoint, 'fullName' | 'relativeName'> {
  const fullName = r.optionalNested(0xa0, 'fullName', readGeneralNames);
  if (fullName) return { fullName, relativeName: undefined };
  const relative = r.next(0xa1, 'DistributionPointName');
  within(r.buf, relative, 'nameRelativeToCRLIssuer', checkRelativeName);
  return { fullName: undefined, relativeName: encodingOf(r.buf, relative) };
}

function readDistributionPoint(r: DerReader): DistributionPoint {
  const name = r.optionalNested(0xa0, 'distributionPoint', readDistributionPointName);
  const reasons = r.optional(0x81);
  const crlIssuer = r.optionalNested(0xa2, 'cRLIssuer', readGeneralNames);
  return {
    fullName: name?.fullName,
    relativeName: name?.relativeName,
    reasons: reasons && bitMask(readBitString(r.buf, reasons, 0x81).bytes),
    crlIssuer,
  };
}

export function decodeCrlDistributionPoints(value: Uint8Array): DistributionPoint[] {
  return readAll(value, Tag.SEQUENCE, 'cRLDistributionPoints', (r) => {
    const out: DistributionPoint[] = [];
    while (!r.atEnd) out.push(r.nested(Tag.SEQUENCE, 'DistributionPoint', readDistributionPoint));
    return out;
  });
}

function readAccessDescription(r: DerReader): void {
  readOid(r.buf, r.next(Tag.OID, 'accessMethod'));
  parseGeneralName(r.buf, r.any('accessLocation'));
}

/** Validates AuthorityInfoAccess / SubjectInfoAccess syntax (the values are not used: no network I/O). */
export function validateInfoAccess(value: Uint8Array): void {
  readAll(value, Tag.SEQUENCE, 'infoAccess', (r) => {
    if (r.atEnd) throw new DerError('empty info access');
    while (!r.atEnd) r.nested(Tag.SEQUENCE, 'AccessDescription', readAccessDescription);
  });
}

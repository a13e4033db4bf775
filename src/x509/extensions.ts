/**
 * Decoders for the X.509 extensions the verifier processes. Each takes the extnValue bytes and
 * throws DerError when they are not the DER the RFC 5280 ASN.1 module describes.
 */
import { DerError, Tag, children, contentOf, readBitString, readBoolean, readOid, readRoot, readSmallInteger } from './asn1.js';
import { type GeneralName, parseGeneralName, parseGeneralNames } from './general-names.js';

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

function root(value: Uint8Array, tag: number, what: string) {
  return readRoot(value, tag, what);
}

export function decodeBasicConstraints(value: Uint8Array): BasicConstraints {
  const parts = children(value, root(value, Tag.SEQUENCE, 'basicConstraints'));
  let i = 0;
  let ca = false;
  if (parts[i]?.tag === Tag.BOOLEAN) {
    ca = readBoolean(value, parts[i++]);
    if (!ca) throw new DerError('basicConstraints cA FALSE must be omitted in DER');
  }
  let pathLen: number | undefined;
  if (parts[i]?.tag === Tag.INTEGER) pathLen = readSmallInteger(value, parts[i++]);
  if (i !== parts.length) throw new DerError('bad basicConstraints');
  return { ca, pathLen };
}

/** Bits of a named BIT STRING as a mask (bit 0 = most significant bit of the first byte). */
export function bitMask(bytes: Uint8Array): number {
  let mask = 0;
  for (let i = 0; i < Math.min(bytes.length * 8, 31); i++) if (bytes[i >> 3] & (0x80 >> (i & 7))) mask |= 1 << i;
  return mask;
}

export function decodeKeyUsage(value: Uint8Array): number {
  const { bytes } = readBitString(value, root(value, Tag.BIT_STRING, 'keyUsage'));
  const mask = bitMask(bytes);
  if (mask === 0) throw new DerError('keyUsage with no bit set');
  return mask;
}

export function decodeOidSequence(value: Uint8Array, what: string): string[] {
  return children(value, root(value, Tag.SEQUENCE, what)).map((n) => readOid(value, n));
}

export function decodeAuthorityKeyId(value: Uint8Array): AuthorityKeyIdentifier {
  let keyId: Uint8Array | undefined;
  let hasIssuer = false;
  let hasSerial = false;
  for (const part of children(value, root(value, Tag.SEQUENCE, 'authorityKeyIdentifier'))) {
    if (part.tag === 0x80) keyId = contentOf(value, part);
    else if (part.tag === 0xa1) hasIssuer = true;
    else if (part.tag === 0x82) hasSerial = true;
    else throw new DerError('bad authorityKeyIdentifier');
  }
  return { keyId, hasIssuer, hasSerial };
}

export function decodeSubjectKeyId(value: Uint8Array): Uint8Array {
  return contentOf(value, root(value, Tag.OCTET_STRING, 'subjectKeyIdentifier'));
}

function decodeSubtrees(value: Uint8Array, node: ReturnType<typeof root>): GeneralSubtree[] {
  return children(value, node).map((subtree) => {
    if (subtree.tag !== Tag.SEQUENCE) throw new DerError('GeneralSubtree must be a SEQUENCE');
    const parts = children(value, subtree);
    if (parts.length === 0) throw new DerError('empty GeneralSubtree');
    const base = parseGeneralName(value, parts[0], 'constraint');
    for (const extra of parts.slice(1)) {
      // minimum [0] DEFAULT 0 must be omitted in DER; maximum [1] is not used (RFC 5280 §4.2.1.10).
      if (extra.tag === 0x80 || extra.tag === 0x81) throw new DerError('name constraint minimum/maximum are not allowed');
      throw new DerError('bad GeneralSubtree');
    }
    return { base };
  });
}

export function decodeNameConstraints(value: Uint8Array): NameConstraints {
  let permitted: GeneralSubtree[] = [];
  let excluded: GeneralSubtree[] = [];
  const parts = children(value, root(value, Tag.SEQUENCE, 'nameConstraints'));
  for (const part of parts) {
    if (part.tag === 0xa0) permitted = decodeSubtrees(value, part);
    else if (part.tag === 0xa1) excluded = decodeSubtrees(value, part);
    else throw new DerError('bad nameConstraints');
  }
  if (permitted.length === 0 && excluded.length === 0) throw new DerError('empty nameConstraints');
  return { permitted, excluded };
}

/** The policy qualifiers RFC 5280 §4.2.1.4 defines: CPS pointer and user notice. */
const KNOWN_QUALIFIERS: ReadonlySet<string> = new Set(['1.3.6.1.5.5.7.2.1', '1.3.6.1.5.5.7.2.2']);

/** certificatePolicies: the policy OIDs, and the first qualifier of a kind this library cannot interpret. */
export interface CertificatePolicies {
  readonly policies: string[];
  readonly unknownQualifier: string | undefined;
}

export function decodeCertificatePolicies(value: Uint8Array): CertificatePolicies {
  const out: string[] = [];
  let unknownQualifier: string | undefined;
  for (const info of children(value, root(value, Tag.SEQUENCE, 'certificatePolicies'))) {
    if (info.tag !== Tag.SEQUENCE) throw new DerError('PolicyInformation must be a SEQUENCE');
    const parts = children(value, info);
    if (parts.length < 1 || parts.length > 2) throw new DerError('bad PolicyInformation');
    const oid = readOid(value, parts[0]);
    if (parts[1]) {
      if (parts[1].tag !== Tag.SEQUENCE) throw new DerError('bad policyQualifiers');
      const qualifiers = children(value, parts[1]);
      if (qualifiers.length === 0) throw new DerError('empty policyQualifiers');
      for (const q of qualifiers) {
        // PolicyQualifierInfo ::= SEQUENCE { policyQualifierId, qualifier ANY DEFINED BY policyQualifierId }
        const fields = q.tag === Tag.SEQUENCE ? children(value, q) : [];
        if (fields.length !== 2) throw new DerError('bad PolicyQualifierInfo');
        const id = readOid(value, fields[0]);
        if (!KNOWN_QUALIFIERS.has(id)) unknownQualifier ??= id;
      }
    }
    if (out.includes(oid)) throw new DerError('a policy appears twice in certificatePolicies');
    out.push(oid);
  }
  if (out.length === 0) throw new DerError('empty certificatePolicies');
  return { policies: out, unknownQualifier };
}

export function decodePolicyMappings(value: Uint8Array): [string, string][] {
  const out: [string, string][] = [];
  for (const m of children(value, root(value, Tag.SEQUENCE, 'policyMappings'))) {
    const parts = m.tag === Tag.SEQUENCE ? children(value, m) : [];
    if (parts.length !== 2) throw new DerError('bad policy mapping');
    out.push([readOid(value, parts[0]), readOid(value, parts[1])]);
  }
  if (out.length === 0) throw new DerError('empty policyMappings');
  return out;
}

export function decodePolicyConstraints(value: Uint8Array): PolicyConstraints {
  let requireExplicitPolicy: number | undefined;
  let inhibitPolicyMapping: number | undefined;
  const parts = children(value, root(value, Tag.SEQUENCE, 'policyConstraints'));
  for (const part of parts) {
    const n = readSmallInteger(value, { ...part, tag: Tag.INTEGER });
    if (part.tag === 0x80 && requireExplicitPolicy === undefined) requireExplicitPolicy = n;
    else if (part.tag === 0x81 && inhibitPolicyMapping === undefined) inhibitPolicyMapping = n;
    else throw new DerError('bad policyConstraints');
  }
  if (parts.length === 0) throw new DerError('empty policyConstraints');
  return { requireExplicitPolicy, inhibitPolicyMapping };
}

export function decodeInhibitAnyPolicy(value: Uint8Array): number {
  return readSmallInteger(value, root(value, Tag.INTEGER, 'inhibitAnyPolicy'));
}

/** Decodes a DistributionPointName ([0] fullName / [1] nameRelativeToCRLIssuer). */
export function decodeDistributionPointName(
  value: Uint8Array,
  node: ReturnType<typeof root>,
): Pick<DistributionPoint, 'fullName' | 'relativeName'> {
  const inner = children(value, node);
  if (inner.length !== 1) throw new DerError('bad DistributionPointName');
  const choice = inner[0];
  if (choice.tag === 0xa0) return { fullName: parseGeneralNames(value, { ...choice, tag: Tag.SEQUENCE }), relativeName: undefined };
  if (choice.tag === 0xa1) {
    // RelativeDistinguishedName: a SET OF AttributeTypeAndValue, checked now because it is only
    // turned into a full name later, during revocation checking.
    const atvs = children(value, choice);
    if (atvs.length === 0) throw new DerError('empty nameRelativeToCRLIssuer');
    for (const atv of atvs) {
      const parts = atv.tag === Tag.SEQUENCE ? children(value, atv) : [];
      if (parts.length !== 2) throw new DerError('bad nameRelativeToCRLIssuer');
      readOid(value, parts[0]);
    }
    return { fullName: undefined, relativeName: value.subarray(choice.start, choice.end) };
  }
  throw new DerError('bad DistributionPointName');
}

export function decodeCrlDistributionPoints(value: Uint8Array): DistributionPoint[] {
  return children(value, root(value, Tag.SEQUENCE, 'cRLDistributionPoints')).map((dp) => {
    if (dp.tag !== Tag.SEQUENCE) throw new DerError('DistributionPoint must be a SEQUENCE');
    let name: Pick<DistributionPoint, 'fullName' | 'relativeName'> = { fullName: undefined, relativeName: undefined };
    let reasons: number | undefined;
    let crlIssuer: GeneralName[] | undefined;
    for (const part of children(value, dp)) {
      if (part.tag === 0xa0) name = decodeDistributionPointName(value, part);
      else if (part.tag === 0x81) reasons = bitMask(readBitString(value, { ...part, tag: Tag.BIT_STRING }).bytes);
      else if (part.tag === 0xa2) crlIssuer = parseGeneralNames(value, { ...part, tag: Tag.SEQUENCE });
      else throw new DerError('bad DistributionPoint');
    }
    return { ...name, reasons, crlIssuer };
  });
}

/** Validates AuthorityInfoAccess / SubjectInfoAccess syntax (the values are not used: no network I/O). */
export function validateInfoAccess(value: Uint8Array): void {
  const list = children(value, root(value, Tag.SEQUENCE, 'infoAccess'));
  if (list.length === 0) throw new DerError('empty info access');
  for (const ad of list) {
    const parts = ad.tag === Tag.SEQUENCE ? children(value, ad) : [];
    if (parts.length !== 2) throw new DerError('bad AccessDescription');
    readOid(value, parts[0]);
    parseGeneralName(value, parts[1]);
  }
}

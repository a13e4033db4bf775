/**
 * DER → parsed certificate. Everything the verifier and the identity need is decoded here,
 * once per distinct DER; nothing else in the library touches certificate bytes.
 */
import { pemTextOf } from './pem-text.js';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { sha256 } from './digest.js';
import {
  type DerNode,
  DerError,
  Tag,
  children,
  contentOf,
  encodingOf,
  expectNode,
  integerBytes,
  readBitString,
  readBoolean,
  readOid,
  readRoot,
  readSmallInteger,
  readTime,
  toHex,
} from './asn1.js';
import {
  type AuthorityKeyIdentifier,
  type BasicConstraints,
  type DistributionPoint,
  ExtOid,
  type NameConstraints,
  type PolicyConstraints,
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
} from './extensions.js';
import { type GeneralName, parseGeneralNames } from './general-names.js';
import { type DistinguishedName, formatRfc4514, parseName } from './names.js';
import { findPemBlocks } from './pem.js';
import { decodePssParams } from './pss.js';

const RSA_PSS = '1.2.840.113549.1.1.10';

export type { GeneralName } from './general-names.js';

/** Well-known OIDs used across the verifier. */
export const OID = {
  ...ExtOid,
  anyExtendedKeyUsage: '2.5.29.37.0',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  ecPublicKey: '1.2.840.10045.2.1',
  emailAddress: '1.2.840.113549.1.9.1',
} as const;

/** keyUsage bits (RFC 5280 §4.2.1.3) as masks. */
export const KeyUsage = {
  digitalSignature: 1 << 0,
  nonRepudiation: 1 << 1,
  keyEncipherment: 1 << 2,
  dataEncipherment: 1 << 3,
  keyAgreement: 1 << 4,
  keyCertSign: 1 << 5,
  cRLSign: 1 << 6,
  encipherOnly: 1 << 7,
  decipherOnly: 1 << 8,
} as const;

/** One extension as it appears in the certificate. */
export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  /** The extnValue OCTET STRING content: the extension's own DER. */
  readonly value: Uint8Array;
}

/** Anything signed: a certificate or a CRL (the signed bytes, both algorithm identifiers, the signature). */
export interface SignedObject {
  readonly tbs: Uint8Array;
  /** DER of the outer AlgorithmIdentifier and of the one inside the signed bytes. */
  readonly signatureAlgorithm: Uint8Array;
  readonly tbsSignatureAlgorithm: Uint8Array;
  readonly signatureOid: string;
  /** DER of the parameters of the outer AlgorithmIdentifier, if any. */
  readonly signatureParams: Uint8Array | undefined;
  readonly signature: Uint8Array;
}

/** A certificate decoded once and shared by every request that presents the same DER. */
export interface ParsedCertificate extends SignedObject {
  readonly der: Uint8Array;
  readonly version: number;
  /** Lowercase hex of the serial's magnitude (identity form). */
  readonly serialNumber: string;
  /** Why the serial breaks RFC 5280 §4.1.2.2 (not positive, over 20 octets), if it does. */
  readonly serialProblem: string | undefined;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Uint8Array;
  readonly spkiAlgorithm: string;
  /** Tag of the SPKI algorithm parameters (0x06 = named curve OID), or undefined when absent. */
  readonly spkiParamsTag: number | undefined;
  /** DER of the SPKI algorithm parameters, if any (DSA parameter inheritance needs them). */
  readonly spkiParams: Uint8Array | undefined;
  /** DER of the subjectPublicKey BIT STRING. */
  readonly spkiKeyBits: Uint8Array;
  /** Hex of the serial INTEGER's content octets, exactly as encoded (CRL entries match on it). */
  readonly serialDer: string;
  readonly extensions: ReadonlyMap<string, Extension>;
  readonly basicConstraints: BasicConstraints | undefined;
  /** keyUsage bits as a mask (see KeyUsage), or undefined when the extension is absent. */
  readonly keyUsage: number | undefined;
  /** EKU OIDs, or undefined when the extension is absent. */
  readonly extKeyUsage: readonly string[] | undefined;
  readonly subjectAltNames: readonly GeneralName[];
  readonly subjectKeyId: Uint8Array | undefined;
  readonly authorityKeyId: AuthorityKeyIdentifier | undefined;
  readonly nameConstraints: NameConstraints | undefined;
  /** certificatePolicies OIDs, or undefined when the extension is absent. */
  readonly policies: readonly string[] | undefined;
  /** The OID of a policy qualifier that is neither a CPS pointer nor a user notice, if any (RFC 5280 §4.2.1.4). */
  readonly policyQualifierUnknown: string | undefined;
  readonly policyMappings: readonly (readonly [string, string])[] | undefined;
  readonly policyConstraints: PolicyConstraints | undefined;
  readonly inhibitAnyPolicy: number | undefined;
  readonly crlDistributionPoints: readonly DistributionPoint[] | undefined;
  /** emailAddress attributes of the subject (name constraints apply to them as rfc822Names). */
  readonly subjectEmails: readonly string[];
  /** Lowercase hex SHA-256 of the DER. */
  readonly fingerprint256: string;
  /** Issuer equals subject (by RFC 5280 name matching). */
  readonly selfIssued: boolean;
  /** RFC 4514 form of the subject, for messages. */
  readonly subjectString: string;
}

/** An AlgorithmIdentifier's OID and the DER of its parameters. */
export function algorithmOid(buf: Uint8Array, node: DerNode): { oid: string; params: Uint8Array | undefined } {
  if (node.tag !== Tag.SEQUENCE) throw new DerError('AlgorithmIdentifier must be a SEQUENCE');
  const parts = children(buf, node);
  if (parts.length < 1 || parts.length > 2) throw new DerError('bad AlgorithmIdentifier');
  return { oid: readOid(buf, parts[0]), params: parts[1] ? encodingOf(buf, parts[1]) : undefined };
}

/** Lowercase hex of an INTEGER's magnitude (serial numbers). */
export function serialHex(bytes: Uint8Array): string {
  // The magnitude: drop the sign byte DER adds before a high bit, keep an even digit count.
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return toHex(bytes.subarray(start));
}

/** Parses an [n] EXPLICIT Extensions field; duplicates and DER violations throw. */
export function parseExtensions(buf: Uint8Array, node: DerNode): Map<string, Extension> {
  const list = expectNode(buf, node.contentStart, node.end, Tag.SEQUENCE, 'extensions');
  if (list.end !== node.end) throw new DerError('trailing bytes after extensions');
  const out = new Map<string, Extension>();
  const items = children(buf, list);
  if (items.length === 0) throw new DerError('empty extensions list');
  for (const ext of items) {
    if (ext.tag !== Tag.SEQUENCE) throw new DerError('Extension must be a SEQUENCE');
    const parts = children(buf, ext);
    if (parts.length < 2 || parts.length > 3) throw new DerError('bad Extension');
    let i = 0;
    const oid = readOid(buf, parts[i++]);
    let critical = false;
    if (parts[i]?.tag === Tag.BOOLEAN) {
      critical = readBoolean(buf, parts[i++]);
      // DER: a DEFAULT value must be omitted.
      if (!critical) throw new DerError('critical FALSE must be omitted in DER');
    }
    const value = parts[i++];
    if (!value || value.tag !== Tag.OCTET_STRING || i !== parts.length) throw new DerError('bad Extension');
    if (out.has(oid)) throw new DerError(`extension ${oid} appears twice`);
    out.set(oid, { oid, critical, value: contentOf(buf, value) });
  }
  return out;
}

function serialProblemOf(bytes: Uint8Array): string | undefined {
  if (bytes[0] & 0x80) return 'its serial number is negative';
  if (bytes.every((b) => b === 0)) return 'its serial number is zero';
  const magnitude = bytes[0] === 0 ? bytes.length - 1 : bytes.length;
  if (magnitude > 20) return 'its serial number is longer than 20 octets';
  return undefined;
}

/** Decodes the extension `oid` with `decode` when present. */
function decoded<T>(extensions: ReadonlyMap<string, Extension>, oid: string, decode: (value: Uint8Array) => T): T | undefined {
  const ext = extensions.get(oid);
  return ext ? decode(ext.value) : undefined;
}

/** Parses one DER certificate; throws DerError when the bytes are not exactly one X.509 certificate. */
export function parseCertificateDer(der: Uint8Array): ParsedCertificate {
  const cert = readRoot(der, Tag.SEQUENCE, 'Certificate');
  const top = children(der, cert);
  if (top.length !== 3) throw new DerError('Certificate must have three parts');
  const [tbsNode, sigAlgNode, sigNode] = top;
  if (tbsNode.tag !== Tag.SEQUENCE) throw new DerError('TBSCertificate must be a SEQUENCE');
  const outerAlg = algorithmOid(der, sigAlgNode);
  // Decoded now so that malformed parameters are malformed input, not a failure at verification time.
  if (outerAlg.oid === RSA_PSS && outerAlg.params) decodePssParams(outerAlg.params);
  const { bytes: signature, unusedBits } = readBitString(der, sigNode);
  if (unusedBits !== 0) throw new DerError('signature BIT STRING must be whole bytes');

  const fields = children(der, tbsNode);
  let i = 0;
  let version = 1;
  if (fields[i]?.tag === 0xa0) {
    const inner = children(der, fields[i++]);
    if (inner.length !== 1) throw new DerError('bad version');
    version = readSmallInteger(der, inner[0]) + 1;
    if (version === 1) throw new DerError('version v1 must be omitted in DER');
    if (version > 3) throw new DerError('unknown certificate version');
  }
  const serialNode = fields[i++];
  if (serialNode?.tag !== Tag.INTEGER) throw new DerError('missing serialNumber');
  const serial = integerBytes(der, serialNode);
  const tbsAlgNode = fields[i++];
  if (!tbsAlgNode) throw new DerError('missing signature algorithm');
  algorithmOid(der, tbsAlgNode);
  const issuerNode = fields[i++];
  const validityNode = fields[i++];
  const subjectNode = fields[i++];
  const spkiNode = fields[i++];
  if (!issuerNode || !validityNode || !subjectNode || !spkiNode) throw new DerError('TBSCertificate is incomplete');
  if (validityNode.tag !== Tag.SEQUENCE) throw new DerError('Validity must be a SEQUENCE');
  const times = children(der, validityNode);
  if (times.length !== 2) throw new DerError('Validity must have two times');
  if (spkiNode.tag !== Tag.SEQUENCE) throw new DerError('SubjectPublicKeyInfo must be a SEQUENCE');
  const spkiParts = children(der, spkiNode);
  if (spkiParts.length !== 2) throw new DerError('bad SubjectPublicKeyInfo');
  const spkiAlg = algorithmOid(der, spkiParts[0]);
  readBitString(der, spkiParts[1]);

  let extensions = new Map<string, Extension>();
  while (i < fields.length) {
    const f = fields[i++];
    if ((f.tag === 0x81 || f.tag === 0x82) && version >= 2) continue; // unique identifiers
    if (f.tag === 0xa3 && version === 3) {
      extensions = parseExtensions(der, f);
      if (i !== fields.length) throw new DerError('fields after extensions');
      break;
    }
    throw new DerError('unexpected field in TBSCertificate');
  }

  const issuer = parseName(der, issuerNode);
  const subject = parseName(der, subjectNode);
  const subjectAltNames =
    decoded(extensions, OID.subjectAltName, (v) => parseGeneralNames(v, readRoot(v, Tag.SEQUENCE, 'subjectAltName'))) ?? [];
  decoded(extensions, OID.authorityInfoAccess, validateInfoAccess);
  decoded(extensions, OID.subjectInfoAccess, validateInfoAccess);
  const certificatePolicies = decoded(extensions, OID.certificatePolicies, decodeCertificatePolicies);
  const subjectEmails: string[] = [];
  for (const rdn of subject.rdns) for (const a of rdn) if (a.oid === OID.emailAddress && a.text !== undefined) subjectEmails.push(a.text);

  return {
    der,
    tbs: encodingOf(der, tbsNode),
    version,
    serialNumber: serialHex(serial),
    serialProblem: serialProblemOf(serial),
    tbsSignatureAlgorithm: encodingOf(der, tbsAlgNode),
    signatureAlgorithm: encodingOf(der, sigAlgNode),
    signatureOid: outerAlg.oid,
    signatureParams: outerAlg.params,
    signature,
    issuer,
    subject,
    notBefore: readTime(der, times[0]),
    notAfter: readTime(der, times[1]),
    spki: encodingOf(der, spkiNode),
    spkiAlgorithm: spkiAlg.oid,
    spkiParamsTag: spkiAlg.params?.[0],
    spkiParams: spkiAlg.params,
    spkiKeyBits: encodingOf(der, spkiParts[1]),
    serialDer: toHex(serial),
    extensions,
    basicConstraints: decoded(extensions, OID.basicConstraints, decodeBasicConstraints),
    keyUsage: decoded(extensions, OID.keyUsage, decodeKeyUsage),
    extKeyUsage: decoded(extensions, OID.extKeyUsage, (v) => decodeOidSequence(v, 'extKeyUsage')),
    subjectAltNames,
    subjectKeyId: decoded(extensions, OID.subjectKeyIdentifier, decodeSubjectKeyId),
    authorityKeyId: decoded(extensions, OID.authorityKeyIdentifier, decodeAuthorityKeyId),
    nameConstraints: decoded(extensions, OID.nameConstraints, decodeNameConstraints),
    policies: certificatePolicies?.policies,
    policyQualifierUnknown: certificatePolicies?.unknownQualifier,
    policyMappings: decoded(extensions, OID.policyMappings, decodePolicyMappings),
    policyConstraints: decoded(extensions, OID.policyConstraints, decodePolicyConstraints),
    inhibitAnyPolicy: decoded(extensions, OID.inhibitAnyPolicy, decodeInhibitAnyPolicy),
    crlDistributionPoints: decoded(extensions, OID.crlDistributionPoints, decodeCrlDistributionPoints),
    subjectEmails,
    fingerprint256: sha256(der, 'hex'),
    selfIssued: issuer.key === subject.key,
    subjectString: formatRfc4514(subject),
  };
}

const publicKeys = new WeakMap<ParsedCertificate, KeyObject>();

/** The certificate's public key as a KeyObject, created once per parsed certificate. */
export function publicKeyOf(cert: ParsedCertificate, inheritedParams?: Uint8Array): KeyObject {
  if (inheritedParams) return createPublicKey({ key: Buffer.from(spkiWithParams(cert, inheritedParams)), format: 'der', type: 'spki' });
  let key = publicKeys.get(cert);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(cert.spki), format: 'der', type: 'spki' });
    publicKeys.set(cert, key);
  }
  return key;
}

const DSA_OID_DER = Buffer.from('06072a8648ce380401', 'hex');

function derSequence(content: Buffer): Buffer {
  const n = content.length;
  const header = n < 0x80 ? [0x30, n] : n < 0x100 ? [0x30, 0x81, n] : [0x30, 0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from(header), content]);
}

/** The SPKI of a DSA key that omits its domain parameters, completed with its issuer's (RFC 3279 §2.3.2). */
function spkiWithParams(cert: ParsedCertificate, params: Uint8Array): Uint8Array {
  return derSequence(Buffer.concat([derSequence(Buffer.concat([DSA_OID_DER, params])), cert.spkiKeyBits]));
}

/** Certificates in configuration or `createVerifier` input: PEM (one or more) or DER bytes. */
export type CertificateInput = string | Uint8Array;

/**
 * The DER certificates in a PEM string (all of its CERTIFICATE blocks), PEM text bytes (a Buffer
 * from readFileSync) or DER bytes. Returns an empty list for PEM text without a CERTIFICATE block.
 */
export function derFromInput(input: CertificateInput): Uint8Array[] {
  if (typeof input !== 'string') {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    const pem = pemTextOf(bytes);
    if (pem === undefined) return [bytes];
    input = pem;
  }
  return findPemBlocks(input, 'CERTIFICATE');
}

/** Base64 of DER bytes. */
export function derToBase64(der: Uint8Array): string {
  return Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
}

/**
 * DER → parsed certificate. Everything the verifier and the identity need is decoded here,
 * once per distinct DER; nothing else in the library touches certificate bytes.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { sha256 } from './digest.js';
import {
  type DerNode,
  DerError,
  DerReader,
  bytesEqual,
  Tag,
  contentOf,
  encodingOf,
  integerBytes,
  readBitString,
  readBoolean,
  readOid,
  readRoot,
  readSmallInteger,
  readTime,
  toHex,
  within,
} from './asn1.js';
import { encodeTlv } from './tlv.js';
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
import { type GeneralName, decodeGeneralNames } from './general-names.js';
import { type DistinguishedName, formatRfc4514, parseName, parseNameDer } from './names.js';
import { pemTextOf, readPem } from './pem.js';
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
  /**
   * What later stages derive from this certificate (its key's facts, its signature checks), each
   * under a symbol of its own: kept with the certificate, so it lives exactly as long, where a weak
   * map keyed by short-lived leaves made work for the collector on every decision.
   */
  readonly derived: { [slot: symbol]: unknown };
}

/** An AlgorithmIdentifier: its OID, the DER of its parameters, and its own whole DER. */
export interface AlgorithmIdentifier {
  readonly oid: string;
  readonly params: Uint8Array | undefined;
  readonly der: Uint8Array;
}

/** Reads the next element of `r` as an AlgorithmIdentifier (SEQUENCE { OID, parameters ANY OPTIONAL }). */
export function readAlgorithm(r: DerReader, what: string): AlgorithmIdentifier {
  const node = r.next(Tag.SEQUENCE, what);
  const inner = new DerReader(r.buf, node.contentStart, node.end);
  const oid = readOid(r.buf, inner.next(Tag.OID, what));
  const params = inner.atEnd ? undefined : encodingOf(r.buf, inner.any(what));
  inner.end(what);
  return { oid, params, der: encodingOf(r.buf, node) };
}

/** Lowercase hex of an INTEGER's magnitude (serial numbers). */
export function serialHex(bytes: Uint8Array): string {
  // The magnitude: drop the sign byte DER adds before a high bit, keep an even digit count.
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return toHex(bytes.subarray(start));
}

function readExtension(r: DerReader): Extension {
  const oid = readOid(r.buf, r.next(Tag.OID, 'extnID'));
  const criticalNode = r.optional(Tag.BOOLEAN);
  const critical = criticalNode !== undefined && readBoolean(r.buf, criticalNode);
  // DER: a DEFAULT value must be omitted.
  if (criticalNode && !critical) throw new DerError('critical FALSE must be omitted in DER');
  return { oid, critical, value: contentOf(r.buf, r.next(Tag.OCTET_STRING, 'extnValue')) };
}

/** Reads the rest of `r` as Extensions (SEQUENCE OF Extension, at least one); duplicates and DER violations throw. */
export function readExtensionList(r: DerReader): Map<string, Extension> {
  const out = new Map<string, Extension>();
  while (!r.atEnd) {
    const ext = r.nested(Tag.SEQUENCE, 'Extension', readExtension);
    if (out.has(ext.oid)) throw new DerError(`extension ${ext.oid} appears twice`);
    out.set(ext.oid, ext);
  }
  if (out.size === 0) throw new DerError('empty extensions list');
  return out;
}

/** Reads the rest of `r` as one Extensions SEQUENCE: the content of an `[n] EXPLICIT Extensions` field. */
export function readExplicitExtensions(r: DerReader): Map<string, Extension> {
  return r.nested(Tag.SEQUENCE, 'extensions', readExtensionList);
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

/** Version ::= INTEGER { v1(0), v2(1), v3(2) } inside [0] EXPLICIT: 2 or 3 (DER omits v1, the DEFAULT). */
function readVersion(r: DerReader): number {
  const version = readSmallInteger(r.buf, r.next(Tag.INTEGER, 'version')) + 1;
  if (version === 1) throw new DerError('version v1 must be omitted in DER');
  if (version > 3) throw new DerError('unknown certificate version');
  return version;
}

/** Validity ::= SEQUENCE { notBefore Time, notAfter Time }. */
function readValidity(r: DerReader): [Date, Date] {
  return [readTime(r.buf, r.any('notBefore')), readTime(r.buf, r.any('notAfter'))];
}

/** The fields of a TBSCertificate (RFC 5280 §4.1), in order, each element consumed. */
function readTbsCertificate(r: DerReader) {
  const der = r.buf;
  const version = r.optionalNested(0xa0, 'version', readVersion) ?? 1;
  const serial = integerBytes(der, r.next(Tag.INTEGER, 'serialNumber'));
  const tbsAlgorithm = readAlgorithm(r, 'signature');
  const issuerNode = r.next(Tag.SEQUENCE, 'issuer');
  const [notBefore, notAfter] = r.nested(Tag.SEQUENCE, 'Validity', readValidity);
  const subjectNode = r.next(Tag.SEQUENCE, 'subject');
  const spkiNode = r.next(Tag.SEQUENCE, 'SubjectPublicKeyInfo');
  const spki = new DerReader(der, spkiNode.contentStart, spkiNode.end);
  const spkiAlg = readAlgorithm(spki, 'SubjectPublicKeyInfo algorithm');
  const keyBitsNode = spki.next(Tag.BIT_STRING, 'subjectPublicKey');
  readBitString(der, keyBitsNode);
  spki.end('SubjectPublicKeyInfo');
  // issuerUniqueID [1] and subjectUniqueID [2] (v2 and v3) are skipped: nothing uses them.
  if (version >= 2) {
    r.optional(0x81);
    r.optional(0x82);
  }
  const extensions = version === 3 ? r.optionalNested(0xa3, 'extensions', readExplicitExtensions) : undefined;
  r.end('TBSCertificate');
  return { version, serial, tbsAlgorithm, issuerNode, notBefore, notAfter, subjectNode, spkiNode, spkiAlg, keyBitsNode, extensions };
}

/**
 * The issuer name parsed last, over its own copy of the bytes (a view could be refilled by the
 * caller): the leaves of one CA repeat its name, and decoding and folding it again was an eighth
 * of the cost of parsing a leaf.
 */
let lastIssuer: DistinguishedName | undefined;

function issuerName(der: Uint8Array, node: DerNode): DistinguishedName {
  const bytes = encodingOf(der, node);
  if (lastIssuer && bytesEqual(lastIssuer.der, bytes)) return lastIssuer;
  return (lastIssuer = parseNameDer(new Uint8Array(bytes)));
}

/** Parses one DER certificate; throws DerError when the bytes are not exactly one X.509 certificate. */
export function parseCertificateDer(der: Uint8Array): ParsedCertificate {
  const certNode = readRoot(der, Tag.SEQUENCE, 'Certificate');
  const r = new DerReader(der, certNode.contentStart, certNode.end);
  const tbsNode = r.next(Tag.SEQUENCE, 'TBSCertificate');
  const outerAlg = readAlgorithm(r, 'signatureAlgorithm');
  // Decoded now so that malformed parameters are malformed input, not a failure at verification time.
  if (outerAlg.oid === RSA_PSS && outerAlg.params) decodePssParams(outerAlg.params);
  const { bytes: signature, unusedBits } = readBitString(der, r.next(Tag.BIT_STRING, 'signatureValue'));
  if (unusedBits !== 0) throw new DerError('signature BIT STRING must be whole bytes');
  r.end('Certificate');
  const tbs = within(der, tbsNode, 'TBSCertificate', readTbsCertificate);
  const extensions: ReadonlyMap<string, Extension> = tbs.extensions ?? new Map<string, Extension>();
  const { serial, spkiAlg } = tbs;

  const issuer = issuerName(der, tbs.issuerNode);
  const subject = parseName(der, tbs.subjectNode);
  const subjectAltNames = decoded(extensions, OID.subjectAltName, (v) => decodeGeneralNames(v, 'subjectAltName')) ?? [];
  decoded(extensions, OID.authorityInfoAccess, validateInfoAccess);
  decoded(extensions, OID.subjectInfoAccess, validateInfoAccess);
  const certificatePolicies = decoded(extensions, OID.certificatePolicies, decodeCertificatePolicies);
  const subjectEmails: string[] = [];
  for (const rdn of subject.rdns) for (const a of rdn) if (a.oid === OID.emailAddress && a.text !== undefined) subjectEmails.push(a.text);

  return {
    der,
    tbs: encodingOf(der, tbsNode),
    version: tbs.version,
    serialNumber: serialHex(serial),
    serialProblem: serialProblemOf(serial),
    tbsSignatureAlgorithm: tbs.tbsAlgorithm.der,
    signatureAlgorithm: outerAlg.der,
    signatureOid: outerAlg.oid,
    signatureParams: outerAlg.params,
    signature,
    issuer,
    subject,
    notBefore: tbs.notBefore,
    notAfter: tbs.notAfter,
    spki: encodingOf(der, tbs.spkiNode),
    spkiAlgorithm: spkiAlg.oid,
    spkiParamsTag: spkiAlg.params?.[0],
    spkiParams: spkiAlg.params,
    spkiKeyBits: encodingOf(der, tbs.keyBitsNode),
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
    derived: {},
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

const DSA_OID_DER = new Uint8Array([0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01]);

/** The SPKI of a DSA key that omits its domain parameters, completed with its issuer's (RFC 3279 §2.3.2). */
function spkiWithParams(cert: ParsedCertificate, params: Uint8Array): Uint8Array {
  return encodeTlv(Tag.SEQUENCE, encodeTlv(Tag.SEQUENCE, DSA_OID_DER, params), cert.spkiKeyBits);
}

/** Certificates in configuration or `createVerifier` input: PEM (one or more) or DER bytes. */
export type CertificateInput = string | Uint8Array;

/**
 * The DER certificates in a PEM string (all of its CERTIFICATE blocks), PEM text bytes (a Buffer
 * from readFileSync) or DER bytes. Returns an empty list for PEM text without a CERTIFICATE block;
 * a CERTIFICATE block that is not whole and strict base64 throws PemError.
 */
export function derFromInput(input: CertificateInput): Uint8Array[] {
  if (typeof input !== 'string') {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    const pem = pemTextOf(bytes);
    if (pem === undefined) return [bytes];
    input = pem;
  }
  return readPem(input, 'CERTIFICATE', 'the PEM text', 'file');
}

/** Base64 of DER bytes. */
export function derToBase64(der: Uint8Array): string {
  return Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
}

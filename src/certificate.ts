/**
 * DER → parsed certificate. Everything the verifier and the identity need is decoded here,
 * once per distinct DER; nothing else in the library touches certificate bytes.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import {
  type DerNode,
  DerError,
  Tag,
  bytesEqual,
  children,
  contentOf,
  encodingOf,
  expectNode,
  integerBytes,
  latin1,
  readBitString,
  readBoolean,
  readOid,
  readRoot,
  readSmallInteger,
  readTime,
  toHex,
} from './asn1.js';
import { ClientCertError } from './errors.js';
import { type DistinguishedName, formatRfc4514, parseName } from './names.js';

/** Well-known OIDs used across the verifier. */
export const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  nameConstraints: '2.5.29.30',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  policyConstraints: '2.5.29.36',
  inhibitAnyPolicy: '2.5.29.54',
  anyExtendedKeyUsage: '2.5.29.37.0',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** keyUsage bits (RFC 5280 §4.2.1.3), by bit number. */
export const KeyUsageBit = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
} as const;

/** A GeneralName kept with its decoded value where the verifier or identity needs it. */
export type GeneralName =
  | { readonly type: 'dns' | 'email' | 'uri'; readonly value: string }
  | { readonly type: 'ip'; readonly value: string; readonly bytes: Uint8Array }
  | { readonly type: 'dn'; readonly value: DistinguishedName }
  | { readonly type: 'other'; readonly tag: number };

/** One extension as it appears in the certificate. */
export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  /** The extnValue OCTET STRING content: the extension's own DER. */
  readonly value: Uint8Array;
}

/** A certificate decoded once and shared by every request that presents the same DER. */
export interface ParsedCertificate {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  readonly version: number;
  readonly serialNumber: string;
  /** DER of the AlgorithmIdentifier inside the TBS and of the outer one. */
  readonly tbsSignatureAlgorithm: Uint8Array;
  readonly signatureAlgorithm: Uint8Array;
  readonly signatureOid: string;
  /** DER of the parameters of the outer AlgorithmIdentifier, if any. */
  readonly signatureParams: Uint8Array | undefined;
  readonly signature: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Uint8Array;
  readonly extensions: ReadonlyMap<string, Extension>;
  readonly basicConstraints: { readonly ca: boolean; readonly pathLen: number | undefined } | undefined;
  /** keyUsage bits, or undefined when the extension is absent. */
  readonly keyUsage: ReadonlySet<number> | undefined;
  /** EKU OIDs, or undefined when the extension is absent. */
  readonly extKeyUsage: readonly string[] | undefined;
  readonly subjectAltNames: readonly GeneralName[];
  readonly subjectKeyId: Uint8Array | undefined;
  readonly authorityKeyId: Uint8Array | undefined;
  /** Lowercase hex SHA-256 of the DER. */
  readonly fingerprint256: string;
  /** Issuer equals subject (by RFC 5280 name matching). */
  readonly selfIssued: boolean;
  /** RFC 4514 form of the subject, for messages. */
  readonly subjectString: string;
}

function algorithmOid(buf: Uint8Array, node: DerNode): { oid: string; params: Uint8Array | undefined } {
  if (node.tag !== Tag.SEQUENCE) throw new DerError('AlgorithmIdentifier must be a SEQUENCE');
  const parts = children(buf, node);
  if (parts.length < 1 || parts.length > 2) throw new DerError('bad AlgorithmIdentifier');
  return { oid: readOid(buf, parts[0]), params: parts[1] ? encodingOf(buf, parts[1]) : undefined };
}

function serialHex(bytes: Uint8Array): string {
  // The magnitude: drop the sign byte DER adds before a high bit, keep an even digit count.
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return toHex(bytes.subarray(start));
}

const ipv6Group = (b: Uint8Array, i: number): string => ((b[i] << 8) | b[i + 1]).toString(16);

/** Text form of an iPAddress GeneralName (4 or 16 bytes; 8/32 in name constraints). */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(ipv6Group(bytes, i));
    // RFC 5952: compress the longest run of two or more zero groups.
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
      if (groups[i] !== '0') {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && groups[j] === '0') j++;
      if (j - i > bestLen) {
        best = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (best < 0) return groups.join(':');
    return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
  }
  return toHex(bytes);
}

/** Parses a GeneralName element (the context-tagged choice). */
export function parseGeneralName(buf: Uint8Array, node: DerNode): GeneralName {
  const number = node.tag & 0x1f;
  const cls = node.tag & 0xc0;
  if (cls !== 0x80) throw new DerError('GeneralName must be context-tagged');
  const bytes = contentOf(buf, node);
  switch (number) {
    case 1:
    case 2:
    case 6: {
      if (node.tag & 0x20) throw new DerError('IA5String GeneralName must be primitive');
      for (const b of bytes) if (b > 0x7f) throw new DerError('non-ASCII byte in an IA5String GeneralName');
      const type = number === 1 ? 'email' : number === 2 ? 'dns' : 'uri';
      return { type, value: latin1(bytes) };
    }
    case 7:
      if (node.tag & 0x20) throw new DerError('iPAddress must be primitive');
      return { type: 'ip', value: formatIp(bytes), bytes };
    case 4: {
      if (!(node.tag & 0x20)) throw new DerError('directoryName must be constructed');
      const inner = children(buf, node);
      if (inner.length !== 1) throw new DerError('directoryName must hold one Name');
      return { type: 'dn', value: parseName(buf, inner[0]) };
    }
    default:
      return { type: 'other', tag: node.tag };
  }
}

/** Parses GeneralNames (SEQUENCE OF GeneralName). */
export function parseGeneralNames(buf: Uint8Array, node: DerNode): GeneralName[] {
  if (node.tag !== Tag.SEQUENCE) throw new DerError('GeneralNames must be a SEQUENCE');
  return children(buf, node).map((n) => parseGeneralName(buf, n));
}

function parseExtensions(buf: Uint8Array, node: DerNode): Map<string, Extension> {
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

function rootOf(value: Uint8Array, tag: number, what: string): DerNode {
  return readRoot(value, tag, what);
}

function decodeBasicConstraints(value: Uint8Array): ParsedCertificate['basicConstraints'] {
  const seq = rootOf(value, Tag.SEQUENCE, 'basicConstraints');
  const parts = children(value, seq);
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

function decodeKeyUsage(value: Uint8Array): Set<number> {
  const { bytes } = readBitString(value, rootOf(value, Tag.BIT_STRING, 'keyUsage'));
  const bits = new Set<number>();
  for (let i = 0; i < bytes.length * 8; i++) if (bytes[i >> 3] & (0x80 >> (i & 7))) bits.add(i);
  return bits;
}

function decodeOidSequence(value: Uint8Array, what: string): string[] {
  const seq = rootOf(value, Tag.SEQUENCE, what);
  return children(value, seq).map((n) => readOid(value, n));
}

function decodeAuthorityKeyId(value: Uint8Array): Uint8Array | undefined {
  const seq = rootOf(value, Tag.SEQUENCE, 'authorityKeyIdentifier');
  for (const part of children(value, seq)) if (part.tag === 0x80) return contentOf(value, part);
  return undefined;
}

/** Parses one DER certificate; throws DerError when the bytes are not exactly one X.509 certificate. */
export function parseCertificateDer(der: Uint8Array): ParsedCertificate {
  const cert = readRoot(der, Tag.SEQUENCE, 'Certificate');
  const top = children(der, cert);
  if (top.length !== 3) throw new DerError('Certificate must have three parts');
  const [tbsNode, sigAlgNode, sigNode] = top;
  if (tbsNode.tag !== Tag.SEQUENCE) throw new DerError('TBSCertificate must be a SEQUENCE');
  const outerAlg = algorithmOid(der, sigAlgNode);
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

  const bc = extensions.get(OID.basicConstraints);
  const ku = extensions.get(OID.keyUsage);
  const eku = extensions.get(OID.extKeyUsage);
  const san = extensions.get(OID.subjectAltName);
  const ski = extensions.get(OID.subjectKeyIdentifier);
  const aki = extensions.get(OID.authorityKeyIdentifier);

  let subjectAltNames: GeneralName[] = [];
  if (san) {
    subjectAltNames = parseGeneralNames(san.value, rootOf(san.value, Tag.SEQUENCE, 'subjectAltName'));
    if (subjectAltNames.length === 0) throw new DerError('empty subjectAltName');
  }

  return {
    der,
    tbs: encodingOf(der, tbsNode),
    version,
    serialNumber: serialHex(serial),
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
    extensions,
    basicConstraints: bc ? decodeBasicConstraints(bc.value) : undefined,
    keyUsage: ku ? decodeKeyUsage(ku.value) : undefined,
    extKeyUsage: eku ? decodeOidSequence(eku.value, 'extKeyUsage') : undefined,
    subjectAltNames,
    subjectKeyId: ski ? contentOf(ski.value, rootOf(ski.value, Tag.OCTET_STRING, 'subjectKeyIdentifier')) : undefined,
    authorityKeyId: aki ? decodeAuthorityKeyId(aki.value) : undefined,
    fingerprint256: createHash('sha256').update(der).digest('hex'),
    selfIssued: issuer.key === subject.key,
    subjectString: formatRfc4514(subject),
  };
}

/**
 * Parses a certificate a client or proxy sent: any failure is ERR_CLIENT_CERT_MALFORMED
 * naming `what` (never echoing the bytes).
 */
export function parseCertificate(der: Uint8Array, what = 'certificate'): ParsedCertificate {
  try {
    return parseCertificateDer(der);
  } catch (err) {
    throw new ClientCertError('ERR_CLIENT_CERT_MALFORMED', `The ${what} is not a DER X.509 certificate`, {
      cause: err,
    });
  }
}

const publicKeys = new WeakMap<ParsedCertificate, KeyObject>();

/** The certificate's public key as a KeyObject, created once per parsed certificate. */
export function publicKeyOf(cert: ParsedCertificate): KeyObject {
  let key = publicKeys.get(cert);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(cert.spki), format: 'der', type: 'spki' });
    publicKeys.set(cert, key);
  }
  return key;
}

/** True when two certificates have the same DER. */
export function sameCertificate(a: ParsedCertificate, b: ParsedCertificate): boolean {
  return a === b || a.fingerprint256 === b.fingerprint256 || bytesEqual(a.der, b.der);
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END CERTIFICATE-----/g;

/** Certificates in configuration or `createVerifier` input: PEM (one or more) or DER bytes. */
export type CertificateInput = string | Uint8Array;

/**
 * The DER certificates in a PEM string (all of its CERTIFICATE blocks) or DER bytes.
 * Returns an empty list for a string without a PEM block.
 */
export function derFromInput(input: CertificateInput): Uint8Array[] {
  if (typeof input !== 'string') {
    return [input instanceof Uint8Array ? input : new Uint8Array(input)];
  }
  const out: Uint8Array[] = [];
  for (const match of input.matchAll(PEM_BLOCK)) {
    const body = match[1].replace(/\s+/g, '');
    out.push(new Uint8Array(Buffer.from(body, 'base64')));
  }
  return out;
}

/** Base64 of DER bytes. */
export function derToBase64(der: Uint8Array): string {
  return Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
}

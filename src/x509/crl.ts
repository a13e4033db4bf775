/**
 * X.509 CRLs (RFC 5280 §5): parsed once, when the verifier is created. Anything a CRL says that
 * this code cannot understand makes the CRL unusable (never silently "not revoked").
 */
import { pemTextOf } from './pem-text.js';
import {
  type DerNode,
  DerError,
  Tag,
  children,
  encodingOf,
  integerBytes,
  readBitString,
  readBoolean,
  readRoot,
  readSmallInteger,
  readTime,
  toHex,
} from './asn1.js';
import { type Extension, type SignedObject, algorithmOid, parseExtensions } from './certificate.js';
import { type DistributionPoint, bitMask, decodeAuthorityKeyId, decodeDistributionPointName } from './extensions.js';
import { type GeneralName, parseGeneralNames } from './general-names.js';
import { type DistinguishedName, parseName } from './names.js';
import { findPemBlocks } from './pem.js';

/** CRL and CRL-entry extension OIDs. */
export const CrlOid = {
  crlNumber: '2.5.29.20',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  authorityKeyIdentifier: '2.5.29.35',
  issuerAltName: '2.5.29.18',
  freshestCrl: '2.5.29.46',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  reasonCode: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  certificateIssuer: '2.5.29.29',
  holdInstructionCode: '2.5.29.23',
} as const;

const KNOWN_CRL_EXTENSIONS = new Set<string>([
  CrlOid.crlNumber,
  CrlOid.deltaCrlIndicator,
  CrlOid.issuingDistributionPoint,
  CrlOid.authorityKeyIdentifier,
  CrlOid.issuerAltName,
  CrlOid.freshestCrl,
  CrlOid.authorityInfoAccess,
]);
const KNOWN_ENTRY_EXTENSIONS = new Set<string>([
  CrlOid.reasonCode,
  CrlOid.invalidityDate,
  CrlOid.certificateIssuer,
  CrlOid.holdInstructionCode,
]);

/** CRLReason values (RFC 5280 §5.3.1). */
export const Reason = { unspecified: 0, certificateHold: 6, removeFromCRL: 8 } as const;

/** The issuingDistributionPoint extension. */
export interface IssuingDistributionPoint {
  readonly name: Pick<DistributionPoint, 'fullName' | 'relativeName'> | undefined;
  readonly onlyUserCerts: boolean;
  readonly onlyCaCerts: boolean;
  readonly onlySomeReasons: number | undefined;
  readonly indirect: boolean;
  readonly onlyAttributeCerts: boolean;
}

/** One revoked certificate. `certificateIssuer` is set in indirect CRLs (carried over from earlier entries). */
export interface RevokedEntry {
  readonly reason: number;
  readonly certificateIssuer: readonly GeneralName[] | undefined;
}

/** A parsed CRL. */
export interface ParsedCrl extends SignedObject {
  readonly der: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  /** Revoked serials (hex of the INTEGER content octets) → entries (several in an indirect CRL). */
  readonly revoked: ReadonlyMap<string, readonly RevokedEntry[]>;
  readonly crlNumber: bigint | undefined;
  /** BaseCRLNumber of a delta CRL. */
  readonly deltaBase: bigint | undefined;
  readonly idp: IssuingDistributionPoint | undefined;
  /** Hex of the issuingDistributionPoint value ('' without one): CRLs of one issuer with different scopes never stand in for each other. */
  readonly scopeKey: string;
  readonly authorityKeyId: Uint8Array | undefined;
  /** Why the CRL cannot be used at all (unknown critical extension, missing CRL number…), if so. */
  readonly unusable: string | undefined;
}

function readBigInteger(buf: Uint8Array, node: ReturnType<typeof readRoot>): bigint {
  const bytes = integerBytes(buf, node);
  if (bytes[0] & 0x80) throw new DerError('negative CRL number');
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function decodeIdp(value: Uint8Array): IssuingDistributionPoint {
  const seq = readRoot(value, Tag.SEQUENCE, 'issuingDistributionPoint');
  let name: IssuingDistributionPoint['name'];
  let onlyUserCerts = false;
  let onlyCaCerts = false;
  let onlySomeReasons: number | undefined;
  let indirect = false;
  let onlyAttributeCerts = false;
  const flag = (node: ReturnType<typeof readRoot>): boolean => {
    const v = readBoolean(value, { ...node, tag: Tag.BOOLEAN });
    if (!v) throw new DerError('a DEFAULT FALSE flag must be omitted in DER');
    return v;
  };
  for (const part of children(value, seq)) {
    if (part.tag === 0xa0) name = decodeDistributionPointName(value, part);
    else if (part.tag === 0x81) onlyUserCerts = flag(part);
    else if (part.tag === 0x82) onlyCaCerts = flag(part);
    else if (part.tag === 0x83) onlySomeReasons = bitMask(readBitString(value, { ...part, tag: Tag.BIT_STRING }).bytes);
    else if (part.tag === 0x84) indirect = flag(part);
    else if (part.tag === 0x85) onlyAttributeCerts = flag(part);
    else throw new DerError('bad issuingDistributionPoint');
  }
  return { name, onlyUserCerts, onlyCaCerts, onlySomeReasons, indirect, onlyAttributeCerts };
}

function unknownCritical(extensions: ReadonlyMap<string, Extension>, known: ReadonlySet<string>): string | undefined {
  for (const ext of extensions.values()) if (ext.critical && !known.has(ext.oid)) return ext.oid;
  return undefined;
}

/** A CRL's signed envelope and issuer, read without its entries. */
export interface CrlEnvelope extends SignedObject {
  readonly issuer: DistinguishedName;
}

/**
 * Reads only what the signature check needs (throws DerError). Reading every entry of a CRL from
 * a source costs ≈ 2 µs each (a 16 MiB CRL ≈ 1.5 s of the event loop): the signature, ≈ 1 ms per
 * 2 MiB, is checked first, so that only a CRL a configured CA signed is ever read whole.
 */
export function readCrlEnvelope(der: Uint8Array): CrlEnvelope {
  const { signed, fields, first } = readCrlFrame(der);
  if (!fields[first + 1]) throw new DerError('truncated TBSCertList');
  return { ...signed, issuer: parseName(der, fields[first + 1]) };
}

/** The outer SEQUENCE, the signature and the TBSCertList's fields up to its signature algorithm. */
function readCrlFrame(der: Uint8Array): { signed: SignedObject; unusedBits: number; fields: DerNode[]; first: number } {
  const top = children(der, readRoot(der, Tag.SEQUENCE, 'CertificateList'));
  if (top.length !== 3 || top[0].tag !== Tag.SEQUENCE) throw new DerError('CertificateList must have three parts');
  const [tbsNode, sigAlgNode, sigNode] = top;
  const outer = algorithmOid(der, sigAlgNode);
  const { bytes: signature, unusedBits } = readBitString(der, sigNode);
  const fields = children(der, tbsNode);
  // The optional version comes first; the signature algorithm follows it.
  const first = fields[0]?.tag === Tag.INTEGER ? 1 : 0;
  const tbsAlgNode = fields[first];
  if (!tbsAlgNode) throw new DerError('truncated TBSCertList');
  const signed: SignedObject = {
    tbs: encodingOf(der, tbsNode),
    signatureAlgorithm: encodingOf(der, sigAlgNode),
    tbsSignatureAlgorithm: encodingOf(der, tbsAlgNode),
    signatureOid: outer.oid,
    signatureParams: outer.params,
    signature,
  };
  return { signed, unusedBits, fields, first };
}

/** Parses one DER CRL; throws DerError when it is not exactly one CRL. */
export function parseCrlDer(der: Uint8Array): ParsedCrl {
  const { signed, unusedBits, fields, first } = readCrlFrame(der);
  let version = 1;
  if (first === 1) {
    version = readSmallInteger(der, fields[0]) + 1;
    if (version !== 2) throw new DerError('unsupported CRL version');
  }
  algorithmOid(der, fields[first]);
  let i = first + 1;
  const issuerNode = fields[i++];
  const thisUpdateNode = fields[i++];
  if (!issuerNode || !thisUpdateNode) throw new DerError('truncated TBSCertList');
  const issuer = parseName(der, issuerNode);
  const thisUpdate = readTime(der, thisUpdateNode);
  let nextUpdate: Date | undefined;
  if (fields[i] && (fields[i].tag === Tag.UTC_TIME || fields[i].tag === Tag.GENERALIZED_TIME)) nextUpdate = readTime(der, fields[i++]);

  // A signature that is not whole bytes cannot verify: the CRL is unusable, not a configuration error.
  let unusable: string | undefined = unusedBits ? 'its signature is not a whole number of bytes' : undefined;
  const revoked = new Map<string, RevokedEntry[]>();
  if (fields[i]?.tag === Tag.SEQUENCE) {
    let certificateIssuer: readonly GeneralName[] | undefined;
    for (const entry of children(der, fields[i++])) {
      const parts = entry.tag === Tag.SEQUENCE ? children(der, entry) : [];
      if (parts.length < 2 || parts.length > 3 || parts[0].tag !== Tag.INTEGER) throw new DerError('bad revoked certificate entry');
      const serial = toHex(integerBytes(der, parts[0]));
      readTime(der, parts[1]);
      let reason: number = Reason.unspecified;
      if (parts[2]) {
        if (version !== 2) throw new DerError('entry extensions need a v2 CRL');
        // crlEntryExtensions is a bare Extensions SEQUENCE: view it as the content of a wrapper.
        const exts = parseExtensions(der, { tag: 0xa0, start: parts[2].start, contentStart: parts[2].start, end: parts[2].end });
        const critical = unknownCritical(exts, KNOWN_ENTRY_EXTENSIONS);
        if (critical) unusable ??= `an entry has the unrecognised critical extension ${critical}`;
        const rc = exts.get(CrlOid.reasonCode);
        if (rc) reason = readSmallInteger(rc.value, readRoot(rc.value, Tag.ENUMERATED, 'reasonCode'));
        const ci = exts.get(CrlOid.certificateIssuer);
        if (ci) certificateIssuer = parseGeneralNames(ci.value, readRoot(ci.value, Tag.SEQUENCE, 'certificateIssuer'));
      }
      const list = revoked.get(serial) ?? [];
      list.push({ reason, certificateIssuer });
      revoked.set(serial, list);
    }
  }

  let extensions: ReadonlyMap<string, Extension> = new Map();
  if (fields[i]?.tag === 0xa0) {
    if (version !== 2) throw new DerError('CRL extensions need a v2 CRL');
    extensions = parseExtensions(der, fields[i++]);
  }
  if (i !== fields.length) throw new DerError('unexpected field in TBSCertList');

  const critical = unknownCritical(extensions, KNOWN_CRL_EXTENSIONS);
  if (critical) unusable ??= `it has the unrecognised critical extension ${critical}`;
  const number = extensions.get(CrlOid.crlNumber);
  if (!number) unusable ??= 'it has no CRL number (RFC 5280 §5.2.3)';
  else if (number.critical) unusable ??= 'its CRL number is marked critical (RFC 5280 §5.2.3)';
  const delta = extensions.get(CrlOid.deltaCrlIndicator);
  const idp = extensions.get(CrlOid.issuingDistributionPoint);
  const aki = extensions.get(CrlOid.authorityKeyIdentifier);

  return {
    der,
    ...signed,
    issuer,
    thisUpdate,
    nextUpdate,
    revoked,
    crlNumber: number ? readBigInteger(number.value, readRoot(number.value, Tag.INTEGER, 'cRLNumber')) : undefined,
    deltaBase: delta ? readBigInteger(delta.value, readRoot(delta.value, Tag.INTEGER, 'deltaCRLIndicator')) : undefined,
    idp: idp ? decodeIdp(idp.value) : undefined,
    scopeKey: idp ? toHex(idp.value) : '',
    authorityKeyId: aki ? decodeAuthorityKeyId(aki.value).keyId : undefined,
    unusable,
  };
}

/** The DER CRLs in a PEM string (all X509 CRL blocks), PEM text bytes or DER bytes. */
export function crlDerFromInput(input: string | Uint8Array): Uint8Array[] {
  const text = typeof input === 'string' ? input : pemTextOf(input);
  if (text === undefined) return [input as Uint8Array];
  return findPemBlocks(text, 'X509 CRL');
}

/**
 * X.509 CRLs (RFC 5280 §5): parsed once, when the verifier is created. Anything a CRL says that
 * this code cannot understand makes the CRL unusable (never silently "not revoked").
 */
import {
  DerError,
  DerReader,
  Tag,
  encodingOf,
  integerBytes,
  readAll,
  readBitString,
  readBoolean,
  readRoot,
  readSmallInteger,
  readTime,
  readUnsignedBig,
  toHex,
} from './asn1.js';
import { type Extension, type SignedObject, readAlgorithm, readExplicitExtensions, readExtensionList } from './certificate.js';
import { type DistributionPoint, bitMask, decodeAuthorityKeyId, readDistributionPointName } from './extensions.js';
import { type GeneralName, decodeGeneralNames } from './general-names.js';
import { type DistinguishedName, parseName } from './names.js';
import { pemTextOf, readPem } from './pem.js';

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

/** The IDP's BOOLEAN flags are IMPLICIT [n] DEFAULT FALSE: present means TRUE, as DER omits a DEFAULT. */
function flag(r: DerReader, tag: number): boolean {
  const node = r.optional(tag);
  if (!node) return false;
  if (!readBoolean(r.buf, node, tag)) throw new DerError('a DEFAULT FALSE flag must be omitted in DER');
  return true;
}

function readIdp(r: DerReader): IssuingDistributionPoint {
  const name = r.optionalNested(0xa0, 'distributionPoint', readDistributionPointName);
  const onlyUserCerts = flag(r, 0x81);
  const onlyCaCerts = flag(r, 0x82);
  const reasons = r.optional(0x83);
  const onlySomeReasons = reasons && bitMask(readBitString(r.buf, reasons, 0x83).bytes);
  const indirect = flag(r, 0x84);
  const onlyAttributeCerts = flag(r, 0x85);
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

/** The outer SEQUENCE and the signature, with a cursor over the TBSCertList placed after its signature algorithm. */
interface CrlFrame {
  readonly signed: SignedObject;
  readonly unusedBits: number;
  readonly version: number;
  /** The TBSCertList's remaining fields, from issuer on. */
  readonly fields: DerReader;
}

function readCrlFrame(der: Uint8Array): CrlFrame {
  const top = readRoot(der, Tag.SEQUENCE, 'CertificateList');
  const r = new DerReader(der, top.contentStart, top.end);
  const tbsNode = r.next(Tag.SEQUENCE, 'TBSCertList');
  const outer = readAlgorithm(r, 'signatureAlgorithm');
  const { bytes: signature, unusedBits } = readBitString(der, r.next(Tag.BIT_STRING, 'signatureValue'));
  r.end('CertificateList');
  const fields = new DerReader(der, tbsNode.contentStart, tbsNode.end);
  // version INTEGER OPTIONAL: absent for v1, and v2 (1) is the only value it may hold.
  const versionNode = fields.optional(Tag.INTEGER);
  const version = versionNode ? readSmallInteger(der, versionNode) + 1 : 1;
  if (versionNode && version !== 2) throw new DerError('unsupported CRL version');
  const tbsAlgorithm = readAlgorithm(fields, 'signature');
  const signed: SignedObject = {
    tbs: encodingOf(der, tbsNode),
    signatureAlgorithm: outer.der,
    tbsSignatureAlgorithm: tbsAlgorithm.der,
    signatureOid: outer.oid,
    signatureParams: outer.params,
    signature,
  };
  return { signed, unusedBits, version, fields };
}

/**
 * Reads only what the signature check needs (throws DerError). Reading every entry of a CRL from
 * a source costs ≈ 2 µs each (a 16 MiB CRL ≈ 1.5 s of the event loop): the signature, ≈ 1 ms per
 * 2 MiB, is checked first, so that only a CRL a configured CA signed is ever read whole. The
 * fields after the issuer are deliberately left unread here; `parseCrlDer` reads them all.
 */
export function readCrlEnvelope(der: Uint8Array): CrlEnvelope {
  const { signed, fields } = readCrlFrame(der);
  return { ...signed, issuer: parseName(der, fields.next(Tag.SEQUENCE, 'issuer')) };
}

/** Parses one DER CRL; throws DerError when it is not exactly one CRL. */
export function parseCrlDer(der: Uint8Array): ParsedCrl {
  const { signed, unusedBits, version, fields: r } = readCrlFrame(der);
  const issuer = parseName(der, r.next(Tag.SEQUENCE, 'issuer'));
  const thisUpdate = readTime(der, r.any('thisUpdate'));
  const next = r.peek();
  const nextUpdate = next === Tag.UTC_TIME || next === Tag.GENERALIZED_TIME ? readTime(der, r.any('nextUpdate')) : undefined;

  // A signature that is not whole bytes cannot verify: the CRL is unusable, not a configuration error.
  let unusable: string | undefined = unusedBits ? 'its signature is not a whole number of bytes' : undefined;
  const revoked = new Map<string, RevokedEntry[]>();
  // In an indirect CRL an entry's certificateIssuer carries over to the entries after it.
  let certificateIssuer: readonly GeneralName[] | undefined;
  const readEntry = (entry: DerReader): void => {
    const serial = toHex(integerBytes(der, entry.next(Tag.INTEGER, 'userCertificate')));
    readTime(der, entry.any('revocationDate'));
    let reason: number = Reason.unspecified;
    const exts = entry.optionalNested(Tag.SEQUENCE, 'crlEntryExtensions', readExtensionList);
    if (exts) {
      if (version !== 2) throw new DerError('entry extensions need a v2 CRL');
      const critical = unknownCritical(exts, KNOWN_ENTRY_EXTENSIONS);
      if (critical) unusable ??= `an entry has the unrecognised critical extension ${critical}`;
      const rc = exts.get(CrlOid.reasonCode);
      if (rc) reason = readSmallInteger(rc.value, readRoot(rc.value, Tag.ENUMERATED, 'reasonCode'), Tag.ENUMERATED);
      const ci = exts.get(CrlOid.certificateIssuer);
      if (ci) certificateIssuer = decodeGeneralNames(ci.value, 'certificateIssuer');
    }
    const list = revoked.get(serial);
    if (list) list.push({ reason, certificateIssuer });
    else revoked.set(serial, [{ reason, certificateIssuer }]);
  };
  r.optionalNested(Tag.SEQUENCE, 'revokedCertificates', (entries) => {
    while (!entries.atEnd) entries.nested(Tag.SEQUENCE, 'revoked certificate entry', readEntry);
  });

  const extensions: ReadonlyMap<string, Extension> = r.optionalNested(0xa0, 'crlExtensions', readExplicitExtensions) ?? new Map();
  if (extensions.size && version !== 2) throw new DerError('CRL extensions need a v2 CRL');
  r.end('TBSCertList');

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
    crlNumber: number ? readUnsignedBig(number.value, readRoot(number.value, Tag.INTEGER, 'cRLNumber')) : undefined,
    deltaBase: delta ? readUnsignedBig(delta.value, readRoot(delta.value, Tag.INTEGER, 'deltaCRLIndicator')) : undefined,
    idp: idp ? readAll(idp.value, Tag.SEQUENCE, 'issuingDistributionPoint', readIdp) : undefined,
    scopeKey: idp ? toHex(idp.value) : '',
    authorityKeyId: aki ? decodeAuthorityKeyId(aki.value).keyId : undefined,
    unusable,
  };
}

/** The DER CRLs in a PEM string (all X509 CRL blocks), PEM text bytes or DER bytes; a broken block throws PemError. */
export function crlDerFromInput(input: string | Uint8Array): Uint8Array[] {
  const text = typeof input === 'string' ? input : pemTextOf(input);
  if (text === undefined) return [input as Uint8Array];
  return readPem(text, 'X509 CRL', 'the PEM text', 'file');
}

// Builders shared by the CRL-scope tests: a signed v2 CRL with any issuingDistributionPoint and
// entry extensions, and the GeneralName and DistributionPointName forms they compare.
import { createHash, sign } from 'node:crypto';
import { DAY, NOW, name, toPem, type TestCert } from './pki';
import { bitString, bool, ctx, ia5, integer, octets, oid, seq, tlv, time, utf8 } from './der';

/** One revoked entry: its serial and any entry extensions. */
export interface Entry {
  serial: number;
  extensions?: Uint8Array[];
}

/** What `crl` writes. */
export interface CrlBuild {
  issuer: TestCert;
  entries?: Entry[];
  idp?: Uint8Array;
  crlNumber?: number;
  /** The signature AlgorithmIdentifier written inside and outside (ECDSA with SHA-256 by default). */
  alg?: Uint8Array;
}

/** An Extension: OID, criticality when set, value. */
export const ext = (o: string, value: Uint8Array, critical = false) => seq(oid(o), ...(critical ? [bool(true)] : []), octets(value));
/** The SHA-1 key identifier of a certificate's key. */
export const keyId = (c: TestCert) => new Uint8Array(createHash('sha1').update(c.key.spki).digest());

/** A v2 CRL with any issuingDistributionPoint and entry extensions, signed by `issuer`, as PEM. */
export function crl({ issuer, entries = [], idp, crlNumber = 1, alg = seq(oid('1.2.840.10045.4.3.2')) }: CrlBuild): string {
  const exts = [ext('2.5.29.35', seq(tlv(0x80, keyId(issuer)))), ext('2.5.29.20', integer(crlNumber))];
  if (idp) exts.push(ext('2.5.29.28', idp, true));
  const revoked = entries.map((e) =>
    seq(integer(e.serial), time(new Date(NOW.getTime() - DAY)), ...(e.extensions ? [seq(...e.extensions)] : [])),
  );
  const tbs = seq(
    integer(1),
    alg,
    issuer.subjectName,
    time(new Date(NOW.getTime() - DAY)),
    time(new Date(NOW.getTime() + 7 * DAY)),
    ...(revoked.length ? [seq(...revoked)] : []),
    ctx(0, seq(...exts)),
  );
  return toPem(seq(tbs, alg, bitString(new Uint8Array(sign('sha256', tbs, issuer.key.privateKey)))), 'X509 CRL');
}

/** A uniformResourceIdentifier GeneralName. */
export const uriName = (u: string) => ia5(u, 0x86);
/** A directoryName GeneralName. */
export const dnName = (attrs: Record<string, string>) => ctx(4, name(attrs));
/** GeneralNames written one after the other (the content of an implicit SEQUENCE). */
export const concatNames = (names: Uint8Array[]) => Uint8Array.from(names.flatMap((n) => [...n]));
/** DistributionPointName fullName [0] (GeneralNames, implicit). */
export const fullName = (...names: Uint8Array[]) => ctx(0, concatNames(names));
/** DistributionPointName nameRelativeToCRLIssuer [1] (an RDN, implicit SET). */
export const relativeName = (attrOid: string, value: string) => tlv(0xa1, seq(oid(attrOid), utf8(value)));

/**
 * Revocation from configured CRLs (RFC 5280 §6.3), hard-fail: when CRLs are configured, every
 * non-anchor certificate of the path must be covered for all reasons by CRLs that are in scope,
 * current, and signed by a key certified for CRL signing. No network I/O.
 */
import { bytesEqual } from '../asn1.js';
import { KeyUsage, type ParsedCertificate } from '../certificate.js';
import { type ParsedCrl, Reason } from '../crl.js';
import { ClientCertError } from '../errors.js';
import { ALL_REASONS, type DistributionPoint } from '../extensions.js';
import type { GeneralName } from '../general-names.js';
import { type DistinguishedName, parseName } from '../names.js';
import { checkSigned } from './signature.js';

/** Finds and validates a certificate that may sign CRLs for `issuerName`, other than the path's own issuer. */
export type CrlSignerLookup = (crl: ParsedCrl, subjectOf: ParsedCertificate) => ParsedCertificate | undefined;

/** What the revocation check needs from the verifier. */
export interface RevocationContext {
  readonly crlsByIssuer: ReadonlyMap<string, readonly ParsedCrl[]>;
  readonly allCrls: readonly ParsedCrl[];
  readonly nowMs: number;
  readonly allowWeakAlgorithms: boolean;
  /** Signers other than the certificate's own issuer (separate CRL keys, indirect CRLs). */
  readonly findSigner: CrlSignerLookup;
}

function sameName(a: DistinguishedName, b: DistinguishedName): boolean {
  return a.key === b.key;
}

function generalNameEquals(a: GeneralName, b: GeneralName): boolean {
  switch (a.type) {
    case 'dn':
      return b.type === 'dn' && sameName(a.value, b.value);
    case 'ip':
      return b.type === 'ip' && bytesEqual(a.bytes, b.bytes);
    case 'other':
      return b.type === 'other' && a.der === b.der;
    default:
      return b.type === a.type && b.value === a.value;
  }
}

function namesIntersect(a: readonly GeneralName[], b: readonly GeneralName[]): boolean {
  return a.some((x) => b.some((y) => generalNameEquals(x, y)));
}

/** A distribution point name as full names (a relative name is appended to the CRL issuer's DN). */
function fullNames(dp: Pick<DistributionPoint, 'fullName' | 'relativeName'>, crlIssuer: DistinguishedName): GeneralName[] | undefined {
  if (dp.fullName) return [...dp.fullName];
  if (dp.relativeName) {
    // Name ::= SEQUENCE OF RDN: rebuild the issuer's DER with the RDN ([1] IMPLICIT SET) appended as a SET.
    const inner = crlIssuer.der.subarray(crlIssuer.der[1] & 0x80 ? 2 + (crlIssuer.der[1] & 0x7f) : 2);
    const rdn = Buffer.from(dp.relativeName);
    rdn[0] = 0x31;
    const content = Buffer.concat([inner, rdn]);
    const header =
      content.length < 0x80
        ? [0x30, content.length]
        : content.length < 0x100
          ? [0x30, 0x81, content.length]
          : [0x30, 0x82, content.length >> 8, content.length & 0xff];
    const der = new Uint8Array(Buffer.concat([Buffer.from(header), content]));
    return [{ type: 'dn', value: parseName(der, { tag: 0x30, start: 0, contentStart: header.length, end: der.length }) }];
  }
  return undefined;
}

/** The certificate's distribution point that `crl` serves, or null when the CRL is out of scope. */
function scope(cert: ParsedCertificate, crl: ParsedCrl, direct: boolean): { dp: DistributionPoint | undefined } | null {
  const idp = crl.idp;
  if (idp?.onlyAttributeCerts) return null;
  const isCa = cert.basicConstraints?.ca === true;
  if (idp?.onlyUserCerts && isCa) return null;
  if (idp?.onlyCaCerts && !isCa) return null;
  const dps = cert.crlDistributionPoints ?? [];
  // An indirect CRL serves a certificate only through a DP that names it as cRLIssuer.
  const candidates = direct
    ? dps.filter((dp) => !dp.crlIssuer || dp.crlIssuer.some((n) => n.type === 'dn' && sameName(n.value, crl.issuer)))
    : dps.filter((dp) => dp.crlIssuer?.some((n) => n.type === 'dn' && sameName(n.value, crl.issuer)));
  if (!direct && candidates.length === 0) return null;
  const idpNames = idp?.name ? fullNames(idp.name, crl.issuer) : undefined;
  if (!idpNames) return { dp: candidates[0] };
  if (dps.length === 0) return null;
  for (const dp of candidates) {
    // A relative DP name is relative to the DP's cRLIssuer when it has one, else to the certificate's issuer.
    const dpIssuer = dp.crlIssuer?.find((n) => n.type === 'dn');
    const dpNames = fullNames(dp, dpIssuer?.type === 'dn' ? dpIssuer.value : cert.issuer);
    if (dpNames ? namesIntersect(idpNames, dpNames) : dp.crlIssuer && namesIntersect(idpNames, dp.crlIssuer)) return { dp };
  }
  return null;
}

/** The certificate's entry in the CRL, taking indirect CRLs' certificateIssuer into account. */
function entryFor(cert: ParsedCertificate, crl: ParsedCrl): { reason: number } | undefined {
  const entries = crl.revoked.get(cert.serialDer);
  if (!entries) return undefined;
  for (const e of entries) {
    const issuerMatches = e.certificateIssuer
      ? e.certificateIssuer.some((n) => n.type === 'dn' && sameName(n.value, cert.issuer))
      : sameName(crl.issuer, cert.issuer);
    if (issuerMatches) return e;
  }
  return undefined;
}

function current(crl: ParsedCrl, nowMs: number): boolean {
  const now = Math.floor(nowMs / 1000) * 1000;
  return crl.thisUpdate.getTime() <= now && (crl.nextUpdate === undefined || crl.nextUpdate.getTime() >= now);
}

/** Is `signer`'s key allowed to sign this CRL, and did it? */
export function signedBy(crl: ParsedCrl, signer: ParsedCertificate, allowWeak: boolean, inheritedParams?: Uint8Array): boolean {
  if (!sameName(signer.subject, crl.issuer)) return false;
  if (signer.keyUsage !== undefined && !(signer.keyUsage & KeyUsage.cRLSign)) return false;
  if (crl.authorityKeyId && signer.subjectKeyId && !bytesEqual(crl.authorityKeyId, signer.subjectKeyId)) return false;
  return checkSigned(crl, signer, allowWeak, "the CRL's", inheritedParams) === undefined;
}

/** Checks one certificate (issued by `issuer`); returns the refusal or undefined when it is covered and not revoked. */
export function checkRevocation(
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
  ctx: RevocationContext,
  issuerDsaParams?: Uint8Array,
): ClientCertError | undefined {
  let reasons = 0;
  let problem = 'no CRL in scope for it was configured';
  const who = cert.subjectString || '(empty subject)';

  const candidates = ctx.allCrls.filter((crl) => crl.deltaBase === undefined && (sameName(crl.issuer, cert.issuer) || crl.idp?.indirect));
  for (const crl of candidates) {
    const direct = sameName(crl.issuer, cert.issuer);
    const inScope = scope(cert, crl, direct);
    if (!inScope) continue;
    const interim = (crl.idp?.onlySomeReasons ?? ALL_REASONS) & (inScope.dp?.reasons ?? ALL_REASONS);
    if ((interim & ~reasons) === 0) continue;
    if (crl.unusable) {
      problem = `the CRL from ${crl.issuer.rdns.length ? 'its issuer' : 'an issuer'} is unusable: ${crl.unusable}`;
      continue;
    }
    if (!current(crl, ctx.nowMs)) {
      problem = 'the CRL in scope is not current';
      continue;
    }
    const signer = direct && signedBy(crl, issuer, ctx.allowWeakAlgorithms, issuerDsaParams) ? issuer : ctx.findSigner(crl, cert);
    if (!signer) {
      problem = 'the CRL in scope is not signed by a key certified to sign CRLs for it';
      continue;
    }
    // Delta CRLs (§5.2.4): current ones from the same signer and scope, built on this CRL or older.
    const deltas = (ctx.crlsByIssuer.get(crl.issuer.key) ?? []).filter(
      (d) =>
        d.deltaBase !== undefined &&
        crl.crlNumber !== undefined &&
        d.deltaBase <= crl.crlNumber &&
        (d.crlNumber ?? 0n) > crl.crlNumber &&
        !d.unusable &&
        current(d, ctx.nowMs) &&
        scope(cert, d, direct) !== null &&
        signedBy(d, signer, ctx.allowWeakAlgorithms, signer === issuer ? issuerDsaParams : undefined),
    );
    const delta = deltas.sort((a, b) => Number((b.crlNumber ?? 0n) - (a.crlNumber ?? 0n)))[0];
    const deltaEntry = delta && entryFor(cert, delta);
    const entry = entryFor(cert, crl);
    if (deltaEntry) {
      if (deltaEntry.reason !== Reason.removeFromCRL)
        return new ClientCertError('ERR_CLIENT_CERT_REVOKED', `Certificate ${who} is revoked (delta CRL)`);
    } else if (entry && entry.reason !== Reason.removeFromCRL) {
      return new ClientCertError('ERR_CLIENT_CERT_REVOKED', `Certificate ${who} is revoked`);
    }
    reasons |= interim;
    if ((reasons & ALL_REASONS) === ALL_REASONS) return undefined;
  }
  return new ClientCertError('ERR_CLIENT_CERT_REVOKED', `Revocation status of certificate ${who} is unknown: ${problem}`);
}

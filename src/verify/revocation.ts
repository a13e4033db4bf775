/**
 * Revocation (RFC 5280 §6.3, RFC 6960): when revocation is configured, every non-anchor
 * certificate of the path needs a known status, from CRLs that are in scope, current and signed
 * by a key certified for CRL signing, or else from an OCSP answer. A revoked certificate is
 * always refused (a stale CRL that lists it included); an unknown status is refused in hard
 * mode and recorded in soft mode. No network I/O here: OCSP answers come from a look-up.
 */
import { bytesEqual } from '../x509/asn1.js';
import { KeyUsage, type ParsedCertificate } from '../x509/certificate.js';
import { type ParsedCrl, Reason } from '../x509/crl.js';
import { Refusal, type VerifyReason } from './refusal.js';
import { ALL_REASONS, type DistributionPoint } from '../x509/extensions.js';
import type { GeneralName } from '../x509/general-names.js';
import { type DistinguishedName, appendRdn } from '../x509/names.js';
import { checkSigned } from './signature.js';

/** Finds and validates a certificate that may sign CRLs for `issuerName`, other than the path's own issuer. */
export type CrlSignerLookup = (crl: ParsedCrl, subjectOf: ParsedCertificate) => ParsedCertificate | undefined;

/** Why a certificate's status is unknown: a stable reason and a message. */
export interface UnknownStatus {
  readonly reason: VerifyReason;
  readonly message: string;
}

/** An OCSP answer as the synchronous check sees it: decided, unknown, or not asked yet. */
export type OcspAnswer =
  | { readonly status: 'good'; readonly validUntil: number }
  | { readonly status: 'revoked' }
  | { readonly status: 'unknown'; readonly problem: UnknownStatus }
  | { readonly status: 'pending' };

/** The certificate and issuer an OCSP query is about. */
export interface OcspSubject {
  readonly cert: ParsedCertificate;
  readonly issuer: ParsedCertificate;
}

/** What the revocation check needs from the verifier. */
export interface RevocationContext {
  readonly crlsByIssuer: ReadonlyMap<string, readonly ParsedCrl[]>;
  readonly allCrls: readonly ParsedCrl[];
  readonly nowMs: number;
  readonly allowWeakAlgorithms: boolean;
  /** Signers other than the certificate's own issuer (separate CRL keys, indirect CRLs). */
  readonly findSigner: CrlSignerLookup;
  /** `hard`: an unknown status refuses; `soft`: it is recorded in `unknown` and the path passes. */
  readonly mode: 'hard' | 'soft';
  /** OCSP status of a certificate no CRL decides; absent when OCSP is off. */
  readonly ocsp?: (cert: ParsedCertificate, issuer: ParsedCertificate) => OcspAnswer;
  /** Soft mode: certificates (by fingerprint) whose status was unknown, and why. */
  readonly unknown: Map<string, UnknownStatus>;
  /** Certificates (by fingerprint) whose OCSP answer must be fetched before the decision is final. */
  readonly pending: Map<string, OcspSubject>;
  /** The earliest OCSP nextUpdate the decision rests on (ms). */
  ocspValidUntil: number;
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
    return [{ type: 'dn', value: appendRdn(crlIssuer, dp.relativeName) }];
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

/**
 * Signature verdicts per CRL and signer. A CRL's signature covers the whole CRL (up to 16 MiB from a
 * source): verifying it again for every request would make each request's cost grow with the CRL.
 */
const crlSignatures = new WeakMap<ParsedCrl, Map<string, boolean>>();

/** Is `signer`'s key allowed to sign this CRL, and did it? Verified once per CRL and signer. */
export function signedBy(crl: ParsedCrl, signer: ParsedCertificate, allowWeak: boolean, inheritedParams?: Uint8Array): boolean {
  if (!sameName(signer.subject, crl.issuer)) return false;
  if (signer.keyUsage !== undefined && !(signer.keyUsage & KeyUsage.cRLSign)) return false;
  if (crl.authorityKeyId && signer.subjectKeyId && !bytesEqual(crl.authorityKeyId, signer.subjectKeyId)) return false;
  // Inherited DSA parameters depend on the path, not on the signer alone: those links are not cached.
  if (inheritedParams) return checkSigned(crl, signer, allowWeak, "the CRL's", inheritedParams) === undefined;
  let verdicts = crlSignatures.get(crl);
  if (!verdicts) crlSignatures.set(crl, (verdicts = new Map()));
  const key = `${signer.fingerprint256}:${allowWeak}`;
  let ok = verdicts.get(key);
  if (ok === undefined) {
    ok = checkSigned(crl, signer, allowWeak, "the CRL's") === undefined;
    verdicts.set(key, ok);
  }
  return ok;
}

function revoked(who: string, how: string): Refusal {
  return new Refusal('revoked', `Certificate ${who} is revoked${how}`);
}

/** Checks one certificate (issued by `issuer`); returns the refusal or undefined when it is covered and not revoked. */
export function checkRevocation(
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
  ctx: RevocationContext,
  issuerDsaParams?: Uint8Array,
): Refusal | undefined {
  let reasons = 0;
  let problem: UnknownStatus = { reason: 'crl-missing', message: 'no CRL in scope for it is configured or loaded' };
  const who = cert.subjectString || '(empty subject)';

  const candidates = ctx.allCrls.filter((crl) => crl.deltaBase === undefined && (sameName(crl.issuer, cert.issuer) || crl.idp?.indirect));
  // Every genuine CRL in scope is read for an entry, also once the reasons are covered: with several
  // CRLs of one issuer (a bootstrap file beside a source, mirrors out of step, a CA re-keyed under
  // the same name), the first one that covers the certificate must not hide a revocation in another.
  for (const crl of candidates) {
    const direct = sameName(crl.issuer, cert.issuer);
    const inScope = scope(cert, crl, direct);
    if (!inScope) continue;
    const interim = (crl.idp?.onlySomeReasons ?? ALL_REASONS) & (inScope.dp?.reasons ?? ALL_REASONS);
    // Only a CRL that would add coverage explains why the status is unknown.
    const adds = (interim & ~reasons) !== 0;
    if (crl.unusable) {
      if (adds)
        problem = {
          reason: 'crl-unusable',
          message: `the CRL from ${crl.issuer.rdns.length ? 'its issuer' : 'an issuer'} is unusable: ${crl.unusable}`,
        };
      continue;
    }
    // The signer is checked before freshness: a stale CRL cannot vouch for a certificate, but a
    // genuine one that lists it still proves it revoked.
    const signer = direct && signedBy(crl, issuer, ctx.allowWeakAlgorithms, issuerDsaParams) ? issuer : ctx.findSigner(crl, cert);
    if (!signer) {
      if (adds)
        problem = { reason: 'crl-signer-invalid', message: 'the CRL in scope is not signed by a key certified to sign CRLs for it' };
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
      if (deltaEntry.reason !== Reason.removeFromCRL) return revoked(who, ' (delta CRL)');
    } else if (entry && entry.reason !== Reason.removeFromCRL) {
      return revoked(who, current(crl, ctx.nowMs) ? '' : ' (listed in a CRL that is no longer current)');
    }
    if (!adds) continue;
    if (!current(crl, ctx.nowMs)) {
      problem =
        crl.thisUpdate.getTime() > ctx.nowMs
          ? { reason: 'crl-not-yet-valid', message: 'the CRL in scope is not yet valid (thisUpdate is in the future)' }
          : { reason: 'crl-stale', message: `the CRL in scope went stale at ${crl.nextUpdate?.toISOString() ?? '?'} (nextUpdate)` };
      continue;
    }
    reasons |= interim;
  }
  if ((reasons & ALL_REASONS) === ALL_REASONS) return undefined;

  if (ctx.ocsp) {
    const answer = ctx.ocsp(cert, issuer);
    switch (answer.status) {
      case 'good':
        ctx.ocspValidUntil = Math.min(ctx.ocspValidUntil, answer.validUntil);
        return undefined;
      case 'revoked':
        return revoked(who, ' (OCSP)');
      case 'pending':
        // Decided once the answer is fetched; the verification is repeated with it.
        ctx.pending.set(cert.fingerprint256, { cert, issuer });
        return undefined;
      case 'unknown':
        problem = answer.problem;
    }
  }
  if (ctx.mode === 'soft') {
    ctx.unknown.set(cert.fingerprint256, problem);
    return undefined;
  }
  return new Refusal(problem.reason, `Revocation status of certificate ${who} is unknown: ${problem.message}`);
}

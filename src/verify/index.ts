/**
 * The verification core's entry: synchronous, without HTTP. A parsed leaf, the untrusted pool
 * (its forwarded chain and the configured intermediates), the trust store and `nowMs` in; a
 * verified path out, or a Refusal naming the rule (the edge maps it to a code and status).
 */
import type { ParsedCertificate } from '../x509/certificate.js';
import type { ParsedCrl } from '../x509/crl.js';
import { checkPath, checkPinnedLeaf, clockInvalid } from './checks.js';
import { type NameIndex, WorkBudget, budgetExhausted, findPath, indexBySubject } from './path.js';
import { type OcspAnswer, type RevocationContext, type UnknownStatus, signedBy } from './revocation.js';
import { OcspPending } from './ocsp.js';
import { DEFAULT_POLICY } from './policies.js';
import { Refusal } from './refusal.js';
import type { VerifySettings } from './settings.js';

/** How deep CRL signers' own certificates are validated (a signer's signer, …). */
const MAX_SIGNER_DEPTH = 2;

/** A verified path (leaf first, anchor last) and the certificate policies it is valid for. */
export interface VerifiedPath {
  readonly path: readonly ParsedCertificate[];
  readonly policies: readonly string[];
  /** `revocationMode: 'soft'`: why the status of certificates in the path was unknown (empty when known). */
  readonly revocationUnknown?: readonly UnknownStatus[];
  /** Until when (ms) the OCSP answers the decision rests on hold. */
  readonly revocationValidUntil?: number;
}

/** Synchronous OCSP answers: this request's fetched ones (`overlay`), then the cache. */
export interface OcspLookup {
  lookup(cert: ParsedCertificate, issuer: ParsedCertificate, nowMs: number, overlay: Map<string, OcspAnswer> | undefined): OcspAnswer;
}

/**
 * Verifies a parsed leaf and its forwarded chain at `nowMs` (the clock is read once, by the
 * caller); throws a Refusal, or OcspPending when the decision needs OCSP answers that are
 * not cached (fetch them into `overlay` and call again).
 */
export interface PathVerifier {
  (leaf: ParsedCertificate, chain: readonly ParsedCertificate[], nowMs: number, overlay?: Map<string, OcspAnswer>): VerifiedPath;
  /** Until when (ms) revocation answers given at `nowMs` hold: the next CRL nextUpdate or newly current CRL. */
  crlHorizon(nowMs: number): number;
}

/** Builds the synchronous core from compiled options (shared by `createVerifier` and the middleware). */
export function compilePathVerifier(options: VerifySettings, ocsp?: OcspLookup): PathVerifier {
  const anchors = indexBySubject(options.anchors);
  const configuredPool = indexBySubject(options.intermediates);
  const anchorFingerprints = new Set(options.anchors.map((a) => a.fingerprint256));
  const crlsByIssuer = new Map<string, ParsedCrl[]>();
  for (const crl of options.crls) crlsByIssuer.set(crl.issuer.key, [...(crlsByIssuer.get(crl.issuer.key) ?? []), crl]);
  // A CRL signer other than the certificate's issuer is validated like a leaf, for CRL signing.
  const signerOptions: VerifySettings = { ...options, requiredEku: null, purpose: 'crlSigner', policy: DEFAULT_POLICY };

  /** Revocation context for one request; `depth` bounds the validation of CRL signers' own paths. */
  const revocationFor = (
    pool: NameIndex,
    nowMs: number,
    depth: number,
    budget: WorkBudget,
    signersInProgress = new Set<string>(),
    overlay?: Map<string, OcspAnswer>,
  ): RevocationContext | undefined => {
    if (!options.revocationConfigured) return undefined;
    const ctx: RevocationContext = {
      crlsByIssuer,
      allCrls: options.crls,
      nowMs,
      allowWeakAlgorithms: options.allowWeakAlgorithms,
      // CRL signers' own paths (depth > 0) are checked strictly and from CRLs only, as before.
      mode: depth === 0 ? options.revocationMode : 'hard',
      ocsp: depth === 0 && ocsp && options.ocsp ? (cert, issuer) => ocsp.lookup(cert, issuer, nowMs, overlay) : undefined,
      unknown: new Map(),
      pending: new Map(),
      ocspValidUntil: Infinity,
      findSigner: (crl) => {
        const candidates = [...(anchors.get(crl.issuer.key) ?? []), ...(pool.get(crl.issuer.key) ?? [])];
        for (const signer of candidates) {
          // Forwarded certificates can claim the CRL issuer's name: each try is charged like a path link.
          if (!budget.chargeCandidate() || !budget.chargeVerification(signer)) return undefined;
          if (!signedBy(crl, signer, options.allowWeakAlgorithms)) continue;
          if (anchorFingerprints.has(signer.fingerprint256)) return signer;
          // A signer whose own certificate is covered by the CRL it signs: its path is being
          // validated further up, and fails there if it is not valid.
          if (signersInProgress.has(signer.fingerprint256)) return signer;
          if (depth >= MAX_SIGNER_DEPTH) continue;
          const nested = revocationFor(pool, nowMs, depth + 1, budget, signersInProgress);
          signersInProgress.add(signer.fingerprint256);
          const result = findPath({
            leaf: signer,
            anchors,
            pool,
            maxChainLength: options.maxChainLength,
            allowWeakAlgorithms: options.allowWeakAlgorithms,
            validate: (path) => checkPath(path, signerOptions, nowMs, nested),
            budget,
          });
          signersInProgress.delete(signer.fingerprint256);
          if (!result.error) return signer;
        }
        return undefined;
      },
    };
    return ctx;
  };

  const crlHorizon = (nowMs: number): number => {
    let horizon = Infinity;
    for (const crl of options.crls) {
      // A CRL already stale cannot change its answer any more (only a replacement can, and that clears the cache).
      if (crl.nextUpdate && crl.nextUpdate.getTime() + 999 >= nowMs) horizon = Math.min(horizon, crl.nextUpdate.getTime() + 999);
      if (crl.thisUpdate.getTime() > nowMs) horizon = Math.min(horizon, crl.thisUpdate.getTime() - 1);
    }
    return horizon;
  };

  const verifyPath = function verifyPath(
    leaf: ParsedCertificate,
    chain: readonly ParsedCertificate[],
    nowMs: number,
    overlay?: Map<string, OcspAnswer>,
  ): VerifiedPath {
    // Refused before any work: a decision made without a valid time must not look like a certificate's fault.
    if (!Number.isFinite(nowMs)) throw clockInvalid();
    if (options.allowedFingerprints && !options.allowedFingerprints.has(leaf.fingerprint256)) {
      throw new Refusal('fingerprint-not-allowed', `Certificate ${leaf.subjectString} is not in allowedFingerprints`);
    }
    if (options.anchors.length === 0) {
      // Pinning alone: the fingerprint replaces path building; every check on the leaf itself still applies.
      const error = checkPinnedLeaf(leaf, options, nowMs);
      if (error) throw error;
      return { path: [leaf], policies: [] };
    }
    const pool = chain.length ? indexBySubject(chain, cloneIndex(configuredPool)) : configuredPool;
    // One budget per request, shared by the path search and the searches for CRL signers' paths.
    const budget = new WorkBudget();
    const revocation = revocationFor(pool, nowMs, 0, budget, undefined, overlay);
    const result = findPath({
      leaf,
      anchors,
      pool,
      maxChainLength: options.maxChainLength,
      allowWeakAlgorithms: options.allowWeakAlgorithms,
      validate: (path) => checkPath(path, options, nowMs, revocation),
      budget,
    });
    // A search cut short (here or in a CRL signer's search) cannot say that no valid path exists.
    if (result.error) throw budget.exhausted ? budgetExhausted(leaf) : result.error;
    if (!revocation) return result;
    // Only what was recorded for the certificates of the path found counts (other paths were tried too).
    const inPath = new Set(result.path.map((c) => c.fingerprint256));
    const pending = [...revocation.pending.values()].filter((s) => inPath.has(s.cert.fingerprint256));
    if (pending.length) throw new OcspPending(pending);
    const revocationUnknown = [...revocation.unknown].filter(([fp]) => inPath.has(fp)).map(([, u]) => u);
    return { ...result, revocationUnknown, revocationValidUntil: revocation.ocspValidUntil };
  };
  return Object.assign(verifyPath, { crlHorizon });
}

function cloneIndex(index: ReadonlyMap<string, readonly ParsedCertificate[]>): Map<string, ParsedCertificate[]> {
  const out = new Map<string, ParsedCertificate[]>();
  for (const [key, list] of index) out.set(key, [...list]);
  return out;
}

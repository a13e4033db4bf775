/**
 * Which refusal a failed path search reports. Several candidate paths can fail for different
 * reasons; the one that says the most about the client's certificate wins, ranked as
 * rustls-webpki ranks its errors (`Error::rank`): validity, revocation and signature problems
 * first, then usage, name constraints, path length and CA misuse, then profile and unsupported
 * features, and an unknown issuer last. A path that reached an anchor outranks one that did not,
 * whatever their reasons (see `PathTier`).
 */
import type { Refusal, VerifyReason } from './refusal.js';

/** Ranks of rules named by their reason; higher wins. */
const REASON_RANK: Readonly<Partial<Record<VerifyReason, number>>> = Object.freeze({
  'clock-invalid': 300,
  'validity-expired': 290,
  'validity-not-yet-valid': 290,
  revoked: 270,
  'crl-missing': 270,
  'crl-unusable': 270,
  'crl-signer-invalid': 270,
  'crl-not-yet-valid': 270,
  'crl-stale': 270,
  'ocsp-invalid': 270,
  'ocsp-error': 270,
  'ocsp-stale': 270,
  'ocsp-unknown': 270,
  'ocsp-no-responder': 270,
  'ocsp-unavailable': 270,
  'signature-invalid': 260,
  'signature-key-mismatch': 260,
  'signature-algorithm-mismatch': 250,
  'key-usage-not-allowed': 240,
  'eku-empty': 240,
  'eku-not-allowed': 240,
  'eku-not-allowed-for-issuer': 240,
  'name-constraints-excluded': 230,
  'name-constraints-not-permitted': 230,
  'name-constraints-ip-ambiguous': 230,
  'policy-invalid': 225,
  'path-len-exceeded': 220,
  'issuer-not-ca': 210,
  'leaf-is-ca': 210,
  'key-cert-sign-missing': 210,
  'serial-invalid': 170,
  'signature-algorithm-weak': 150,
  'signature-algorithm-unsupported': 140,
  'signature-params-invalid': 140,
  'dsa-params-missing': 140,
  'critical-extension-unknown': 130,
  'policy-qualifier-unknown': 130,
  'version-not-v3': 130,
  'fingerprint-not-allowed': 0,
  'budget-exhausted': 0,
  'issuer-unknown': 0,
  'path-too-long': 0,
});

/** Any other rule of the path: a profile or constraint the path breaks. */
const PATH_RULE_RANK = 100;
/** The leaf is unfit for the purpose (its key included), whatever rule said so. */
const PURPOSE_RANK = 240;
/** A link whose signature cannot be checked, with no more specific rank of its own: no trusted path. */
const LINK_RANK = 0;

/** How telling a refusal is within its tier: higher wins. */
export function refusalRank(refusal: Refusal): number {
  const own = REASON_RANK[refusal.reason];
  if (refusal.scope === 'purpose') return PURPOSE_RANK;
  if (own !== undefined) return own;
  return refusal.scope === 'link' ? LINK_RANK : PATH_RULE_RANK;
}

/** How far the refused path got: a complete path to an anchor (2), a link that failed (1), no issuer found (0). */
export type PathTier = 0 | 1 | 2;

/** Keeps the most telling refusal met in a search: the furthest tier first, then the rank; the first of equals. */
export class RefusalRanking {
  private best: Refusal | undefined;
  private bestScore = -1;

  /** Records `refusal`, met on a path that got as far as `tier`. */
  offer(refusal: Refusal, tier: PathTier): void {
    const score = tier * 1000 + refusalRank(refusal);
    if (score > this.bestScore) {
      this.best = refusal;
      this.bestScore = score;
    }
  }

  /** The most telling refusal so far, if any. */
  get error(): Refusal | undefined {
    return this.best;
  }
}

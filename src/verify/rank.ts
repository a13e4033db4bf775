/**
 * Which refusal a failed path search reports. Several candidate paths can fail for different
 * reasons; the one that says the most about the client's certificate wins, ranked as
 * rustls-webpki ranks its errors (`Error::rank`): validity, revocation and signature problems
 * first, then usage, name constraints, path length and CA misuse, then profile and unsupported
 * features, malformed data, and an unknown issuer last. A path that reached an anchor outranks
 * one that did not, whatever their reasons (see `PathTier`).
 */
import type { ClientCertError, ClientCertErrorCode } from '../errors.js';

/** Ranks of rules named by their reason, where the code alone would not place them. */
const REASON_RANK: Readonly<Record<string, number>> = Object.freeze({
  'clock-invalid': 300,
  'signature-invalid': 260,
  'signature-key-mismatch': 260,
  'signature-algorithm-mismatch': 250,
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
  'issuer-unknown': 0,
  'path-too-long': 0,
});

/** Ranks by code, for reasons without a rank of their own. */
const CODE_RANK: Readonly<Partial<Record<ClientCertErrorCode, number>>> = Object.freeze({
  ERR_CLIENT_CERT_EXPIRED: 290,
  ERR_CLIENT_CERT_NOT_YET_VALID: 290,
  ERR_CLIENT_CERT_REVOKED: 270,
  ERR_CLIENT_CERT_USAGE: 240,
  ERR_CLIENT_CERT_CHAIN_INVALID: 100,
  ERR_CLIENT_CERT_MALFORMED: 40,
  ERR_CLIENT_CERT_UNTRUSTED: 0,
});

/** How telling a refusal is within its tier: higher wins. */
export function refusalRank(error: ClientCertError): number {
  return REASON_RANK[error.reason] ?? CODE_RANK[error.code] ?? 0;
}

/** How far the refused path got: a complete path to an anchor (2), a link that failed (1), no issuer found (0). */
export type PathTier = 0 | 1 | 2;

/** Keeps the most telling refusal met in a search: the furthest tier first, then the rank; the first of equals. */
export class RefusalRanking {
  private best: ClientCertError | undefined;
  private bestScore = -1;

  /** Records `error`, met on a path that got as far as `tier`. */
  offer(error: ClientCertError, tier: PathTier): void {
    const score = tier * 1000 + refusalRank(error);
    if (score > this.bestScore) {
      this.best = error;
      this.bestScore = score;
    }
  }

  /** The most telling refusal so far, if any. */
  get error(): ClientCertError | undefined {
    return this.best;
  }
}

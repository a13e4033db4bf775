/**
 * Caches: whole verification results keyed by the exact field values, and parsed intermediates
 * keyed by their DER. Both are bounded; results expire with the certificates and CRLs they rest on.
 */
import { LRUCache } from 'lru-cache';
import { type ParsedCertificate, parseCertificate } from './certificate.js';
import type { ClientCertError } from './errors.js';
import type { ClientCertIdentity } from './types.js';

/** A cached decision and the clock window in which it still holds. */
export interface CachedDecision {
  readonly identity: ClientCertIdentity | undefined;
  readonly error: ClientCertError | undefined;
  /** Audit details of a refused certificate that parsed. */
  readonly leaf: { fingerprint256: string; subject: string; serialNumber: string } | undefined;
  /** Soft revocation mode: why the certificate was accepted with an unknown status. */
  readonly revocationUnknown?: string;
  /** The decision holds for `now` in [validFrom, validUntil] (ms). */
  readonly validFrom: number;
  readonly validUntil: number;
}

/** Verification results by header value: bounded in entries and in key bytes. */
export class DecisionCache {
  private readonly lru: LRUCache<string, CachedDecision>;

  constructor(maxEntries: number, maxKeyBytes: number) {
    this.lru = new LRUCache<string, CachedDecision>({
      max: maxEntries,
      maxSize: maxKeyBytes,
      sizeCalculation: (_v, key) => key.length || 1,
    });
  }

  /** The decision for `key` if it still holds at `nowMs`; a stale one is dropped. */
  get(key: string, nowMs: number): CachedDecision | undefined {
    if (!Number.isFinite(nowMs)) return undefined;
    const hit = this.lru.get(key);
    if (!hit) return undefined;
    // The clock is re-checked on every hit: a certificate that expired since is never served.
    if (nowMs < hit.validFrom || nowMs > hit.validUntil) {
      this.lru.delete(key);
      return undefined;
    }
    return hit;
  }

  /** Stores a decision; one made with an invalid clock (a NaN window) or with an empty window is never kept. */
  set(key: string, decision: CachedDecision): void {
    // `!(a <= b)` is also true when either end is NaN: such a window would never go stale.
    if (!(decision.validFrom <= decision.validUntil)) return;
    this.lru.set(key, decision);
  }

  /** Drops every decision (the trust material changed). */
  clear(): void {
    this.lru.clear();
  }

  /** Entries held (for tests and the benchmark). */
  get size(): number {
    return this.lru.size;
  }
}

/** The cache key of a request's fields: the exact values, in order. */
export function decisionKey(certLines: readonly string[], chainLines: readonly string[]): string {
  return chainLines.length ? `${certLines.join('\n')}\u0000${chainLines.join('\n')}` : certLines.join('\n');
}

/** The window in which a verified path stays valid: every certificate's validity and the CRLs' nextUpdate. */
export function validityWindow(
  path: readonly ParsedCertificate[],
  toleranceMs: number,
  crlsValidUntil: number,
): { validFrom: number; validUntil: number } {
  let validFrom = -Infinity;
  let validUntil = crlsValidUntil;
  for (const cert of path) {
    validFrom = Math.max(validFrom, cert.notBefore.getTime() - toleranceMs);
    validUntil = Math.min(validUntil, cert.notAfter.getTime() + toleranceMs + 999);
  }
  return { validFrom, validUntil };
}

/** Parses certificates through a bounded cache keyed by their DER: each distinct intermediate is parsed once. */
export function createCertificateParser(maxEntries: number): (der: Uint8Array, what: string) => ParsedCertificate {
  const cache = new LRUCache<string, ParsedCertificate>({ max: maxEntries });
  return (der, what) => {
    const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1');
    let cert = cache.get(key);
    if (!cert) {
      cert = parseCertificate(der, what);
      cache.set(key, cert);
    }
    return cert;
  };
}

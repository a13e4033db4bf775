/**
 * Caches: whole verification results keyed by a SHA-256 digest of the exact field values, and
 * parsed intermediates keyed by their DER. Both are bounded; results expire with the certificates
 * and CRLs they rest on.
 */
import { LRUCache } from 'lru-cache';
import type { ParsedCertificate } from './x509/certificate.js';
import { parseCertificate } from './certificate-input.js';
import { sha256 } from './x509/digest.js';
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

/** Verification results by digest of the header values: bounded in entries and in key bytes. */
export class DecisionCache {
  private readonly lru: LRUCache<string, CachedDecision>;
  /** Passed to every look-up: without it, lru-cache allocates an options object per call (it writes `status` into it). */
  private readonly lookup: LRUCache.GetOptions<string, CachedDecision, unknown> = { status: undefined };

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
    this.lookup.status = undefined;
    const hit = this.lru.get(key, this.lookup);
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

/** `String.prototype.isWellFormed` (ES2024, in every Node 20): O(1) for the one-byte strings Node's HTTP parser makes. */
const wellFormed = (line: string): boolean => (line as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Frames lines so that no two different lists give the same text: each line is prefixed with its length. */
function frame(lines: readonly string[]): string | undefined {
  let framed = '';
  for (const line of lines) {
    if (!wellFormed(line)) return undefined;
    framed += `\u0000${line.length}:${line}`;
  }
  return framed;
}

/** Keys are the digest's 32 bytes as Latin-1 characters ('binary'): 12 bytes less in every cached entry than base64. */
const KEY_ENCODING = 'binary';

/** Field lines the key function remembers with their key: few, since each holds a line (a few KB). */
const REMEMBERED_LINES = 16;

/**
 * Where a line is remembered: its length and a few characters near its end (in a certificate
 * field, signature bytes). Only spreads lines over the slots; a line is found again only if it is
 * equal in full, so an attacker who steers lines into one slot only makes them miss.
 */
function slotOf(line: string): number {
  const n = line.length;
  return (n + 3 * line.charCodeAt(n - 3) + 5 * line.charCodeAt(n - 6) + 7 * line.charCodeAt(n - 10)) & (REMEMBERED_LINES - 1);
}

/**
 * The cache key of a request's fields: a SHA-256 digest of the format, the exact leaf field
 * lines, and the SHA-256 digest of the exact chain field lines, all framed by their lengths. A
 * cryptographic digest, not a fast hash: an attacker must not be able to make two certificates
 * share a decision. The chain field is nearly always the same from request to request, so its
 * digest is remembered for the last value seen (compared in full). So is the key of each of the
 * last few single leaf lines (compared in full, with the format and chain they were keyed with):
 * comparing a line costs a tenth of hashing it. A line with a lone surrogate (only a hand-built
 * request can carry one) would encode to the same UTF-8 as U+FFFD, so such fields get no key and
 * are never cached.
 */
export function createDecisionKey(): (format: string, certLines: readonly string[], chainLines: readonly string[]) => string | undefined {
  // Written and hashed synchronously, never handed out.
  const scratch = Buffer.allocUnsafeSlow(64 * 1024);
  let lastChain: string | undefined;
  let lastChainDigest = '';
  // Per slot: the line, what it was keyed with (format, chain digest: it frames every chain line) and its key.
  const lines: (string | undefined)[] = new Array<string | undefined>(REMEMBERED_LINES).fill(undefined);
  const formats: string[] = new Array<string>(REMEMBERED_LINES).fill('');
  const chainDigests: string[] = new Array<string>(REMEMBERED_LINES).fill('');
  const keys: string[] = new Array<string>(REMEMBERED_LINES).fill('');
  return (format, certLines, chainLines) => {
    let chainDigest = '';
    if (chainLines.length === 1 && chainLines[0] === lastChain) chainDigest = lastChainDigest;
    else if (chainLines.length) {
      const framedChain = frame(chainLines);
      if (framedChain === undefined) return undefined;
      chainDigest = sha256(framedChain, 'base64');
      if (chainLines.length === 1) {
        lastChain = chainLines[0];
        lastChainDigest = chainDigest;
      }
    }
    if (certLines.length === 1) {
      const line = certLines[0];
      const slot = slotOf(line);
      if (lines[slot] === line && formats[slot] === format && chainDigests[slot] === chainDigest) return keys[slot];
      if (!wellFormed(line)) return undefined;
      const head = `${format}\u00031\u0003${chainLines.length}\u0003${chainDigest}\u0000${line.length}:`;
      // The same bytes as the UTF-8 of the text below, assembled in a reused buffer: building that
      // text (as long as the field) on every request was a third of the garbage a cache hit made.
      // UTF-8 takes at most three bytes per UTF-16 code unit.
      if (3 * (head.length + line.length) <= scratch.length) {
        const n = scratch.write(head, 0, 'utf8');
        const key = sha256(scratch.subarray(0, n + scratch.write(line, n, 'utf8')), KEY_ENCODING);
        lines[slot] = line;
        formats[slot] = format;
        chainDigests[slot] = chainDigest;
        keys[slot] = key;
        return key;
      }
    }
    const framedCert = frame(certLines);
    if (framedCert === undefined) return undefined;
    return sha256(`${format}\u0003${certLines.length}\u0003${chainLines.length}\u0003${chainDigest}${framedCert}`, KEY_ENCODING);
  };
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

/**
 * Parses certificates through a bounded cache keyed by their DER: each distinct intermediate is
 * parsed once. With `sameArraySameBytes`, an array seen before is also found by identity: only for
 * arrays this library made and never writes (a caller's buffer may be refilled between calls).
 */
export function createCertificateParser(
  maxEntries: number,
  sameArraySameBytes = false,
): (der: Uint8Array, what: string) => ParsedCertificate {
  const cache = new LRUCache<string, ParsedCertificate>({ max: maxEntries });
  // The same chain field decodes to the same arrays (the middleware keeps the last chain decoded):
  // those are found by identity, without copying and hashing their bytes.
  const byArray = sameArraySameBytes ? new WeakMap<Uint8Array, ParsedCertificate>() : undefined;
  // The certificate parsed or found last: most requests forward the same intermediate, and one
  // native byte comparison costs a tenth of the cache key (a string as long as the certificate).
  let last: ParsedCertificate | undefined;
  return (der, what) => {
    const known = byArray?.get(der);
    if (known) return known;
    let cert = last && Buffer.compare(last.der, der) === 0 ? last : undefined;
    if (!cert) {
      const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1');
      cert = cache.get(key);
      if (!cert) {
        // A cached certificate outlives the call: it must not be a view of a buffer the caller may refill.
        cert = parseCertificate(sameArraySameBytes ? der : new Uint8Array(der), what);
        cache.set(key, cert);
      }
      last = cert;
    }
    byArray?.set(der, cert);
    return cert;
  };
}

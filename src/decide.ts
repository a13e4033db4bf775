/**
 * Stage 2 of a request, deciding with the cache: a TLS client certificate is decided once per
 * connection; forwarded fields are looked up by a digest of their exact values, and only on a
 * miss decoded in the peer's format, parsed and verified. Every failure becomes a refusal.
 */
import type { TLSSocket } from 'node:tls';
import { type CachedDecision, DecisionCache, createCertificateParser, createDecisionKey, validityWindow } from './cache.js';
import { parseCertificate } from './certificate-input.js';
import { assertFieldSizes, decodeClientCert, decodeClientCertChain } from './decode.js';
import { ClientCertError, asClientCertError } from './errors.js';
import { type ForwardedCertificate, decodeBase64Der, decodeXfcc } from './formats/index.js';
import { decodeApachePem } from './formats/apache.js';
import { decodeCloudflareLegacy } from './formats/cloudflare.js';
import { decodeEscapedPemField, decodeIngressNginx } from './formats/escaped.js';
import { numberedFieldValues } from './formats/numbered.js';
import { decodeTraefik } from './formats/traefik.js';
import type { CompiledMiddlewareOptions, CompiledVerifierOptions } from './options.js';
import type { PeerFormat } from './proxy.js';
import type { RequestSource } from './source.js';
import type { VerifiedPath } from './verify/index.js';
import { type TrustSnapshot, verifyLive } from './verify/live/trust.js';
import type { ConfiguredTrust } from './trust.js';
import { INTERMEDIATE_CACHE_ENTRIES } from './verifier.js';
import { buildIdentity } from './identity.js';

/** What stage 2 hands on: the decision (none: no certificate) and whether it came from a cache. */
export interface Decided {
  readonly decision: CachedDecision | undefined;
  readonly cached: boolean;
}

const NOTHING: Decided = { decision: undefined, cached: false };

/** A refusal that is never cached (its window is empty at any clock reading). */
function uncachedRefusal(error: ClientCertError): Decided {
  return { decision: { identity: undefined, error, leaf: undefined, validFrom: 0, validUntil: 0 }, cached: false };
}

/** The client certificate and chain of a TLS socket, if the client presented one. */
function tlsClientCertificate(socket: TLSSocket): ForwardedCertificate | undefined {
  const peer = socket.getPeerCertificate(true);
  if (!peer?.raw) return undefined;
  const chainDers: Uint8Array[] = [];
  // OpenSSL links each certificate to its issuer; the last (self-signed) one links to itself.
  for (let c = peer.issuerCertificate; c?.raw && c !== peer && chainDers.length < 16; c = c.issuerCertificate) {
    chainDers.push(new Uint8Array(c.raw));
    if (c === c.issuerCertificate) break;
  }
  return { leafDer: new Uint8Array(peer.raw), chainDers };
}

/** The configuration stage 2 runs with. */
export interface DeciderConfig {
  readonly verifier: CompiledVerifierOptions;
  readonly middleware: CompiledMiddlewareOptions;
  readonly liveTrust: ConfiguredTrust;
  /** The one clock reading of a decision (NaN for an invalid clock: refused, never cached). */
  readonly now: () => number;
}

/** Compiles stage 2 for one middleware: `decide(source, snap)` returns the decision, or a promise of it while OCSP is asked. */
export function createDecider(config: DeciderConfig): (source: RequestSource, snap: TrustSnapshot) => Decided | Promise<Decided> {
  const { verifier, middleware, liveTrust, now } = config;
  const { limits, cache: cacheOptions } = middleware;
  const negativeTtlMs = cacheOptions ? cacheOptions.negativeTtlMs : 0;
  // Formats that carry leaf and chain in one field get the two size limits together.
  const singleFieldLimits = { ...limits, chainBytes: limits.certBytes + limits.chainBytes };
  const cache = cacheOptions ? new DecisionCache(cacheOptions.maxEntries, cacheOptions.maxKeyBytes) : undefined;
  const decisionKey = createDecisionKey();
  // Chain arrays come from this module's decoders and are never written: found again by identity.
  const parseIntermediate = createCertificateParser(INTERMEDIATE_CACHE_ENTRIES, true);
  // The certificate of a TLS connection cannot change, so its decision is kept with the socket.
  let tlsDecisions = new WeakMap<TLSSocket, CachedDecision | null>();
  // Decisions belong to the trust generation they were made under; a new one drops them all.
  let cachedGeneration = liveTrust.current.generation;

  /** Keeps a decision unless the configuration changed while it was made. */
  const current = (snap: TrustSnapshot): boolean => liveTrust.current.generation === snap.generation;

  /**
   * Verifies a leaf and chain however they arrived; every failure becomes a refusal. `read`
   * returning undefined means the fields carried no certificate (an XFCC element without Cert).
   */
  function decideDers(
    read: () => ForwardedCertificate | undefined,
    nowMs: number,
    source: string,
    snap: TrustSnapshot,
  ): CachedDecision | Promise<CachedDecision> | undefined {
    let leaf: CachedDecision['leaf'];
    const refusal = (err: unknown): CachedDecision => {
      const error = asClientCertError(err);
      // Refusals are cached briefly, so a flood of one bad certificate costs one validation.
      return { identity: undefined, error, leaf, validFrom: nowMs, validUntil: nowMs + negativeTtlMs };
    };
    const accepted = (verified: VerifiedPath): CachedDecision => {
      let horizon = Math.min(snap.verifyPath.crlHorizon(nowMs), verified.revocationValidUntil ?? Infinity);
      const unknown = verified.revocationUnknown?.[0];
      // An unknown status accepted in soft mode is re-examined as soon as a refusal would be.
      if (unknown) horizon = Math.min(horizon, nowMs + negativeTtlMs);
      const { validFrom, validUntil } = validityWindow(verified.path, verifier.clockToleranceMs, horizon);
      // The identity names the leaf for the audit trail; no second record of it is kept. Every
      // property is written in the literal: spread in, the window would go to a separate
      // property array, about 56 bytes more in each cached decision.
      return {
        identity: buildIdentity(verified),
        error: undefined,
        leaf: undefined,
        revocationUnknown: unknown?.reason,
        validFrom,
        validUntil,
      };
    };
    try {
      const forwarded = read();
      if (!forwarded) return undefined;
      const { leafDer, chainDers } = forwarded;
      if (chainDers.length > limits.chainCount) {
        throw new ClientCertError('ERR_CLIENT_CERT_TOO_LARGE', `${source} forwarded more than ${limits.chainCount} chain certificates`, {
          reason: 'chain-too-many',
        });
      }
      const parsedLeaf = parseCertificate(leafDer, `${source} certificate`);
      leaf = { fingerprint256: parsedLeaf.fingerprint256, subject: parsedLeaf.subjectString, serialNumber: parsedLeaf.serialNumber };
      const chain = chainDers.map((der, i) => parseIntermediate(der, `${source} chain certificate ${i + 1}`));
      const verified = verifyLive(snap, parsedLeaf, chain, nowMs);
      // Only a decision that waits on an OCSP responder is asynchronous.
      // A throw in `accepted` after the wait is refused as it would be without the wait (not passed on raw).
      if (verified instanceof Promise) return verified.then(accepted).then(undefined, refusal);
      return accepted(verified);
    } catch (err) {
      return refusal(err);
    }
  }

  // Leaves change from request to request, the chain field seldom: the last chain decoded is kept
  // with the exact field value it came from (only a successful decoding; the bytes are never written).
  let lastChain: string | undefined;
  let lastChainDers: Uint8Array[] = [];
  function decodeChain(chain: readonly string[]): Uint8Array[] {
    if (chain.length === 1 && chain[0] === lastChain) return lastChainDers;
    const ders = decodeClientCertChain(chain, limits);
    if (chain.length === 1) {
      lastChain = chain[0];
      lastChainDers = ders;
    }
    return ders;
  }

  /** Decodes the fields of a trusted peer in its format. */
  function readFields(format: PeerFormat, primary: readonly string[], chain: readonly string[]): ForwardedCertificate | undefined {
    switch (format.format) {
      case 'rfc9440':
        if (primary.length === 0) {
          throw new ClientCertError('ERR_CLIENT_CERT_MALFORMED', 'Client-Cert-Chain was sent without Client-Cert', {
            reason: 'chain-without-certificate',
          });
        }
        return { leafDer: decodeClientCert(primary, limits), chainDers: decodeChain(chain) };
      case 'envoy-xfcc':
        return decodeXfcc(primary, format.xfccElements);
      case 'escaped-pem':
        return decodeEscapedPemField(primary, chain, format.header);
      case 'base64-der':
        return decodeBase64Der(primary, format.header);
      case 'apache-pem':
        return decodeApachePem(primary, chain, format.header);
      case 'traefik':
        return decodeTraefik(primary, format.header);
      case 'ingress-nginx':
        return decodeIngressNginx(primary, format.header);
      case 'cloudflare-legacy':
        return decodeCloudflareLegacy(primary, chain, format.header);
    }
  }

  /** A client certificate from this server's own TLS handshake: decided once per connection. */
  function decideTls(socket: TLSSocket, snap: TrustSnapshot, nowMs: number): Decided | Promise<Decided> {
    const known = tlsDecisions.get(socket);
    if (known !== undefined && (known === null || (nowMs >= known.validFrom && nowMs <= known.validUntil))) {
      return known ? { decision: known, cached: true } : NOTHING;
    }
    const presented = tlsClientCertificate(socket);
    const decided = presented ? decideDers(() => presented, nowMs, 'TLS client', snap) : undefined;
    const socketDecisions = tlsDecisions;
    // A decision made without a valid clock is never kept.
    const remember = (d: CachedDecision | null): void => {
      if (Number.isFinite(nowMs) && current(snap)) socketDecisions.set(socket, d);
    };
    if (decided instanceof Promise) return decided.then((d) => (remember(d), { decision: d, cached: false }));
    remember(decided ?? null);
    return decided ? { decision: decided, cached: false } : NOTHING;
  }

  // The last cache hit as handed on (its wrapper is never written).
  let lastHit: Decided = NOTHING;

  /** Forwarded fields of a trusted peer: a cache look-up, else decode and verify. */
  function decideFields(source: RequestSource, format: PeerFormat, snap: TrustSnapshot, clockRead?: number): Decided | Promise<Decided> {
    try {
      const { taken } = source;
      const primary = taken.get(format.header) ?? [];
      // The second field, or the chain spread over numbered fields in index order.
      const chain = format.chainPrefix
        ? numberedFieldValues(taken, format.chainPrefix)
        : format.chainHeader
          ? (taken.get(format.chainHeader) ?? [])
          : [];
      if (primary.length === 0 && chain.length === 0) return NOTHING;
      if (format.format === 'rfc9440') assertFieldSizes(primary, chain, limits);
      else assertFieldSizes([], [...primary, ...chain], singleFieldLimits);
      // One clock reading per decision: the TLS branch's, when it looked first and found no certificate.
      const nowMs = clockRead ?? now();
      // The same value can be read differently by two proxy entries (one XFCC element, or the last of
      // several), and a refusal names the entry's field: both are part of the key.
      const key = cache ? decisionKey(format.keyPrefix, primary, chain) : undefined;
      const hit = key === undefined ? undefined : cache?.get(key, nowMs);
      if (hit) {
        // The same decision as last time (the common case): the same wrapper, allocated once.
        if (hit !== lastHit.decision) lastHit = { decision: hit, cached: true };
        return lastHit;
      }
      const decided = decideDers(() => readFields(format, primary, chain), nowMs, format.header, snap);
      const put = (d: CachedDecision): void => {
        if (key !== undefined && current(snap)) cache?.set(key, d);
      };
      if (decided instanceof Promise) return decided.then((d) => (put(d), { decision: d, cached: false }));
      if (decided) put(decided);
      return decided ? { decision: decided, cached: false } : NOTHING;
    } catch (err) {
      return uncachedRefusal(asClientCertError(err));
    }
  }

  return function decide(source, snap) {
    if (snap.generation !== cachedGeneration) {
      cachedGeneration = snap.generation;
      cache?.clear();
      tlsDecisions = new WeakMap();
    }
    let nowMs: number | undefined;
    if (source.tls) {
      // A client certificate from this server's own TLS handshake wins; headers are never read then.
      nowMs = now();
      const decided = decideTls(source.tls, snap, nowMs);
      if (decided instanceof Promise || decided.decision) return decided;
    }
    if (source.refusal) return uncachedRefusal(source.refusal);
    return source.format ? decideFields(source, source.format, snap, nowMs) : NOTHING;
  };
}

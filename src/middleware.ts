/**
 * `clientCert(options)`: proxy trust → intake → (cache) → decode → verify → identity on `req` → audit.
 * Typed against node:http so it runs under Connect and Express 4 and 5 alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { createAuditEmitter } from './audit.js';
import { type CachedDecision, DecisionCache, createCertificateParser, createDecisionKey, validityWindow } from './cache.js';
import { parseCertificate } from './certificate-input.js';
import { assertFieldSizes, decodeClientCert, decodeClientCertChain } from './decode.js';
import { ClientCertError, asClientCertError } from './errors.js';
import { takeFields } from './headers.js';
import { buildIdentity } from './identity.js';
import { compileMiddlewareOptions, systemClock } from './options.js';
import { PEER_AMBIGUOUS, PREDICATE_THREW, type PeerFormat, compileProxies, normalisePeer } from './proxy.js';
import { type ForwardedCertificate, decodeBase64Der, decodeXfcc } from './formats/index.js';
import { decodeApachePem } from './formats/apache.js';
import { decodeCloudflareLegacy } from './formats/cloudflare.js';
import { decodeEscapedPemField, decodeIngressNginx } from './formats/escaped.js';
import { isNumberedField, numberedFieldValues } from './formats/numbered.js';
import { decodeTraefik } from './formats/traefik.js';
import type { ClientCertAuditEvent, ClientCertOptions, ClientCertRequestFields, LiveTrustControls, TrustUpdate } from './types.js';
import type { VerifiedPath } from './verify/index.js';
import { type TrustSnapshot, verifyLive } from './verify/live/trust.js';
import { INTERMEDIATE_CACHE_ENTRIES } from './verifier.js';
import { readClock } from './clock.js';
import { ConfiguredTrust } from './trust.js';
import { type RequestState, attachRequestState, looksLikeRequest, markUncacheable, outcomeOf, requestState } from './request-state.js';

/** Connect-style `next`. */
export type NextFunction = (err?: unknown) => void;

/** The middleware `clientCert` returns. */
export type ClientCertMiddleware = ((req: IncomingMessage, res: ServerResponse, next: NextFunction) => void) & LiveTrustControls;

type RequestWithFields = IncomingMessage & ClientCertRequestFields & { originalUrl?: string };

function pathOf(req: RequestWithFields): string {
  const url = req.originalUrl ?? req.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The socket, when the request came over TLS this server terminated. */
function tlsSocketOf(socket: IncomingMessage['socket'] | undefined): TLSSocket | undefined {
  const tlsSocket = socket as TLSSocket | undefined;
  return tlsSocket?.encrypted && typeof tlsSocket.getPeerCertificate === 'function' ? tlsSocket : undefined;
}

/** The client certificate and chain of a TLS socket, if the client presented one. */
function tlsClientCertificate(socket: TLSSocket): { leafDer: Uint8Array; chainDers: Uint8Array[] } | undefined {
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

/** The refusal of fields from a peer outside `trustedProxies`, naming the peer (it is the answer). */
function untrustedPeer(peer: string, trust: string | undefined): ClientCertError {
  if (trust === PEER_AMBIGUOUS) {
    return new ClientCertError(
      'ERR_CLIENT_CERT_UNTRUSTED_PROXY',
      `Client-Cert fields came from ${peer}, which matches trustedProxies entries that read different formats or fields; ` +
        'they were removed unread. Give each proxy address one entry',
      { reason: 'trusted-proxies-ambiguous' },
    );
  }
  if (trust === PREDICATE_THREW) {
    return new ClientCertError(
      'ERR_CLIENT_CERT_UNTRUSTED_PROXY',
      `Client-Cert fields came from ${peer}, and the trustedProxies function threw for it; they were removed unread`,
      { reason: 'trusted-proxies-threw' },
    );
  }
  return new ClientCertError(
    'ERR_CLIENT_CERT_UNTRUSTED_PROXY',
    `Client-Cert fields came from ${peer || 'an unknown peer'}, which is not in trustedProxies; they were removed unread. ` +
      'If your TLS proxy runs there, add that address to trustedProxies (the socket peer, not req.ip or X-Forwarded-For)',
    { reason: 'peer-not-trusted' },
  );
}

/** Creates the middleware. Throws TypeError on misconfiguration, never at request time. */
export function clientCert(options: ClientCertOptions): ClientCertMiddleware;
export function clientCert(options: ClientCertOptions, ...misuse: unknown[]): ClientCertMiddleware {
  if (looksLikeRequest(options)) {
    // `app.use(clientCert)` or `server.on('request', clientCert)`: the factory was called with (req, res, next?).
    const mistake = new TypeError(
      'clientCert was mounted without being called: write app.use(clientCert({ trustedProxies, trustAnchors })), not app.use(clientCert).',
    );
    const next = misuse[1];
    if (typeof next !== 'function') throw mistake;
    (next as NextFunction)(mistake);
    // What the mistaken call returns is discarded by the caller; it only has to have the right shape.
    return Object.assign(() => undefined, {
      ready: () => Promise.resolve(),
      update: () => undefined,
      close: () => undefined,
      status: () => ({ generation: 0, sources: [], ocsp: undefined }),
    });
  }
  const { verifier, middleware } = compileMiddlewareOptions(options);
  const proxies = compileProxies(middleware.trustedProxies);
  const liveTrust = new ConfiguredTrust('clientCert()', verifier, options);
  const parseIntermediate = createCertificateParser(INTERMEDIATE_CACHE_ENTRIES);
  const emit = middleware.onAudit ? createAuditEmitter(middleware.onAudit) : undefined;
  const { limits, required, cache: cacheOptions } = middleware;
  // Formats that carry leaf and chain in one field get the two size limits together.
  const singleFieldLimits = { ...limits, chainBytes: limits.certBytes + limits.chainBytes };
  const cache = cacheOptions ? new DecisionCache(cacheOptions.maxEntries, cacheOptions.maxKeyBytes) : undefined;
  const decisionKey = createDecisionKey();
  const { directTls } = middleware;
  // The certificate of a TLS connection cannot change, so its decision is kept with the socket.
  let tlsDecisions = new WeakMap<TLSSocket, CachedDecision | null>();
  // Decisions belong to the trust generation they were made under; a new one drops them all.
  let cachedGeneration = liveTrust.current.generation;

  /** Caches a decision unless the configuration changed while it was made (not a closure per request). */
  const store = (snap: TrustSnapshot, put: () => void): void => {
    if (liveTrust.current.generation === snap.generation) put();
  };

  /** The one clock reading of a decision; a clock that throws or returns an invalid Date gives NaN (refused, never cached). */
  const safeNow = (): number => (verifier.now === systemClock ? Date.now() : readClock(verifier.now));

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
      return { identity: undefined, error, leaf, validFrom: nowMs, validUntil: nowMs + (cacheOptions ? cacheOptions.negativeTtlMs : 0) };
    };
    const accepted = (verified: VerifiedPath): CachedDecision => {
      let horizon = Math.min(snap.verifyPath.crlHorizon(nowMs), verified.revocationValidUntil ?? Infinity);
      const unknown = verified.revocationUnknown?.[0];
      // An unknown status accepted in soft mode is re-examined as soon as a refusal would be.
      if (unknown) horizon = Math.min(horizon, nowMs + (cacheOptions ? cacheOptions.negativeTtlMs : 0));
      const window = validityWindow(verified.path, verifier.clockToleranceMs, horizon);
      // The identity names the leaf for the audit trail; no second record of it is kept.
      return { identity: buildIdentity(verified), error: undefined, leaf: undefined, revocationUnknown: unknown?.reason, ...window };
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

  const middlewareFn = function clientCertMiddleware(req: RequestWithFields, res: ServerResponse, next: NextFunction): void {
    const state = requestState(req);
    const earlier = outcomeOf(state, clientCertMiddleware);
    if (earlier) {
      // The same middleware mounted twice (app and router): its decision stands, audited once.
      req.clientCert = earlier.identity;
      req.clientCertError = earlier.error;
      finish(earlier.identity, earlier.error, res, next);
      return;
    }
    // A value set by anything before us (or by another clientCert) must not survive. Assigned, not
    // deleted: `delete` would turn the request object into a slow dictionary-mode object.
    if (req.clientCert !== undefined) req.clientCert = undefined;
    if (req.clientCertError !== undefined) req.clientCertError = undefined;

    // The configuration in force when the request starts is the one it finishes under.
    const snap = liveTrust.current;
    if (snap.generation !== cachedGeneration) {
      cachedGeneration = snap.generation;
      cache?.clear();
      tlsDecisions = new WeakMap();
    }

    const peer = normalisePeer(req.socket?.remoteAddress);
    const trust = proxies.formatOf(peer);
    const peerFormat = typeof trust === 'string' ? undefined : trust;
    const trustedPeer = peerFormat !== undefined;
    // Every client-certificate field is removed, whoever sent it; only the peer's own format is read.
    // Fields an earlier clientCert took stay readable here, so a second, different mount decides on them too.
    const taken = state
      ? takeFieldsAgain(state, req)
      : attachRequestState(req, takeFields(req, proxies.fieldNames, proxies.fieldPrefixes)).taken;
    const present = taken.size > 0;
    let decision: CachedDecision | Promise<CachedDecision> | undefined;
    let cached = false;
    const tlsSocket = directTls ? tlsSocketOf(req.socket) : undefined;
    if (tlsSocket) {
      // A client certificate from this server's own TLS handshake wins; headers are never read then.
      const nowMs = safeNow();
      const known = tlsDecisions.get(tlsSocket);
      cached = known !== undefined && (known === null || (nowMs >= known.validFrom && nowMs <= known.validUntil));
      if (cached) decision = known ?? undefined;
      else {
        const presented = tlsClientCertificate(tlsSocket);
        const decided = presented ? decideDers(() => presented, nowMs, 'TLS client', snap) : undefined;
        const socketDecisions = tlsDecisions;
        // A decision made without a valid clock is never kept.
        const remember = (d: CachedDecision | null): void => {
          if (Number.isFinite(nowMs)) store(snap, () => socketDecisions.set(tlsSocket, d));
        };
        if (decided instanceof Promise) decision = decided.then((d) => (remember(d), d));
        else {
          remember(decided ?? null);
          decision = decided;
        }
      }
    }
    if (!decision && present && !trustedPeer) {
      decision = {
        identity: undefined,
        error: untrustedPeer(peer, typeof trust === 'string' ? trust : undefined),
        leaf: undefined,
        validFrom: 0,
        validUntil: 0,
      };
    } else if (!decision && peerFormat) {
      try {
        const primary = taken.get(peerFormat.header) ?? [];
        // The second field, or the chain spread over numbered fields in index order.
        const chain = peerFormat.chainPrefix
          ? numberedFieldValues(taken, peerFormat.chainPrefix)
          : peerFormat.chainHeader
            ? (taken.get(peerFormat.chainHeader) ?? [])
            : [];
        if (primary.length || chain.length) {
          if (peerFormat.format === 'rfc9440') assertFieldSizes(primary, chain, limits);
          else assertFieldSizes([], [...primary, ...chain], singleFieldLimits);
          const nowMs = safeNow();
          // The same value can be read differently by two proxy entries (one XFCC element, or the last of
          // several), and a refusal names the entry's field: both are part of the key.
          const key = cache
            ? decisionKey(`${peerFormat.format}\u0003${peerFormat.xfccElements}\u0003${peerFormat.header}`, primary, chain)
            : undefined;
          decision = key === undefined ? undefined : cache?.get(key, nowMs);
          cached = decision !== undefined;
          if (!decision) {
            const decided = decideDers(() => readFields(peerFormat, primary, chain), nowMs, peerFormat.header, snap);
            const put = (d: CachedDecision) => () => (key === undefined ? undefined : cache?.set(key, d));
            if (decided instanceof Promise) decision = decided.then((d) => (store(snap, put(d)), d));
            else if (decided) store(snap, put(decided));
            decision ??= decided;
          }
        }
      } catch (err) {
        decision = { identity: undefined, error: asClientCertError(err), leaf: undefined, validFrom: 0, validUntil: 0 };
      }
    }

    if (decision instanceof Promise) {
      // Waiting on an OCSP responder: the request goes on when the answer (or the timeout) is in.
      decision.then(
        (d) => conclude(req, res, next, d, false, peer, trustedPeer),
        (err: unknown) => next(err),
      );
      return;
    }
    conclude(req, res, next, decision, cached, peer, trustedPeer);
  };

  /** Puts the decision on the request, audits it, and calls next. */
  function conclude(
    req: RequestWithFields,
    res: ServerResponse,
    next: NextFunction,
    decision: CachedDecision | undefined,
    cached: boolean,
    peer: string,
    trustedPeer: boolean,
  ): void {
    const identity = decision?.identity;
    const error = decision?.error;
    if (identity) req.clientCert = identity;
    if (error) req.clientCertError = error;
    const reqState = requestState(req) as RequestState;
    reqState.outcomes.push({ by: middlewareFn, identity, error });

    if (emit) {
      const event: ClientCertAuditEvent = {
        time: new Date().toISOString(),
        outcome: identity ? 'accepted' : error ? 'rejected' : 'absent',
        peer,
        trustedPeer,
        method: req.method ?? '',
        path: pathOf(req),
      };
      if (error) {
        event.code = error.code;
        event.reason = error.reason;
        event.message = error.message;
      }
      const who = identity ?? decision?.leaf;
      if (who) {
        event.fingerprint256 = who.fingerprint256;
        event.subject = who.subject;
        event.serialNumber = who.serialNumber;
      }
      if (identity) event.issuer = identity.issuer;
      if (identity && decision?.revocationUnknown) {
        event.revocationStatus = 'unknown';
        event.revocationReason = decision.revocationUnknown;
      }
      if (decision && trustedPeer) event.cached = cached;
      emit(event);
      // A guard's refusal of this identity is audited through the same hook, naming the same request.
      reqState.emit = emit;
      reqState.event = event;
    } else {
      reqState.emit = undefined;
    }
    finish(identity, error, res, next);
  }

  /** Enforces `required` and marks responses that depend on the certificate. */
  function finish(identity: unknown, error: ClientCertError | undefined, res: ServerResponse, next: NextFunction): void {
    if (required) markUncacheable(res);
    if (required && !identity) {
      next(error ?? new ClientCertError('ERR_CLIENT_CERT_MISSING', 'A client certificate is required', { reason: 'certificate-absent' }));
      return;
    }
    next();
  }

  /** For a second, different clientCert: its fields, taken off the request now or by an earlier clientCert. */
  /** A field this middleware strips: a known or configured name, or a numbered chain field. */
  function isOurs(name: string): boolean {
    return proxies.fieldNames.has(name) || proxies.fieldPrefixes.some((prefix) => isNumberedField(name, prefix));
  }

  function takeFieldsAgain(state: RequestState, req: IncomingMessage): Map<string, string[]> {
    for (const [name, lines] of takeFields(req, proxies.fieldNames, proxies.fieldPrefixes))
      if (!state.taken.has(name)) state.taken.set(name, lines);
    const mine = new Map<string, string[]>();
    for (const [name, lines] of state.taken) if (isOurs(name)) mine.set(name, lines);
    return mine;
  }

  return Object.assign(middlewareFn, {
    ready: () => liveTrust.ready(),
    update: (partial: TrustUpdate) => liveTrust.update(partial),
    close: () => liveTrust.close(),
    status: () => liveTrust.status(),
  });
}

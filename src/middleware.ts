/**
 * `clientCert(options)`: proxy trust → intake → (cache) → decode → verify → identity on `req` → audit.
 * Typed against node:http so it runs under Connect and Express 4 and 5 alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { createAuditEmitter } from './audit.js';
import { type CachedDecision, DecisionCache, createCertificateParser, decisionKey, validityWindow } from './cache.js';
import { parseCertificate } from './certificate.js';
import { assertFieldSizes, decodeClientCert, decodeClientCertChain } from './decode.js';
import { ClientCertError, asClientCertError } from './errors.js';
import { takeFields } from './headers.js';
import { buildIdentity } from './identity.js';
import { compileMiddlewareOptions } from './options.js';
import { PREDICATE_THREW, type PeerFormat, compileProxies, normalisePeer } from './proxy.js';
import { type ForwardedCertificate, decodeBase64Der, decodeEscapedPem, decodeXfcc } from './formats/index.js';
import type { ClientCertAuditEvent, ClientCertOptions, ClientCertRequestFields } from './types.js';
import { INTERMEDIATE_CACHE_ENTRIES, compilePathVerifier, readClock } from './verify/index.js';
import { type RequestState, attachRequestState, looksLikeRequest, markUncacheable, outcomeOf, requestState } from './request-state.js';

/** Connect-style `next`. */
export type NextFunction = (err?: unknown) => void;

/** The middleware `clientCert` returns. */
export type ClientCertMiddleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

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
function untrustedPeer(peer: string, predicateThrew: boolean): ClientCertError {
  if (predicateThrew) {
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
    return () => undefined;
  }
  const { verifier, middleware } = compileMiddlewareOptions(options);
  const proxies = compileProxies(middleware.trustedProxies);
  const verifyPath = compilePathVerifier(verifier);
  const parseIntermediate = createCertificateParser(INTERMEDIATE_CACHE_ENTRIES);
  const emit = middleware.onAudit ? createAuditEmitter(middleware.onAudit) : undefined;
  const { limits, required, cache: cacheOptions } = middleware;
  // Formats that carry leaf and chain in one field get the two size limits together.
  const singleFieldLimits = { ...limits, chainBytes: limits.certBytes + limits.chainBytes };
  const cache = cacheOptions ? new DecisionCache(cacheOptions.maxEntries, cacheOptions.maxKeyBytes) : undefined;
  const { directTls } = middleware;
  // The certificate of a TLS connection cannot change, so its decision is kept with the socket.
  const tlsDecisions = new WeakMap<TLSSocket, CachedDecision | null>();

  /** The one clock reading of a decision; a clock that throws or returns an invalid Date gives NaN (refused, never cached). */
  const safeNow = (): number => readClock(verifier.now);

  /**
   * Verifies a leaf and chain however they arrived; every failure becomes a refusal. `read`
   * returning undefined means the fields carried no certificate (an XFCC element without Cert).
   */
  function decideDers(read: () => ForwardedCertificate | undefined, nowMs: number, source: string): CachedDecision | undefined {
    let leaf: CachedDecision['leaf'];
    try {
      const forwarded = read();
      if (!forwarded) return undefined;
      const { leafDer, chainDers } = forwarded;
      if (chainDers.length > limits.chainCount) {
        throw new ClientCertError('ERR_CLIENT_CERT_TOO_LARGE', `${source} forwarded more than ${limits.chainCount} chain certificates`);
      }
      const parsedLeaf = parseCertificate(leafDer, `${source} certificate`);
      leaf = { fingerprint256: parsedLeaf.fingerprint256, subject: parsedLeaf.subjectString, serialNumber: parsedLeaf.serialNumber };
      const chain = chainDers.map((der, i) => parseIntermediate(der, `${source} chain certificate ${i + 1}`));
      const verified = verifyPath(parsedLeaf, chain, nowMs);
      const window = validityWindow(verified.path, verifier.clockToleranceMs, verifyPath.crlHorizon(nowMs));
      return { identity: buildIdentity(verified), error: undefined, leaf, ...window };
    } catch (err) {
      const error = asClientCertError(err);
      // Refusals are cached briefly, so a flood of one bad certificate costs one validation.
      return { identity: undefined, error, leaf, validFrom: nowMs, validUntil: nowMs + (cacheOptions ? cacheOptions.negativeTtlMs : 0) };
    }
  }

  /** Decodes the fields of a trusted peer in its format. */
  function readFields(format: PeerFormat, primary: readonly string[], chain: readonly string[]): ForwardedCertificate | undefined {
    switch (format.format) {
      case 'rfc9440':
        if (primary.length === 0) throw new ClientCertError('ERR_CLIENT_CERT_MALFORMED', 'Client-Cert-Chain was sent without Client-Cert');
        return { leafDer: decodeClientCert(primary, limits), chainDers: decodeClientCertChain(chain, limits) };
      case 'envoy-xfcc':
        return decodeXfcc(primary);
      case 'escaped-pem':
        return decodeEscapedPem(primary, format.header);
      case 'base64-der':
        return decodeBase64Der(primary, format.header);
    }
  }

  return function clientCertMiddleware(req: RequestWithFields, res: ServerResponse, next: NextFunction): void {
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

    const peer = normalisePeer(req.socket?.remoteAddress);
    const trust = proxies.formatOf(peer);
    const peerFormat = trust === PREDICATE_THREW ? undefined : trust;
    const trustedPeer = peerFormat !== undefined;
    // Every client-certificate field is removed, whoever sent it; only the peer's own format is read.
    // Fields an earlier clientCert took stay readable here, so a second, different mount decides on them too.
    const taken = state ? takeFieldsAgain(state, req) : attachRequestState(req, takeFields(req, proxies.fieldNames)).taken;
    const present = taken.size > 0;
    let decision: CachedDecision | undefined;
    let cached = false;
    const tlsSocket = directTls ? tlsSocketOf(req.socket) : undefined;
    if (tlsSocket) {
      // A client certificate from this server's own TLS handshake wins; headers are never read then.
      const nowMs = safeNow();
      let known = tlsDecisions.get(tlsSocket);
      cached = known !== undefined && (known === null || (nowMs >= known.validFrom && nowMs <= known.validUntil));
      if (!cached) {
        const presented = tlsClientCertificate(tlsSocket);
        known = (presented && decideDers(() => presented, nowMs, 'TLS client')) ?? null;
        // A decision made without a valid clock is never kept.
        if (Number.isFinite(nowMs)) tlsDecisions.set(tlsSocket, known);
      }
      if (known) decision = known;
    }
    if (!decision && present && !trustedPeer) {
      decision = {
        identity: undefined,
        error: untrustedPeer(peer, trust === PREDICATE_THREW),
        leaf: undefined,
        validFrom: 0,
        validUntil: 0,
      };
    } else if (!decision && peerFormat) {
      const primary = taken.get(peerFormat.header) ?? [];
      const chain = peerFormat.chainHeader ? (taken.get(peerFormat.chainHeader) ?? []) : [];
      if (primary.length || chain.length) {
        try {
          if (peerFormat.format === 'rfc9440') assertFieldSizes(primary, chain, limits);
          else assertFieldSizes([], primary, singleFieldLimits);
          const nowMs = safeNow();
          const key = cache ? `${peerFormat.format}\u0003${decisionKey(primary, chain)}` : '';
          decision = cache?.get(key, nowMs);
          cached = decision !== undefined;
          if (!decision) {
            decision = decideDers(() => readFields(peerFormat, primary, chain), nowMs, peerFormat.header);
            if (decision) cache?.set(key, decision);
          }
        } catch (err) {
          decision = { identity: undefined, error: asClientCertError(err), leaf: undefined, validFrom: 0, validUntil: 0 };
        }
      }
    }

    const identity = decision?.identity;
    const error = decision?.error;
    if (identity) req.clientCert = identity;
    if (error) req.clientCertError = error;
    const reqState = requestState(req) as RequestState;
    reqState.outcomes.push({ by: clientCertMiddleware, identity, error });

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
      if (decision && trustedPeer) event.cached = cached;
      emit(event);
      // A guard's refusal of this identity is audited through the same hook, naming the same request.
      reqState.emit = emit;
      reqState.event = event;
    } else {
      reqState.emit = undefined;
    }
    finish(identity, error, res, next);
  };

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
  function takeFieldsAgain(state: RequestState, req: IncomingMessage): Map<string, string[]> {
    for (const [name, lines] of takeFields(req, proxies.fieldNames)) if (!state.taken.has(name)) state.taken.set(name, lines);
    const mine = new Map<string, string[]>();
    for (const [name, lines] of state.taken) if (proxies.fieldNames.has(name)) mine.set(name, lines);
    return mine;
  }
}

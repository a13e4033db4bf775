/**
 * `clientCert(options)`: a request passes four stages, each in its own module: choose the source
 * (proxy trust and intake, `source.ts`), decide with the cache (`decide.ts`), apply the decision to
 * the request (`apply.ts`), audit (`audit.ts`). Typed against node:http so it runs under Connect
 * and Express 4 and 5 alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type NextFunction, type RequestWithFields, applyDecision, finish, unshownDecision } from './apply.js';
import { auditDecision, createAuditEmitter } from './audit.js';
import { type Decided, createDecider } from './decide.js';
import { compileFieldSet } from './headers.js';
import { compileMiddlewareOptions, systemClock } from './options.js';
import { compileProxies } from './proxy.js';
import { type RequestSource, createSourceChooser } from './source.js';
import type { ClientCertOptions, LiveTrustControls, TrustUpdate } from './types.js';
import { readClock } from './clock.js';
import { ConfiguredTrust } from './trust.js';
import {
  type RequestState,
  countMiddleware,
  forgetRequest,
  installRequestFields,
  looksLikeRequest,
  outcomeOf,
  releaseFields,
  requestState,
  showDecision,
} from './request-state.js';

export type { NextFunction } from './apply.js';

/** The middleware `clientCert` returns. */
export type ClientCertMiddleware = ((req: IncomingMessage, res: ServerResponse, next: NextFunction) => void) & LiveTrustControls;

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
  installRequestFields();
  countMiddleware();
  const proxies = compileProxies(middleware.trustedProxies);
  const liveTrust = new ConfiguredTrust('clientCert()', verifier, options);
  const emit = middleware.onAudit ? createAuditEmitter(middleware.onAudit) : undefined;
  const { required } = middleware;
  /** The one clock reading of a decision; a clock that throws or returns an invalid Date gives NaN (refused, never cached). */
  const now = (): number => (verifier.now === systemClock ? Date.now() : readClock(verifier.now));
  const chooseSource = createSourceChooser(proxies, compileFieldSet(proxies.fieldNames, proxies.fieldPrefixes), middleware.directTls);
  const decide = createDecider({ verifier, middleware, liveTrust, now });

  const middlewareFn = function clientCertMiddleware(req: RequestWithFields, res: ServerResponse, next: NextFunction): void {
    const earlierState = requestState(req);
    const earlier = outcomeOf(earlierState, clientCertMiddleware);
    if (earlier) {
      // The same middleware mounted twice (app and router): its decision stands, audited once.
      if (!showDecision(req, earlierState as RequestState, earlier.identity, earlier.error)) {
        next(unshownDecision());
        return;
      }
      finish(required, earlier.identity, earlier.error, res, next);
      return;
    }
    if (earlierState?.released) {
      // Another clientCert was made while this request was in flight, after the only one there was
      // decided it and let go of the fields: deciding "no certificate" here would be wrong.
      next(
        new TypeError(
          'clientCert(): this request was decided by another clientCert() middleware, made before this one, which no longer holds ' +
            'its certificate fields. Make every clientCert() middleware before the server takes requests.',
        ),
      );
      return;
    }
    // The configuration in force when the request starts is the one it finishes under.
    const snap = liveTrust.current;
    const source = chooseSource(req, earlierState);
    const decided = decide(source, snap);
    if (decided instanceof Promise) {
      // Waiting on an OCSP responder: the request goes on when the answer (or the timeout) is in.
      decided.then(
        (d) => conclude(req, res, next, source, d),
        (err: unknown) => next(err),
      );
      return;
    }
    conclude(req, res, next, source, decided);
  };

  /** Stages 3 and 4: applies the decision to the request, audits it, and calls next. */
  function conclude(req: RequestWithFields, res: ServerResponse, next: NextFunction, source: RequestSource, decided: Decided): void {
    const { decision, cached } = decided;
    const identity = decision?.identity;
    const error = decision?.error;
    // Stage 1 attached the state to the request.
    const state = requestState(req) as RequestState;
    try {
      if (!applyDecision(req, state, middlewareFn, identity, error)) {
        next(unshownDecision());
        return;
      }
      if (emit) auditDecision(emit, req, state, source, decision, cached);
      else state.emit = undefined;
      releaseFields(state);
      finish(required, identity, error, res, next);
    } finally {
      // After next(): a route that runs at once still found the request in the one-entry cache.
      forgetRequest(req);
    }
  }

  return Object.assign(middlewareFn, {
    ready: () => liveTrust.ready(),
    update: (partial: TrustUpdate) => liveTrust.update(partial),
    close: () => liveTrust.close(),
    status: () => liveTrust.status(),
  });
}

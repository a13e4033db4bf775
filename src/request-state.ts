/**
 * What `clientCert` leaves on a request for later stages: the fields it took (so a second mount
 * can still read them), its decision per middleware instance (so mounting the same middleware
 * twice keeps the identity), and how a guard audits its refusal. Kept under a registered symbol,
 * so a guard from another copy of this package (CJS beside ESM) still finds it.
 */
import type { ServerResponse } from 'node:http';
import type { ClientCertError } from './errors.js';
import type { ClientCertIdentity } from './types.js';

/** The property key of the state on the request. */
export const REQUEST_STATE = Symbol.for('express-client-cert.request-state');

/** One middleware instance's outcome for this request. */
export interface MiddlewareOutcome {
  readonly identity: ClientCertIdentity | undefined;
  readonly error: ClientCertError | undefined;
}

/** The state `clientCert` keeps on a request. */
export interface RequestState {
  /** Every client-certificate field taken off the request so far, by lowercase name. */
  readonly taken: Map<string, string[]>;
  /** Outcomes by middleware instance (a Map: it lives only as long as the request). */
  readonly outcomes: Map<object, MiddlewareOutcome>;
  /** Audits a guard's refusal through the hook of the middleware that decided last (no-op without a hook). */
  auditForbidden: (error: ClientCertError) => void;
}

/** The state of a request `clientCert` has seen, or undefined. */
export function requestState(req: object): RequestState | undefined {
  return (req as Record<symbol, RequestState | undefined>)[REQUEST_STATE];
}

/** Attaches a fresh state holding the fields taken first (non-enumerable: loggers that serialise `req` never see it). */
export function attachRequestState(req: object, taken: Map<string, string[]>): RequestState {
  const state: RequestState = { taken, outcomes: new Map(), auditForbidden: () => undefined };
  Object.defineProperty(req, REQUEST_STATE, { value: state, enumerable: false, configurable: true, writable: false });
  return state;
}

/**
 * RFC 9440 §3: a response that depends on the client certificate must not be reused by shared
 * caches. Adds `Vary: Client-Cert` and, unless set, `Cache-Control: no-store`.
 */
export function markUncacheable(res: ServerResponse | undefined): void {
  // Hand-built response objects (tests, adapters) may not be full ServerResponses.
  if (!res || typeof res.getHeader !== 'function' || typeof res.setHeader !== 'function' || res.headersSent) return;
  const vary = res.getHeader('Vary');
  const current = Array.isArray(vary) ? vary.join(', ') : vary === undefined ? '' : String(vary);
  if (!/(?:^|,)\s*(?:client-cert|\*)\s*(?:,|$)/i.test(current)) res.setHeader('Vary', current ? `${current}, Client-Cert` : 'Client-Cert');
  if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
}

/** True when `value` looks like a request: a factory (`clientCert`, `requireClientCert`) was mounted instead of its result. */
export function looksLikeRequest(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'socket' in value && 'headers' in value && 'method' in value;
}

/**
 * What `clientCert` leaves on a request for later stages: the fields it took (so a second mount
 * can still read them), its decision per middleware instance (so mounting the same middleware
 * twice keeps the identity), and how a guard audits its refusal. Kept beside the request, not on
 * it, in one map that every copy of this package shares (a guard from the CommonJS build finds the
 * state the ES module build left).
 */
import type { ServerResponse } from 'node:http';
import type { ClientCertError } from './errors.js';
import type { ClientCertAuditEvent, ClientCertIdentity } from './types.js';

/** Where the shared map is registered. */
const STATES_KEY = Symbol.for('express-client-cert.request-states');

type StateRegistry = { [STATES_KEY]?: WeakMap<object, RequestState> };

/**
 * The states by request. Not a property on the request: Express gives every request object a
 * hidden class of its own, so a property added to it builds another (with a copy of its ~40
 * property descriptors) on every request. The weak map entry halves what the middleware allocates
 * per request and goes with the request.
 */
const states: WeakMap<object, RequestState> = sharedStates();

/** The registered map, registered now if no copy did it first; a private one if the slot holds something else. */
function sharedStates(): WeakMap<object, RequestState> {
  const registry = globalThis as StateRegistry;
  const found: unknown = registry[STATES_KEY];
  if (found instanceof WeakMap) return found as WeakMap<object, RequestState>;
  const own = new WeakMap<object, RequestState>();
  // Reflect.set, not an assignment: on a frozen global object (a hardened runtime) an assignment
  // throws and the package would not load; the map then stays private to this copy.
  if (found === undefined) Reflect.set(registry, STATES_KEY, own);
  return own;
}

/** One middleware instance's outcome for this request. */
export interface MiddlewareOutcome {
  /** The middleware function that decided. */
  readonly by: object;
  readonly identity: ClientCertIdentity | undefined;
  readonly error: ClientCertError | undefined;
}

/** The state `clientCert` keeps on a request. */
export interface RequestState {
  /** Every client-certificate field taken off the request so far, by lowercase name. */
  readonly taken: Map<string, string[]>;
  /** Outcomes in the order the middlewares ran (nearly always one). */
  outcomes: MiddlewareOutcome[];
  /** The audit hook of the middleware that decided last, if it has one, and the event it emitted. */
  emit: ((event: ClientCertAuditEvent) => void) | undefined;
  event: ClientCertAuditEvent | undefined;
}

/** The state of a request `clientCert` has seen, or undefined. */
export function requestState(req: object): RequestState | undefined {
  return states.get(req);
}

/** Attaches a fresh state holding the fields taken first (beside the request: JSON and Object.keys never see it). */
export function attachRequestState(req: object, taken: Map<string, string[]>): RequestState {
  const state: RequestState = { taken, outcomes: [], emit: undefined, event: undefined };
  states.set(req, state);
  return state;
}

/** The outcome a middleware instance reached on this request, if it ran. */
export function outcomeOf(state: RequestState | undefined, by: object): MiddlewareOutcome | undefined {
  if (!state) return undefined;
  for (const outcome of state.outcomes) if (outcome.by === by) return outcome;
  return undefined;
}

/** Audits a guard's refusal (`forbidden`) through the hook of the middleware that decided, naming the same request and certificate. */
export function auditForbidden(state: RequestState | undefined, error: ClientCertError): void {
  const emit = state?.emit;
  const decided = state?.event;
  if (!emit || !decided) return;
  const event: ClientCertAuditEvent = {
    time: new Date().toISOString(),
    outcome: 'forbidden',
    code: error.code,
    reason: error.reason,
    message: error.message,
    peer: decided.peer,
    trustedPeer: decided.trustedPeer,
    method: decided.method,
    path: decided.path,
  };
  if (decided.fingerprint256 !== undefined) event.fingerprint256 = decided.fingerprint256;
  if (decided.subject !== undefined) event.subject = decided.subject;
  if (decided.issuer !== undefined) event.issuer = decided.issuer;
  if (decided.serialNumber !== undefined) event.serialNumber = decided.serialNumber;
  emit(event);
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

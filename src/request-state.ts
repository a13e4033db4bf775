/**
 * What `clientCert` leaves on a request for later stages: what `req.clientCert` and
 * `req.clientCertError` read (through accessors on `IncomingMessage.prototype`), the fields it took
 * (so a second mount can still read them), its decision per middleware instance (so mounting the
 * same middleware twice keeps the identity), and how a guard audits its refusal. Kept beside the
 * request, not on it, in one map that every copy of this package shares (a guard from the CommonJS
 * build finds the state the ES module build left).
 */
import { IncomingMessage, type ServerResponse } from 'node:http';
import { types } from 'node:util';
import type { ClientCertError } from './errors.js';
import type { ClientCertAuditEvent, ClientCertIdentity } from './types.js';

/**
 * The key under which what every copy of this package shares is registered. Versioned: a copy of
 * another version keeps states of another shape, so it keeps its own (what it shows on a request
 * is then read back, below).
 */
const SHARED_KEY = Symbol.for('express-client-cert.request-states@2');

/** What the copies of this package in a process share. */
interface Shared {
  /** The states by request. */
  readonly states: WeakMap<object, RequestState>;
  /** How many `clientCert` middlewares were made (see `releaseFields`). */
  middlewares: number;
}

/** True when `value` is a record another copy of this package registered (from any realm: no instanceof). */
function isShared(value: unknown): value is Shared {
  if (typeof value !== 'object' || value === null) return false;
  const { states, middlewares } = value as Partial<Shared>;
  if (typeof middlewares !== 'number') return false;
  try {
    // The brand check of a weak map, whichever realm made it: throws for anything else.
    WeakMap.prototype.has.call(states, isShared);
    return true;
  } catch {
    return false;
  }
}

/**
 * The registered record, registered now if no copy did it first. Registered on node:http's request
 * prototype, beside the accessors, so that every copy of the package in the process finds it from
 * every realm (a vm context, a test runner's sandbox); on the global object when that prototype is
 * frozen; private to this copy when neither takes it or a slot holds something else.
 */
function sharedRecord(): Shared {
  for (const registry of [IncomingMessage.prototype, globalThis] as object[]) {
    const found: unknown = (registry as { [SHARED_KEY]?: unknown })[SHARED_KEY];
    if (isShared(found)) return found;
    if (found !== undefined) break;
    const own: Shared = { states: new WeakMap(), middlewares: 0 };
    // Reflect.defineProperty, not an assignment: a frozen object refuses it without throwing (the
    // package must load on a hardened runtime). Not writable: nothing replaces it afterwards.
    if (Reflect.defineProperty(registry, SHARED_KEY, { value: own })) return own;
  }
  return { states: new WeakMap(), middlewares: 0 };
}

const shared = sharedRecord();

/**
 * The states by request. Not a property on the request: Express gives every request object a
 * hidden class of its own, so a property added to it builds another (with a copy of its ~40
 * property descriptors, in the old generation) on every request.
 */
const states = shared.states;

/** Counts a new `clientCert` middleware. */
export function countMiddleware(): void {
  shared.middlewares++;
}

/** One middleware instance's outcome for this request. */
export interface MiddlewareOutcome {
  /** The middleware function that decided. */
  readonly by: object;
  readonly identity: ClientCertIdentity | undefined;
  readonly error: ClientCertError | undefined;
}

/** The outcomes of a request no middleware decided yet: one shared empty list. */
const NO_OUTCOMES: readonly MiddlewareOutcome[] = Object.freeze([]);

/**
 * The state `clientCert` keeps for a request. Built by a constructor, not a literal: V8 may decide
 * that a literal's objects live long (these live as long as their request) and allocate them in
 * the old generation from then on, where each one waits for a full collection.
 */
export class RequestState {
  /** Every client-certificate field taken off the request so far, by lowercase name; undefined until a `clientCert` ran or once released. */
  taken: Map<string, string[]> | undefined = undefined;
  /** The fields were released after the decision (see `releaseFields`). */
  released = false;
  /** Outcomes in the order the middlewares ran (nearly always one): replaced, never pushed to. */
  outcomes: readonly MiddlewareOutcome[] = NO_OUTCOMES;
  /** The audit hook of the middleware that decided last, if it has one, and the event it emitted. */
  emit: ((event: ClientCertAuditEvent) => void) | undefined = undefined;
  event: ClientCertAuditEvent | undefined = undefined;
  /** What `req.clientCert` reads (see `installRequestFields`). */
  clientCert: ClientCertIdentity | undefined = undefined;
  /** What `req.clientCertError` reads. */
  clientCertError: ClientCertError | undefined = undefined;
}

// The request whose state was attached or assigned last: nearly every look-up is of the request
// being decided (by the middleware, then by `req.clientCert` in its route), and a weak map
// look-up costs more.
let lastRequest: object | undefined;
let lastState: RequestState | undefined;

/** Lets go of the request remembered last, if it is `req`: a decided request must not stay reachable (its body with it) until the next one. */
export function forgetRequest(req: object): void {
  if (req !== lastRequest) return;
  lastRequest = undefined;
  lastState = undefined;
}

/** The state of a request `clientCert` has seen (or whose `clientCert` was assigned), or undefined. */
export function requestState(req: object): RequestState | undefined {
  if (req === lastRequest) return lastState;
  return states.get(req);
}

/**
 * The state a request reads `clientCert` from: its own, else that of the nearest object on its
 * prototype chain that has one (a wrapper made with `Object.create(req)` after the decision reads
 * the request's, as it read an own property of the request before).
 */
export function readableState(req: object): RequestState | undefined {
  for (let o: object | null = req; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    const state = requestState(o);
    if (state) return state;
  }
  return undefined;
}

/** True when a `clientCert` middleware ran on the request (its state holds what it took, or let go of it). */
export function clientCertRan(state: RequestState | undefined): boolean {
  return state !== undefined && (state.taken !== undefined || state.released);
}

/**
 * Lets go of the field lines once the request is decided, while only one `clientCert` exists (no
 * other one can read them). Kept, the lines (a few kilobytes) live as long as the request: most
 * requests in flight outlive two young-generation collections, and the lines would be copied
 * twice and end in the old generation. A request without fields keeps its empty map.
 */
export function releaseFields(state: RequestState): void {
  if (shared.middlewares !== 1 || !state.taken?.size) return;
  state.taken = undefined;
  state.released = true;
}

/** The request's state, attached now if it has none (beside the request: JSON and Object.keys never see it). */
function stateFor(req: object): RequestState {
  let state = requestState(req);
  if (!state) {
    state = new RequestState();
    states.set(req, state);
  }
  lastRequest = req;
  lastState = state;
  return state;
}

/** Records the fields the first `clientCert` on a request took, in its state (attached now if it has none). */
export function attachRequestState(req: object, taken: Map<string, string[]>): RequestState {
  const state = stateFor(req);
  state.taken = taken;
  return state;
}

const { isProxy } = types;

/** Marks the accessors this package installs with the map they read (a copy sharing the map reads the same states). */
const READS_STATES = Symbol.for('express-client-cert.reads-states@2');

type Marked = { [READS_STATES]?: unknown };

/**
 * Makes `req.clientCert` and `req.clientCertError` of every node:http request read the request's
 * state: an accessor pair on `IncomingMessage.prototype` (as Express defines `req.ip` on its own
 * request prototype). Assigning to them writes the state, so they behave as plain properties,
 * but deciding a request adds no property to it. Not configurable: nothing can replace them once
 * a request was found to read them. Left alone when the prototype already has them (another copy
 * of this package, or another library) or cannot take them (a frozen prototype): `showDecision`
 * then assigns the decision instead.
 */
export function installRequestFields(): void {
  const proto = IncomingMessage.prototype;
  for (const name of ['clientCert', 'clientCertError'] as const) {
    if (Object.prototype.hasOwnProperty.call(proto, name)) continue;
    const get = function (this: unknown): unknown {
      if (typeof this !== 'object' || this === null) return undefined;
      return readableState(this)?.[name];
    };
    const set = function (this: unknown, value: unknown): void {
      if (typeof this !== 'object' || this === null) return;
      (stateFor(this) as Record<typeof name, unknown>)[name] = value;
    };
    for (const accessor of [get, set]) Object.defineProperty(accessor, READS_STATES, { value: states });
    try {
      Object.defineProperty(proto, name, { configurable: false, enumerable: false, get, set });
    } catch {
      // A frozen prototype (a hardened runtime): decisions are assigned to each request instead.
    }
  }
}

/** True when a property descriptor is an accessor pair this package installed over `states`, which nothing can replace. */
function readsStates(descriptor: PropertyDescriptor | undefined): boolean {
  return (
    descriptor?.configurable === false &&
    (descriptor.get as Marked | undefined)?.[READS_STATES] === states &&
    (descriptor.set as Marked | undefined)?.[READS_STATES] === states
  );
}

/**
 * The object found to hold both accessors over `states` (`IncomingMessage.prototype`). Remembered
 * for good: they are not configurable, so what it holds cannot change.
 */
let holder: object | undefined;

/** True when `o` holds both accessor pairs over `states`. */
function holdsAccessors(o: object): boolean {
  if (o === holder) return true;
  if (
    !readsStates(Object.getOwnPropertyDescriptor(o, 'clientCert')) ||
    !readsStates(Object.getOwnPropertyDescriptor(o, 'clientCertError'))
  ) {
    return false;
  }
  holder = o;
  return true;
}

/**
 * The request prototype last found to hold both accessors itself (`IncomingMessage.prototype`, or
 * Express's request prototype once they were put there too). Nothing can replace them there, so a
 * request of that prototype reads its state unless it is a Proxy or has a property of its own.
 */
let pinned: object | undefined;

/**
 * Puts the accessors `found` holds on `proto` too, the request's own prototype: another library's
 * `clientCert` on a prototype in between, defined later, can then not come before them, and the
 * next request of that prototype is checked in one step. Not done to a prototype that cannot take
 * them (frozen, a Proxy): its requests are walked every time.
 */
function pin(proto: object, found: object): void {
  if (proto !== found) {
    if (!Object.isExtensible(proto) || isProxy(proto)) return;
    try {
      for (const name of ['clientCert', 'clientCertError'] as const) {
        const { get, set } = Object.getOwnPropertyDescriptor(found, name) as PropertyDescriptor;
        Object.defineProperty(proto, name, { configurable: false, enumerable: false, get, set });
      }
    } catch {
      // Another library defined one of them there in the meantime: the walk finds it next time.
      return;
    }
  }
  pinned = proto;
}

/**
 * True when `req.clientCert` and `req.clientCertError` read `req`'s state, checked without reading
 * them (each read on an Express request is a full look-up, see `states`): the request is no Proxy
 * (whose traps could read anything) and has neither as its own property, and on the way up, the
 * first object that has either holds both accessors over `states`, with no Proxy before it.
 */
function readsState(req: object): boolean {
  const own = Object.prototype.hasOwnProperty;
  if (isProxy(req) || own.call(req, 'clientCert') || own.call(req, 'clientCertError')) return false;
  const proto = Object.getPrototypeOf(req) as object | null;
  if (proto === null) return false;
  if (proto === pinned) return true;
  for (let o: object | null = proto; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    if (isProxy(o)) return false;
    if (own.call(o, 'clientCert') || own.call(o, 'clientCertError')) {
      if (!holdsAccessors(o)) return false;
      pin(proto, o);
      return true;
    }
  }
  return false;
}

/**
 * Shows a decision on the request: what `req.clientCert` and `req.clientCertError` read from now
 * on. Written to the state; a request that does not read them from its state (not a node:http
 * request, an own property defined before, another library's accessor on the way, a Proxy) gets
 * them assigned, and read back. False when even that does not show them (a read-only property): the
 * request must not go on with a value this middleware did not decide.
 */
export function showDecision(
  req: { clientCert?: ClientCertIdentity; clientCertError?: ClientCertError },
  state: RequestState,
  identity: ClientCertIdentity | undefined,
  error: ClientCertError | undefined,
): boolean {
  state.clientCert = identity;
  state.clientCertError = error;
  try {
    if (readsState(req)) return true;
    if (req.clientCert !== identity) req.clientCert = identity;
    if (req.clientCertError !== error) req.clientCertError = error;
    return req.clientCert === identity && req.clientCertError === error;
  } catch {
    // A read-only property throws in strict code, another library's getter may throw, a Proxy's
    // trap may throw: reported by the caller, never thrown into node:http (or out of an OCSP wait).
    return false;
  }
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

/**
 * Stage 3 of a request, applying the decision: the identity or the refusal on the request, the
 * outcome kept for a second mount and for guards, `required` enforced, and responses that depend
 * on the certificate marked uncacheable.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClientCertError } from './errors.js';
import { type RequestState, markUncacheable, showDecision } from './request-state.js';
import type { ClientCertIdentity, ClientCertRequestFields } from './types.js';

/** Connect-style `next`. */
export type NextFunction = (err?: unknown) => void;

/** A request as the middleware sees it. */
export type RequestWithFields = IncomingMessage & ClientCertRequestFields & { originalUrl?: string };

/**
 * The error when a decision cannot be shown on the request (a read-only `clientCert` defined
 * before this middleware): a fault of the application, never of the client.
 */
export function unshownDecision(): Error {
  return new TypeError(
    'clientCert(): req.clientCert or req.clientCertError could not be set on this request (a read-only property, or an accessor ' +
      'of another library, defined before this middleware); the request was stopped rather than shown a value this middleware did not decide',
  );
}

/**
 * Puts the decision on the request, replacing whatever anything before this middleware put there
 * (a value set there must not survive), and records it as `by`'s outcome. False when it could not
 * be put there.
 */
export function applyDecision(
  req: RequestWithFields,
  state: RequestState,
  by: object,
  identity: ClientCertIdentity | undefined,
  error: ClientCertError | undefined,
): boolean {
  const outcome = { by, identity, error };
  // Nearly always the first outcome: a one-element array, where pushing onto an empty one would
  // allocate room for seventeen.
  state.outcomes = state.outcomes.length === 0 ? [outcome] : [...state.outcomes, outcome];
  return showDecision(req, state, identity, error);
}

/** Enforces `required`, marks responses that depend on the certificate, and calls next. */
export function finish(
  required: boolean,
  identity: unknown,
  error: ClientCertError | undefined,
  res: ServerResponse,
  next: NextFunction,
): void {
  if (required) markUncacheable(res);
  if (required && !identity) {
    next(error ?? new ClientCertError('ERR_CLIENT_CERT_MISSING', 'A client certificate is required', { reason: 'certificate-absent' }));
    return;
  }
  next();
}

/**
 * Stage 3 of a request, applying the decision: the identity or the refusal on the request, the
 * outcome kept for a second mount and for guards, `required` enforced, and responses that depend
 * on the certificate marked uncacheable.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClientCertError } from './errors.js';
import { type RequestState, markUncacheable } from './request-state.js';
import type { ClientCertIdentity, ClientCertRequestFields } from './types.js';

/** Connect-style `next`. */
export type NextFunction = (err?: unknown) => void;

/** A request as the middleware sees it. */
export type RequestWithFields = IncomingMessage & ClientCertRequestFields & { originalUrl?: string };

/**
 * Clears what anything before this middleware put on the request: a value set there must not
 * survive. Assigned, not deleted: `delete` would turn the request into a slow dictionary-mode object.
 */
export function clearRequest(req: RequestWithFields): void {
  if (req.clientCert !== undefined) req.clientCert = undefined;
  if (req.clientCertError !== undefined) req.clientCertError = undefined;
}

/** Puts the decision on the request and records it as `by`'s outcome. */
export function applyDecision(
  req: RequestWithFields,
  state: RequestState,
  by: object,
  identity: ClientCertIdentity | undefined,
  error: ClientCertError | undefined,
): void {
  if (identity) req.clientCert = identity;
  if (error) req.clientCertError = error;
  const outcome = { by, identity, error };
  // Nearly always the first outcome: a one-element array, where pushing onto the empty one would
  // allocate room for seventeen.
  if (state.outcomes.length === 0) state.outcomes = [outcome];
  else state.outcomes.push(outcome);
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

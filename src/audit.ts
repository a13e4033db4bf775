/** Audit events: one per decision, emitted so that a failing hook can never fail the request. */
import { escapeControlCharacters } from './x509/escape.js';
import type { CachedDecision } from './cache.js';
import type { RequestState } from './request-state.js';
import type { ClientCertAuditEvent } from './types.js';

/**
 * The event with the fields taken from the request as they are made log-safe. `subject` and
 * `issuer` are escaped when names are formatted and `message` when a ClientCertError is built,
 * so they are not scanned twice on every event.
 */
function logSafe(event: ClientCertAuditEvent): ClientCertAuditEvent {
  // Named fields, not a loop over keys: this runs on every request.
  event.peer = escapeControlCharacters(event.peer);
  event.method = escapeControlCharacters(event.method);
  event.path = escapeControlCharacters(event.path);
  return event;
}

/** Wraps a user hook: exceptions are swallowed and reported once with process.emitWarning. */
export function createAuditEmitter(hook: ((event: ClientCertAuditEvent) => void) | undefined): (event: ClientCertAuditEvent) => void {
  if (!hook) return () => undefined;
  let warned = false;
  return (event) => {
    try {
      const result: unknown = hook(logSafe(event));
      // An async hook's rejection must not become an unhandled rejection either.
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(undefined, (err: unknown) => report(err));
      }
    } catch (err) {
      report(err);
    }
  };
  function report(err: unknown): void {
    if (warned) return;
    warned = true;
    process.emitWarning(
      `express-client-cert: the onAudit hook threw (${err instanceof Error ? err.message : String(err)}); requests continue, further failures are not reported`,
      { code: 'EXPRESS_CLIENT_CERT_AUDIT_HOOK' },
    );
  }
}

/** The path of a request without its query (which may carry secrets), as audited. */
function pathOf(req: { originalUrl?: string; url?: string }): string {
  const url = req.originalUrl ?? req.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * Stage 4 of a request, the audit: one event for the decision (or its absence), emitted through
 * the hook and kept on the request state, so a guard's refusal names the same request.
 */
export function auditDecision(
  emit: (event: ClientCertAuditEvent) => void,
  req: { method?: string; originalUrl?: string; url?: string },
  state: RequestState,
  source: { peer: string; trustedPeer: boolean },
  decision: CachedDecision | undefined,
  cached: boolean,
): void {
  const identity = decision?.identity;
  const error = decision?.error;
  const event: ClientCertAuditEvent = {
    time: new Date().toISOString(),
    outcome: identity ? 'accepted' : error ? 'rejected' : 'absent',
    peer: source.peer,
    trustedPeer: source.trustedPeer,
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
  if (decision && source.trustedPeer) event.cached = cached;
  // The hook gets its own copy: one that edits its event (to redact a field) must not change what
  // a guard's refusal of this identity reports later through the same hook about the same request.
  emit({ ...event });
  state.emit = emit;
  state.event = event;
}

/** Audit events: one per decision, emitted so that a failing hook can never fail the request. */
import { escapeControlCharacters } from './x509/escape.js';
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

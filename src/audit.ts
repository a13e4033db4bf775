/** Audit events: one per decision, emitted so that a failing hook can never fail the request. */
import { escapeControlCharacters } from './escape.js';
import type { ClientCertAuditEvent } from './types.js';

/** The event with every string field log-safe: whatever built it, no raw control character reaches the hook. */
function logSafe(event: ClientCertAuditEvent): ClientCertAuditEvent {
  const record = event as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'string') record[key] = escapeControlCharacters(value);
  }
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

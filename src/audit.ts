/** Audit events: one per request, emitted so that a failing hook can never fail the request. */
import type { ClientCertAuditEvent } from './types.js';

/** Wraps a user hook: exceptions are swallowed and reported once with process.emitWarning. */
export function createAuditEmitter(hook: ((event: ClientCertAuditEvent) => void) | undefined): (event: ClientCertAuditEvent) => void {
  if (!hook) return () => undefined;
  let warned = false;
  return (event) => {
    try {
      const result: unknown = hook(event);
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

import { DerError } from './x509/asn1.js';
import { PemError } from './x509/pem.js';
import { escapeControlCharacters } from './x509/escape.js';
import { Refusal } from './verify/refusal.js';
import { refusalCode } from './reasons.js';

/** Stable error codes of express-client-cert, one per kind of refusal. */
export type ClientCertErrorCode =
  | 'ERR_CLIENT_CERT_MISSING'
  | 'ERR_CLIENT_CERT_UNTRUSTED_PROXY'
  | 'ERR_CLIENT_CERT_MALFORMED'
  | 'ERR_CLIENT_CERT_TOO_LARGE'
  | 'ERR_CLIENT_CERT_EXPIRED'
  | 'ERR_CLIENT_CERT_NOT_YET_VALID'
  | 'ERR_CLIENT_CERT_UNTRUSTED'
  | 'ERR_CLIENT_CERT_CHAIN_INVALID'
  | 'ERR_CLIENT_CERT_USAGE'
  | 'ERR_CLIENT_CERT_REVOKED'
  | 'ERR_CLIENT_CERT_NOT_ALLOWED'
  | 'ERR_CLIENT_CERT_FORBIDDEN';

/** The HTTP status each code answers with (the README's table of codes). */
export const CLIENT_CERT_ERROR_STATUS: Readonly<Record<ClientCertErrorCode, number>> = Object.freeze({
  ERR_CLIENT_CERT_MISSING: 401,
  ERR_CLIENT_CERT_UNTRUSTED_PROXY: 401,
  ERR_CLIENT_CERT_MALFORMED: 400,
  ERR_CLIENT_CERT_TOO_LARGE: 431,
  ERR_CLIENT_CERT_EXPIRED: 401,
  ERR_CLIENT_CERT_NOT_YET_VALID: 401,
  ERR_CLIENT_CERT_UNTRUSTED: 401,
  ERR_CLIENT_CERT_CHAIN_INVALID: 401,
  ERR_CLIENT_CERT_USAGE: 401,
  ERR_CLIENT_CERT_REVOKED: 401,
  ERR_CLIENT_CERT_NOT_ALLOWED: 401,
  ERR_CLIENT_CERT_FORBIDDEN: 403,
});

/**
 * The one error type for everything a client or proxy controls: a stable `code`, the HTTP
 * `status` to answer with, and `cause` when a lower-level error was wrapped.
 */
export class ClientCertError extends Error {
  /** Stable machine-readable code; assert on this, not on the message. */
  readonly code: ClientCertErrorCode;
  /** HTTP status for the response (Express error handlers read `err.status`). */
  readonly status: number;
  /** Alias of `status` for frameworks that read `statusCode`. */
  readonly statusCode: number;
  /**
   * The rule that decided, as a stable kebab-case string (`signature-invalid`, `crl-stale`, …;
   * listed in the README). Several reasons share one code; assert on the reason to pin a rule.
   */
  readonly reason: string;
  /** Responses for these errors are safe to show: messages never echo header bytes. */
  readonly expose = true;

  constructor(code: ClientCertErrorCode, message: string, options?: { cause?: unknown; reason?: string }) {
    // Messages name certificates and peers, and reach logs and (expose) responses: never a raw control character.
    super(escapeControlCharacters(message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ClientCertError';
    this.code = code;
    this.status = CLIENT_CERT_ERROR_STATUS[code];
    this.statusCode = this.status;
    this.reason = options?.reason ?? defaultReason(code);
  }
}

/** The reason of a refusal no more specific rule named: the code in kebab case (`chain-invalid`). */
export function defaultReason(code: ClientCertErrorCode): string {
  return code.slice('ERR_CLIENT_CERT_'.length).toLowerCase().replace(/_/g, '-');
}

/** The process-warning code of an internal fault (emitted once per process). */
export const INTERNAL_ERROR_WARNING = 'EXPRESS_CLIENT_CERT_INTERNAL_ERROR';

let internalFaultReported = false;

/** A MALFORMED refusal naming the rule that decided: the one constructor every decoder of client input uses. */
export function malformed(reason: string, message: string, cause?: unknown): ClientCertError {
  return new ClientCertError('ERR_CLIENT_CERT_MALFORMED', message, cause === undefined ? { reason } : { reason, cause });
}

/**
 * Anything thrown while deciding on a certificate, as the one error type callers ever see. A
 * ClientCertError passes through; a refusal of the core gets the code of its reason (the one
 * mapping, src/reasons.ts); a DerError that escaped its decoder is still bad input (MALFORMED,
 * its own reason). Anything else is a fault in this library, not the client's: it is refused
 * as `internal-error` with ERR_CLIENT_CERT_CHAIN_INVALID (401, never MALFORMED/400), and
 * reported once per process with a warning so that it gets noticed and fixed.
 */
export function asClientCertError(err: unknown): ClientCertError {
  if (isClientCertError(err)) return err;
  if (err instanceof Refusal) return new ClientCertError(refusalCode(err), err.message, { reason: err.reason });
  if (err instanceof DerError) {
    // PEM text that does not decode (a PemError) is named as PEM, not as DER it never reached.
    const form = err instanceof PemError ? 'PEM' : 'DER';
    return new ClientCertError('ERR_CLIENT_CERT_MALFORMED', `The client certificate is not valid ${form} (${err.message})`, {
      cause: err,
      reason: err.reason,
    });
  }
  if (!internalFaultReported) {
    internalFaultReported = true;
    const what = escapeControlCharacters(err instanceof Error ? `${err.name}: ${err.message}` : typeof err);
    process.emitWarning(
      `express-client-cert: an internal error refused a client certificate (${what}); please report it. Further internal errors are refused without a warning.`,
      { code: INTERNAL_ERROR_WARNING },
    );
  }
  return new ClientCertError('ERR_CLIENT_CERT_CHAIN_INVALID', 'The client certificate could not be verified because of an internal error', {
    cause: err,
    reason: 'internal-error',
  });
}

/** True when `value` is a ClientCertError (also across duplicated copies of the package). */
export function isClientCertError(value: unknown): value is ClientCertError {
  if (value instanceof ClientCertError) return true;
  if (!(value instanceof Error) || value.name !== 'ClientCertError') return false;
  const code: unknown = (value as Error & { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(CLIENT_CERT_ERROR_STATUS, code);
}

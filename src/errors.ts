import { escapeControlCharacters } from './escape.js';

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

/**
 * Anything thrown while deciding on a certificate, as the one error type callers ever see: a
 * ClientCertError passes through, anything else (a bug, a throwing clock) becomes a refusal.
 */
export function asClientCertError(err: unknown): ClientCertError {
  return isClientCertError(err)
    ? err
    : new ClientCertError('ERR_CLIENT_CERT_MALFORMED', 'The client certificate could not be processed', { cause: err });
}

/** True when `value` is a ClientCertError (also across duplicated copies of the package). */
export function isClientCertError(value: unknown): value is ClientCertError {
  if (value instanceof ClientCertError) return true;
  if (!(value instanceof Error) || value.name !== 'ClientCertError') return false;
  const code: unknown = (value as Error & { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(CLIENT_CERT_ERROR_STATUS, code);
}

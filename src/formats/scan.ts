/**
 * Small linear scanners shared by the proxy-specific decoders: strict base64, the "no
 * certificate" values proxies send, and refusals with a reason. No regular expressions: every
 * loop reads each character once.
 */
import { ClientCertError } from '../errors.js';

/** A MALFORMED refusal naming the rule that decided. */
export function malformedField(reason: string, message: string, cause?: unknown): ClientCertError {
  return new ClientCertError('ERR_CLIENT_CERT_MALFORMED', message, cause === undefined ? { reason } : { reason, cause });
}

function isBase64Char(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2b || // +
    c === 0x2f // /
  );
}

/** True for non-empty standard padded base64: the alphabet, then at most two `=` at the end. */
export function isStrictBase64(text: string): boolean {
  const n = text.length;
  if (n === 0 || n % 4 !== 0) return false;
  let pad = 0;
  if (text.charCodeAt(n - 1) === 0x3d) pad = text.charCodeAt(n - 2) === 0x3d ? 2 : 1;
  for (let i = 0; i < n - pad; i++) if (!isBase64Char(text.charCodeAt(i))) return false;
  return true;
}

/** Strict standard base64 → bytes, or a MALFORMED refusal with `reason`. */
export function strictBase64Bytes(text: string, reason: string, what: string): Uint8Array {
  if (!isStrictBase64(text)) throw malformedField(reason, `${what} is not standard padded base64`);
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/**
 * Apache sends the literal `(null)` for a variable that is not set (no client certificate, or
 * `SSL_CLIENT_CERT_CHAIN_n` past the last certificate), and its `escape` recipe an empty value:
 * from a trusted proxy, both mean "no certificate".
 */
export function isNoCertificate(value: string): boolean {
  const v = value.trim();
  return v === '' || v === '(null)';
}

/** The one line of a field that must appear once, or a refusal. */
export function singleLine(lines: readonly string[], header: string): string {
  if (lines.length !== 1) throw malformedField('forwarded-field-repeated', `${header} must appear exactly once`);
  return lines[0];
}

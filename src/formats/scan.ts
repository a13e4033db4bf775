/**
 * Small helpers shared by the proxy-specific decoders: strict base64 (the PEM reader's), the
 * "no certificate" values proxies send, and refusals with a reason.
 */
import { malformed } from '../errors.js';
import { isStrictBase64 } from '../x509/pem.js';

/** Strict standard base64 → bytes, or a MALFORMED refusal for `rule`. */
export function strictBase64Bytes(text: string, rule: { reason: string }, what: string): Uint8Array {
  if (!isStrictBase64(text)) throw malformed(rule.reason, `${what} is not standard padded base64`);
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
  if (lines.length !== 1) throw malformed('field-repeated', `${header} must appear exactly once`);
  return lines[0];
}

/**
 * The primary field's one line, or undefined when it says "no certificate" (`(null)`, empty);
 * chain fields that carry certificates beside such a value are refused.
 */
export function primaryCertificateLine(lines: readonly string[], chainValues: readonly string[], header: string): string | undefined {
  const value = singleLine(lines, header);
  if (!isNoCertificate(value)) return value;
  if (chainValues.length) throw malformed('chain-without-certificate', `${header} carries no certificate but its chain fields do`);
  return undefined;
}

/**
 * Decoding of the RFC 9440 fields: RFC 8941 byte sequences of DER certificates, strictly.
 * Every failure is a ClientCertError; messages never echo the field's bytes.
 */
import { parseItem, parseList } from 'structured-headers';
import { ClientCertError, malformed } from './errors.js';
import type { ClientCertLimits } from './types.js';

/**
 * A field value in another forwarding format is the commonest set-up mistake: say which one it
 * looks like and how to fix it (never echoing the value).
 */
function formatMistake(field: string, lines: readonly string[], cause: unknown): ClientCertError {
  const value = lines.join(', ').trimStart();
  if (value.startsWith('-----BEGIN')) {
    return malformed(
      'field-is-pem',
      `${field} holds PEM, not an RFC 8941 byte sequence (:<base64 DER>:). Have the proxy send RFC 9440 values, ` +
        "or declare this proxy's format: trustedProxies: [{ addresses, format: 'escaped-pem' }] for URL-escaped PEM " +
        "(nginx $ssl_client_escaped_cert), 'base64-der' for bare base64 DER, 'envoy-xfcc' for Envoy",
      cause,
    );
  }
  if (/^(?:By|Hash|Cert|Chain|Subject|URI|DNS)=/.test(value)) {
    return malformed(
      'field-is-xfcc',
      `${field} holds an Envoy x-forwarded-client-cert value, not an RFC 8941 byte sequence: ` +
        "declare this proxy's format: trustedProxies: [{ addresses, format: 'envoy-xfcc', header: '<the field it sets>' }]",
      cause,
    );
  }
  if (value.startsWith('MII')) {
    return malformed(
      'field-is-bare-base64',
      `${field} holds base64 without the colons of an RFC 8941 byte sequence: send :<base64 DER>:, ` +
        "or declare this proxy's format: trustedProxies: [{ addresses, format: 'base64-der' }]",
      cause,
    );
  }
  return malformed('field-not-byte-sequence', `${field} is not an RFC 8941 byte sequence (:<base64 DER>:)`, cause);
}

function byteLength(lines: readonly string[]): number {
  let n = 0;
  for (const line of lines) n += line.length;
  return n + Math.max(0, lines.length - 1) * 2;
}

function asCertificateBytes(value: unknown, params: ReadonlyMap<string, unknown>, what: string): Uint8Array {
  if (!(value instanceof ArrayBuffer)) throw malformed('field-not-byte-sequence', `${what} is not an RFC 8941 byte sequence (:base64:)`);
  if (params.size > 0) throw malformed('field-parameters', `${what} must not carry parameters`);
  if (value.byteLength === 0) throw malformed('field-empty', `${what} is an empty byte sequence`);
  return new Uint8Array(value);
}

/** Refuses fields over the size limits before anything is parsed or looked up. */
export function assertFieldSizes(certLines: readonly string[], chainLines: readonly string[], limits: Required<ClientCertLimits>): void {
  for (const line of certLines) {
    if (line.length > limits.certBytes)
      throw new ClientCertError('ERR_CLIENT_CERT_TOO_LARGE', `Client-Cert is longer than ${limits.certBytes} bytes`, {
        reason: 'field-too-large',
      });
  }
  if (byteLength(chainLines) > limits.chainBytes) {
    throw new ClientCertError('ERR_CLIENT_CERT_TOO_LARGE', `Client-Cert-Chain is longer than ${limits.chainBytes} bytes`, {
      reason: 'chain-field-too-large',
    });
  }
}

/** `:`, which opens and closes an RFC 8941 byte sequence. */
const COLON = 0x3a;

/**
 * The bytes of a line that is exactly one canonical RFC 8941 byte sequence (`:` canonical padded
 * base64 `:`, nothing around it, no parameters), else undefined and the general parser decides.
 * Canonical means that encoding the decoded bytes again gives the same text, so no byte was
 * skipped, added or read leniently: every strict decoder gives these bytes, and skipping the
 * general parser changes no decision. It only skips that parser's byte-by-byte base64 decoding,
 * the costliest part of reading a never-seen certificate's field.
 */
function canonicalByteSequence(line: string): Uint8Array | undefined {
  if (line.length < 2 || line.charCodeAt(0) !== COLON || line.charCodeAt(line.length - 1) !== COLON) return undefined;
  const text = line.slice(1, -1);
  const decoded = Buffer.from(text, 'base64');
  if (decoded.toString('base64') !== text) return undefined;
  // A copy of exactly the decoded bytes: Buffer.from may return a view of a shared pool.
  return new Uint8Array(decoded);
}

/** Decodes the `Client-Cert` field lines into the leaf's DER. */
export function decodeClientCert(lines: readonly string[], limits: Required<ClientCertLimits>): Uint8Array {
  assertFieldSizes(lines, [], limits);
  if (lines.length !== 1) throw malformed('field-repeated', 'Client-Cert must appear exactly once');
  const line = lines[0];
  const canonical = canonicalByteSequence(line);
  if (canonical) {
    if (canonical.byteLength === 0) throw malformed('field-empty', 'Client-Cert is an empty byte sequence');
    return canonical;
  }
  let item;
  try {
    item = parseItem(line);
  } catch (err) {
    throw formatMistake('Client-Cert', lines, err);
  }
  if (!(item[0] instanceof ArrayBuffer)) throw formatMistake('Client-Cert', lines, undefined);
  return asCertificateBytes(item[0], item[1], 'Client-Cert');
}

/** Decodes the `Client-Cert-Chain` field lines (one RFC 8941 List over all of them) into DERs. */
export function decodeClientCertChain(lines: readonly string[], limits: Required<ClientCertLimits>): Uint8Array[] {
  if (lines.length === 0) return [];
  assertFieldSizes([], lines, limits);
  let list;
  try {
    // RFC 9110 §5.3: field lines of a list field combine with ", ".
    list = parseList(lines.join(', '));
  } catch (err) {
    throw formatMistake('Client-Cert-Chain', lines, err);
  }
  if (list.length > limits.chainCount) {
    throw new ClientCertError('ERR_CLIENT_CERT_TOO_LARGE', `Client-Cert-Chain has more than ${limits.chainCount} certificates`, {
      reason: 'chain-too-many',
    });
  }
  return list.map(([value, params], i) => {
    if (Array.isArray(value))
      throw malformed('chain-member-inner-list', `Client-Cert-Chain member ${i + 1} is an inner list, not a byte sequence`);
    return asCertificateBytes(value, params, `Client-Cert-Chain member ${i + 1}`);
  });
}

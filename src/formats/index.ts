/**
 * The forwarding formats deployed proxies use besides RFC 9440, each opt-in per trusted proxy.
 * Every decoder is strict: anything it cannot read exactly is ERR_CLIENT_CERT_MALFORMED.
 */
import { ClientCertError } from '../errors.js';

/** How a trusted proxy forwards the client certificate. */
export type ForwardingFormat =
  'rfc9440' | 'envoy-xfcc' | 'escaped-pem' | 'base64-der' | 'apache-pem' | 'traefik' | 'ingress-nginx' | 'cloudflare-legacy';

/** The default field names of each format (lowercase). */
export const DEFAULT_HEADERS: Readonly<Record<ForwardingFormat, string>> = Object.freeze({
  rfc9440: 'client-cert',
  'envoy-xfcc': 'x-forwarded-client-cert',
  'escaped-pem': 'x-amzn-mtls-clientcert',
  'base64-der': 'x-arr-clientcert',
  'apache-pem': 'x-ssl-client-cert',
  traefik: 'x-forwarded-tls-client-cert',
  'ingress-nginx': 'ssl-client-cert',
  'cloudflare-legacy': 'cf-client-cert-der-base64',
});

/**
 * Client-certificate fields of deployed proxies, removed from every request whatever the
 * configuration, so that nothing downstream can mistake a client's own value for a proxy's.
 */
export const KNOWN_CERTIFICATE_HEADERS: readonly string[] = [
  'client-cert',
  'client-cert-chain',
  'x-forwarded-client-cert',
  'x-amzn-mtls-clientcert',
  'x-amzn-mtls-clientcert-leaf',
  'x-arr-clientcert',
  'cf-client-cert-der-base64',
  'cf-client-cert-sha256',
  'x-forwarded-tls-client-cert',
  'x-forwarded-tls-client-cert-info',
  'x-ssl-client-cert',
  'ssl-client-cert',
];

/** A certificate and chain as a proxy forwarded them. */
export interface ForwardedCertificate {
  readonly leafDer: Uint8Array;
  readonly chainDers: readonly Uint8Array[];
}

function malformed(message: string, cause?: unknown): ClientCertError {
  return new ClientCertError('ERR_CLIENT_CERT_MALFORMED', message, cause === undefined ? undefined : { cause });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 (padded, no whitespace, no base64url) → bytes. */
function strictBase64(text: string, what: string): Uint8Array {
  if (text.length === 0 || !BASE64.test(text)) throw malformed(`${what} is not standard padded base64`);
  return new Uint8Array(Buffer.from(text, 'base64'));
}

const PEM_DOCUMENT = /^\s*(?:-----BEGIN CERTIFICATE-----\s*[A-Za-z0-9+/=\s]+?\s*-----END CERTIFICATE-----\s*)+$/;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;

/** A PEM document holding only CERTIFICATE blocks → DERs, leaf first. */
function pemCertificates(pem: string, what: string): Uint8Array[] {
  if (!PEM_DOCUMENT.test(pem)) throw malformed(`${what} is not a PEM certificate (chain)`);
  return [...pem.matchAll(PEM_BLOCK)].map((m, i) => strictBase64(m[1].replace(/\s+/g, ''), `${what} certificate ${i + 1}`));
}

/** URL-decoding that never turns `+` into a space (AWS ALB leaves `+ = /` literal). */
function percentDecode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch (err) {
    throw malformed(`${what} has an invalid %-escape`, err);
  }
}

function leafFirst(ders: readonly Uint8Array[]): ForwardedCertificate {
  const [leafDer, ...chainDers] = ders;
  return { leafDer, chainDers };
}

/** Splits on `sep` outside double quotes (XFCC elements and key/value pairs). */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === sep && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  if (quoted) throw malformed('x-forwarded-client-cert has an unterminated quoted value');
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(.)/g, '$1');
  if (value.includes('"')) throw malformed('x-forwarded-client-cert has a stray quote');
  return value;
}

/**
 * Envoy/Istio `x-forwarded-client-cert`: one element per hop, `Key=value` pairs separated by `;`.
 * Only the last element, the one the trusted hop added, is read; `Cert` is the URL-encoded PEM
 * leaf and `Chain` the URL-encoded PEM chain. Undefined when that element carries no `Cert`.
 */
export function decodeXfcc(lines: readonly string[]): ForwardedCertificate | undefined {
  const elements = splitOutsideQuotes(lines.join(','), ',');
  const last = elements[elements.length - 1].trim();
  if (last === '') throw malformed('x-forwarded-client-cert has an empty element');
  const pairs = new Map<string, string>();
  for (const pair of splitOutsideQuotes(last, ';')) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw malformed('x-forwarded-client-cert has a pair without a key');
    const key = pair.slice(0, eq).trim().toLowerCase();
    // Envoy repeats URI/DNS; Cert and Chain must be unique.
    if ((key === 'cert' || key === 'chain') && pairs.has(key)) throw malformed(`x-forwarded-client-cert repeats ${key}`);
    pairs.set(key, unquote(pair.slice(eq + 1).trim()));
  }
  const cert = pairs.get('cert');
  if (cert === undefined) return undefined;
  const leaf = pemCertificates(percentDecode(cert, 'x-forwarded-client-cert Cert'), 'x-forwarded-client-cert Cert');
  if (leaf.length !== 1) throw malformed('x-forwarded-client-cert Cert must hold exactly one certificate');
  const chainText = pairs.get('chain');
  const chain = chainText
    ? pemCertificates(percentDecode(chainText, 'x-forwarded-client-cert Chain'), 'x-forwarded-client-cert Chain')
    : [];
  // Envoy's Chain includes the leaf first; do not count it twice.
  if (chain.length && Buffer.compare(Buffer.from(chain[0]), Buffer.from(leaf[0])) === 0) chain.shift();
  return { leafDer: leaf[0], chainDers: chain };
}

/** URL-escaped PEM (nginx `$ssl_client_escaped_cert`, AWS ALB `X-Amzn-Mtls-Clientcert`): leaf, then chain. */
export function decodeEscapedPem(lines: readonly string[], header: string): ForwardedCertificate {
  if (lines.length !== 1) throw malformed(`${header} must appear exactly once`);
  return leafFirst(pemCertificates(percentDecode(lines[0].trim(), header), header));
}

/** Base64 DER, comma-joined, leaf first (Azure `X-ARR-ClientCert`, Cloudflare, Traefik). */
export function decodeBase64Der(lines: readonly string[], header: string): ForwardedCertificate {
  if (lines.length !== 1) throw malformed(`${header} must appear exactly once`);
  return leafFirst(lines[0].split(',').map((part, i) => strictBase64(part.trim(), `${header} member ${i + 1}`)));
}

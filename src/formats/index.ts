/**
 * The forwarding formats deployed proxies use besides RFC 9440, each opt-in per trusted proxy.
 * Every decoder is strict (anything it cannot read exactly is ERR_CLIENT_CERT_MALFORMED, with its
 * own reason) and a single forward scan, linear in its input.
 */
import { singleLine } from './scan.js';
import { createHash } from 'node:crypto';
import { parseCertificateDer } from '../x509/certificate.js';
import { malformed } from '../errors.js';
import type { GeneralName } from '../x509/general-names.js';
import { PemError, isStrictBase64, readPem } from '../x509/pem.js';

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

/** PemError → ClientCertError with its reason. */
function certificatesIn(pem: string, what: string): Uint8Array[] {
  try {
    return readPem(pem, 'CERTIFICATE', what, 'document');
  } catch (err) {
    if (err instanceof PemError) throw malformed(err.reason, err.message);
    throw err;
  }
}

function base64Member(text: string, what: string): Uint8Array {
  if (!isStrictBase64(text)) throw malformed('base64-invalid', `${what} is not standard padded base64`);
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** URL-decoding that never turns `+` into a space (AWS ALB leaves `+ = /` literal). */
function percentDecode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch (err) {
    throw malformed('percent-encoding-invalid', `${what} has an invalid %-escape`, err);
  }
}

function leafFirst(ders: readonly Uint8Array[]): ForwardedCertificate {
  const [leafDer, ...chainDers] = ders;
  return { leafDer, chainDers };
}

/**
 * How many XFCC elements a trusted proxy may send: `'exactly-one'` (Envoy with
 * `forward_client_cert_details: SANITIZE_SET`), or `'last-of-several'` (APPEND_FORWARD: the last
 * element is the trusted hop's).
 */
export type XfccElements = 'exactly-one' | 'last-of-several';

/** XFCC keys in the order Envoy writes them (`mutateXfccRequestHeader`); the index is the rank. */
const XFCC_KEYS = ['by', 'hash', 'cert', 'chain', 'subject', 'uri', 'dns'] as const;
type XfccKey = (typeof XFCC_KEYS)[number];
/** Keys Envoy writes once per SAN (By: per URI SAN of its own certificate). */
const XFCC_REPEATED: ReadonlySet<XfccKey> = new Set(['by', 'uri', 'dns']);
/** Keys Envoy writes in double quotes; the others it writes bare and unescaped. */
const XFCC_QUOTED: ReadonlySet<XfccKey> = new Set(['cert', 'chain', 'subject']);
const XFCC = 'x-forwarded-client-cert';

interface XfccPair {
  readonly key: string;
  readonly value: string;
  readonly quoted: boolean;
}

const isKeyChar = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Splits an XFCC field into elements of key=value pairs by Envoy's grammar, in one forward
 * scan: `,` between elements, `;` between pairs, `"…"` (with `\` escapes) around Cert, Chain and
 * Subject. A bare value holding `"` or `=` is refused: it is a value Envoy did not quote.
 */
function scanXfcc(text: string): XfccPair[][] {
  const elements: XfccPair[][] = [];
  let pairs: XfccPair[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    const keyStart = i;
    while (i < n && isKeyChar(text.charCodeAt(i))) i++;
    if (i === keyStart || text.charCodeAt(i) !== 0x3d) {
      throw malformed('xfcc-syntax', `${XFCC} has an element or pair that is not Key=value`);
    }
    const key = text.slice(keyStart, i).toLowerCase();
    i++;
    let value = '';
    const quoted = text.charCodeAt(i) === 0x22;
    if (quoted) {
      let run = ++i;
      for (;;) {
        if (i >= n) throw malformed('xfcc-syntax', `${XFCC} has an unterminated quoted value`);
        const c = text.charCodeAt(i);
        if (c === 0x5c) {
          if (i + 1 >= n) throw malformed('xfcc-syntax', `${XFCC} has an unterminated quoted value`);
          value += text.slice(run, i) + text[i + 1];
          i += 2;
          run = i;
        } else if (c === 0x22) {
          value += text.slice(run, i);
          i++;
          break;
        } else i++;
      }
    } else {
      const start = i;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x3b || c === 0x2c) break;
        if (c === 0x22 || c === 0x3d) {
          throw malformed(
            'xfcc-ambiguous-value',
            `${XFCC} has an unquoted value containing ${c === 0x22 ? '"' : '='}: the proxy wrote a certificate's name unescaped, so the field cannot be read unambiguously`,
          );
        }
      }
      value = text.slice(start, i);
    }
    pairs.push({ key, value, quoted });
    if (i >= n) break;
    const sep = text.charCodeAt(i++);
    if (sep === 0x2c) {
      elements.push(pairs);
      pairs = [];
      // Field lines combined by an intermediary may carry ", ".
      while (i < n && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
    } else if (sep !== 0x3b) {
      throw malformed('xfcc-syntax', `${XFCC} has a quoted value followed by something other than ";" or ","`);
    }
  }
  elements.push(pairs);
  return elements;
}

/** Checks one element against Envoy's writer: known keys, in its order, quoted as it quotes them. */
function xfccElement(pairs: readonly XfccPair[]): Map<XfccKey, string[]> {
  const out = new Map<XfccKey, string[]>();
  let rank = -1;
  for (const pair of pairs) {
    const r = XFCC_KEYS.indexOf(pair.key as XfccKey);
    if (r < 0)
      throw malformed('xfcc-unknown-key', `${XFCC} has a key Envoy does not write (it writes By, Hash, Cert, Chain, Subject, URI, DNS)`);
    const key = XFCC_KEYS[r];
    if (r === rank && !XFCC_REPEATED.has(key)) throw malformed('xfcc-duplicate-key', `${XFCC} repeats ${key} within one element`);
    if (r < rank) {
      // Envoy writes URI and DNS last: a key after them was smuggled in through a bare value's ";".
      throw malformed('xfcc-key-order', `${XFCC} has ${key} after a key Envoy writes later; an unquoted value held a ";"`);
    }
    rank = r;
    if (XFCC_QUOTED.has(key) !== pair.quoted) {
      throw malformed('xfcc-quoting', `${XFCC} has ${key} ${pair.quoted ? 'quoted' : 'unquoted'}, which Envoy never writes`);
    }
    const values = out.get(key);
    if (values) values.push(pair.value);
    else out.set(key, [pair.value]);
  }
  return out;
}

/** Characters that, in a name Envoy writes bare, would be read as XFCC syntax. */
const XFCC_SPECIALS = /[",;=]/;

/**
 * When the element carries URI or DNS values, the certificate's own URI and DNS names must not
 * hold XFCC syntax: Envoy wrote them bare, so a `;` in one of them re-split the element.
 */
function checkBareNames(leafDer: Uint8Array): void {
  let names: readonly GeneralName[];
  try {
    names = parseCertificateDer(leafDer).subjectAltNames;
  } catch {
    return; // Not a certificate: the verifier refuses it as malformed.
  }
  for (const name of names) {
    if ((name.type === 'uri' || name.type === 'dns') && XFCC_SPECIALS.test(name.value)) {
      throw malformed(
        'xfcc-ambiguous-value',
        `${XFCC} carries a certificate whose ${name.type === 'uri' ? 'URI' : 'DNS'} name holds XFCC syntax (, ; = or "), which Envoy writes unescaped`,
      );
    }
  }
}

/**
 * Envoy/Istio `x-forwarded-client-cert`, read by the grammar of Envoy's writer: `By=…;Hash=…;
 * Cert="…";Chain="…";Subject="…";URI=…;DNS=…` per element, elements separated by `,`. With
 * `'exactly-one'` (the default) the field must hold one element; with `'last-of-several'` the last
 * is read and no element may carry URI or DNS (bare values that can forge an element boundary).
 * `Cert` is the URL-encoded PEM leaf, `Chain` the URL-encoded PEM chain (leaf first), `Hash` the
 * SHA-256 of the leaf. Undefined when the element carries no `Cert`.
 */
export function decodeXfcc(lines: readonly string[], elements: XfccElements = 'exactly-one'): ForwardedCertificate | undefined {
  const scanned = scanXfcc(lines.join(','));
  if (elements === 'exactly-one' && scanned.length !== 1) {
    throw malformed(
      'xfcc-several-elements',
      `${XFCC} holds ${scanned.length} elements where one was expected (configure Envoy with forward_client_cert_details: SANITIZE_SET, or set xfccElements: 'last-of-several' on this proxy)`,
    );
  }
  const parsed = scanned.map(xfccElement);
  if (parsed.length > 1 && parsed.some((e) => e.has('uri') || e.has('dns'))) {
    throw malformed(
      'xfcc-san-with-several-elements',
      `${XFCC} holds several elements and bare URI or DNS values, which can forge an element boundary (configure set_current_client_cert_details with cert and chain only)`,
    );
  }
  const last = parsed[parsed.length - 1];
  const cert = last.get('cert')?.[0];
  if (cert === undefined) return undefined;
  const leaf = certificatesIn(percentDecode(cert, `${XFCC} Cert`), `${XFCC} Cert`);
  if (leaf.length !== 1) throw malformed('xfcc-cert-count', `${XFCC} Cert must hold exactly one certificate`);
  const hash = last.get('hash')?.[0];
  if (hash !== undefined && hash !== createHash('sha256').update(leaf[0]).digest('hex')) {
    throw malformed('xfcc-hash-mismatch', `${XFCC} Hash is not the SHA-256 of its Cert`);
  }
  if (last.has('uri') || last.has('dns')) checkBareNames(leaf[0]);
  const chainText = last.get('chain')?.[0];
  const chain = chainText ? certificatesIn(percentDecode(chainText, `${XFCC} Chain`), `${XFCC} Chain`) : [];
  // Envoy's Chain includes the leaf first; do not count it twice.
  if (chain.length && Buffer.compare(Buffer.from(chain[0]), Buffer.from(leaf[0])) === 0) chain.shift();
  return { leafDer: leaf[0], chainDers: chain };
}

/** URL-escaped PEM (nginx `$ssl_client_escaped_cert`, AWS ALB `X-Amzn-Mtls-Clientcert`): leaf, then chain. */
export function decodeEscapedPem(lines: readonly string[], header: string): ForwardedCertificate {
  return leafFirst(certificatesIn(percentDecode(singleLine(lines, header).trim(), header), header));
}

/** Base64 DER, comma-joined, leaf first (Azure `X-ARR-ClientCert`; Traefik and Cloudflare have their own formats). */
export function decodeBase64Der(lines: readonly string[], header: string): ForwardedCertificate {
  return leafFirst(
    singleLine(lines, header)
      .split(',')
      .map((part, i) => base64Member(part.trim(), `${header} member ${i + 1}`)),
  );
}

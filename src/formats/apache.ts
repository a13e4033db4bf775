/**
 * Apache httpd's everyday recipe, `RequestHeader set X-SSL-Client-Cert "%{SSL_CLIENT_CERT}s"`:
 * mod_headers turns every line break of the PEM into a space, so the value is
 * `-----BEGIN CERTIFICATE----- MIIB… … -----END CERTIFICATE-----`, and `(null)` without a
 * certificate. The chain comes as numbered fields (`SSL_CLIENT_CERT_CHAIN_n`), one PEM each.
 */
import type { ForwardedCertificate } from './index.js';
import { isNoCertificate, malformedField, singleLine, strictBase64Bytes } from './scan.js';

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** One PEM certificate whose line breaks became spaces (or tabs) → DER. */
export function apachePemCertificate(value: string, what: string): Uint8Array {
  const text = value.trim();
  if (!text.startsWith(BEGIN) || !text.endsWith(END) || text.length < BEGIN.length + END.length) {
    throw malformedField('apache-pem-invalid', `${what} is not one PEM certificate with spaces for line breaks`);
  }
  // The body: base64 lines separated by runs of blanks. Dropping the blanks in one pass keeps this
  // linear; a second armour inside the body is not base64 and fails below.
  const parts: string[] = [];
  let start = -1;
  const stop = text.length - END.length;
  for (let i = BEGIN.length; i <= stop; i++) {
    const blank = i === stop || isBlank(text.charCodeAt(i));
    if (blank && start !== -1) {
      parts.push(text.slice(start, i));
      start = -1;
    } else if (!blank && start === -1) start = i;
  }
  return strictBase64Bytes(parts.join(''), 'apache-pem-base64', `${what} body`);
}

/**
 * `apache-pem`: the leaf from the primary field, the chain from the numbered fields (already in
 * index order, "no certificate" values at the end removed). Undefined without a certificate.
 */
export function decodeApachePem(
  lines: readonly string[],
  chainValues: readonly string[],
  header: string,
): ForwardedCertificate | undefined {
  const value = singleLine(lines, header);
  if (isNoCertificate(value)) {
    if (chainValues.length) throw malformedField('chain-without-certificate', `${header} carries no certificate but its chain fields do`);
    return undefined;
  }
  const leafDer = apachePemCertificate(value, header);
  return { leafDer, chainDers: chainValues.map((v, i) => apachePemCertificate(v, `${header} chain field ${i}`)) };
}

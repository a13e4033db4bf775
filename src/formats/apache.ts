/**
 * Apache httpd's everyday recipe, `RequestHeader set X-SSL-Client-Cert "%{SSL_CLIENT_CERT}s"`:
 * mod_headers turns every line break of the PEM into a space, so the value is
 * `-----BEGIN CERTIFICATE----- MIIB… … -----END CERTIFICATE-----`, and `(null)` without a
 * certificate. The chain comes as numbered fields (`SSL_CLIENT_CERT_CHAIN_n`), one PEM each.
 */
import { malformed } from '../errors.js';
import type { ForwardedCertificate } from './index.js';
import { PemError, readPem } from '../x509/pem.js';
import { primaryCertificateLine } from './scan.js';

/** One PEM certificate whose line breaks became spaces → DER, read by the linear PEM reader. */
export function apachePemCertificate(value: string, what: string): Uint8Array {
  let ders: Uint8Array[];
  try {
    ders = readPem(value, 'CERTIFICATE', what, 'document');
  } catch (err) {
    if (err instanceof PemError) throw malformed(err.reason, err.message);
    throw err;
  }
  if (ders.length !== 1) throw malformed('apache-pem-multiple-certificates', `${what} must hold exactly one certificate`);
  return ders[0];
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
  const value = primaryCertificateLine(lines, chainValues, header);
  if (value === undefined) return undefined;
  const leafDer = apachePemCertificate(value, header);
  return { leafDer, chainDers: chainValues.map((v, i) => apachePemCertificate(v, `${header} chain field ${i}`)) };
}

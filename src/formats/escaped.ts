/**
 * URL-escaped PEM as Apache's `expr=%{escape:%{SSL_CLIENT_CERT}}` and ingress-nginx's
 * `ssl-client-cert` (nginx `$ssl_client_escaped_cert`) send it: an empty value or `(null)` from a
 * trusted proxy means no certificate. The chain may come as numbered fields, one certificate each.
 */
import { type ForwardedCertificate, decodeEscapedPem } from './index.js';
import { malformed } from '../errors.js';
import { primaryCertificateLine } from './scan.js';

/** `escaped-pem`: leaf then chain (in the field, or one per numbered field). Undefined without a certificate. */
export function decodeEscapedPemField(
  lines: readonly string[],
  chainValues: readonly string[],
  header: string,
): ForwardedCertificate | undefined {
  const value = primaryCertificateLine(lines, chainValues, header);
  if (value === undefined) return undefined;
  const forwarded = decodeEscapedPem([value], header);
  if (!chainValues.length) return forwarded;
  const chainDers = [...forwarded.chainDers];
  chainValues.forEach((v, i) => {
    const member = decodeEscapedPem([v], `${header} chain field ${i}`);
    if (member.chainDers.length)
      throw malformed('chain-field-multiple-certificates', `${header} chain field ${i} holds more than one certificate`);
    chainDers.push(member.leafDer);
  });
  return { leafDer: forwarded.leafDer, chainDers };
}

/** `ingress-nginx`: `ssl-client-cert`, the leaf only. Undefined without a certificate. */
export function decodeIngressNginx(lines: readonly string[], header: string): ForwardedCertificate | undefined {
  const forwarded = decodeEscapedPemField(lines, [], header);
  if (forwarded?.chainDers.length) {
    throw malformed(
      'ingress-nginx-multiple-certificates',
      `${header} holds more than one certificate; ingress-nginx forwards the leaf only`,
    );
  }
  return forwarded;
}

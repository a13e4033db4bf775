/**
 * Cloudflare's legacy mTLS forwarding: `Cf-Client-Cert-Der-Base64` (the leaf's DER, base64) with
 * `Cf-Client-Cert-Sha256` (hex SHA-256 of that DER). The hash is checked against the certificate,
 * so a proxy that forwards one certificate's bytes under another's hash is refused, not believed.
 */
import { createHash } from 'node:crypto';
import { malformed } from '../errors.js';
import type { ForwardedCertificate } from './index.js';
import { singleLine, strictBase64Bytes } from './scan.js';

/** The hash field read beside `Cf-Client-Cert-Der-Base64`. */
export const CLOUDFLARE_HASH_HEADER = 'cf-client-cert-sha256';

function isHex64(text: string): boolean {
  if (text.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** The leaf from the legacy pair, its hash checked. The pair carries no chain. */
export function decodeCloudflareLegacy(certLines: readonly string[], hashLines: readonly string[], header: string): ForwardedCertificate {
  if (certLines.length === 0) {
    throw malformed('cloudflare-certificate-missing', `${CLOUDFLARE_HASH_HEADER} was sent without ${header}`);
  }
  const leafDer = strictBase64Bytes(singleLine(certLines, header).trim(), { reason: 'cloudflare-base64' }, header);
  if (hashLines.length === 0) throw malformed('cloudflare-hash-missing', `${header} was sent without ${CLOUDFLARE_HASH_HEADER}`);
  const hash = singleLine(hashLines, CLOUDFLARE_HASH_HEADER).trim();
  if (!isHex64(hash)) throw malformed('cloudflare-hash-invalid', `${CLOUDFLARE_HASH_HEADER} is not 64 hexadecimal digits`);
  const actual = createHash('sha256').update(leafDer).digest('hex');
  if (actual !== hash.toLowerCase()) {
    throw malformed('cloudflare-hash-mismatch', `${CLOUDFLARE_HASH_HEADER} is not the SHA-256 of the forwarded certificate`);
  }
  return { leafDer, chainDers: [] };
}

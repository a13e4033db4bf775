// Field values built the way each proxy's own writer builds them, from its source.
import { createHash } from 'node:crypto';
import type { TestCert } from './pki';

const hex2 = (c: string, upper: boolean): string => {
  const h = c.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${upper ? h.toUpperCase() : h}`;
};

/** Apache mod_headers `%{SSL_CLIENT_CERT}s`: unwrap_header() turns every CR and LF into a space. */
export function apacheSslVar(pem: string): string {
  return pem.replace(/[\r\n]/g, ' ');
}

/** Apache `expr=%{escape:…}`: ap_escape_uri() keeps alphanumerics and `$-_.+!*'(),:@&=/~`, lowercase hex. */
export function apacheEscape(pem: string): string {
  return pem.replace(/[^A-Za-z0-9$\-_.+!*'(),:@&=/~]/g, (c) => hex2(c, false));
}

/** nginx `$ssl_client_escaped_cert` (ingress-nginx `ssl-client-cert`): ngx_escape_uri(NGX_ESCAPE_URI_COMPONENT), uppercase hex. */
export function nginxEscapedCert(pem: string): string {
  return pem.replace(/[^A-Za-z0-9\-._~]/g, (c) => hex2(c, true));
}

/** Go's url.QueryEscape: keeps `A-Z a-z 0-9 - _ . ~`, a space becomes `+`, uppercase hex. */
function goQueryEscape(text: string): string {
  return text.replace(/[^A-Za-z0-9\-_.~]/g, (c) => (c === ' ' ? '+' : hex2(c, true)));
}

/** Go's pem.EncodeToMemory for a CERTIFICATE: 64-column base64 lines, each ending in LF. */
function goPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += `${b64.slice(i, i + 64)}\n`;
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}

/** Traefik passTLSClientCert (pem: true): armour and LFs removed, QueryEscape in v2 only, comma-joined. */
export function traefikPem(certs: readonly TestCert[], version: 2 | 3): string {
  return certs
    .map((c) => {
      const sanitized = goPem(c.der)
        .split('-----BEGIN CERTIFICATE-----')
        .join('')
        .split('-----END CERTIFICATE-----')
        .join('')
        .split('\n')
        .join('');
      return version === 2 ? goQueryEscape(sanitized) : sanitized;
    })
    .join(',');
}

/** Cloudflare's legacy pair: base64 DER, and the hex SHA-256 of the DER. */
export function cloudflareLegacy(cert: TestCert): { 'Cf-Client-Cert-Der-Base64': string; 'Cf-Client-Cert-Sha256': string } {
  return {
    'Cf-Client-Cert-Der-Base64': Buffer.from(cert.der).toString('base64'),
    'Cf-Client-Cert-Sha256': createHash('sha256').update(cert.der).digest('hex'),
  };
}

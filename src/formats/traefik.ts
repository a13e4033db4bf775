/**
 * Traefik `passTLSClientCert` with `pem: true` → `X-Forwarded-Tls-Client-Cert`. Its writer
 * (pkg/middlewares/passtlsclientcert) PEM-encodes each certificate the client sent, leaf first,
 * removes the armour lines and the line breaks, and joins the certificates with commas. Traefik
 * v2 then applies Go's `url.QueryEscape` to each (`+ / =` become `%2B %2F %3D`); v3 does not.
 */
import { malformed } from '../errors.js';
import type { ForwardedCertificate } from './index.js';
import { isNoCertificate, singleLine, strictBase64Bytes } from './scan.js';

/** The character `%XX` stands for, for the three escapes QueryEscape produces from base64. */
function unescapedBase64Char(hi: number, lo: number): string | undefined {
  const l = lo | 0x20; // the hex letter in either case
  if (hi === 0x32 && l === 0x62) return '+'; // %2B
  if (hi === 0x32 && l === 0x66) return '/'; // %2F
  if (hi === 0x33 && l === 0x64) return '='; // %3D
  return undefined;
}

/** Leaf then chain, from Traefik's value. Undefined for an empty value or `(null)`. */
export function decodeTraefik(lines: readonly string[], header: string): ForwardedCertificate | undefined {
  const value = singleLine(lines, header).trim();
  if (isNoCertificate(value)) return undefined;
  const ders: Uint8Array[] = [];
  // The member so far, and where its current run of literal characters began.
  let member = '';
  let run = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : 0x2c;
    if (c === 0x2c) {
      member += value.slice(run, i);
      if (member === '') throw malformed('traefik-member-empty', `${header} has an empty certificate between commas`);
      ders.push(strictBase64Bytes(member, { reason: 'traefik-base64' }, `${header} certificate ${ders.length + 1}`));
      member = '';
      run = i + 1;
    } else if (c === 0x25) {
      const ch = i + 2 < value.length ? unescapedBase64Char(value.charCodeAt(i + 1), value.charCodeAt(i + 2)) : undefined;
      if (ch === undefined) throw malformed('traefik-escape-invalid', `${header} has a %-escape Traefik never writes for base64`);
      member += value.slice(run, i) + ch;
      i += 2;
      run = i + 1;
    }
  }
  const [leafDer, ...chainDers] = ders;
  return { leafDer, chainDers };
}

/** Helpers that build RFC 9440 field values, for tests of users' own apps. */
import { type CertificateInput, derFromInput, derToBase64 } from './x509/certificate.js';
import { PemError } from './x509/pem.js';

function ders(input: CertificateInput | readonly CertificateInput[], what: string): Uint8Array[] {
  const list = Array.isArray(input) ? input : [input];
  const out = list.flatMap((one: CertificateInput) => {
    try {
      return derFromInput(one);
    } catch (err) {
      if (err instanceof PemError) throw new TypeError(`${what}: ${err.message} (${err.reason})`);
      throw err;
    }
  });
  if (out.length === 0) throw new TypeError(`${what}: no certificate found (pass PEM or DER bytes)`);
  return out;
}

/** The `Client-Cert` value for one certificate (PEM or DER): `:<base64 DER>:`. */
export function encodeClientCert(pemOrDer: CertificateInput): string {
  const list = ders(pemOrDer, 'encodeClientCert()');
  if (list.length !== 1) throw new TypeError(`encodeClientCert(): expected one certificate, found ${list.length}`);
  return `:${derToBase64(list[0])}:`;
}

/** The `Client-Cert-Chain` value for certificates (PEM strings may hold several): `:<b64>:, :<b64>:`. */
export function encodeClientCertChain(certificates: CertificateInput | readonly CertificateInput[]): string {
  return ders(certificates, 'encodeClientCertChain()')
    .map((der) => `:${derToBase64(der)}:`)
    .join(', ');
}

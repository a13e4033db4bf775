/**
 * Certificates a client or proxy sent, parsed at the edge: a DER failure becomes the coded
 * ClientCertError (ERR_CLIENT_CERT_MALFORMED with the decoder's reason); the x509 layer itself
 * knows nothing of codes or HTTP statuses.
 */
import { ClientCertError } from './errors.js';
import { DerError } from './x509/asn1.js';
import { type ParsedCertificate, parseCertificateDer } from './x509/certificate.js';

/**
 * Parses a certificate a client or proxy sent: any failure is ERR_CLIENT_CERT_MALFORMED
 * naming `what` (never echoing the bytes).
 */
export function parseCertificate(der: Uint8Array, what = 'certificate'): ParsedCertificate {
  try {
    return parseCertificateDer(der);
  } catch (err) {
    // Only a DerError is the input's fault; anything else is a bug and must not pass for bad input.
    if (!(err instanceof DerError)) throw err;
    throw new ClientCertError('ERR_CLIENT_CERT_MALFORMED', `The ${what} is not a DER X.509 certificate (${err.message})`, {
      cause: err,
      reason: err.reason,
    });
  }
}

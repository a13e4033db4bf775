/**
 * The one place where the core's refusal reasons become error codes (and so HTTP statuses).
 * A reason added to the core without a code here does not compile.
 */
import type { ClientCertErrorCode } from './errors.js';
import type { Refusal, VerifyReason } from './verify/refusal.js';

const INVALID = 'ERR_CLIENT_CERT_CHAIN_INVALID';
const UNTRUSTED = 'ERR_CLIENT_CERT_UNTRUSTED';
const USAGE = 'ERR_CLIENT_CERT_USAGE';
const REVOKED = 'ERR_CLIENT_CERT_REVOKED';

/** The code of each reason of the core, where the rule applied to the path (scope `path`). */
export const REASON_CODE: Readonly<Record<VerifyReason, ClientCertErrorCode>> = Object.freeze({
  'clock-invalid': UNTRUSTED,
  'fingerprint-not-allowed': 'ERR_CLIENT_CERT_NOT_ALLOWED',
  'budget-exhausted': UNTRUSTED,
  'issuer-unknown': UNTRUSTED,
  'path-too-long': UNTRUSTED,
  'validity-expired': 'ERR_CLIENT_CERT_EXPIRED',
  'validity-not-yet-valid': 'ERR_CLIENT_CERT_NOT_YET_VALID',
  // A signature that does not hold leaves the link unproven: no trusted path.
  'signature-invalid': UNTRUSTED,
  'signature-key-mismatch': UNTRUSTED,
  'signature-algorithm-mismatch': UNTRUSTED,
  'signature-algorithm-unsupported': UNTRUSTED,
  'signature-params-invalid': UNTRUSTED,
  'dsa-params-missing': UNTRUSTED,
  // A refused algorithm or key breaks a rule of the path (of the leaf's purpose: USAGE, see refusalCode).
  'signature-algorithm-weak': INVALID,
  'public-key-malformed': INVALID,
  'key-algorithm-unsupported': INVALID,
  'rsa-key-malformed': INVALID,
  'rsa-key-too-small': INVALID,
  'rsa-key-too-large': INVALID,
  'rsa-exponent-even': INVALID,
  'rsa-exponent-too-small': INVALID,
  'rsa-exponent-too-large': INVALID,
  'rsa-key-size-not-multiple-of-8': INVALID,
  'ec-curve-explicit': INVALID,
  'ec-curve-unsupported': INVALID,
  'ec-point-compressed': INVALID,
  'ec-point-malformed': INVALID,
  'ed25519-key-malformed': INVALID,
  'ed448-key-malformed': INVALID,
  'dsa-key-malformed': INVALID,
  'dsa-key-too-large': INVALID,
  'dsa-refused': INVALID,
  'issuer-not-ca': INVALID,
  'key-cert-sign-missing': INVALID,
  'path-len-exceeded': INVALID,
  'aki-ski-mismatch': INVALID,
  'critical-extension-unknown': INVALID,
  'policy-qualifier-unknown': INVALID,
  'version-not-v3': INVALID,
  'serial-invalid': INVALID,
  'leaf-is-ca': INVALID,
  'key-cert-sign-not-ca': INVALID,
  'basic-constraints-not-critical': INVALID,
  'ca-subject-empty': INVALID,
  'subject-empty-without-san': INVALID,
  'san-not-critical-subject-empty': INVALID,
  'san-critical-with-subject': INVALID,
  'san-dns-name-invalid': INVALID,
  'san-email-invalid': INVALID,
  'aki-critical': INVALID,
  'aki-missing': INVALID,
  'ski-critical': INVALID,
  'ski-missing': INVALID,
  'root-aki-not-key-id-only': INVALID,
  'root-aki-ski-mismatch': INVALID,
  'root-eku-present': INVALID,
  'eku-any-present': INVALID,
  'eku-critical': INVALID,
  'eku-missing': INVALID,
  'policy-constraints-not-critical': INVALID,
  'name-constraints-not-critical': INVALID,
  'name-constraints-not-ca': INVALID,
  'name-constraints-excluded': INVALID,
  'name-constraints-not-permitted': INVALID,
  'name-constraints-invalid': INVALID,
  'name-constraints-ip-ambiguous': INVALID,
  'name-constraints-unsupported-form': INVALID,
  'name-constraints-uri-without-host': INVALID,
  'name-constraints-work-limit': INVALID,
  'policy-invalid': INVALID,
  'policy-mapping-any-policy': INVALID,
  'key-usage-not-allowed': USAGE,
  'eku-empty': USAGE,
  'eku-not-allowed': USAGE,
  'eku-not-allowed-for-issuer': USAGE,
  revoked: REVOKED,
  'crl-missing': REVOKED,
  'crl-unusable': REVOKED,
  'crl-signer-invalid': REVOKED,
  'crl-not-yet-valid': REVOKED,
  'crl-stale': REVOKED,
  'ocsp-invalid': REVOKED,
  'ocsp-error': REVOKED,
  'ocsp-stale': REVOKED,
  'ocsp-unknown': REVOKED,
  'ocsp-no-responder': REVOKED,
  'ocsp-unavailable': REVOKED,
});

/** The code a refusal of the core is answered with: its reason's, unless its scope decides. */
export function refusalCode(refusal: Refusal): ClientCertErrorCode {
  // Whatever rule found the leaf unfit for its purpose (its key included), the answer is USAGE.
  if (refusal.scope === 'purpose') return USAGE;
  // A link whose signature cannot be checked leaves the path unproven, whatever broke it.
  if (refusal.scope === 'link') return UNTRUSTED;
  return REASON_CODE[refusal.reason];
}

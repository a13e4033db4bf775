/**
 * Why the core refuses a certificate: a stable reason naming the rule, a message naming the
 * certificate, and the scope the rule was applied in. No codes and no statuses here: the edge
 * (src/reasons.ts) maps each reason to a ClientCertError code, so the core knows nothing of HTTP.
 */

/** Every reason the verification core (path building, RFC 5280 checks, revocation, live trust) can give. */
export const VERIFY_REASONS = [
  // The decision itself
  'clock-invalid',
  'fingerprint-not-allowed',
  'budget-exhausted',
  'issuer-unknown',
  'path-too-long',
  // Validity
  'validity-expired',
  'validity-not-yet-valid',
  // Signatures
  'signature-invalid',
  'signature-key-mismatch',
  'signature-algorithm-mismatch',
  'signature-algorithm-unsupported',
  'signature-algorithm-weak',
  'signature-params-invalid',
  'dsa-params-missing',
  // Keys
  'public-key-malformed',
  'key-algorithm-unsupported',
  'rsa-key-malformed',
  'rsa-key-too-small',
  'rsa-key-too-large',
  'rsa-exponent-even',
  'rsa-exponent-too-small',
  'rsa-exponent-too-large',
  'rsa-key-size-not-multiple-of-8',
  'ec-curve-explicit',
  'ec-curve-unsupported',
  'ec-point-compressed',
  'ec-point-malformed',
  'ed25519-key-malformed',
  'ed448-key-malformed',
  'dsa-key-malformed',
  'dsa-key-too-large',
  'dsa-refused',
  // CA constraints and path rules
  'issuer-not-ca',
  'key-cert-sign-missing',
  'path-len-exceeded',
  'aki-ski-mismatch',
  'critical-extension-unknown',
  'policy-qualifier-unknown',
  // Profile
  'version-not-v3',
  'serial-invalid',
  'leaf-is-ca',
  'key-cert-sign-not-ca',
  'basic-constraints-not-critical',
  'ca-subject-empty',
  'subject-empty-without-san',
  'san-not-critical-subject-empty',
  'san-critical-with-subject',
  'san-dns-name-invalid',
  'san-email-invalid',
  'aki-critical',
  'aki-missing',
  'ski-critical',
  'ski-missing',
  'root-aki-not-key-id-only',
  'root-aki-ski-mismatch',
  'root-eku-present',
  'eku-any-present',
  'eku-critical',
  'eku-missing',
  'policy-constraints-not-critical',
  'name-constraints-not-critical',
  'name-constraints-not-ca',
  // Name constraints
  'name-constraints-excluded',
  'name-constraints-not-permitted',
  'name-constraints-invalid',
  'name-constraints-ip-ambiguous',
  'name-constraints-unsupported-form',
  'name-constraints-uri-without-host',
  'name-constraints-work-limit',
  // Policies
  'policy-invalid',
  'policy-mapping-any-policy',
  // Usage
  'key-usage-not-allowed',
  'eku-empty',
  'eku-not-allowed',
  'eku-not-allowed-for-issuer',
  // Revocation
  'revoked',
  'crl-missing',
  'crl-unusable',
  'crl-signer-invalid',
  'crl-not-yet-valid',
  'crl-stale',
  'ocsp-invalid',
  'ocsp-error',
  'ocsp-stale',
  'ocsp-unknown',
  'ocsp-no-responder',
  'ocsp-unavailable',
] as const;

/** A reason the verification core gives (a string-literal union; the edge maps each to a code). */
export type VerifyReason = (typeof VERIFY_REASONS)[number];

/**
 * Where a rule was applied, when one reason can mean different things: `path` (a rule of the
 * path or of one of its certificates), `purpose` (the leaf is unfit for the required usage, its
 * key included), `link` (a signature between two certificates does not hold: no trusted path).
 */
export type RefusalScope = 'path' | 'purpose' | 'link';

/** A refusal of the core: thrown by the entry, offered to the ranking inside a path search. */
export class Refusal extends Error {
  /** The rule that decided. */
  readonly reason: VerifyReason;
  /** Where the rule was applied (see RefusalScope). */
  readonly scope: RefusalScope;

  constructor(reason: VerifyReason, message: string, scope: RefusalScope = 'path') {
    super(message);
    this.name = 'Refusal';
    this.reason = reason;
    this.scope = scope;
  }
}

/** True when `value` is a refusal of the core. */
export function isRefusal(value: unknown): value is Refusal {
  return value instanceof Refusal;
}

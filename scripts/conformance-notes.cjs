// Why each remaining disagreement with the suites is a deliberate choice (shown in docs/CONFORMANCE.md).
'use strict';
module.exports.explanations = {
  'rfc5280::ca-as-leaf':
    'Conflicts with `webpki::ca-as-leaf` (same chain, expected FAILURE). A CA certificate (basicConstraints cA) is never accepted as a client or server identity when validating for a purpose; with `requiredEku: null` (pure RFC 5280 §6, as PKITS runs) it is.',
  'pathlen::validation-ignores-pathlen-in-leaf':
    'The leaf is a CA certificate (pathLen 0, no digitalSignature), refused as an end-entity for the reason above; path length itself is handled as the case expects (PKITS 4.6.* agree).',
  'webpki::nc::permitted-dns-match-noncritical':
    'Conflicts with `rfc5280::nc::permitted-dns-match-noncritical` (same chain, expected FAILURE). RFC 5280 §4.2.1.10 requires nameConstraints to be critical; a non-critical one is refused rather than half-trusted.',
  'rfc5280::eku::ee-without-eku':
    "Conflicts with `webpki::eku::ee-without-eku` (same chain, expected FAILURE). When validating for serverAuth the CA/Browser Forum profile applies and requires the EKU extension; for clientAuth (this library's purpose) a leaf without EKU is accepted (README, `requiredEku`).",
  'cve::cve-2024-0567':
    'The trust anchor `Root A` is cross-signed (not self-issued) and has no authorityKeyIdentifier; `rfc5280::aki::cross-signed-root-missing-aki` expects exactly that to fail. We keep the stricter reading, so no case is falsely accepted.',
};

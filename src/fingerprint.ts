/**
 * SHA-256 certificate fingerprints as people paste them (`AB:CD:…` from openssl, any case) in
 * `allowedFingerprints` and in a guard's `fingerprint256`: validated once, when the option is
 * read, so that a mistyped pin is a TypeError at start-up and never a pin that silently never matches.
 */

/** `value` as the identity spells fingerprints (64 lowercase hex digits), or a TypeError naming `where` and the fix. */
export function normaliseFingerprint256(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new TypeError(`${where} must be a hex string (a SHA-256 fingerprint).`);
  const hex = value.replace(/:/g, '').toLowerCase();
  if (/^[0-9a-f]{64}$/.test(hex)) return hex;
  // A SHA-1 fingerprint is the commonest wrong paste: openssl prints it without -sha256.
  const sha1 = /^[0-9a-f]{40}$/.test(hex) ? ' It looks like a SHA-1 fingerprint (40 digits).' : '';
  throw new TypeError(
    `${where} is not a SHA-256 fingerprint (64 hex digits, colons allowed).${sha1} Take it from \`openssl x509 -noout -fingerprint -sha256\` or from req.clientCert.fingerprint256.`,
  );
}

/**
 * RFC 5280 §6.1 over a complete, signature-sound path (leaf first, anchor last): validity,
 * profile rules, CA constraints, path length, name constraints, certificate policies, key usage,
 * extended key usage, critical extensions and key strength. Each refusal names the certificate
 * and the rule.
 */
import { KeyUsage, OID, type ParsedCertificate } from '../x509/certificate.js';
import { Refusal, type RefusalScope, type VerifyReason } from './refusal.js';
import type { VerifySettings } from './settings.js';
import { bytesEqual } from '../x509/asn1.js';
import { NameConstraintState } from './name-constraints.js';
import { processPolicies } from './policies.js';
import { type ProfileOptions, type Role, profileProblem } from './profile.js';
import { inheritedDsaParams, inheritsDsaParams } from './signature.js';
import { keyProblem, rsaModulusBits } from './keys.js';
import { type RevocationContext, checkRevocation } from './revocation.js';

/** Extensions this verifier processes; any other critical extension refuses the path. */
export const PROCESSED_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.nameConstraints,
  OID.certificatePolicies,
  OID.policyMappings,
  OID.policyConstraints,
  OID.inhibitAnyPolicy,
  OID.crlDistributionPoints,
]);

function refuse(cert: ParsedCertificate, rule: string, reason: VerifyReason, scope: RefusalScope = 'path'): Refusal {
  return new Refusal(reason, `Certificate ${cert.subjectString || '(empty subject)'} is refused: ${rule}`, scope);
}

const RSA_KEY = '1.2.840.113549.1.1.1';

/** The refusal of a decision whose clock reading is not a valid time (reason `clock-invalid`). */
export function clockInvalid(): Refusal {
  return new Refusal('clock-invalid', 'The validation clock (the `now` option) returned an invalid date or threw');
}

/** Validity at `now` ± tolerance, inclusive at both ends (RFC 5280 §4.1.2.5), to the second. */
export function checkValidity(cert: ParsedCertificate, nowMs: number, toleranceMs: number): Refusal | undefined {
  // An invalid clock must never make every comparison false, and so every certificate current.
  if (!Number.isFinite(nowMs)) return clockInvalid();
  // Certificate times have whole seconds: compare at that granularity.
  const now = Math.floor(nowMs / 1000) * 1000;
  if (now + toleranceMs < cert.notBefore.getTime()) {
    return refuse(cert, `it is not valid before ${cert.notBefore.toISOString()}`, 'validity-not-yet-valid');
  }
  if (now - toleranceMs > cert.notAfter.getTime()) {
    return refuse(cert, `it expired at ${cert.notAfter.toISOString()}`, 'validity-expired');
  }
  return undefined;
}

function ekuAllows(eku: readonly string[] | undefined, required: readonly string[]): string[] {
  if (!eku) return [];
  return required.filter((oid) => !eku.includes(oid));
}

/**
 * Whether the leaf's keyUsage fits the purpose. Client authentication always signs (TLS
 * CertificateVerify). For serverAuth alone, RFC 5280 §4.2.1.12 also lists keyEncipherment (RSA key
 * transport) and keyAgreement (ECDH) as consistent, as Go and rustls-webpki accept.
 */
function keyUsageFits(leaf: ParsedCertificate, requiredEku: readonly string[]): boolean {
  const ku = leaf.keyUsage;
  if (ku === undefined || ku & KeyUsage.digitalSignature) return true;
  if (requiredEku.length === 0 || !requiredEku.every((oid) => oid === OID.serverAuth)) return false;
  if (leaf.spkiAlgorithm === RSA_KEY) return (ku & KeyUsage.keyEncipherment) !== 0;
  if (leaf.spkiAlgorithm === OID.ecPublicKey) return (ku & KeyUsage.keyAgreement) !== 0;
  return false;
}

/** Leaf usage for the purpose: keyUsage, extendedKeyUsage, key strength. */
export function checkLeafUsage(leaf: ParsedCertificate, options: VerifySettings): Refusal | undefined {
  const { requiredEku } = options;
  if (requiredEku && !keyUsageFits(leaf, requiredEku)) {
    return refuse(leaf, 'its keyUsage does not allow digitalSignature', 'key-usage-not-allowed', 'purpose');
  }
  if (requiredEku && leaf.extKeyUsage) {
    if (leaf.extKeyUsage.length === 0) return refuse(leaf, 'its extKeyUsage extension is empty', 'eku-empty', 'purpose');
    const missing = ekuAllows(leaf.extKeyUsage, requiredEku);
    if (missing.length) return refuse(leaf, `its extKeyUsage does not allow ${missing.join(', ')}`, 'eku-not-allowed', 'purpose');
  }
  const weakKey = keyProblem(leaf, options.allowWeakAlgorithms);
  if (weakKey) return refuse(leaf, weakKey.message, weakKey.reason, 'purpose');
  return undefined;
}

/** An extension this verifier cannot honour although it is critical (RFC 5280 §4.2), as a refusal. */
function criticalProblem(cert: ParsedCertificate): Refusal | undefined {
  for (const ext of cert.extensions.values()) {
    if (ext.critical && !PROCESSED_EXTENSIONS.has(ext.oid)) {
      return refuse(cert, `it has an unrecognised critical extension ${ext.oid}`, 'critical-extension-unknown');
    }
  }
  // §4.2.1.4: a critical certificatePolicies must be interpreted whole, qualifiers included.
  if (cert.policyQualifierUnknown && cert.extensions.get(OID.certificatePolicies)?.critical) {
    return refuse(
      cert,
      `its critical certificatePolicies carries the policy qualifier ${cert.policyQualifierUnknown}, which is neither a CPS pointer nor a user notice`,
      'policy-qualifier-unknown',
    );
  }
  return undefined;
}

function profileOf(options: VerifySettings): ProfileOptions {
  return {
    purpose: options.requiredEku !== null,
    webPki: options.requiredEku?.includes(OID.serverAuth) === true,
    role: options.purpose,
  };
}

/**
 * A leaf trusted by its fingerprint alone (allowedFingerprints without trustAnchors): pinning
 * replaces path building, never the checks on the certificate itself.
 */
export function checkPinnedLeaf(leaf: ParsedCertificate, options: VerifySettings, nowMs: number): Refusal | undefined {
  const validity = checkValidity(leaf, nowMs, options.clockToleranceMs);
  if (validity) return validity;
  const problem = profileProblem(leaf, 'leaf', profileOf(options));
  if (problem) return refuse(leaf, problem.message, problem.reason);
  return criticalProblem(leaf) ?? checkLeafUsage(leaf, options);
}

/** Checks a complete path (leaf first, anchor last) at `nowMs`, the one clock reading of this decision. */
export function checkPath(
  path: readonly ParsedCertificate[],
  options: VerifySettings,
  nowMs: number,
  revocation?: RevocationContext,
): PathCheck {
  const result = checkPathRules(path, options, nowMs, revocation);
  return result instanceof Refusal ? { error: result } : { policies: result };
}

/** The outcome of checking one complete path. */
export type PathCheck = { error: Refusal; policies?: undefined } | { error?: undefined; policies: readonly string[] };

function checkPathRules(
  path: readonly ParsedCertificate[],
  options: VerifySettings,
  nowMs: number,
  revocation: RevocationContext | undefined,
): Refusal | string[] {
  const last = path.length - 1;
  const profile = profileOf(options);

  for (const cert of path) {
    const error = checkValidity(cert, nowMs, options.clockToleranceMs);
    if (error) return error;
  }

  for (let i = 0; i <= last; i++) {
    const cert = path[i];
    const role: Role = i === last ? 'anchor' : i === 0 ? 'leaf' : 'intermediate';
    const problem = profileProblem(cert, role, profile);
    if (problem) return refuse(cert, problem.message, problem.reason);
    const critical = criticalProblem(cert);
    if (critical) return critical;
    // CA/B Forum BR 6.1.5 (serverAuth only): an RSA modulus size is a multiple of 8 bits. Elsewhere a
    // 2047-bit key is simply a key of 2047 bits.
    const rsaBits = profile.webPki ? rsaModulusBits(cert) : undefined;
    if (rsaBits !== undefined && rsaBits % 8 !== 0) {
      return refuse(
        cert,
        `its RSA modulus has ${rsaBits} bits, not a multiple of 8 (CA/B Forum BR 6.1.5)`,
        'rsa-key-size-not-multiple-of-8',
      );
    }
  }

  // §6.1.3–§6.1.4, from the anchor down: issuer constraints, path length, name constraints.
  const names = new NameConstraintState();
  let intermediatesBelow = 0;
  for (let i = 1; i <= last; i++) if (!path[i].selfIssued && i < last) intermediatesBelow++;
  for (let i = last; i >= 0; i--) {
    const cert = path[i];
    if (i < last) {
      const issuer = path[i + 1];
      const akid = cert.authorityKeyId?.keyId;
      if (akid && issuer.subjectKeyId && !bytesEqual(akid, issuer.subjectKeyId)) {
        return refuse(
          cert,
          `its authorityKeyIdentifier does not match the subjectKeyIdentifier of ${issuer.subjectString}`,
          'aki-ski-mismatch',
        );
      }
      // Self-issued intermediates are exempt, except the leaf (§6.1.3 (b)–(c)).
      if (!(cert.selfIssued && i > 0)) {
        const problem = names.check(cert);
        if (problem) return refuse(cert, problem.message, problem.reason);
      }
    }
    if (i === 0) break;
    // cert issues the one below it.
    const isAnchor = i === last;
    if (!cert.basicConstraints?.ca && !(isAnchor && cert.version === 1)) {
      return refuse(cert, 'it issued a certificate but is not a CA (basicConstraints cA is not set)', 'issuer-not-ca');
    }
    if (cert.keyUsage !== undefined && !(cert.keyUsage & KeyUsage.keyCertSign)) {
      return refuse(cert, 'it issued a certificate but its keyUsage lacks keyCertSign', 'key-cert-sign-missing');
    }
    // Non-self-issued intermediates between this CA and the leaf (§6.1.4 (l)–(m)).
    if (!isAnchor && !cert.selfIssued) intermediatesBelow--;
    const pathLen = cert.basicConstraints?.pathLen;
    if (pathLen !== undefined && intermediatesBelow > pathLen) {
      return refuse(
        cert,
        `its pathLenConstraint ${pathLen} allows fewer intermediates than the ${intermediatesBelow} below it`,
        'path-len-exceeded',
      );
    }
    if (cert.nameConstraints) {
      if (!cert.basicConstraints?.ca) return refuse(cert, 'nameConstraints may appear only in CA certificates', 'name-constraints-not-ca');
      const unusable = names.add(cert.nameConstraints);
      if (unusable) return refuse(cert, unusable.message, unusable.reason);
    }
    const weakKey = keyProblem(cert, options.allowWeakAlgorithms);
    if (weakKey) return refuse(cert, weakKey.message, weakKey.reason);
    // EKU nesting, as OpenSSL and Go apply it: a CA restricted to other purposes cannot issue for this
    // one. The anchor included: its certificate's constraints all apply (RFC 5937, README "Trust anchors").
    if (options.requiredEku && cert.extKeyUsage && !cert.extKeyUsage.includes(OID.anyExtendedKeyUsage)) {
      const missing = ekuAllows(cert.extKeyUsage, options.requiredEku);
      if (missing.length) {
        return refuse(
          cert,
          `its extKeyUsage does not allow ${missing.join(', ')} for the certificates it issues`,
          'eku-not-allowed-for-issuer',
        );
      }
    }
  }

  const leafUsage = checkLeafUsage(path[0], options);
  if (leafUsage) return leafUsage;

  // The anchor's own policy constraints apply too (RFC 5937): see processPolicies.
  const policy = processPolicies(path.slice(0, last).reverse(), options.policy, path[last]);
  if (policy.error !== undefined) return refuse(path[0], policy.error, policy.reason);

  // Revocation last: it is the costliest check and only matters for an otherwise valid path.
  if (revocation) {
    for (let i = 0; i < last; i++) {
      const dsaParams = inheritsDsaParams(path[i + 1]) ? inheritedDsaParams(path, i + 1) : undefined;
      const revoked = checkRevocation(path[i], path[i + 1], revocation, dsaParams);
      if (revoked) return revoked;
    }
  }
  return policy.policies;
}

/**
 * The RFC 5280 checks run on a complete, signature-sound path (leaf first, anchor last):
 * validity, CA constraints, path length, key usage, extended key usage, critical extensions,
 * key strength. Each refusal names the certificate and the rule.
 */
import { KeyUsageBit, OID, type ParsedCertificate } from '../certificate.js';
import { ClientCertError, type ClientCertErrorCode } from '../errors.js';
import type { CompiledVerifierOptions } from '../options.js';
import { keyProblem } from './signature.js';

/** Extensions this verifier processes; any other critical extension refuses the path. */
const PROCESSED_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  // With no explicit policy required and no policyConstraints (refused below), certificate
  // policies, mappings and inhibitAnyPolicy cannot change the outcome (RFC 5280 §6.1.5).
  OID.certificatePolicies,
  OID.policyMappings,
  OID.inhibitAnyPolicy,
]);

/** Extensions that restrict a path in ways this verifier does not evaluate: refused wherever they appear. */
const UNEVALUATED_RESTRICTIONS: ReadonlyMap<string, string> = new Map([
  [OID.nameConstraints, 'name constraints'],
  [OID.policyConstraints, 'policy constraints'],
]);

function refuse(code: ClientCertErrorCode, cert: ParsedCertificate, rule: string): ClientCertError {
  return new ClientCertError(code, `Certificate ${cert.subjectString || '(empty subject)'} is refused: ${rule}`);
}

/** Validity at `now` ± tolerance, inclusive at both ends (RFC 5280 §4.1.2.5). */
export function checkValidity(cert: ParsedCertificate, nowMs: number, toleranceMs: number): ClientCertError | undefined {
  if (nowMs + toleranceMs < cert.notBefore.getTime()) {
    return refuse('ERR_CLIENT_CERT_NOT_YET_VALID', cert, `it is not valid before ${cert.notBefore.toISOString()}`);
  }
  if (nowMs - toleranceMs > cert.notAfter.getTime()) {
    return refuse('ERR_CLIENT_CERT_EXPIRED', cert, `it expired at ${cert.notAfter.toISOString()}`);
  }
  return undefined;
}

/** Leaf usage for TLS client authentication: keyUsage, extendedKeyUsage, key strength. */
export function checkLeafUsage(leaf: ParsedCertificate, requiredEku: readonly string[] | null): ClientCertError | undefined {
  // Client authentication always signs (TLS CertificateVerify).
  if (leaf.keyUsage && !leaf.keyUsage.has(KeyUsageBit.digitalSignature)) {
    return refuse('ERR_CLIENT_CERT_USAGE', leaf, 'its keyUsage does not allow digitalSignature');
  }
  if (requiredEku && leaf.extKeyUsage) {
    if (leaf.extKeyUsage.length === 0) return refuse('ERR_CLIENT_CERT_USAGE', leaf, 'its extKeyUsage extension is empty');
    const missing = requiredEku.filter((oid) => !leaf.extKeyUsage?.includes(oid));
    if (missing.length) {
      return refuse('ERR_CLIENT_CERT_USAGE', leaf, `its extKeyUsage does not allow ${missing.join(', ')}`);
    }
  }
  const weakKey = keyProblem(leaf);
  if (weakKey) return refuse('ERR_CLIENT_CERT_USAGE', leaf, weakKey);
  return undefined;
}

function checkCommon(cert: ParsedCertificate): ClientCertError | undefined {
  for (const [oid, what] of UNEVALUATED_RESTRICTIONS) {
    if (cert.extensions.has(oid))
      return refuse('ERR_CLIENT_CERT_CHAIN_INVALID', cert, `it carries ${what}, which this version does not evaluate`);
  }
  for (const ext of cert.extensions.values()) {
    if (ext.critical && !PROCESSED_EXTENSIONS.has(ext.oid)) {
      return refuse('ERR_CLIENT_CERT_CHAIN_INVALID', cert, `it has an unrecognised critical extension ${ext.oid}`);
    }
  }
  return undefined;
}

/** Checks a complete path (leaf first, anchor last). */
export function checkPath(path: readonly ParsedCertificate[], options: CompiledVerifierOptions): ClientCertError | undefined {
  const nowMs = options.now().getTime();
  if (Number.isNaN(nowMs)) return new ClientCertError('ERR_CLIENT_CERT_UNTRUSTED', 'The validation clock returned an invalid date');
  const last = path.length - 1;

  for (const cert of path) {
    const error = checkValidity(cert, nowMs, options.clockToleranceMs);
    if (error) return error;
  }

  const leaf = path[0];
  let error = checkCommon(leaf) ?? checkLeafUsage(leaf, options.requiredEku);
  if (error) return error;

  // Non-self-issued intermediates below the issuer under consideration (RFC 5280 §6.1.4 (l)).
  let intermediatesBelow = 0;
  for (let i = 1; i <= last; i++) {
    const ca = path[i];
    const isAnchor = i === last;
    error = checkCommon(ca);
    if (error) return error;
    // A v1 trust anchor predates basicConstraints; every other issuer must assert cA.
    if (!ca.basicConstraints?.ca && !(isAnchor && ca.version === 1)) {
      return refuse('ERR_CLIENT_CERT_CHAIN_INVALID', ca, 'it issued a certificate but is not a CA (basicConstraints cA is not set)');
    }
    if (ca.keyUsage && !ca.keyUsage.has(KeyUsageBit.keyCertSign)) {
      return refuse('ERR_CLIENT_CERT_CHAIN_INVALID', ca, 'it issued a certificate but its keyUsage lacks keyCertSign');
    }
    const pathLen = ca.basicConstraints?.pathLen;
    if (pathLen !== undefined && intermediatesBelow > pathLen) {
      return refuse(
        'ERR_CLIENT_CERT_CHAIN_INVALID',
        ca,
        `its pathLenConstraint ${pathLen} allows fewer intermediates than the ${intermediatesBelow} below it`,
      );
    }
    const weakKey = keyProblem(ca);
    if (weakKey) return refuse('ERR_CLIENT_CERT_CHAIN_INVALID', ca, weakKey);
    // EKU nesting, as OpenSSL and Go apply it: a CA restricted to other purposes cannot issue client certificates.
    if (!isAnchor && options.requiredEku && ca.extKeyUsage && !ca.extKeyUsage.includes(OID.anyExtendedKeyUsage)) {
      const missing = options.requiredEku.filter((oid) => !ca.extKeyUsage?.includes(oid));
      if (missing.length)
        return refuse('ERR_CLIENT_CERT_USAGE', ca, `its extKeyUsage does not allow ${missing.join(', ')} for the certificates it issues`);
    }
    if (!ca.selfIssued) intermediatesBelow++;
  }
  return undefined;
}

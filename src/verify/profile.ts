/**
 * Certificate profile rules: the RFC 5280 "MUST"s a conforming CA follows that path validation
 * (§6) does not check, and, when validating for serverAuth, the CA/Browser Forum rules. Being
 * strict here is what keeps odd certificates from being accepted by one validator and refused by
 * another; each rule names the clause it enforces.
 */
import { KeyUsage, OID, type ParsedCertificate } from '../x509/certificate.js';
import { bytesEqual } from '../x509/asn1.js';
import type { VerifyReason } from './refusal.js';

/** Where a certificate stands in the path. */
export type Role = 'leaf' | 'intermediate' | 'anchor';

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const IPV4_LIKE = /^\d+(?:\.\d+){3}$/;

/** Why a certificate breaks a profile rule: a stable reason and the rule in words. */
export interface ProfileProblem {
  readonly reason: VerifyReason;
  readonly message: string;
}

const problem = (reason: VerifyReason, message: string): ProfileProblem => ({ reason, message });

/** Why a dNSName is not a valid preferred name (RFC 5280 §4.2.1.6, RFC 1034), or undefined. */
function dnsNameProblem(name: string, allowWildcard: boolean): string | undefined {
  let n = name;
  if (allowWildcard && n.startsWith('*.')) n = n.slice(2);
  if (n.length === 0 || n.length > 253) return `its dNSName "${name}" has an invalid length`;
  if (IPV4_LIKE.test(n)) return `its dNSName "${name}" is an IP address`;
  if (!n.split('.').every((label) => DNS_LABEL.test(label))) return `its dNSName "${name}" is not a valid DNS name`;
  return undefined;
}

/** How strictly certificates are profiled; chosen from `requiredEku` by `profileFor`. */
export interface ProfileOptions {
  /** Validating for a purpose (requiredEku set): the end-entity and well-formedness rules. */
  readonly purpose: boolean;
  /** Validating for serverAuth: the full RFC 5280 conforming-CA profile and the CA/B Forum rules. */
  readonly webPki: boolean;
  /** The leaf is a client certificate, or (internally) a CRL signer, which may be a CA. */
  readonly role: 'client' | 'crlSigner';
}

function sanProblem(cert: ParsedCertificate, role: Role): ProfileProblem | undefined {
  for (const name of cert.subjectAltNames) {
    if (name.type === 'dns') {
      const invalid = dnsNameProblem(name.value, role === 'leaf');
      if (invalid) return { reason: 'san-dns-name-invalid', message: invalid };
    } else if (name.type === 'email') {
      // RFC 5280 §4.2.1.6: an rfc822Name is a Mailbox, local-part@domain.
      const at = name.value.indexOf('@');
      if (at < 1 || at !== name.value.lastIndexOf('@') || dnsNameProblem(name.value.slice(at + 1), false)) {
        return { reason: 'san-email-invalid', message: `its rfc822Name "${name.value}" is not a valid mailbox` };
      }
    }
  }
  return undefined;
}

/**
 * Rules for any purpose: a certificate that breaks one of these is malformed or misused in a way
 * that matters, whatever tooling issued it.
 */
function purposeProblem(cert: ParsedCertificate, role: Role, leafRole: ProfileOptions['role']): ProfileProblem | undefined {
  const ca = cert.basicConstraints?.ca === true;
  // §4.2.1.1 / §4.2.1.2: key identifiers are never critical.
  if (cert.extensions.get(OID.authorityKeyIdentifier)?.critical)
    return problem('aki-critical', 'its authorityKeyIdentifier is marked critical (RFC 5280 §4.2.1.1)');
  if (cert.extensions.get(OID.subjectKeyIdentifier)?.critical)
    return problem('ski-critical', 'its subjectKeyIdentifier is marked critical (RFC 5280 §4.2.1.2)');
  // §4.2.1.3: keyCertSign only in CA certificates.
  if (cert.keyUsage !== undefined && cert.keyUsage & KeyUsage.keyCertSign && !ca) {
    return problem('key-cert-sign-not-ca', 'its keyUsage asserts keyCertSign but basicConstraints cA is not set (RFC 5280 §4.2.1.3)');
  }
  // §4.2.1.10 / §4.2.1.11: constraints must be critical (never half-trusted), name constraints only in CAs.
  const nc = cert.extensions.get(OID.nameConstraints);
  if (nc && !nc.critical)
    return problem('name-constraints-not-critical', 'its nameConstraints extension is not critical (RFC 5280 §4.2.1.10)');
  if (nc && !ca) return problem('name-constraints-not-ca', 'nameConstraints may appear only in CA certificates (RFC 5280 §4.2.1.10)');
  if (cert.extensions.get(OID.policyConstraints)?.critical === false)
    return problem('policy-constraints-not-critical', 'its policyConstraints extension is not critical (RFC 5280 §4.2.1.11)');
  if (role === 'anchor') return undefined;
  if (cert.serialProblem) return problem('serial-invalid', `${cert.serialProblem} (RFC 5280 §4.1.2.2)`);
  const san = cert.extensions.get(OID.subjectAltName);
  if (cert.subject.rdns.length === 0) {
    if (role === 'intermediate' || ca)
      return problem('ca-subject-empty', 'a CA certificate must have a non-empty subject (RFC 5280 §4.1.2.6)');
    if (!san) return problem('subject-empty-without-san', 'its subject is empty and it has no subjectAltName (RFC 5280 §4.1.2.6)');
    if (!san.critical)
      return problem('san-not-critical-subject-empty', 'its subject is empty but its subjectAltName is not critical (RFC 5280 §4.2.1.6)');
  }
  const names = sanProblem(cert, role);
  if (names) return names;
  // A CA certificate is not a client (or server) identity; it may sign CRLs.
  if (role === 'leaf' && ca && leafRole === 'client')
    return problem('leaf-is-ca', 'it is a CA certificate (basicConstraints cA) presented as an end-entity certificate');
  return undefined;
}

/**
 * The RFC 5280 conforming-CA "MUST"s that path validation does not need, and the CA/B Forum
 * rules: applied for serverAuth (the Web PKI), where issuers are held to them. Internal client
 * PKIs often predate them (OpenSSL's default `x509 -req` issues v1 leaves without key identifiers).
 */
function webPkiProblem(cert: ParsedCertificate, role: Role): ProfileProblem | undefined {
  const ca = cert.basicConstraints?.ca === true;
  if (role === 'anchor') {
    if (cert.version === 1) return undefined;
    if (cert.subject.rdns.length === 0)
      return problem('ca-subject-empty', 'a CA certificate must have a non-empty subject (RFC 5280 §4.1.2.6)');
    // A cross-signed root (not self-issued) was issued by a conforming CA: it needs the AKI too.
    if (!cert.selfIssued && !cert.authorityKeyId?.keyId)
      return problem('aki-missing', 'it has no authorityKeyIdentifier keyIdentifier (RFC 5280 §4.2.1.1)');
    if (!cert.extensions.get(OID.basicConstraints)?.critical)
      return problem('basic-constraints-not-critical', 'as a CA its basicConstraints must be critical (RFC 5280 §4.2.1.9)');
    if (!cert.subjectKeyId) return problem('ski-missing', 'as a CA it must carry a subjectKeyIdentifier (RFC 5280 §4.2.1.2)');
    if (cert.authorityKeyId && cert.selfIssued) {
      const { keyId, hasIssuer, hasSerial } = cert.authorityKeyId;
      if (!keyId) return problem('aki-missing', 'its authorityKeyIdentifier lacks keyIdentifier (RFC 5280 §4.2.1.1)');
      if (hasIssuer || hasSerial)
        return problem('root-aki-not-key-id-only', 'as a self-signed root its authorityKeyIdentifier must hold only keyIdentifier');
      if (!bytesEqual(keyId, cert.subjectKeyId))
        return problem('root-aki-ski-mismatch', 'its authorityKeyIdentifier does not match its own subjectKeyIdentifier');
    }
    if (cert.extKeyUsage) return problem('root-eku-present', 'a root CA must not carry extKeyUsage (CA/B Forum BR 7.1.2.1)');
    return undefined;
  }
  if (cert.version !== 3) return problem('version-not-v3', `it is an X.509 v${cert.version} certificate; v3 is required`);
  // §4.2.1.1: keyIdentifier MUST be present in every certificate a conforming CA issues.
  if (!cert.authorityKeyId?.keyId) return problem('aki-missing', 'it has no authorityKeyIdentifier keyIdentifier (RFC 5280 §4.2.1.1)');
  if (ca && !cert.subjectKeyId) return problem('ski-missing', 'as a CA it must carry a subjectKeyIdentifier (RFC 5280 §4.2.1.2)');
  if (role !== 'leaf') return undefined;
  if (cert.subject.rdns.length > 0 && cert.extensions.get(OID.subjectAltName)?.critical) {
    return problem(
      'san-critical-with-subject',
      'its subjectAltName is critical although its subject is not empty (CA/B Forum BR 7.1.2.7.12)',
    );
  }
  const eku = cert.extensions.get(OID.extKeyUsage);
  if (!eku) return problem('eku-missing', 'it has no extKeyUsage, which a TLS server certificate must carry (CA/B Forum BR 7.1.2.7.6)');
  if (eku.critical) return problem('eku-critical', 'its extKeyUsage is critical (CA/B Forum BR 7.1.2.7.10)');
  if (cert.extKeyUsage?.includes(OID.anyExtendedKeyUsage))
    return problem('eku-any-present', 'its extKeyUsage includes anyExtendedKeyUsage (CA/B Forum BR 7.1.2.7.10)');
  return undefined;
}

/** Why `cert` breaks the profile in its role, or undefined. */
export function profileProblem(cert: ParsedCertificate, role: Role, options: ProfileOptions): ProfileProblem | undefined {
  // Without a purpose (requiredEku: null) validation is RFC 5280 §6 alone, as PKITS defines it.
  if (!options.purpose) return undefined;
  return purposeProblem(cert, role, options.role) ?? (options.webPki ? webPkiProblem(cert, role) : undefined);
}

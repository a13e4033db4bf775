/**
 * Whether an OCSP response answers for a certificate (RFC 6960 §3.2, §4.2.2.2): signed by the
 * issuer or by a responder the issuer certified with id-kp-OCSPSigning, naming this certificate,
 * and current. Anything else makes the status unknown, never "good".
 */
import { bytesEqual } from '../x509/asn1.js';
import { KeyUsage, type ParsedCertificate } from '../x509/certificate.js';
import { type BasicOcspResponse, OcspOid, type ParsedOcspResponse, issuerHashes, keyHashOf } from '../x509/ocsp.js';
import type { OcspSubject, UnknownStatus } from './revocation.js';
import { checkSignature, checkSigned } from './signature.js';
import { PROCESSED_EXTENSIONS } from './checks.js';

/** How long a response without nextUpdate is taken as current after its thisUpdate (RFC 5019 §2.2.4 leaves it to the client). */
export const OCSP_NO_NEXT_UPDATE_MS = 5 * 60_000;

/** The verdict on a response for one certificate. */
export type OcspVerdict =
  | { readonly status: 'good'; readonly validUntil: number }
  | { readonly status: 'revoked'; readonly validUntil: number }
  | { readonly status: 'unknown'; readonly problem: UnknownStatus; readonly validUntil?: number };

/** Inputs of the check besides the response. */
export interface OcspCheck {
  readonly cert: ParsedCertificate;
  readonly issuer: ParsedCertificate;
  readonly nowMs: number;
  readonly toleranceMs: number;
  readonly allowWeakAlgorithms: boolean;
}

/** Extensions understood in a responder certificate: the path extensions and id-pkix-ocsp-nocheck. */
const RESPONDER_EXTENSIONS: ReadonlySet<string> = new Set([...PROCESSED_EXTENSIONS, OcspOid.ocspNoCheck]);

/** How bad an answer is, for a response that names the certificate more than once. */
const SEVERITY = { good: 0, unknown: 1, revoked: 2 } as const;

function invalid(message: string): OcspVerdict {
  return { status: 'unknown', problem: { reason: 'ocsp-invalid', message: `the OCSP response is not acceptable: ${message}` } };
}

function namesResponder(basic: BasicOcspResponse, cert: ParsedCertificate): boolean {
  if (basic.responderKeyHash) return bytesEqual(basic.responderKeyHash, keyHashOf(cert));
  return basic.responderName?.key === cert.subject.key;
}

/** The certificate whose key signed the response: the issuer, or a delegated responder it certified. */
function responderOf(basic: BasicOcspResponse, check: OcspCheck): ParsedCertificate | string {
  const { issuer, nowMs, toleranceMs, allowWeakAlgorithms } = check;
  if (namesResponder(basic, issuer)) {
    const problem = checkSigned(basic, issuer, allowWeakAlgorithms, "the response's");
    return problem ? problem.reason : issuer;
  }
  for (const candidate of basic.certs) {
    if (!namesResponder(basic, candidate)) continue;
    // RFC 6960 §4.2.2.2: issued directly by the CA that issued the certificate in question.
    if (candidate.issuer.key !== issuer.subject.key || checkSignature(candidate, issuer, allowWeakAlgorithms)) {
      return 'the responder certificate is not issued by the certificate’s issuer';
    }
    if (!candidate.extKeyUsage?.includes(OcspOid.ocspSigning)) return 'the responder certificate lacks id-kp-OCSPSigning';
    // RFC 5280 §4.2: a certificate with a critical extension that is not understood is not used, a responder's included.
    const critical = [...candidate.extensions.values()].find((e) => e.critical && !RESPONDER_EXTENSIONS.has(e.oid));
    if (critical) return `the responder certificate has the unrecognised critical extension ${critical.oid}`;
    if (candidate.keyUsage !== undefined && !(candidate.keyUsage & KeyUsage.digitalSignature)) {
      return 'the responder certificate may not sign (keyUsage)';
    }
    if (nowMs + toleranceMs < candidate.notBefore.getTime() || nowMs - toleranceMs > candidate.notAfter.getTime() + 999) {
      return 'the responder certificate is not within its validity period';
    }
    const problem = checkSigned(basic, candidate, allowWeakAlgorithms, "the response's");
    return problem ? problem.reason : candidate;
  }
  return 'it is signed by neither the issuer nor a responder certificate it carries';
}

/** Decides what `response` says about `check.cert`. */
export function judgeOcspResponse(response: ParsedOcspResponse, check: OcspCheck): OcspVerdict {
  if (response.responseStatus !== 'successful') {
    return { status: 'unknown', problem: { reason: 'ocsp-error', message: `the OCSP responder answered ${response.responseStatus}` } };
  }
  const basic = response.basic;
  const { cert, issuer, nowMs, toleranceMs } = check;
  if (basic.unknownCritical) return invalid(`it has the unrecognised critical extension ${basic.unknownCritical}`);
  const hashes = new Map<string, ReturnType<typeof issuerHashes>>();
  const matches = basic.responses.filter((r) => {
    if (r.serialDer !== cert.serialDer) return false;
    let h = hashes.get(r.hashAlgorithm);
    if (!h) hashes.set(r.hashAlgorithm, (h = issuerHashes(issuer, r.hashAlgorithm)));
    return bytesEqual(h.nameHash, r.issuerNameHash) && bytesEqual(h.keyHash, r.issuerKeyHash);
  });
  // A response naming the certificate more than once is read by its worst answer, never its first:
  // `good` then `revoked` must not be good.
  const single = matches.reduce<(typeof matches)[number] | undefined>(
    (worst, r) => (worst && SEVERITY[worst.status] >= SEVERITY[r.status] ? worst : r),
    undefined,
  );
  if (!single) return invalid('it does not name the certificate (CertID)');
  const signer = responderOf(basic, check);
  if (typeof signer === 'string') return invalid(signer);
  const thisUpdate = single.thisUpdate.getTime();
  const validUntil = single.nextUpdate ? single.nextUpdate.getTime() + 999 : thisUpdate + OCSP_NO_NEXT_UPDATE_MS;
  if (thisUpdate > nowMs + toleranceMs) return invalid('its thisUpdate is in the future');
  if (validUntil + toleranceMs < nowMs) {
    return { status: 'unknown', problem: { reason: 'ocsp-stale', message: 'the OCSP response is no longer current (nextUpdate)' } };
  }
  if (single.status === 'unknown') {
    return {
      status: 'unknown',
      problem: { reason: 'ocsp-unknown', message: 'the OCSP responder does not know the certificate' },
      validUntil: validUntil + toleranceMs,
    };
  }
  return { status: single.status, validUntil: validUntil + toleranceMs };
}

/** Thrown by the synchronous verifier when the decision needs OCSP answers that are not cached yet. */
export class OcspPending extends Error {
  constructor(readonly subjects: readonly OcspSubject[]) {
    super('OCSP answers are needed');
    this.name = 'OcspPending';
  }
}

/**
 * Path building: from the leaf through an untrusted pool to a configured trust anchor.
 *
 * Depth-first with backtracking, so a wrong first candidate (a distractor with the right name)
 * cannot hide a good path; every link's signature is checked as it is added, so only
 * cryptographically sound paths reach the RFC 5280 checks. Termination on adversarial input:
 * no certificate twice in a path, paths bounded by `maxChainLength`, and a work budget.
 */
import type { ParsedCertificate } from '../x509/certificate.js';
import { Refusal } from './refusal.js';
import type { PathCheck } from './checks.js';
import { bytesEqual } from '../x509/asn1.js';
import { formatRfc4514 } from '../x509/names.js';
import { type SignatureProblem, checkSignature, inheritedDsaParams, inheritsDsaParams } from './signature.js';
import { keyProblem, verificationCost } from './keys.js';
import { RefusalRanking } from './rank.js';

/**
 * Signature-verification work allowed per request, in the units of `verificationCost` (one ≈ an
 * RSA-2048 verification, ≈ 35 µs): 128 units ≈ 4 ms of CPU whatever keys a hostile chain carries
 * (measured worst cases in SECURITY.md). Enough for any sane path: eight P-256 links cost 24, four
 * P-384 links 120, two P-521 links (leaf, intermediate, root) 120, RSA-4096 links 4 each.
 */
export const VERIFY_BUDGET = 128;
/**
 * Candidate issuers considered per request, whatever they cost: bounds the search itself (key
 * checks, ordering, complete-path checks) when signatures are cheap or cached. Go allows 100
 * signature checks, rustls-webpki 200 000 build steps; 512 candidates stay well under a millisecond.
 */
export const CANDIDATE_BUDGET = 512;

/** The work one request may spend on path building: signature cost and candidate steps, counted separately. */
export class WorkBudget {
  /** Signature-verification units left. */
  units = VERIFY_BUDGET;
  /** Candidate issuers left. */
  candidates = CANDIDATE_BUDGET;
  /** Set once a charge was refused: the search stopped before it was complete. */
  exhausted = false;

  /** Charges one verification with `issuer`'s key; false, and exhausted, when it would overrun. */
  chargeVerification(issuer: ParsedCertificate): boolean {
    const cost = verificationCost(issuer);
    if (cost > this.units) return !(this.exhausted = true);
    this.units -= cost;
    return true;
  }

  /** Charges one candidate issuer; false, and exhausted, when none are left. */
  chargeCandidate(): boolean {
    if (this.candidates <= 0) return !(this.exhausted = true);
    this.candidates--;
    return true;
  }
}

/** The refusal when the budget ran out before any path was found. */
export function budgetExhausted(leaf: ParsedCertificate): Refusal {
  return new Refusal('budget-exhausted', `No trusted path for ${leaf.subjectString} within the path-building work limit`);
}

/**
 * Signature results per (subject, issuer, weak-algorithm policy), kept with the subject, so
 * links between long-lived certificates (cached intermediates → anchors) are verified once.
 */
const LINKS = Symbol('signature results');

function cachedSignatureCheck(child: ParsedCertificate, issuer: ParsedCertificate, allowWeak: boolean): SignatureProblem {
  let results = child.derived[LINKS] as Map<string, SignatureProblem> | undefined;
  if (!results) {
    results = new Map();
    child.derived[LINKS] = results;
  }
  const key = `${issuer.fingerprint256}:${allowWeak}`;
  if (results.has(key)) return results.get(key);
  const problem = checkSignature(child, issuer, allowWeak);
  results.set(key, problem);
  return problem;
}

/** Certificates indexed by their subject's comparison key. */
export type NameIndex = ReadonlyMap<string, readonly ParsedCertificate[]>;

/** Indexes certificates by subject name, dropping exact duplicates. */
export function indexBySubject(
  certs: Iterable<ParsedCertificate>,
  into = new Map<string, ParsedCertificate[]>(),
): Map<string, ParsedCertificate[]> {
  for (const cert of certs) {
    const list = into.get(cert.subject.key);
    if (!list) into.set(cert.subject.key, [cert]);
    else if (!list.some((c) => c.fingerprint256 === cert.fingerprint256)) list.push(cert);
  }
  return into;
}

/** Inputs to one path search. */
export interface PathSearch {
  readonly leaf: ParsedCertificate;
  readonly anchors: NameIndex;
  readonly pool: NameIndex;
  readonly maxChainLength: number;
  readonly allowWeakAlgorithms: boolean;
  /** Checks a complete path: the refusal, or the policies it is valid for. */
  readonly validate: (path: readonly ParsedCertificate[]) => PathCheck;
  /** The request's budget, shared with CRL-signer searches; a fresh one when omitted. */
  readonly budget?: WorkBudget;
}

/** Outcome of a search: the first valid path, or the most telling refusal. */
export type PathResult =
  { path: readonly ParsedCertificate[]; policies: readonly string[]; error?: undefined } | { path?: undefined; error: Refusal };

function keyIdRank(child: ParsedCertificate, candidate: ParsedCertificate): number {
  // Candidates whose key identifier matches the child's AKI are tried first; a mismatch last.
  const keyId = child.authorityKeyId?.keyId;
  if (!keyId || !candidate.subjectKeyId) return 1;
  return bytesEqual(keyId, candidate.subjectKeyId) ? 0 : 2;
}

function orderCandidates(child: ParsedCertificate, list: readonly ParsedCertificate[] | undefined): ParsedCertificate[] {
  if (!list) return [];
  return [...list].sort((a, b) => keyIdRank(child, a) - keyIdRank(child, b));
}

/** Searches for a valid path from `leaf` to an anchor. */
export function findPath(search: PathSearch): PathResult {
  const { leaf, anchors, pool, maxChainLength, validate, allowWeakAlgorithms } = search;
  const budget = search.budget ?? new WorkBudget();
  // The most telling refusal across every candidate path, not the first one met (see rank.ts).
  const refusals = new RefusalRanking();
  const anchorFingerprints = new Set<string>();
  for (const list of anchors.values()) for (const a of list) anchorFingerprints.add(a.fingerprint256);

  const path: ParsedCertificate[] = [leaf];
  const inPath = new Set<string>([leaf.fingerprint256]);
  // Self-issued intermediates (key rollover) do not count towards maxChainLength; a physical
  // bound still applies so that a pool of them cannot make paths arbitrarily long.
  let selfIssuedInPath = 0;
  const logicalLength = (): number => path.length - selfIssuedInPath;
  const physicalLimit = maxChainLength * 2;

  const linkOk = (child: ParsedCertificate, issuer: ParsedCertificate): boolean => {
    // The candidate's key is checked before it is used: a refused key costs no verification. A DSA
    // key without parameters is checked too: it has nothing to refuse but DSA itself, when DSA is.
    const badKey = keyProblem(issuer, allowWeakAlgorithms);
    if (badKey) {
      refusals.offer(new Refusal(badKey.reason, `Certificate ${issuer.subjectString} is refused: ${badKey.message}`), 1);
      return false;
    }
    // Charged whether or not the result is cached, so that a verdict never depends on what earlier requests left behind.
    if (!budget.chargeVerification(issuer)) return false;
    // A DSA issuer without domain parameters can only be checked once the path above it is known.
    if (inheritsDsaParams(issuer)) return true;
    const problem = cachedSignatureCheck(child, issuer, allowWeakAlgorithms);
    if (!problem) return true;
    refusals.offer(linkRefusal(child, problem), 1);
    return false;
  };

  let policies: readonly string[] = [];
  /** Checks the links whose issuer inherits DSA parameters, now that the whole path is known. */
  const checkInheritedDsa = (full: readonly ParsedCertificate[]): Refusal | undefined => {
    for (let k = 0; k + 1 < full.length; k++) {
      if (!inheritsDsaParams(full[k + 1])) continue;
      const params = inheritedDsaParams(full, k + 1);
      const problem = params
        ? checkSignature(full[k], full[k + 1], allowWeakAlgorithms, params)
        : { kind: 'bad' as const, reason: 'dsa-params-missing' as const, message: 'its issuer has no DSA parameters to inherit' };
      if (problem) return linkRefusal(full[k], problem);
    }
    return undefined;
  };
  const extend = (): readonly ParsedCertificate[] | undefined => {
    const child = path[path.length - 1];
    // Anchors first: the shortest route to trust, and what a forwarded copy of the root means anyway.
    for (const anchor of orderCandidates(child, anchors.get(child.issuer.key))) {
      if (!budget.chargeCandidate()) return undefined;
      if (logicalLength() + 1 > maxChainLength) break;
      if (inPath.has(anchor.fingerprint256) || !linkOk(child, anchor)) continue;
      path.push(anchor);
      const inherited = checkInheritedDsa(path);
      if (inherited) {
        refusals.offer(inherited, 2);
        path.pop();
        continue;
      }
      const check = validate(path);
      if (!check.error) {
        policies = check.policies;
        return [...path];
      }
      refusals.offer(check.error, 2);
      path.pop();
    }
    // An intermediate needs room for itself and at least an anchor above it.
    if (path.length + 2 > physicalLimit) return undefined;
    for (const next of orderCandidates(child, pool.get(child.issuer.key))) {
      if (!budget.chargeCandidate()) return undefined;
      if (inPath.has(next.fingerprint256) || anchorFingerprints.has(next.fingerprint256)) continue;
      if (!next.selfIssued && logicalLength() + 2 > maxChainLength) continue;
      if (!linkOk(child, next)) continue;
      path.push(next);
      inPath.add(next.fingerprint256);
      if (next.selfIssued) selfIssuedInPath++;
      const found = extend();
      if (found) return found;
      if (next.selfIssued) selfIssuedInPath--;
      inPath.delete(next.fingerprint256);
      path.pop();
      if (budget.exhausted) return undefined;
    }
    return undefined;
  };

  const found = extend();
  if (found) return { path: found, policies };
  // An unfinished search says more than the refusals it met on the way: a path may have been left unexplored.
  if (budget.exhausted) return { error: budgetExhausted(leaf) };
  if (refusals.error) return { error: refusals.error };
  const missing = missingIssuer(leaf, anchors, pool, maxChainLength);
  if (missing) {
    return {
      error: new Refusal(
        'issuer-unknown',
        `No path from ${leaf.subjectString} to a trust anchor: the issuer ${missing} was neither forwarded nor configured. ` +
          'If it is an intermediate CA, have the proxy forward it in Client-Cert-Chain or add it to `intermediates`; ' +
          'if it is your root CA, add it to `trustAnchors`',
      ),
    };
  }
  return {
    error: new Refusal(
      'path-too-long',
      `No path from ${leaf.subjectString} to a trust anchor within ${maxChainLength} certificates (unknown issuer)`,
    ),
  };
}

/** A link that failed: a refused algorithm or key breaks a rule of the path; anything else leaves the link unproven (scope `link`). */
function linkRefusal(child: ParsedCertificate, problem: NonNullable<SignatureProblem>): Refusal {
  return problem.kind === 'refused'
    ? new Refusal(problem.reason, `Certificate ${child.subjectString} is refused: ${problem.message}`)
    : new Refusal(problem.reason, `Certificate ${child.subjectString} is not trusted: ${problem.message}`, 'link');
}

/**
 * The first issuer name, walking up from the leaf through the pool, that is neither an anchor's
 * nor any pooled certificate's subject: what the user has to supply. Undefined when every name
 * on the way is known (the path failed for another reason).
 */
function missingIssuer(leaf: ParsedCertificate, anchors: NameIndex, pool: NameIndex, maxSteps: number): string | undefined {
  // The leaf counts as seen: a copy of it forwarded in the chain (a separate object) is no step up.
  const seen = new Set<string>([leaf.fingerprint256]);
  let cert = leaf;
  for (let step = 0; step < maxSteps; step++) {
    if (anchors.get(cert.issuer.key)?.length) return undefined;
    const next = pool.get(cert.issuer.key)?.find((c) => !seen.has(c.fingerprint256));
    if (!next) return formatRfc4514(cert.issuer);
    seen.add(next.fingerprint256);
    cert = next;
  }
  return undefined;
}

/**
 * Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b)–(c), §6.1.4 (g)). Instead of intersecting
 * subtrees, every constraining certificate's subtrees are kept and a name must satisfy each of
 * them: the same result, without the intersection corner cases.
 */
import type { ParsedCertificate } from '../x509/certificate.js';
import type { GeneralSubtree, NameConstraints } from '../x509/extensions.js';
import type { GeneralName } from '../x509/general-names.js';
import type { DistinguishedName } from '../x509/names.js';
import type { VerifyReason } from './refusal.js';

/** Most name × subtree comparisons per certificate. */
const MAX_NAME_CHECKS = 1 << 16;

type NameType = 'dns' | 'email' | 'uri' | 'ip' | 'dn';

/** A name to check: its type and value (subject DNs and emailAddress attributes included). */
type CheckedName =
  { type: 'dns' | 'email' | 'uri'; value: string } | { type: 'ip'; bytes: Uint8Array } | { type: 'dn'; value: DistinguishedName };

function lower(s: string): string {
  return s.toLowerCase();
}

/** dNSName: `example.com` covers itself and its subdomains; `.example.com` only subdomains. */
function dnsMatches(name: string, constraint: string): boolean {
  const n = lower(name).replace(/\.$/, '');
  const c = lower(constraint).replace(/\.$/, '');
  if (c === '') return true;
  if (c.startsWith('.')) return n.endsWith(c);
  return n === c || n.endsWith(`.${c}`);
}

/** rfc822Name: a mailbox matches exactly; a host matches that host; `.example.com` any host below it. */
function emailMatches(name: string, constraint: string): boolean {
  const at = name.lastIndexOf('@');
  if (at < 1) return false;
  const host = lower(name.slice(at + 1));
  if (constraint.includes('@')) {
    const cat = constraint.lastIndexOf('@');
    // The local part is case-sensitive; the host is not.
    return name.slice(0, at) === constraint.slice(0, cat) && host === lower(constraint.slice(cat + 1));
  }
  const c = lower(constraint);
  if (c.startsWith('.')) return host.endsWith(c);
  return host === c;
}

/** The host of a URI (`scheme://[userinfo@]host[:port]/…`), or undefined when it has none. */
function uriHost(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  if (!m || m[1] === '') return undefined;
  return m[1];
}

/** uniformResourceIdentifier: the constraint applies to the URI's host (RFC 5280 §4.2.1.10). */
function uriMatches(name: string, constraint: string): boolean {
  const host = uriHost(name);
  if (host === undefined) return false;
  const h = lower(host);
  const c = lower(constraint);
  if (c.startsWith('.')) return h.endsWith(c);
  return h === c;
}

function ipMatchesExactly(name: Uint8Array, constraint: Uint8Array): boolean {
  if (constraint.length !== name.length * 2) return false;
  for (let i = 0; i < name.length; i++) {
    const mask = constraint[name.length + i];
    if ((name[i] & mask) !== (constraint[i] & mask)) return false;
  }
  return true;
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2) stands for. */
function mappedIpv4(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length !== 16 || !MAPPED_PREFIX.every((b, i) => bytes[i] === b)) return undefined;
  return bytes.subarray(12);
}

/** The IPv4-mapped IPv6 form of an IPv4 address. */
function mappedIpv6(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from([...MAPPED_PREFIX, ...bytes]);
}

/**
 * An address and the same address in its other family: a mapped IPv6 address reaches the IPv4
 * host, so IPv4 constraints apply to it, and IPv6 constraints on the mapped range to an IPv4 one.
 */
function ipForms(bytes: Uint8Array): Uint8Array[] {
  if (bytes.length === 4) return [bytes, mappedIpv6(bytes)];
  const v4 = mappedIpv4(bytes);
  return v4 ? [bytes, v4] : [bytes];
}

function ipMatches(name: Uint8Array, constraint: Uint8Array): boolean {
  return ipForms(name).some((form) => ipMatchesExactly(form, constraint));
}

/**
 * The deprecated IPv4-compatible form (`::a.b.c.d`, RFC 4291 §2.5.5.1) is read as IPv4 by some
 * stacks and as IPv6 by others: under an IPv4 constraint it is refused rather than guessed at.
 */
function ipv4Compatible(bytes: Uint8Array): boolean {
  if (bytes.length !== 16) return false;
  for (let i = 0; i < 12; i++) if (bytes[i] !== 0) return false;
  // :: and ::1 are the unspecified and loopback addresses, not IPv4-compatible ones.
  return !(bytes[12] === 0 && bytes[13] === 0 && bytes[14] === 0 && bytes[15] <= 1);
}

/** directoryName: the constraint's RDNs are a prefix of the name's. */
function dnMatches(name: DistinguishedName, constraint: DistinguishedName): boolean {
  if (constraint.rdnKeys.length > name.rdnKeys.length) return false;
  return constraint.rdnKeys.every((k, i) => name.rdnKeys[i] === k);
}

/**
 * Could the wildcard `*.rest` stand for a name inside `constraint`? A wildcard covers exactly one
 * label, so it can when the constraint is `rest` or above it, or one label below `rest`.
 */
function wildcardMayMatch(rest: string, constraint: string): boolean {
  const c = lower(constraint).replace(/\.$/, '');
  const r = lower(rest);
  if (dnsMatches(`x.${r}`, c)) return true;
  return c.endsWith(`.${r}`) && !c.slice(0, -r.length - 1).includes('.');
}

function matches(name: CheckedName, base: GeneralName, excluded = false): boolean {
  switch (name.type) {
    case 'dns':
      if (base.type !== 'dns') return false;
      // For an excluded subtree a wildcard SAN is refused when any name it covers is excluded (CVE-2025-61727).
      if (excluded && name.value.startsWith('*.')) return wildcardMayMatch(name.value.slice(2), base.value);
      return dnsMatches(name.value, base.value);
    case 'email':
      return base.type === 'email' && emailMatches(name.value, base.value);
    case 'uri':
      return base.type === 'uri' && uriMatches(name.value, base.value);
    case 'ip':
      return base.type === 'ip' && ipMatches(name.bytes, base.bytes);
    case 'dn':
      return base.type === 'dn' && dnMatches(name.value, base.value);
  }
}

function subtreeType(subtree: GeneralSubtree): NameType | 'other' {
  return subtree.base.type;
}

/** The names of a certificate that name constraints apply to. */
function namesOf(cert: ParsedCertificate): { names: CheckedName[]; otherTags: Set<number> } {
  const names: CheckedName[] = [];
  const otherTags = new Set<number>();
  if (cert.subject.rdns.length > 0) names.push({ type: 'dn', value: cert.subject });
  for (const email of cert.subjectEmails) names.push({ type: 'email', value: email });
  for (const san of cert.subjectAltNames) {
    if (san.type === 'ip') names.push({ type: 'ip', bytes: san.bytes });
    else if (san.type === 'other') otherTags.add(san.tag & 0x1f);
    else names.push(san as CheckedName);
  }
  return { names, otherTags };
}

/** Why names break the constraints: a stable reason and the rule in words. */
export interface NameConstraintProblem {
  readonly reason: VerifyReason;
  readonly message: string;
}

const problem = (reason: VerifyReason, message: string): NameConstraintProblem => ({ reason, message });

/** The accumulated constraints of the certificates above the one being checked. */
export class NameConstraintState {
  private readonly sets: NameConstraints[] = [];

  /** Adds a CA's constraints (§6.1.4 (g)); returns why they are unusable, or undefined. */
  add(constraints: NameConstraints): NameConstraintProblem | undefined {
    for (const subtree of [...constraints.permitted, ...constraints.excluded]) {
      const base = subtree.base;
      // RFC 5280 allows a leading period for URI and email hosts, never for dNSName.
      if (base.type === 'dns' && base.value.startsWith('.'))
        return problem('name-constraints-invalid', `its dNSName constraint "${base.value}" has a leading period`);
    }
    this.sets.push(constraints);
    this.subtrees += constraints.permitted.length + constraints.excluded.length;
    return undefined;
  }

  private subtrees = 0;

  /** Why `cert`'s names break the accumulated constraints, or undefined when they do not. */
  check(cert: ParsedCertificate): NameConstraintProblem | undefined {
    if (this.sets.length === 0) return undefined;
    const { names, otherTags } = namesOf(cert);
    // Bound the quadratic work a crafted certificate pair could demand (as OpenSSL does).
    if (names.length * this.subtrees > MAX_NAME_CHECKS)
      return problem(
        'name-constraints-work-limit',
        `checking its ${names.length} names against ${this.subtrees} name constraints exceeds the work limit`,
      );
    for (const set of this.sets) {
      for (const tag of otherTags) {
        // A name form this verifier cannot compare, under a constraint of that form: refuse.
        const constrained = [...set.permitted, ...set.excluded].some((s) => s.base.type === 'other' && (s.base.tag & 0x1f) === tag);
        if (constrained)
          return problem(
            'name-constraints-unsupported-form',
            `it has a subjectAltName of type [${tag}] under name constraints of that type, which cannot be evaluated`,
          );
      }
      const ipv4Constrained = [...set.permitted, ...set.excluded].some((s) => s.base.type === 'ip' && s.base.bytes.length === 8);
      for (const name of names) {
        if (name.type === 'ip' && ipv4Constrained && ipv4Compatible(name.bytes)) {
          return problem(
            'name-constraints-ip-ambiguous',
            'its IP address name is an IPv4-compatible IPv6 address (::a.b.c.d), which cannot be checked against IPv4 name constraints unambiguously',
          );
        }
        for (const ex of set.excluded) {
          if (matches(name, ex.base, true))
            return problem('name-constraints-excluded', `its ${describe(name)} is in an excluded name-constraint subtree`);
        }
        const permittedOfType = set.permitted.filter((s) => subtreeType(s) === name.type);
        if (permittedOfType.length && !permittedOfType.some((p) => matches(name, p.base))) {
          return problem('name-constraints-not-permitted', `its ${describe(name)} is outside the permitted name-constraint subtrees`);
        }
        // A URI without a host cannot be shown to be inside a permitted URI subtree.
        if (name.type === 'uri' && uriHost(name.value) === undefined && set.excluded.some((s) => s.base.type === 'uri')) {
          return problem('name-constraints-uri-without-host', `its URI ${name.value} has no host to check against the excluded subtrees`);
        }
      }
    }
    return undefined;
  }
}

function describe(name: CheckedName): string {
  switch (name.type) {
    case 'dn':
      return 'subject name';
    case 'ip':
      return 'IP address name';
    case 'email':
      return `email name ${name.value}`;
    default:
      return `${name.type.toUpperCase()} name ${name.value}`;
  }
}

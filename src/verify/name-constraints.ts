/**
 * Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b)–(c), §6.1.4 (g)). Instead of intersecting
 * subtrees, every constraining certificate's subtrees are kept and a name must satisfy each of
 * them: the same result, without the intersection corner cases.
 */
import type { ParsedCertificate } from '../certificate.js';
import type { GeneralSubtree, NameConstraints } from '../extensions.js';
import type { GeneralName } from '../general-names.js';
import type { DistinguishedName } from '../names.js';

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

function ipMatches(name: Uint8Array, constraint: Uint8Array): boolean {
  if (constraint.length !== name.length * 2) return false;
  for (let i = 0; i < name.length; i++) {
    const mask = constraint[name.length + i];
    if ((name[i] & mask) !== (constraint[i] & mask)) return false;
  }
  return true;
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

/** The accumulated constraints of the certificates above the one being checked. */
export class NameConstraintState {
  private readonly sets: NameConstraints[] = [];

  /** Adds a CA's constraints (§6.1.4 (g)); returns why they are unusable, or undefined. */
  add(constraints: NameConstraints): string | undefined {
    for (const subtree of [...constraints.permitted, ...constraints.excluded]) {
      const base = subtree.base;
      // RFC 5280 allows a leading period for URI and email hosts, never for dNSName.
      if (base.type === 'dns' && base.value.startsWith('.')) return `its dNSName constraint "${base.value}" has a leading period`;
      if (base.type === 'ip' && base.bytes.length !== 8 && base.bytes.length !== 32)
        return 'its iPAddress constraint is not an address and mask';
    }
    this.sets.push(constraints);
    this.subtrees += constraints.permitted.length + constraints.excluded.length;
    return undefined;
  }

  private subtrees = 0;

  /** Why `cert`'s names break the accumulated constraints, or undefined when they do not. */
  check(cert: ParsedCertificate): string | undefined {
    if (this.sets.length === 0) return undefined;
    const { names, otherTags } = namesOf(cert);
    // Bound the quadratic work a crafted certificate pair could demand (as OpenSSL does).
    if (names.length * this.subtrees > MAX_NAME_CHECKS)
      return `checking its ${names.length} names against ${this.subtrees} name constraints exceeds the work limit`;
    for (const set of this.sets) {
      for (const tag of otherTags) {
        // A name form this verifier cannot compare, under a constraint of that form: refuse.
        const constrained = [...set.permitted, ...set.excluded].some((s) => s.base.type === 'other' && (s.base.tag & 0x1f) === tag);
        if (constrained) return `it has a subjectAltName of type [${tag}] under name constraints of that type, which cannot be evaluated`;
      }
      for (const name of names) {
        for (const ex of set.excluded) {
          if (matches(name, ex.base, true)) return `its ${describe(name)} is in an excluded name-constraint subtree`;
        }
        const permittedOfType = set.permitted.filter((s) => subtreeType(s) === name.type);
        if (permittedOfType.length && !permittedOfType.some((p) => matches(name, p.base))) {
          return `its ${describe(name)} is outside the permitted name-constraint subtrees`;
        }
        // A URI without a host cannot be shown to be inside a permitted URI subtree.
        if (name.type === 'uri' && uriHost(name.value) === undefined && set.excluded.some((s) => s.base.type === 'uri')) {
          return `its URI ${name.value} has no host to check against the excluded subtrees`;
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

/**
 * The identity handed to route handlers, built once per verified path and shared by every request
 * that presents the same certificate: it is deeply frozen, and its Date and byte fields are
 * getters that return a fresh copy on each read, so no request can change what another one sees.
 */
import { LRUCache } from 'lru-cache';
import { type ParsedCertificate } from './x509/certificate.js';
import { type DistinguishedName, attributeCounts, formatRfc4514, nameAttributes } from './x509/names.js';
import type { ClientCertChainEntry, ClientCertIdentity } from './types.js';
import type { VerifiedPath } from './verify/index.js';

/** One frozen empty list shared by every identity: most SAN kinds and policy sets are empty. */
const NONE: readonly string[] = Object.freeze([]);

function freezeLists<T extends Record<string, readonly string[]>>(record: T): T {
  for (const key of Object.keys(record) as (keyof T)[]) {
    const list = record[key];
    // A copy sized to its contents: a list grown by push keeps room for 16 entries.
    (record as Record<keyof T, readonly string[]>)[key] = list.length === 0 ? NONE : Object.freeze(list.slice());
  }
  return Object.freeze(record);
}

/** What the copying getters copy from: a non-enumerable own property under a symbol. */
const COPIED = Symbol('express-client-cert.copied');

interface Copied {
  readonly notBefore: number;
  readonly notAfter: number;
  readonly der: Uint8Array;
}

function copiedOf(target: unknown): Copied {
  return (target as Record<symbol, Copied>)[COPIED];
}

/**
 * Enumerable getters (so JSON.stringify and spreading see them) that copy mutable values. The
 * same accessor functions serve every identity and chain entry, reading the values from the
 * receiver: per-object closures would give each cached identity its own hidden class (a
 * dictionary-mode object) and six closures, several times the memory of the identity itself.
 */
const COPYING_GETTERS: PropertyDescriptorMap = {
  notBefore: {
    enumerable: true,
    get(this: unknown) {
      return new Date(copiedOf(this).notBefore);
    },
  },
  notAfter: {
    enumerable: true,
    get(this: unknown) {
      return new Date(copiedOf(this).notAfter);
    },
  },
  der: {
    enumerable: true,
    get(this: unknown) {
      return new Uint8Array(copiedOf(this).der);
    },
  },
};

/** Adds the copying getters over `copied` to `target`. */
function withCopyingGetters<T extends object>(target: T, copied: Copied): T {
  // One definition call for the four properties: each call is a trip into the runtime.
  return Object.defineProperties(target, {
    [COPIED]: { value: copied, enumerable: false },
    notBefore: COPYING_GETTERS.notBefore,
    notAfter: COPYING_GETTERS.notAfter,
    der: COPYING_GETTERS.der,
  });
}

/**
 * An own copy of a certificate's bytes and dates: the getters must not keep the parsed
 * certificate (and the buffer it was decoded from) alive for as long as a cached identity lives.
 * With `bytesOwned` (the caller decoded the bytes itself and never writes them) an array that
 * spans its whole buffer is kept as it is: copying it was a third of the cost of an identity.
 */
function copiedFrom(cert: ParsedCertificate, bytesOwned = false): Copied {
  const { der } = cert;
  const whole = der.byteOffset === 0 && der.byteLength === der.buffer.byteLength;
  return { notBefore: cert.notBefore.getTime(), notAfter: cert.notAfter.getTime(), der: bytesOwned && whole ? der : new Uint8Array(der) };
}

const chainEntries = new WeakMap<ParsedCertificate, ClientCertChainEntry>();

/**
 * A certificate's chain entry, built once per parsed certificate (anchors and cached intermediates
 * are shared). A leaf is parsed anew for each decision, so its entry (built with `copied`) is not
 * remembered: a weak-map entry per decision would only be more work for the collector.
 */
function chainEntry(cert: ParsedCertificate, copied?: Copied): ClientCertChainEntry {
  const known = copied ? undefined : chainEntries.get(cert);
  if (known) return known;
  const entry = {
    subject: cert.subjectString,
    issuer: issuerPartsOf(cert.issuer).issuer,
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
  };
  const frozen = Object.freeze(withCopyingGetters(entry, copied ?? copiedFrom(cert)) as unknown as ClientCertChainEntry);
  if (!copied) chainEntries.set(cert, frozen);
  return frozen;
}

/**
 * How often each attribute occurs in the subject and issuer, values that are not strings included
 * (they are left out of `subjectAttributes`, yet another tool may read them). Non-enumerable, under
 * a registered symbol, so guards from any copy of the package can see it.
 */
export const ATTRIBUTE_COUNTS = Symbol.for('express-client-cert.attribute-counts');

/** Occurrence counts by attribute key, as recorded on identities this library built. */
export interface AttributeCounts {
  readonly subject: Readonly<Record<string, number>>;
  readonly issuer: Readonly<Record<string, number>>;
}

/** The counts recorded on an identity, or undefined for one built elsewhere. */
export function attributeCountsOf(identity: ClientCertIdentity): AttributeCounts | undefined {
  return (identity as unknown as Record<symbol, AttributeCounts | undefined>)[ATTRIBUTE_COUNTS];
}

/** What an identity derives from its issuer's name, frozen and shared by every leaf of that issuer. */
interface IssuerParts {
  readonly issuer: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  readonly counts: Readonly<Record<string, number>>;
}

/** Issuer parts by the exact DER of the issuer name (a handful of CAs issue nearly every leaf). */
const issuerParts = new LRUCache<string, IssuerParts>({ max: 256 });

function issuerPartsOf(name: DistinguishedName): IssuerParts {
  const key = Buffer.from(name.der.buffer, name.der.byteOffset, name.der.byteLength).toString('latin1');
  let parts = issuerParts.get(key);
  if (!parts) {
    parts = Object.freeze({
      issuer: formatRfc4514(name),
      attributes: freezeLists(nameAttributes(name)),
      counts: Object.freeze(attributeCounts(name)),
    });
    issuerParts.set(key, parts);
  }
  return parts;
}

/**
 * Builds the frozen, shareable identity of a verified path. `leafBytesOwned`: the leaf's DER was
 * decoded by this library into an array nothing else holds or writes (never a caller's buffer).
 */
export function buildIdentity({ path, policies }: VerifiedPath, leafBytesOwned = false): ClientCertIdentity {
  const leaf = path[0];
  const san = { dns: [] as string[], email: [] as string[], uri: [] as string[], ip: [] as string[] };
  for (const name of leaf.subjectAltNames) {
    if (name.type === 'dns' || name.type === 'email' || name.type === 'uri' || name.type === 'ip') san[name.type].push(name.value);
  }
  // The leaf's bytes are copied once, for the identity and its chain entry alike.
  const leafCopied = copiedFrom(leaf, leafBytesOwned);
  const chain = path.map((cert, i) => (i === 0 ? chainEntry(cert, leafCopied) : chainEntry(cert)));
  const issuer = issuerPartsOf(leaf.issuer);
  const fields = {
    subject: chain[0].subject,
    issuer: chain[0].issuer,
    subjectAttributes: freezeLists(nameAttributes(leaf.subject)),
    issuerAttributes: issuer.attributes,
    serialNumber: leaf.serialNumber,
    fingerprint256: leaf.fingerprint256,
    san: freezeLists(san),
    chain: Object.freeze(chain),
    policies: policies.length === 0 ? NONE : Object.freeze([...policies]),
  };
  const counts: AttributeCounts = Object.freeze({
    subject: Object.freeze(attributeCounts(leaf.subject)),
    issuer: issuer.counts,
  });
  Object.defineProperty(fields, ATTRIBUTE_COUNTS, { value: counts, enumerable: false });
  return Object.freeze(withCopyingGetters(fields, leafCopied) as unknown as ClientCertIdentity);
}

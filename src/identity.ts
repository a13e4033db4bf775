/**
 * The identity handed to route handlers, built once per verified path and shared by every request
 * that presents the same certificate: it is deeply frozen, and its Date and byte fields are
 * getters that return a fresh copy on each read, so no request can change what another one sees.
 */
import { LRUCache } from 'lru-cache';
import { type ParsedCertificate } from './x509/certificate.js';
import { bytesEqual } from './x509/asn1.js';
import type { GeneralName } from './x509/general-names.js';
import { type DistinguishedName, formatRfc4514, nameParts } from './x509/names.js';
import type { ClientCertChainEntry, ClientCertIdentity, ClientCertSan } from './types.js';
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
  /** The DER as a Latin-1 string (one character a byte). */
  readonly der: string;
}

/** A fresh array of the bytes of a Latin-1 string. */
function bytesOf(der: string): Uint8Array {
  const bytes = new Uint8Array(der.length);
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).write(der, 'latin1');
  return bytes;
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
const COPYING_GETTERS = {
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
      return bytesOf(copiedOf(this).der);
    },
  },
} satisfies PropertyDescriptorMap;

/** The hidden property the getters read, non-enumerable like any defineProperty default. */
function hidden(value: unknown): PropertyDescriptor {
  return { value };
}

/** Adds the copying getters over `copied` to `target`. */
function withCopyingGetters<T extends object>(target: T, copied: Copied): T {
  // One call per property with descriptors built once: about half the cost of one
  // Object.defineProperties call over a descriptor map built for each identity (a cold-path cost).
  Object.defineProperty(target, COPIED, hidden(copied));
  Object.defineProperty(target, 'notBefore', COPYING_GETTERS.notBefore);
  Object.defineProperty(target, 'notAfter', COPYING_GETTERS.notAfter);
  return Object.defineProperty(target, 'der', COPYING_GETTERS.der);
}

/**
 * An own copy of a certificate's bytes and dates: the getters must not keep the parsed
 * certificate (and the buffer it was decoded from) alive for as long as a cached identity lives.
 * The bytes are kept as a Latin-1 string, in the JavaScript heap: an array of its own per cached
 * identity is a small native allocation, and a cache that replaces its entries scatters those
 * through native memory, which then grows with every certificate seen (measured: +20 MB from
 * 10,000 to 100,000 distinct certificates with the cache full, against +1 MB as a string).
 */
function copiedFrom(cert: ParsedCertificate): Copied {
  const { der } = cert;
  return {
    notBefore: cert.notBefore.getTime(),
    notAfter: cert.notAfter.getTime(),
    der: Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1'),
  };
}

/**
 * Plain records built with `new`, their prototype Object.prototype as a literal's: V8 then sizes
 * the objects of each constructor to hold the hidden properties defined on them afterwards in the
 * object itself, where a literal keeps those in a separate array (about 40 bytes more in every
 * cached identity, and again in its chain entry). V8 reserves room for the properties the
 * constructor assigns plus eight, so the identity's fields are assigned one by one.
 */
type Fields<T> = { -readonly [K in keyof T]: T[K] };
type EntryFields = Pick<ClientCertChainEntry, 'subject' | 'issuer' | 'serialNumber' | 'fingerprint256'>;
type IdentityFields = Pick<
  ClientCertIdentity,
  'subject' | 'issuer' | 'subjectAttributes' | 'issuerAttributes' | 'serialNumber' | 'fingerprint256' | 'san' | 'chain' | 'policies'
>;

const ChainEntryRecord = function (this: Fields<EntryFields>, f: EntryFields) {
  this.subject = f.subject;
  this.issuer = f.issuer;
  this.serialNumber = f.serialNumber;
  this.fingerprint256 = f.fingerprint256;
} as unknown as { new (f: EntryFields): EntryFields; prototype: object };
ChainEntryRecord.prototype = Object.prototype;

const IdentityRecord = function (this: Fields<IdentityFields>, f: IdentityFields) {
  this.subject = f.subject;
  this.issuer = f.issuer;
  this.subjectAttributes = f.subjectAttributes;
  this.issuerAttributes = f.issuerAttributes;
  this.serialNumber = f.serialNumber;
  this.fingerprint256 = f.fingerprint256;
  this.san = f.san;
  this.chain = f.chain;
  this.policies = f.policies;
} as unknown as { new (f: IdentityFields): IdentityFields; prototype: object };
IdentityRecord.prototype = Object.prototype;

const chainEntries = new WeakMap<ParsedCertificate, ClientCertChainEntry>();

/**
 * A certificate's chain entry, built once per parsed certificate (anchors and cached intermediates
 * are shared). A leaf is parsed anew for each decision, so its entry (built with `copied`) is not
 * remembered: a weak-map entry per decision would only be more work for the collector.
 */
function chainEntry(cert: ParsedCertificate, copied?: Copied, issuer?: string): ClientCertChainEntry {
  const known = copied ? undefined : chainEntries.get(cert);
  if (known) return known;
  const entry = new ChainEntryRecord({
    subject: cert.subjectString,
    issuer: issuer ?? issuerPartsOf(cert.issuer).issuer,
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
  });
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

/** A name's string values by attribute key, and how often each key occurs (non-string values included), frozen. */
interface NameParts {
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  readonly counts: Readonly<Record<string, number>>;
}

function namePartsOf(name: DistinguishedName): NameParts {
  const { attributes, counts } = nameParts(name);
  const frozen: Record<string, readonly string[]> = attributes;
  for (const key of Object.keys(attributes)) {
    const list = attributes[key];
    frozen[key] = Object.freeze(list.length === 1 ? list : list.slice());
  }
  return { attributes: Object.freeze(frozen), counts: Object.freeze(counts) };
}

/** What an identity derives from its issuer's name, frozen and shared by every leaf of that issuer. */
interface IssuerParts extends NameParts {
  readonly issuer: string;
}

/** Issuer parts by the exact DER of the issuer name (a handful of CAs issue nearly every leaf). */
const issuerParts = new LRUCache<string, IssuerParts>({ max: 256 });
/** The issuer met last, found by comparing its bytes: cheaper than building the cache key for it. */
let lastIssuer: { readonly der: Uint8Array; readonly parts: IssuerParts } | undefined;

function issuerPartsOf(name: DistinguishedName): IssuerParts {
  if (lastIssuer && bytesEqual(lastIssuer.der, name.der)) return lastIssuer.parts;
  const key = Buffer.from(name.der.buffer, name.der.byteOffset, name.der.byteLength).toString('latin1');
  let parts = issuerParts.get(key);
  if (!parts) {
    parts = Object.freeze({ issuer: formatRfc4514(name), ...namePartsOf(name) });
    issuerParts.set(key, parts);
  }
  // An own copy of the name's bytes: a view would keep the whole certificate's buffer alive.
  lastIssuer = { der: new Uint8Array(name.der), parts };
  return parts;
}

/** The identity's `san` of a certificate without names of the four listed kinds. */
const NO_SAN: ClientCertSan = Object.freeze({ dns: NONE, email: NONE, uri: NONE, ip: NONE });

function sanOf(names: readonly GeneralName[]): ClientCertSan {
  let san: { dns: string[]; email: string[]; uri: string[]; ip: string[] } | undefined;
  for (const name of names) {
    if (name.type === 'dns' || name.type === 'email' || name.type === 'uri' || name.type === 'ip') {
      san ??= { dns: [], email: [], uri: [], ip: [] };
      san[name.type].push(name.value);
    }
  }
  return san ? freezeLists(san) : NO_SAN;
}

/** Builds the frozen, shareable identity of a verified path. */
export function buildIdentity({ path, policies }: VerifiedPath): ClientCertIdentity {
  const leaf = path[0];
  const issuer = issuerPartsOf(leaf.issuer);
  const subject = namePartsOf(leaf.subject);
  // The leaf's bytes are copied once, for the identity and its chain entry alike.
  const leafCopied = copiedFrom(leaf);
  // Mapped, not pushed: a list grown by push keeps room for 16 more entries in every cached identity.
  const chain = path.map((cert, i) => (i === 0 ? chainEntry(leaf, leafCopied, issuer.issuer) : chainEntry(cert)));
  const fields = new IdentityRecord({
    subject: leaf.subjectString,
    issuer: issuer.issuer,
    subjectAttributes: subject.attributes,
    issuerAttributes: issuer.attributes,
    serialNumber: leaf.serialNumber,
    fingerprint256: leaf.fingerprint256,
    san: sanOf(leaf.subjectAltNames),
    chain: Object.freeze(chain),
    policies: policies.length === 0 ? NONE : Object.freeze([...policies]),
  });
  const counts: AttributeCounts = Object.freeze({ subject: subject.counts, issuer: issuer.counts });
  Object.defineProperty(fields, ATTRIBUTE_COUNTS, hidden(counts));
  return Object.freeze(withCopyingGetters(fields, leafCopied) as unknown as ClientCertIdentity);
}

/**
 * The identity handed to route handlers, built once per verified path and shared by every request
 * that presents the same certificate: it is deeply frozen, and its Date and byte fields are
 * getters that return a fresh copy on each read, so no request can change what another one sees.
 */
import { type ParsedCertificate } from './certificate.js';
import { attributeCounts, formatRfc4514, nameAttributes } from './names.js';
import type { ClientCertChainEntry, ClientCertIdentity } from './types.js';
import type { VerifiedPath } from './verify/index.js';

function freezeLists<T extends Record<string, readonly string[]>>(record: T): T {
  for (const list of Object.values(record)) Object.freeze(list);
  return Object.freeze(record);
}

/** Enumerable getters (so JSON.stringify and spreading see them) that copy mutable values. */
function copyingGetters(cert: ParsedCertificate): PropertyDescriptorMap {
  const notBefore = cert.notBefore.getTime();
  const notAfter = cert.notAfter.getTime();
  // An own copy of the bytes: the getters must not keep the parsed certificate (and the buffer it
  // was decoded from) alive for as long as a cached identity lives.
  const der = new Uint8Array(cert.der);
  return {
    notBefore: { enumerable: true, get: () => new Date(notBefore) },
    notAfter: { enumerable: true, get: () => new Date(notAfter) },
    der: { enumerable: true, get: () => new Uint8Array(der) },
  };
}

const chainEntries = new WeakMap<ParsedCertificate, ClientCertChainEntry>();

/** A certificate's chain entry, built once per parsed certificate (anchors and cached intermediates are shared). */
function chainEntry(cert: ParsedCertificate): ClientCertChainEntry {
  const known = chainEntries.get(cert);
  if (known) return known;
  const entry = {
    subject: cert.subjectString,
    issuer: formatRfc4514(cert.issuer),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
  };
  const frozen = Object.freeze(Object.defineProperties(entry, copyingGetters(cert)) as unknown as ClientCertChainEntry);
  chainEntries.set(cert, frozen);
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

/** Builds the frozen, shareable identity of a verified path. */
export function buildIdentity({ path, policies }: VerifiedPath): ClientCertIdentity {
  const leaf = path[0];
  const san = { dns: [] as string[], email: [] as string[], uri: [] as string[], ip: [] as string[] };
  for (const name of leaf.subjectAltNames) {
    if (name.type === 'dns' || name.type === 'email' || name.type === 'uri' || name.type === 'ip') san[name.type].push(name.value);
  }
  const chain = path.map(chainEntry);
  const fields = {
    subject: chain[0].subject,
    issuer: chain[0].issuer,
    subjectAttributes: freezeLists(nameAttributes(leaf.subject)),
    issuerAttributes: freezeLists(nameAttributes(leaf.issuer)),
    serialNumber: leaf.serialNumber,
    fingerprint256: leaf.fingerprint256,
    san: freezeLists(san),
    chain: Object.freeze(chain),
    policies: Object.freeze([...policies]),
  };
  const counts: AttributeCounts = Object.freeze({
    subject: Object.freeze(attributeCounts(leaf.subject)),
    issuer: Object.freeze(attributeCounts(leaf.issuer)),
  });
  Object.defineProperty(fields, ATTRIBUTE_COUNTS, { value: counts, enumerable: false });
  return Object.freeze(Object.defineProperties(fields, copyingGetters(leaf)) as unknown as ClientCertIdentity);
}

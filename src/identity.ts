/** The identity handed to route handlers, built from a verified path and frozen. */
import { type ParsedCertificate } from './certificate.js';
import { formatRfc4514, nameAttributes } from './names.js';
import type { ClientCertChainEntry, ClientCertIdentity } from './types.js';
import type { VerifiedPath } from './verify/index.js';

function freezeLists<T extends Record<string, readonly string[]>>(record: T): T {
  for (const list of Object.values(record)) Object.freeze(list);
  return Object.freeze(record);
}

function chainEntry(cert: ParsedCertificate): ClientCertChainEntry {
  return Object.freeze({
    subject: cert.subjectString,
    issuer: formatRfc4514(cert.issuer),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    notBefore: new Date(cert.notBefore),
    notAfter: new Date(cert.notAfter),
    der: new Uint8Array(cert.der),
  });
}

/** Builds a fresh identity for one request: no object in it is shared with another request. */
export function buildIdentity({ path, policies }: VerifiedPath): ClientCertIdentity {
  const leaf = path[0];
  const san = { dns: [] as string[], email: [] as string[], uri: [] as string[], ip: [] as string[] };
  for (const name of leaf.subjectAltNames) {
    if (name.type === 'dns' || name.type === 'email' || name.type === 'uri' || name.type === 'ip') san[name.type].push(name.value);
  }
  const chain = path.map(chainEntry);
  return Object.freeze({
    subject: chain[0].subject,
    issuer: chain[0].issuer,
    subjectAttributes: freezeLists(nameAttributes(leaf.subject)),
    issuerAttributes: freezeLists(nameAttributes(leaf.issuer)),
    serialNumber: leaf.serialNumber,
    fingerprint256: leaf.fingerprint256,
    notBefore: new Date(leaf.notBefore),
    notAfter: new Date(leaf.notAfter),
    san: freezeLists(san),
    chain: Object.freeze(chain),
    policies: Object.freeze([...policies]),
    der: chain[0].der,
  });
}

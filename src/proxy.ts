/**
 * Proxy trust: which immediate peer (`req.socket.remoteAddress`) may send client-certificate
 * fields, and in which format. `X-Forwarded-For` is never read: the only address a client cannot
 * forge is the socket's.
 */
import proxyAddr from 'proxy-addr';
import { escapeControlCharacters } from './x509/escape.js';
import { DEFAULT_HEADERS, type ForwardingFormat, KNOWN_CERTIFICATE_HEADERS, type XfccElements } from './formats/index.js';
import { CLOUDFLARE_HASH_HEADER } from './formats/cloudflare.js';
import { DEFAULT_CHAIN_FIELD_PREFIX } from './formats/numbered.js';
import type { ClientCertOptions, TrustedProxy } from './types.js';

/** Most remembered peer decisions. */
const PEER_DECISIONS = 4096;

const MAPPED_V4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** The socket address with IPv4-mapped IPv6 (`::ffff:1.2.3.4`) reduced to IPv4, or '' when unknown. */
export function normalisePeer(address: string | undefined): string {
  if (!address) return '';
  // Only an address that starts with ':' can be IPv4-mapped: IPv4 peers skip the regex.
  if (address.charCodeAt(0) !== 0x3a) return address;
  const mapped = MAPPED_V4.exec(address);
  return mapped ? mapped[1] : address;
}

/** What a trusted peer sends: the format and its field names (lowercase). */
export interface PeerFormat {
  readonly format: ForwardingFormat;
  readonly header: string;
  /** The second field the format reads: RFC 9440's chain, Cloudflare's hash; '' for none. */
  readonly chainHeader: string;
  /** The prefix of numbered chain fields (`apache-pem`, `escaped-pem`); '' for none. */
  readonly chainPrefix: string;
  /** envoy-xfcc only: one element, or the last of several. */
  readonly xfccElements: XfccElements;
  /**
   * What the decision cache key starts with: the same value read by two entries differently (one
   * XFCC element, or the last of several; another field named in a refusal) must not share a
   * decision. Built once here, not on every request.
   */
  readonly keyPrefix: string;
}

/** The cache-key prefix of a peer format. */
function keyPrefixOf(format: Omit<PeerFormat, 'keyPrefix'>): string {
  return `${format.format}\u0003${format.xfccElements}\u0003${format.header}`;
}

const FORMATS = Object.keys(DEFAULT_HEADERS) as ForwardingFormat[];
const RFC9440: PeerFormat = {
  format: 'rfc9440',
  header: 'client-cert',
  chainHeader: 'client-cert-chain',
  chainPrefix: '',
  xfccElements: 'exactly-one',
  keyPrefix: keyPrefixOf({ format: 'rfc9440', header: 'client-cert', chainHeader: '', chainPrefix: '', xfccElements: 'exactly-one' }),
};
const XFCC_ELEMENTS: readonly XfccElements[] = ['exactly-one', 'last-of-several'];
const ENTRY_KEYS = ['addresses', 'format', 'header', 'chainHeader', 'chainFields', 'xfccElements'];

/** What `formatOf` answers when a `trustedProxies` predicate threw: the peer is untrusted. */
export const PREDICATE_THREW = 'predicate-threw';

/** What `formatOf` answers when a peer matches entries that read different formats or fields: it is untrusted. */
export const PEER_AMBIGUOUS = 'peer-ambiguous';

/** Trusted peers compiled: the format a peer sends (undefined: untrusted) and every field name to strip. */
export interface CompiledProxies {
  formatOf(peer: string): PeerFormat | undefined | typeof PREDICATE_THREW | typeof PEER_AMBIGUOUS;
  readonly fieldNames: ReadonlySet<string>;
  /** Prefixes of numbered chain fields, stripped too: Apache's default and every configured one. */
  readonly fieldPrefixes: readonly string[];
}

function compileAddresses(addresses: readonly string[]): (addr: string, i: number) => boolean {
  // proxy-addr drops an IPv6 zone (`fe80::1%eth0`) when comparing, so the entry would also trust
  // the same address on every other interface; refusing it is the only honest reading.
  const zoned = addresses.find((a) => a.includes('%'));
  if (zoned !== undefined) {
    throw new TypeError(
      `clientCert(): \`trustedProxies\` entry '${zoned}' has an IPv6 zone id (%…), which is not supported: ` +
        'a zone would be ignored, trusting that address on every interface. Give the address without the zone, ' +
        'and make sure no other interface can reach this server from it.',
    );
  }
  try {
    return proxyAddr.compile([...addresses]);
  } catch (err) {
    throw new TypeError(
      `clientCert(): \`trustedProxies\` is not valid proxy-addr syntax (${(err as Error).message}). ` +
        "Use 'loopback', 'linklocal', 'uniquelocal', IP addresses or CIDR ranges such as '10.0.0.0/8'.",
    );
  }
}

function headerName(value: unknown, fallback: string, what: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^[\w!#$%&'*+.^`|~-]+$/.test(value))
    throw new TypeError(`clientCert(): \`${what}\` must be an HTTP field name.`);
  return value.toLowerCase();
}

function compileEntry(entry: TrustedProxy, index: number): { match: (addr: string, i: number) => boolean; format: PeerFormat } {
  const where = `trustedProxies[${index}]`;
  const addresses = typeof entry.addresses === 'string' ? [entry.addresses] : entry.addresses;
  if (!Array.isArray(addresses) || addresses.length === 0 || !addresses.every((a) => typeof a === 'string')) {
    throw new TypeError(`clientCert(): \`${where}.addresses\` must be an address, a CIDR or a list of them.`);
  }
  const format = entry.format ?? 'rfc9440';
  if (!FORMATS.includes(format)) throw new TypeError(`clientCert(): \`${where}.format\` must be one of ${FORMATS.join(', ')}.`);
  if (entry.chainHeader !== undefined && format !== 'rfc9440')
    throw new TypeError(`clientCert(): \`${where}.chainHeader\` applies to the rfc9440 format only.`);
  if (entry.chainFields !== undefined && format !== 'apache-pem' && format !== 'escaped-pem')
    throw new TypeError(`clientCert(): \`${where}.chainFields\` applies to the apache-pem and escaped-pem formats only.`);
  const xfccElements = entry.xfccElements ?? 'exactly-one';
  if (!XFCC_ELEMENTS.includes(xfccElements))
    throw new TypeError(`clientCert(): \`${where}.xfccElements\` must be 'exactly-one' or 'last-of-several'.`);
  if (entry.xfccElements !== undefined && format !== 'envoy-xfcc')
    throw new TypeError(`clientCert(): \`${where}.xfccElements\` applies to the envoy-xfcc format only.`);
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.includes(key)) throw new TypeError(`clientCert(): unknown key \`${where}.${key}\` (known: ${ENTRY_KEYS.join(', ')}).`);
  }
  const chainPrefix =
    entry.chainFields === undefined
      ? ''
      : headerName(entry.chainFields === true ? DEFAULT_CHAIN_FIELD_PREFIX : entry.chainFields, '', `${where}.chainFields`);
  const peerFormat = {
    format,
    header: headerName(entry.header, DEFAULT_HEADERS[format], `${where}.header`),
    chainHeader:
      format === 'rfc9440'
        ? headerName(entry.chainHeader, 'client-cert-chain', `${where}.chainHeader`)
        : format === 'cloudflare-legacy'
          ? CLOUDFLARE_HASH_HEADER
          : '',
    chainPrefix,
    xfccElements,
  };
  return { match: compileAddresses(addresses), format: { ...peerFormat, keyPrefix: keyPrefixOf(peerFormat) } };
}

/** True when two entries read the same fields the same way. */
function samePeerFormat(a: PeerFormat, b: PeerFormat): boolean {
  return (
    a.format === b.format &&
    a.header === b.header &&
    a.chainHeader === b.chainHeader &&
    a.chainPrefix === b.chainPrefix &&
    a.xfccElements === b.xfccElements
  );
}

/** Compiles `trustedProxies` (TypeError on bad syntax). Decisions per peer address are remembered. */
export function compileProxies(trusted: ClientCertOptions['trustedProxies']): CompiledProxies {
  const fieldNames = new Set(KNOWN_CERTIFICATE_HEADERS);
  const fieldPrefixes = [DEFAULT_CHAIN_FIELD_PREFIX];
  if (typeof trusted === 'function') {
    let warned = false;
    const formatOf = (peer: string): PeerFormat | undefined | typeof PREDICATE_THREW => {
      if (peer === '') return undefined;
      try {
        return trusted(peer) === true ? RFC9440 : undefined;
      } catch (err) {
        // A throwing predicate must not escape into node:http as an uncaught exception, nor
        // trust anyone: the peer is untrusted, and the fault is reported once.
        if (!warned) {
          warned = true;
          process.emitWarning(
            `express-client-cert: the trustedProxies function threw (${escapeControlCharacters(err instanceof Error ? err.message : String(err))}); ` +
              'peers it throws for are treated as untrusted, further failures are not reported',
            { code: 'EXPRESS_CLIENT_CERT_TRUSTED_PROXIES' },
          );
        }
        return PREDICATE_THREW;
      }
    };
    return { formatOf, fieldNames, fieldPrefixes };
  }
  const list = typeof trusted === 'string' ? trusted.split(',').map((s) => s.trim()) : [...trusted];
  const plain = list.filter((e): e is string => typeof e === 'string');
  const entries = list.map((e, i) => (typeof e === 'string' ? undefined : compileEntry(e, i))).filter((e) => e !== undefined);
  const rules = [...(plain.length ? [{ match: compileAddresses(plain), format: RFC9440 }] : []), ...entries];
  for (const { format } of rules) {
    fieldNames.add(format.header);
    if (format.chainHeader) fieldNames.add(format.chainHeader);
    if (format.chainPrefix && !fieldPrefixes.includes(format.chainPrefix)) fieldPrefixes.push(format.chainPrefix);
  }
  // Parsing an address costs more than the rest of a cached request; peers are few (the proxies),
  // so decisions are remembered, in a map that is cleared when it grows past its bound.
  const decisions = new Map<string, PeerFormat | typeof PEER_AMBIGUOUS | null>();
  const formatOf = (peer: string): PeerFormat | undefined | typeof PEER_AMBIGUOUS => {
    if (peer === '') return undefined;
    let decision = decisions.get(peer);
    if (decision === undefined) {
      decision = null;
      // Every rule is tried: a peer inside two entries that read different fields (a plain
      // '10.0.0.0/8' beside { addresses: '10.1.2.3', format: 'apache-pem' }) would otherwise be
      // read in whichever format came first, and a client could forge the field its proxy never
      // sets. Such a peer is untrusted until the configuration says which one it is.
      for (const rule of rules) {
        let matches = false;
        try {
          matches = rule.match(peer, 0);
        } catch {
          // proxy-addr throws on an address it cannot parse (e.g. a Unix socket path): not trusted.
        }
        if (!matches) continue;
        if (decision === null) decision = rule.format;
        else if (!samePeerFormat(decision as PeerFormat, rule.format)) {
          decision = PEER_AMBIGUOUS;
          break;
        }
      }
      if (decisions.size >= PEER_DECISIONS) decisions.clear();
      decisions.set(peer, decision);
    }
    return decision ?? undefined;
  };
  return { formatOf, fieldNames, fieldPrefixes };
}

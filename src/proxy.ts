/**
 * Proxy trust: a predicate over the immediate peer (`req.socket.remoteAddress`).
 * `X-Forwarded-For` is never read: the only address a client cannot forge is the socket's.
 */
import proxyAddr from 'proxy-addr';
import type { ClientCertOptions } from './types.js';

/** Most remembered peer-trust decisions. */
const PEER_DECISIONS = 4096;

const MAPPED_V4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** The socket address with IPv4-mapped IPv6 (`::ffff:1.2.3.4`) reduced to IPv4, or '' when unknown. */
export function normalisePeer(address: string | undefined): string {
  if (!address) return '';
  const mapped = MAPPED_V4.exec(address);
  return mapped ? mapped[1] : address;
}

/** Compiles `trustedProxies` into a predicate over normalised peer addresses (TypeError on bad syntax). */
export function compileProxyTrust(trusted: ClientCertOptions['trustedProxies']): (peer: string) => boolean {
  if (typeof trusted === 'function') {
    return (peer) => peer !== '' && trusted(peer) === true;
  }
  let compiled: (addr: string, i: number) => boolean;
  try {
    compiled = proxyAddr.compile(typeof trusted === 'string' ? trusted.split(/\s*,\s*/) : [...trusted]);
  } catch (err) {
    throw new TypeError(
      `clientCert(): \`trustedProxies\` is not valid proxy-addr syntax (${(err as Error).message}). ` +
        "Use 'loopback', 'linklocal', 'uniquelocal', IP addresses or CIDR ranges such as '10.0.0.0/8'.",
    );
  }
  // Parsing an address costs more than the rest of a cached request; peers are few (the proxies),
  // so decisions are remembered, in a map that is cleared when it grows past its bound.
  const decisions = new Map<string, boolean>();
  return (peer) => {
    if (peer === '') return false;
    let trusted = decisions.get(peer);
    if (trusted === undefined) {
      try {
        trusted = compiled(peer, 0);
      } catch {
        // proxy-addr throws on an address it cannot parse (e.g. a Unix socket path): not trusted.
        trusted = false;
      }
      if (decisions.size >= PEER_DECISIONS) decisions.clear();
      decisions.set(peer, trusted);
    }
    return trusted;
  };
}

/**
 * Stage 1 of a request, choosing the source: the socket peer, whether it may send certificate
 * fields and in which format, the fields taken off the request (always, whoever sent them), and
 * the TLS socket when this server terminated TLS itself.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ClientCertError } from './errors.js';
import { type FieldSet, isField, takeFields } from './headers.js';
import { PEER_AMBIGUOUS, PREDICATE_THREW, type CompiledProxies, type PeerFormat, normalisePeer } from './proxy.js';
import { type RequestState, attachRequestState } from './request-state.js';

/** Where a request's certificate can come from. */
export interface RequestSource {
  /** The socket peer (IPv4-mapped addresses reduced), '' when unknown. */
  readonly peer: string;
  /** The peer is in `trustedProxies` (with one reading of its fields). */
  readonly trustedPeer: boolean;
  /** The TLS socket this server terminated, when `directTls` is on. */
  readonly tls: TLSSocket | undefined;
  /** The trusted peer's format; undefined for an untrusted one. */
  readonly format: PeerFormat | undefined;
  /** Every client-certificate field taken off the request for this middleware, by lowercase name. */
  readonly taken: ReadonlyMap<string, readonly string[]>;
  /** Fields came from a peer outside `trustedProxies`: why they were refused unread. */
  readonly refusal: ClientCertError | undefined;
}

/** The refusal of fields from a peer outside `trustedProxies`, naming the peer (it is the answer). */
function untrustedPeer(peer: string, trust: string | undefined): ClientCertError {
  if (trust === PEER_AMBIGUOUS) {
    return new ClientCertError(
      'ERR_CLIENT_CERT_UNTRUSTED_PROXY',
      `Client-Cert fields came from ${peer}, which matches trustedProxies entries that read different formats or fields; ` +
        'they were removed unread. Give each proxy address one entry',
      { reason: 'trusted-proxies-ambiguous' },
    );
  }
  if (trust === PREDICATE_THREW) {
    return new ClientCertError(
      'ERR_CLIENT_CERT_UNTRUSTED_PROXY',
      `Client-Cert fields came from ${peer}, and the trustedProxies function threw for it; they were removed unread`,
      { reason: 'trusted-proxies-threw' },
    );
  }
  return new ClientCertError(
    'ERR_CLIENT_CERT_UNTRUSTED_PROXY',
    `Client-Cert fields came from ${peer || 'an unknown peer'}, which is not in trustedProxies; they were removed unread. ` +
      'If your TLS proxy runs there, add that address to trustedProxies (the socket peer, not req.ip or X-Forwarded-For)',
    { reason: 'peer-not-trusted' },
  );
}

/** The socket, when the request came over TLS this server terminated. */
function tlsSocketOf(socket: IncomingMessage['socket'] | undefined): TLSSocket | undefined {
  const tlsSocket = socket as TLSSocket | undefined;
  return tlsSocket?.encrypted && typeof tlsSocket.getPeerCertificate === 'function' ? tlsSocket : undefined;
}

/** Compiles stage 1 for one middleware: `choose(req, state)` strips the fields and says where the certificate comes from. */
export function createSourceChooser(
  proxies: CompiledProxies,
  fields: FieldSet,
  directTls: boolean,
): (req: IncomingMessage, state: RequestState | undefined) => RequestSource {
  /** For a second, different clientCert: its fields, taken off the request now or by an earlier clientCert. */
  function takeFieldsAgain(earlier: Map<string, string[]>, req: IncomingMessage): Map<string, string[]> {
    for (const [name, lines] of takeFields(req, fields)) if (!earlier.has(name)) earlier.set(name, lines);
    const mine = new Map<string, string[]>();
    for (const [name, lines] of earlier) if (isField(fields, name)) mine.set(name, lines);
    return mine;
  }

  return function choose(req, state) {
    const peer = normalisePeer(req.socket?.remoteAddress);
    const trust = proxies.formatOf(peer);
    const format = typeof trust === 'string' ? undefined : trust;
    // Every client-certificate field is removed, whoever sent it; only the peer's own format is read.
    // Fields an earlier clientCert took stay readable here, so a second, different mount decides on them too.
    const earlier = state?.taken;
    let taken: Map<string, string[]>;
    if (earlier) taken = takeFieldsAgain(earlier, req);
    else attachRequestState(req, (taken = takeFields(req, fields)));
    const refusal = taken.size > 0 && format === undefined ? untrustedPeer(peer, typeof trust === 'string' ? trust : undefined) : undefined;
    return { peer, trustedPeer: format !== undefined, tls: directTls ? tlsSocketOf(req.socket) : undefined, format, taken, refusal };
  };
}

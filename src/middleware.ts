/**
 * `clientCert(options)`: proxy trust → intake → decode → verify → identity on `req` → audit.
 * Typed against node:http so it runs under Connect and Express 4 and 5 alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAuditEmitter } from './audit.js';
import { type ParsedCertificate, parseCertificate } from './certificate.js';
import { decodeClientCert, decodeClientCertChain } from './decode.js';
import { ClientCertError, isClientCertError } from './errors.js';
import { takeClientCertFields } from './headers.js';
import { buildIdentity } from './identity.js';
import { compileMiddlewareOptions } from './options.js';
import { compileProxyTrust, normalisePeer } from './proxy.js';
import type { ClientCertAuditEvent, ClientCertIdentity, ClientCertOptions, ClientCertRequestFields } from './types.js';
import { compilePathVerifier } from './verify/index.js';

/** Connect-style `next`. */
export type NextFunction = (err?: unknown) => void;

/** The middleware `clientCert` returns. */
export type ClientCertMiddleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

type RequestWithFields = IncomingMessage & ClientCertRequestFields & { originalUrl?: string };

function pathOf(req: RequestWithFields): string {
  const url = req.originalUrl ?? req.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Creates the middleware. Throws TypeError on misconfiguration, never at request time. */
export function clientCert(options: ClientCertOptions): ClientCertMiddleware {
  const { verifier, middleware } = compileMiddlewareOptions(options);
  const isTrustedPeer = compileProxyTrust(middleware.trustedProxies);
  const verifyPath = compilePathVerifier(verifier);
  const emit = createAuditEmitter(middleware.onAudit);
  const { limits, required } = middleware;

  return function clientCertMiddleware(req: RequestWithFields, _res: ServerResponse, next: NextFunction): void {
    // A value set by anything before us (or by a second mount) must not survive.
    delete req.clientCert;
    delete req.clientCertError;

    const peer = normalisePeer(req.socket?.remoteAddress);
    const trustedPeer = isTrustedPeer(peer);
    const fields = takeClientCertFields(req);
    const present = fields.cert.length > 0 || fields.chain.length > 0;

    let identity: ClientCertIdentity | undefined;
    let error: ClientCertError | undefined;
    let leaf: ParsedCertificate | undefined;

    if (present && !trustedPeer) {
      error = new ClientCertError(
        'ERR_CLIENT_CERT_UNTRUSTED_PROXY',
        'Client-Cert fields came from a peer that is not in trustedProxies; they were removed unread',
      );
    } else if (present) {
      try {
        if (fields.cert.length === 0)
          throw new ClientCertError('ERR_CLIENT_CERT_MALFORMED', 'Client-Cert-Chain was sent without Client-Cert');
        const leafDer = decodeClientCert(fields.cert, limits);
        const chainDers = decodeClientCertChain(fields.chain, limits);
        leaf = parseCertificate(leafDer, 'Client-Cert certificate');
        const chain = chainDers.map((der, i) => parseCertificate(der, `Client-Cert-Chain certificate ${i + 1}`));
        identity = buildIdentity(verifyPath(leaf, chain));
      } catch (err) {
        error = isClientCertError(err)
          ? err
          : new ClientCertError('ERR_CLIENT_CERT_MALFORMED', 'The client certificate could not be processed', { cause: err });
      }
    }

    if (identity) req.clientCert = identity;
    if (error) req.clientCertError = error;

    const event: ClientCertAuditEvent = {
      time: new Date().toISOString(),
      outcome: identity ? 'accepted' : error ? 'rejected' : 'absent',
      peer,
      trustedPeer,
      method: req.method ?? '',
      path: pathOf(req),
    };
    if (error) event.code = error.code;
    if (identity) {
      event.fingerprint256 = identity.fingerprint256;
      event.subject = identity.subject;
      event.issuer = identity.issuer;
      event.serialNumber = identity.serialNumber;
    } else if (leaf) {
      event.fingerprint256 = leaf.fingerprint256;
      event.subject = leaf.subjectString;
      event.serialNumber = leaf.serialNumber;
    }
    emit(event);

    if (required && !identity) {
      next(error ?? new ClientCertError('ERR_CLIENT_CERT_MISSING', 'A client certificate is required'));
      return;
    }
    next();
  };
}

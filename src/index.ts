/** express-client-cert: RFC 9440 client certificates behind a TLS-terminating proxy. */
import type { IncomingMessage } from 'node:http';
import type { ClientCertIdentity } from './types.js';

export { clientCert } from './middleware.js';
export type { ClientCertMiddleware, NextFunction } from './middleware.js';
export { requireClientCert } from './guard.js';
export { createVerifier } from './verify/index.js';
export { encodeClientCert, encodeClientCertChain } from './encode.js';
export { ClientCertError, CLIENT_CERT_ERROR_STATUS, isClientCertError } from './errors.js';
export type { ClientCertErrorCode } from './errors.js';
export type {
  AttributeMatcher,
  CertificateInput,
  CertificateSource,
  ClientCertAuditEvent,
  ClientCertCacheOptions,
  ClientCertChainEntry,
  ClientCertIdentity,
  ClientCertLimits,
  ClientCertOptions,
  ClientCertRequestFields,
  ClientCertSan,
  ClientCertVerifier,
  CrlInput,
  CrlSourceStatus,
  LiveTrustControls,
  OcspOptions,
  OcspStatus,
  TrustEvent,
  TrustStatus,
  TrustUpdate,
  ForwardingFormat,
  XfccElements,
  TrustedProxy,
  RequireClientCertPolicy,
  VerifierOptions,
  VerifyInput,
} from './types.js';

/** A request that passed `requireClientCert`: `clientCert` is guaranteed. Defaults to node:http's request. */
export type RequestWithClientCert<R = IncomingMessage> = R & { clientCert: ClientCertIdentity };

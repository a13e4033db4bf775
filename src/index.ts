/** express-client-cert: RFC 9440 client certificates behind a TLS-terminating proxy. */

export { clientCert } from './middleware.js';
export type { ClientCertMiddleware, NextFunction } from './middleware.js';
export { requireClientCert } from './guard.js';
export { withClientCert } from './with-client-cert.js';
export type { RequestWithClientCert } from './with-client-cert.js';
export { createVerifier } from './verifier.js';
export { encodeClientCert, encodeClientCertChain } from './encode.js';
export { ClientCertError, CLIENT_CERT_ERROR_STATUS, isClientCertError } from './errors.js';
export type { ClientCertErrorCode } from './errors.js';
export type {
  AttributeMatcher,
  CertificateInput,
  CertificatePolicyOptions,
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

/**
 * Public types: options (documented where declared, defaults included), the identity put on
 * `req.clientCert`, guard policies and audit events.
 */
import type { IncomingMessage } from 'node:http';
import type { CertificateInput } from './x509/certificate.js';
import type { ClientCertError, ClientCertErrorCode } from './errors.js';
import type { ForwardingFormat, XfccElements } from './formats/index.js';
import type { TrustEvent } from './verify/live/crl-source.js';
import type { TrustStatus } from './verify/live/trust.js';

export type { CrlSourceStatus, TrustEvent } from './verify/live/crl-source.js';
export type { OcspStatus } from './verify/live/ocsp-client.js';
export type { TrustStatus } from './verify/live/trust.js';

export type { ForwardingFormat, XfccElements } from './formats/index.js';

export type { CertificateInput } from './x509/certificate.js';

/** One or more certificates: PEM (a string may hold several) or DER bytes, or a list of those. */
export type CertificateSource = CertificateInput | readonly CertificateInput[];

/** Options of the validation engine (`createVerifier`), also accepted by `clientCert`. */
export interface VerifierOptions {
  /**
   * Trust anchors: the internal CA(s) whose certificates are trusted. Only these are trusted;
   * forwarded certificates and `intermediates` are an untrusted pool for path building.
   * At least one of `trustAnchors` and `allowedFingerprints` is required.
   */
  trustAnchors?: CertificateSource;
  /**
   * Allowlist (pinning) of leaf certificates by SHA-256 of their DER, in hex; colons and case
   * are ignored. With `trustAnchors` as well, both must pass.
   */
  allowedFingerprints?: readonly string[];
  /**
   * Extra untrusted certificates for path building, for proxies that forward only the leaf.
   * Defaults to none.
   */
  intermediates?: CertificateSource;
  /**
   * Extended key usages the leaf must allow (all of them). A leaf without an EKU extension
   * allows any; `anyExtendedKeyUsage` does not count. `null` disables the check.
   * Defaults to `['1.3.6.1.5.5.7.3.2']` (clientAuth).
   */
  requiredEku?: readonly string[] | null;
  /** Validation clock. Defaults to `() => new Date()`. */
  now?: () => Date;
  /** Slack in seconds on both ends of every validity period. Defaults to `0`. */
  clockToleranceSec?: number;
  /**
   * Most certificates in a path, the trust anchor included; self-issued intermediates (key
   * rollover) do not count. Defaults to `8`.
   */
  maxChainLength?: number;
  /**
   * Certificate revocation lists, complete and delta: PEM (may hold several) or DER, `{ url }`
   * (http/https, fetched in the background and refreshed before nextUpdate) or `{ file }` (re-read
   * when it changes). A CRL from a source must be signed by a configured anchor or intermediate.
   * With any revocation source, every certificate of the path but the anchor needs a known
   * status (see `revocationMode`). Defaults to none (no revocation checking).
   */
  crls?: CrlInput | readonly CrlInput[];
  /**
   * Ask the OCSP responder (the certificate's AIA URL, or `responder`) for a certificate whose
   * status no CRL gives, on a decision-cache miss. `timeoutMs` defaults to `2000`.
   * Defaults to off.
   */
  ocsp?: boolean | OcspOptions;
  /**
   * `'hard'`: a certificate whose status is unknown (no CRL in scope, stale CRL, responder down or
   * `unknown`) is refused with ERR_CLIENT_CERT_REVOKED; `'soft'`: it is accepted and the audit
   * event says so. A revoked certificate is always refused. Defaults to `'hard'`.
   */
  revocationMode?: 'hard' | 'soft';
  /** Receives what happens to CRL sources (loaded, refused, failed, stale). Defaults to process warnings for failures. */
  onTrustEvent?: (event: TrustEvent) => void;
  /** RFC 5280 §6.1.1 policy inputs. Defaults to anyPolicy with every switch off. */
  policy?: CertificatePolicyOptions;
  /**
   * Accept MD5/SHA-1 signatures, DSA, and RSA keys under 2048 bits. Only for legacy test data;
   * never in production. Defaults to `false`.
   */
  dangerouslyAllowWeakAlgorithms?: boolean;
}

/** One `crls` entry: a CRL (PEM/DER), a URL to fetch it from, or a file to read it from. */
export type CrlInput = CertificateInput | { readonly url: string } | { readonly file: string };

/** OCSP settings. */
export interface OcspOptions {
  /** Responder asked for every certificate, instead of the one its AIA names. Defaults to the AIA URL. */
  responder?: string;
  /** Time a responder has to answer, in ms. Defaults to `2000`. */
  timeoutMs?: number;
}

/** What `update()` may swap. */
export type TrustUpdate = Pick<
  VerifierOptions,
  'trustAnchors' | 'intermediates' | 'allowedFingerprints' | 'crls' | 'ocsp' | 'revocationMode'
>;

/** `ready`, `update`, `close` and `status`, on the middleware and on `createVerifier()`. */
export interface LiveTrustControls {
  /** Resolves when every CRL source has loaded once; rejects naming the sources that failed. */
  ready(): Promise<void>;
  /** Swaps trust material atomically (validated like the factory; a TypeError leaves the old in force) and drops cached decisions. */
  update(partial: TrustUpdate): void;
  /** Stops background refreshes and file watching. */
  close(): void;
  /** What each source last did, when its CRL goes stale, and the last error. */
  status(): TrustStatus;
}

/** RFC 5280 §6.1.1 inputs for certificate-policy processing. */
export interface CertificatePolicyOptions {
  /** Policies acceptable to you. Defaults to `['2.5.29.32.0']` (anyPolicy). */
  initialPolicySet?: readonly string[];
  /** The path must be valid for at least one policy of the initial set. Defaults to `false`. */
  requireExplicitPolicy?: boolean;
  /** Policy mapping is not allowed. Defaults to `false`. */
  inhibitPolicyMapping?: boolean;
  /** anyPolicy in a certificate does not match every policy. Defaults to `false`. */
  inhibitAnyPolicy?: boolean;
}

/** A trusted proxy that sends a format other than RFC 9440, or RFC 9440 under other field names. */
export interface TrustedProxy {
  /** Its address(es), proxy-addr syntax. */
  addresses: string | readonly string[];
  /**
   * `'rfc9440'` (Client-Cert / Client-Cert-Chain), `'envoy-xfcc'` (x-forwarded-client-cert),
   * `'escaped-pem'` (URL-escaped PEM: nginx `$ssl_client_escaped_cert`, AWS ALB),
   * `'base64-der'` (base64 DER, comma-joined, leaf first: Azure), `'apache-pem'` (Apache
   * `%{SSL_CLIENT_CERT}s`: PEM with spaces for line breaks), `'traefik'` (Traefik
   * `passTLSClientCert`), `'ingress-nginx'` (`ssl-client-cert`), `'cloudflare-legacy'`
   * (`Cf-Client-Cert-Der-Base64` with its `Cf-Client-Cert-Sha256` checked).
   * Defaults to `'rfc9440'`.
   */
  format?: ForwardingFormat;
  /**
   * The field that carries the certificate. Defaults per format: `client-cert`,
   * `x-forwarded-client-cert`, `x-amzn-mtls-clientcert`, `x-arr-clientcert`, `x-ssl-client-cert`,
   * `x-forwarded-tls-client-cert`, `ssl-client-cert`, `cf-client-cert-der-base64`.
   */
  header?: string;
  /** RFC 9440 only: the chain field. Defaults to `client-cert-chain`. */
  chainHeader?: string;
  /**
   * `apache-pem` and `escaped-pem` only: read the chain from numbered fields, one certificate
   * each (`<prefix>0`, `<prefix>1`, …; `(null)` or empty ends the chain). `true` means
   * `X-SSL-Client-Cert-Chain-`. Fields with that prefix are stripped from every request.
   * Defaults to none.
   */
  chainFields?: true | string;
  /**
   * `envoy-xfcc` only: how many elements the field may hold. `'exactly-one'` (the default) fits
   * an Envoy with `forward_client_cert_details: SANITIZE_SET`, and refuses a field of several
   * elements. `'last-of-several'` reads the last element (APPEND_FORWARD) and then refuses any
   * field that carries `URI=` or `DNS=`: Envoy writes those unescaped, so a certificate's name can
   * forge an element boundary. Use it only with `set_current_client_cert_details` limited to
   * `cert` and `chain`. Defaults to `'exactly-one'`.
   */
  xfccElements?: XfccElements;
}

/** Limits on the forwarded fields; beyond them a request gets ERR_CLIENT_CERT_TOO_LARGE (431). */
export interface ClientCertLimits {
  /** Longest `Client-Cert` field value in bytes. Defaults to `10240` (10 KiB). */
  certBytes?: number;
  /** Longest `Client-Cert-Chain` value (all field lines together) in bytes. Defaults to `16384` (16 KiB). */
  chainBytes?: number;
  /** Most members in `Client-Cert-Chain`. Defaults to `10`. */
  chainCount?: number;
}

/** Options of the `clientCert` middleware. */
export interface ClientCertOptions extends VerifierOptions {
  /**
   * Immediate peers (by `req.socket.remoteAddress`) allowed to send the fields:
   * proxy-addr syntax (`'loopback'`, `'linklocal'`, `'uniquelocal'`, addresses, CIDRs) or a
   * predicate. Required: nothing is trusted by default. `X-Forwarded-For` is never consulted.
   */
  trustedProxies: string | readonly (string | TrustedProxy)[] | ((addr: string) => boolean);
  /**
   * When this Node server terminates mutual TLS itself (`https.createServer({ requestCert: true })`),
   * take the certificate and chain from the TLS socket, validated the same way and giving the same
   * identity. Header fields are still removed, and are never read from a client that presented a
   * TLS certificate. With it, `trustedProxies` may be `[]`. Defaults to `false`.
   */
  directTls?: boolean;
  /**
   * Reject (via `next(err)`) every request that has no valid certificate. Defaults to `false`:
   * the request continues without `req.clientCert`, and guards decide per route.
   */
  required?: boolean;
  /** Receives one audit event per request. A hook that throws never fails the request. */
  onAudit?: (event: ClientCertAuditEvent) => void;
  /** Size and count limits on the fields. Defaults to `{ certBytes: 10240, chainBytes: 16384, chainCount: 10 }`. */
  limits?: ClientCertLimits;
  /**
   * The verification cache: results keyed by the exact field values, so a repeat request costs a
   * look-up. Entries expire with the earliest notAfter in the path and the CRLs' nextUpdate; the
   * clock is re-checked on every hit. `false` disables it.
   * Defaults to `{ maxEntries: 10000, maxKeyBytes: 33554432, negativeTtlSec: 10 }`.
   */
  cache?: ClientCertCacheOptions | false;
}

/** Bounds of the verification cache. */
export interface ClientCertCacheOptions {
  /** Most cached decisions. Defaults to `10000`. */
  maxEntries?: number;
  /** Most bytes of field values held as keys. Defaults to `33554432` (32 MiB). */
  maxKeyBytes?: number;
  /** How long a refusal is cached, in seconds (a flood of one bad certificate costs one validation). Defaults to `10`. */
  negativeTtlSec?: number;
}

/** Subject alternative names of the leaf, by kind. */
export interface ClientCertSan {
  readonly dns: readonly string[];
  readonly email: readonly string[];
  readonly uri: readonly string[];
  /** IPv4 dotted, IPv6 in RFC 5952 form. */
  readonly ip: readonly string[];
}

/** One certificate of the verified path. */
export interface ClientCertChainEntry {
  /** RFC 4514 subject. */
  readonly subject: string;
  /** RFC 4514 issuer. */
  readonly issuer: string;
  /** Lowercase hex of the serial's magnitude. */
  readonly serialNumber: string;
  /** Lowercase hex SHA-256 of the DER. */
  readonly fingerprint256: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The certificate's DER. */
  readonly der: Uint8Array;
}

/** The verified client identity put on `req.clientCert`. */
export interface ClientCertIdentity {
  /** RFC 4514 subject, most specific RDN first, e.g. `CN=BC`; control characters escaped (`\0a`), safe to log. */
  readonly subject: string;
  /** RFC 4514 issuer, escaped like `subject`. */
  readonly issuer: string;
  /** Subject attribute values keyed by short name, e.g. `{ CN: ['BC'] }`: the exact decoded values, not escaped. */
  readonly subjectAttributes: Readonly<Record<string, readonly string[]>>;
  /** Issuer attribute values keyed by short name, exact like `subjectAttributes`. */
  readonly issuerAttributes: Readonly<Record<string, readonly string[]>>;
  /** Lowercase hex of the serial's magnitude, even number of digits (`07`, `f1020304`). */
  readonly serialNumber: string;
  /** Lowercase hex SHA-256 of the leaf DER. */
  readonly fingerprint256: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly san: ClientCertSan;
  /** The verified path, leaf first, trust anchor last (only the leaf when pinned without anchors). */
  readonly chain: readonly ClientCertChainEntry[];
  /** The leaf's DER. */
  readonly der: Uint8Array;
  /**
   * Certificate policies the path is valid for (RFC 5280 §6.1 user-constrained policy set):
   * empty when the path asserts none, `['2.5.29.32.0']` when it is valid for any policy.
   */
  readonly policies: readonly string[];
}

/** What `createVerifier(...).verify` takes: the leaf and the forwarded chain, PEM or DER each. */
export interface VerifyInput {
  certificate: CertificateInput;
  chain?: readonly CertificateInput[];
}

/** The validation engine without HTTP. */
export interface ClientCertVerifier extends LiveTrustControls {
  /** Resolves with the identity, or rejects with a ClientCertError. */
  verify(input: VerifyInput): Promise<ClientCertIdentity>;
}

/**
 * One audit event per decision: the middleware's (`accepted`, `rejected`, `absent`) and a guard's
 * refusal (`forbidden`). Never certificate bytes or header values; string fields have control
 * characters escaped (`\0a`).
 */
export interface ClientCertAuditEvent {
  /** ISO 8601 time of the decision. */
  time: string;
  outcome: 'accepted' | 'rejected' | 'absent' | 'forbidden';
  /** The refusal code, for `rejected` and `forbidden`. */
  code?: ClientCertErrorCode;
  /** The rule that refused (`ClientCertError.reason`), for `rejected` and `forbidden`. */
  reason?: string;
  /** The refusal message (control characters escaped), for `rejected` and `forbidden`. */
  message?: string;
  /** `req.socket.remoteAddress` (IPv4-mapped IPv6 normalised). */
  peer: string;
  /** Whether the peer is in `trustedProxies`. */
  trustedPeer: boolean;
  method: string;
  /** The request path, without the query string. */
  path: string;
  fingerprint256?: string;
  subject?: string;
  issuer?: string;
  serialNumber?: string;
  /** True when the decision came from the verification cache. */
  cached?: boolean;
  /** `'unknown'` when the certificate was accepted without a known revocation status (`revocationMode: 'soft'`). */
  revocationStatus?: 'unknown';
  /** Why the revocation status was unknown (`crl-stale`, `ocsp-unavailable`, …). */
  revocationReason?: string;
}

/** Attribute → value or values; a list matches when any entry does. */
export type AttributeMatcher = Readonly<Record<string, string | readonly string[]>>;

/** What a route requires of the identity. Every given key must match. */
export interface RequireClientCertPolicy {
  /**
   * Subject attributes by name, e.g. `{ CN: 'alice' }` or `{ OU: ['ops', 'dev'] }`: short names,
   * long names (`organizationalUnitName`) in any case, or dotted OIDs. An attribute that occurs
   * more than once in the name refuses (403, `attribute-repeated`) unless `allowRepeatedAttributes` lists it.
   */
  subject?: AttributeMatcher;
  /** Issuer attributes by name, as for `subject`. */
  issuer?: AttributeMatcher;
  /**
   * Attributes that may occur more than once (e.g. `['OU', 'DC']`); the guard then matches when any
   * occurrence does. Defaults to none: `CN=mallory,CN=admin` never passes `{ CN: 'admin' }`.
   */
  allowRepeatedAttributes?: readonly string[];
  /** SAN values by kind; a kind matches when any listed value is among the leaf's. */
  san?: Readonly<Partial<Record<keyof ClientCertSan, string | readonly string[]>>>;
  /** Leaf SHA-256 fingerprint(s) in hex; colons and case ignored. */
  fingerprint256?: string | readonly string[];
  /** Anything else; return true to allow. */
  check?: (identity: ClientCertIdentity, req: IncomingMessage) => boolean;
}

/** A request after `clientCert` has run. */
export interface ClientCertRequestFields {
  /** The verified identity, only when the certificate verified. */
  clientCert?: ClientCertIdentity;
  /** Why a presented certificate was refused (or the fields were stripped from an untrusted peer). */
  clientCertError?: ClientCertError;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // Declaration merging: Express users see the fields on `req` with no cast.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Request extends ClientCertRequestFields {}
  }
}

/**
 * What the core is configured with, as plain data: the edge (src/options.ts) validates the
 * user's options and compiles them into these; nothing here knows how they were written.
 */
import type { ParsedCertificate } from '../x509/certificate.js';
import type { ParsedCrl } from '../x509/crl.js';
import type { PolicyInputs } from './policies.js';
import type { CrlSourceSpec, TrustEvent } from './live/crl-source.js';
import type { OcspSettings } from './live/ocsp-client.js';

/** The trust store: the only trusted certificates (anchors), configured untrusted ones, and the CRLs in force. */
export interface TrustStore {
  readonly anchors: readonly ParsedCertificate[];
  /** Untrusted: joined to each request's forwarded chain as the pool paths are built from. */
  readonly intermediates: readonly ParsedCertificate[];
  /** Configured CRLs (complete and delta) and those the live sources hold; empty means no revocation checking. */
  readonly crls: readonly ParsedCrl[];
}

/** The settings of one verification: trust store, rules, revocation. */
export interface VerifySettings extends TrustStore {
  readonly allowedFingerprints: ReadonlySet<string> | undefined;
  readonly requiredEku: readonly string[] | null;
  readonly clockToleranceMs: number;
  readonly maxChainLength: number;
  readonly policy: PolicyInputs;
  readonly allowWeakAlgorithms: boolean;
  /** What the leaf is validated for: a client certificate, or (internally) a CRL signer. */
  readonly purpose: 'client' | 'crlSigner';
  /** OCSP settings, or undefined when OCSP is off. */
  readonly ocsp: OcspSettings | undefined;
  readonly revocationMode: 'hard' | 'soft';
  /** Some revocation source is configured: every certificate below the anchor then needs a status. */
  readonly revocationConfigured: boolean;
}

/** The settings of a live trust store: a verification's, and what its background sources need. */
export interface TrustSettings extends VerifySettings {
  /** The validation clock, read by the sources for freshness (decisions get theirs passed in). */
  readonly now: () => Date;
  /** CRLs kept current in the background (`{ url }`, `{ file }`). */
  readonly crlSources: readonly CrlSourceSpec[];
  readonly onTrustEvent: ((event: TrustEvent) => void) | undefined;
}

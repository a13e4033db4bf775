// Settings of the verification core as plain data (src/verify/settings.ts): the defaults the
// middleware compiles for an empty configuration, for tests that call compilePathVerifier.
import type { ParsedCertificate } from '../../src/x509/certificate';
import { DEFAULT_POLICY } from '../../src/verify/policies';
import type { VerifySettings } from '../../src/verify/settings';

/** Core settings trusting `anchors`, with no CRLs, OCSP or pins, overridden by `over`. */
export function coreSettings(anchors: ParsedCertificate[], over: Partial<VerifySettings> = {}): VerifySettings {
  return {
    anchors,
    intermediates: [],
    allowedFingerprints: undefined,
    requiredEku: null,
    clockToleranceMs: 0,
    maxChainLength: 8,
    policy: DEFAULT_POLICY,
    allowWeakAlgorithms: false,
    crls: [],
    purpose: 'client',
    ocsp: undefined,
    revocationMode: 'hard',
    revocationConfigured: false,
    ...over,
  };
}

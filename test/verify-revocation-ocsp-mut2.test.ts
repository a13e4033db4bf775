// What the focused run of revocation.ts reported as not covered: the OCSP branch of a status
// check, reached in the verifier selection through the core entry with a stand-in for the OCSP
// cache (the live client and its responders are tested in ocsp.test.ts and live-*-mut tests).
// Each case asserts the exact verdict: good bounds the decision, revoked and unknown refuse.
import { NOW, makeCert } from './helpers/pki';
import { coreSettings } from './helpers/core-settings';
import { type OcspLookup, compilePathVerifier } from '../src/verify/index';
import type { OcspAnswer } from '../src/verify/revocation';
import type { VerifySettings } from '../src/verify/settings';
import { parseCertificateDer } from '../src/x509/certificate';

const root = makeCert({ subject: { O: 'OcspBranch', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'OcspBranch', CN: 'ICA' }, issuer: root, ca: true });
const leaf = parseCertificateDer(makeCert({ subject: 'ocsp branch leaf', issuer: ica }).der);
const chain = [parseCertificateDer(ica.der)];
const now = NOW.getTime();

const settings: VerifySettings = coreSettings([parseCertificateDer(root.der)], {
  ocsp: { responder: undefined, timeoutMs: 1000 },
  revocationConfigured: true,
});

/** The core with OCSP answers by subject CN (leaf and ICA), as the cache would give them. */
function verifierAnswering(answers: Record<'leaf' | 'ica', OcspAnswer>) {
  const lookup: OcspLookup['lookup'] = (cert) => (cert.fingerprint256 === leaf.fingerprint256 ? answers.leaf : answers.ica);
  return compilePathVerifier(settings, { lookup });
}

describe('the OCSP branch of a status check', () => {
  it('good answers: accepted, and the decision holds until the earliest of them', () => {
    const verify = verifierAnswering({
      leaf: { status: 'good', validUntil: now + 5_000 },
      ica: { status: 'good', validUntil: now + 3_000 },
    });
    const verified = verify(leaf, chain, now);
    expect(verified.path).toHaveLength(3);
    expect(verified.revocationValidUntil).toBe(now + 3_000);
    const later = verifierAnswering({
      leaf: { status: 'good', validUntil: now + 2_000 },
      ica: { status: 'good', validUntil: now + 9_000 },
    });
    expect(later(leaf, chain, now).revocationValidUntil).toBe(now + 2_000);
  });

  it('a revoked answer refuses the certificate and says OCSP said so', () => {
    const verify = verifierAnswering({ leaf: { status: 'revoked' }, ica: { status: 'good', validUntil: now + 5_000 } });
    expect(() => verify(leaf, chain, now)).toThrow(
      expect.objectContaining({ reason: 'revoked', message: 'Certificate CN=ocsp branch leaf is revoked (OCSP)' }),
    );
  });

  it("an unknown answer refuses with the answer's own reason and message", () => {
    const problem = { reason: 'ocsp-unavailable', message: 'the responder did not answer' } as const;
    const verify = verifierAnswering({ leaf: { status: 'unknown', problem }, ica: { status: 'good', validUntil: now + 5_000 } });
    expect(() => verify(leaf, chain, now)).toThrow(
      expect.objectContaining({
        reason: 'ocsp-unavailable',
        message: 'Revocation status of certificate CN=ocsp branch leaf is unknown: the responder did not answer',
      }),
    );
  });
});

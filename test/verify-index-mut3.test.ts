// What src/verify/index.ts left unpinned: how a CRL signer other than the certificate's issuer is
// found and trusted (an anchor signs at once, a signer covered by its own CRL, signers of signers
// to a depth of two, each try charged to the request's budget, and the signer's path validated
// under the default policy, not the user's). Each case asserts the exact verdict.
import { createVerifier, type VerifierOptions } from '../src/index';
import { NOW, makeCert, type CertSpec, type TestCert } from './helpers/pki';
import { ctx, oid, seq, tlv } from './helpers/der';
import { crl, dnName, fullName, uriName } from './helpers/crl-scope';
import { fakeKey, randomOdd, rsaSpki, verdictOf } from './helpers/refusal';

const ROOT = { O: 'IndexMut', CN: 'Root' };
const root = makeCert({ subject: ROOT, ca: true });
const ica = makeCert({ subject: { O: 'IndexMut', CN: 'ICA' }, issuer: root, ca: true });
const rootCrl = crl({ issuer: root });
// The signers' CA publishes a CRL for one distribution point only, so that it cannot stand in for
// a signer's indirect CRL (a direct CRL with a name serves no point that names another cRLIssuer).
const SCA_URL = 'http://crl.example/sca.crl';
const sca = makeCert({ subject: { O: 'IndexMut', CN: 'Signers CA' }, issuer: root, ca: true });
const scaCrl = crl({ issuer: sca, idp: seq(ctx(0, fullName(uriName(SCA_URL)))) });
/** A cRLDistributionPoints extension with one point: the signers' CA's URL. */
const dpSca = { oid: '2.5.29.31', value: seq(seq(ctx(0, fullName(uriName(SCA_URL))))) };

/** A cRLDistributionPoints extension whose one point names `issuerName` as its cRLIssuer. */
const dpVia = (issuerName: Record<string, string>) => ({
  oid: '2.5.29.31',
  value: seq(seq(ctx(0, fullName(uriName('http://crl.example/x.crl'))), ctx(2, dnName(issuerName)))),
});
/** An indirect CRL (issuingDistributionPoint indirectCRL) signed by `issuer`, listing nobody. */
const indirectBy = (issuer: TestCert) => crl({ issuer, idp: seq(tlv(0x84, Uint8Array.of(0xff))) });

/** A CRL signer under the signers' CA; its own status comes from `via`'s indirect CRL, or from the CA's CRL. */
function signer(cn: string, via?: Record<string, string>, spec: Partial<CertSpec> = {}): TestCert {
  return makeCert({
    subject: { O: 'IndexMut', CN: cn },
    issuer: sca,
    ca: true,
    keyUsage: ['cRLSign'],
    extensions: [via ? dpVia(via) : dpSca],
    ...spec,
  });
}

function verify(leaf: TestCert, crls: string[], chain: TestCert[], options: Partial<VerifierOptions> = {}) {
  return verdictOf(
    createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [...crls, scaCrl], ...options }).verify({
      certificate: leaf.pem,
      chain: [...chain, sca].map((c) => c.pem),
    }),
  );
}

const leafVia = (issuerName: Record<string, string>, spec: Partial<CertSpec> = {}) =>
  makeCert({ subject: { O: 'IndexMut', CN: 'leaf' }, issuer: ica, serial: 7, extensions: [dpVia(issuerName)], ...spec });
const SIGNER_INVALID = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-signer-invalid' };

describe('the signer of an indirect CRL', () => {
  it('the trust anchor itself signs for a certificate it did not issue', async () => {
    expect(await verify(leafVia(ROOT), [rootCrl, indirectBy(root)], [ica])).toBe('ACCEPTED');
  });

  it('a signer whose own status comes from the CRL it signs', async () => {
    const self = { O: 'IndexMut', CN: 'Self' };
    const s = signer('Self', self);
    expect(await verify(leafVia(self), [rootCrl, indirectBy(s)], [ica, s])).toBe('ACCEPTED');
  });
});

describe("signers of signers: a CRL signer's own path is validated two levels deep", () => {
  const s1Name = { O: 'IndexMut', CN: 'S1' };
  const s2Name = { O: 'IndexMut', CN: 'S2' };
  const s3Name = { O: 'IndexMut', CN: 'S3' };

  it("the leaf's signer S1, whose status S2 signs: accepted", async () => {
    const s1 = signer('S1', s2Name);
    const s2 = signer('S2');
    expect(await verify(leafVia(s1Name), [rootCrl, indirectBy(s1), indirectBy(s2)], [ica, s1, s2])).toBe('ACCEPTED');
  });

  it("and S2's status signed by S3: one level too deep", async () => {
    const s1 = signer('S1', s2Name);
    const s2 = signer('S2', s3Name);
    const s3 = signer('S3');
    expect(await verify(leafVia(s1Name), [rootCrl, indirectBy(s1), indirectBy(s2), indirectBy(s3)], [ica, s1, s2, s3])).toEqual(
      SIGNER_INVALID,
    );
  });
});

describe("the request's budget", () => {
  it("each certificate tried as the CRL's signer is charged like a path link", async () => {
    const sName = { O: 'IndexMut', CN: 'Charged' };
    const s = signer('Charged');
    // RSA-2048 keys cost one unit each: 130 of them cannot all be tried after the path's own links.
    const spki = rsaSpki(randomOdd(2048), 65537n);
    const decoys = Array.from({ length: 130 }, () => signer('Charged', undefined, { key: fakeKey(spki), noKeyIds: true }));
    expect(await verify(leafVia(sName), [rootCrl, indirectBy(s)], [ica, s])).toBe('ACCEPTED');
    expect(await verify(leafVia(sName), [rootCrl, indirectBy(s)], [ica, ...decoys, s])).toEqual({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'budget-exhausted',
    });
  });
});

describe("the signer's path is validated under the default policy", () => {
  it("the user's required policy applies to the client's path, not to its CRL signer's", async () => {
    const A = '1.3.6.1.4.1.55557.1';
    const policies = { oid: '2.5.29.32', value: seq(seq(oid(A))) };
    const sName = { O: 'IndexMut', CN: 'Policy-free' };
    const s = signer('Policy-free');
    const icaA = makeCert({ subject: { O: 'IndexMut', CN: 'ICA A' }, issuer: root, ca: true, extensions: [policies] });
    const leaf = makeCert({ subject: { O: 'IndexMut', CN: 'leaf A' }, issuer: icaA, extensions: [dpVia(sName), policies] });
    const policy = { initialPolicySet: [A], requireExplicitPolicy: true };
    expect(await verify(leaf, [rootCrl, indirectBy(s)], [icaA, s], { policy })).toBe('ACCEPTED');
  });
});

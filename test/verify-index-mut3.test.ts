// What src/verify/index.ts left unpinned: how a CRL signer other than the certificate's issuer is
// found and trusted (an anchor signs at once, a signer covered by its own CRL, signers of signers
// to a depth of two, each try charged to the request's budget, and the signer's path validated
// under the default policy, not the user's). Each case asserts the exact verdict.
import { createVerifier, type VerifierOptions } from '../src/index';
import { NOW, makeCert, makeKey, type CertSpec, type TestCert } from './helpers/pki';
import { compilePathVerifier } from '../src/verify/index';
import { OcspPending } from '../src/verify/ocsp';
import type { VerifySettings } from '../src/verify/settings';
import { parseCertificateDer } from '../src/x509/certificate';
import { parseCrlDer } from '../src/x509/crl';
import { ctx, oid, seq, tlv } from './helpers/der';
import { crl, dnName, fullName, uriName } from './helpers/crl-scope';
import { coreSettings } from './helpers/core-settings';
import { fakeKey, randomOdd, rsaSpki, verdictOf } from './helpers/refusal';

const ROOT = { O: 'IndexMut', CN: 'Root' };
const root = makeCert({ subject: ROOT, ca: true });
const ica = makeCert({ subject: { O: 'IndexMut', CN: 'ICA' }, issuer: root, ca: true });
const rootCrl = crl({ issuer: root });
/** The DER inside a PEM block. */
const fromPem = (pem: string) => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
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

describe('configured intermediates are shared by every request; forwarded ones belong to one', () => {
  it("a certificate forwarded in one request is not in the next request's pool", async () => {
    const key = makeKey('p256', 'index-mut3-shared');
    const real = makeCert({ subject: { O: 'IndexMut', CN: 'Shared CA' }, key, issuer: root, ca: true, noKeyIds: true });
    const configured = makeCert({ subject: { O: 'IndexMut', CN: 'Shared CA' }, issuer: root, ca: true, noKeyIds: true });
    const leaf = makeCert({ subject: { O: 'IndexMut', CN: 'shared leaf' }, issuer: real, noKeyIds: true });
    const verifier = createVerifier({ trustAnchors: root.pem, intermediates: configured.pem, now: () => NOW });
    expect(await verdictOf(verifier.verify({ certificate: leaf.pem, chain: [real.pem] }))).toBe('ACCEPTED');
    expect(await verdictOf(verifier.verify({ certificate: leaf.pem }))).toEqual({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'signature-invalid',
    });
  });
});

describe('the core entry itself (compilePathVerifier)', () => {
  const settings = (crls: string[] = []): VerifySettings =>
    coreSettings([parseCertificateDer(root.der)], {
      crls: crls.map((pem) => parseCrlDer(fromPem(pem))),
      revocationConfigured: crls.length > 0,
    });

  it('refuses a clock that is not a number before any other work', () => {
    const verifyPath = compilePathVerifier(settings());
    const leaf = parseCertificateDer(makeCert({ subject: 'clock leaf', issuer: root }).der);
    expect(() => verifyPath(leaf, [], NaN)).toThrow(expect.objectContaining({ reason: 'clock-invalid' }));
    expect(() => verifyPath(leaf, [], Infinity)).toThrow(expect.objectContaining({ reason: 'clock-invalid' }));
    expect(verifyPath(leaf, [], NOW.getTime()).path).toHaveLength(2);
    // Before path building: a leaf without a known issuer is refused for the clock, not for its issuer.
    const orphan = parseCertificateDer(makeCert({ subject: 'clock orphan', issuer: makeCert({ subject: 'Nowhere CA', ca: true }) }).der);
    expect(() => verifyPath(orphan, [], NaN)).toThrow(expect.objectContaining({ reason: 'clock-invalid' }));
    expect(() => verifyPath(orphan, [], NOW.getTime())).toThrow(expect.objectContaining({ reason: 'issuer-unknown' }));
  });

  it('soft revocation reports the unknown statuses of the path found, not of paths tried before it', () => {
    // leaf ← Mid (twice, one key): under T1, revoked by the root, whose own status nobody gives;
    // under T2, whose CRL says it is good. The first path records Mid-under-T1 as unknown, then fails.
    const midKey = makeKey('p256', 'index-mut3-soft-mid');
    const t1 = makeCert({ subject: { O: 'IndexMut', CN: 'T1' }, issuer: root, ca: true, serial: 41 });
    const t2 = makeCert({ subject: { O: 'IndexMut', CN: 'T2' }, issuer: root, ca: true, serial: 42 });
    const mid1 = makeCert({ subject: { O: 'IndexMut', CN: 'Mid' }, key: midKey, issuer: t1, ca: true });
    const mid2 = makeCert({ subject: { O: 'IndexMut', CN: 'Mid' }, key: midKey, issuer: t2, ca: true });
    const leaf = makeCert({ subject: { O: 'IndexMut', CN: 'soft leaf' }, issuer: mid2 });
    const crls = [crl({ issuer: root, entries: [{ serial: 41 }] }), crl({ issuer: t2 }), crl({ issuer: mid2 })];
    const verifyPath = compilePathVerifier({ ...settings(crls), revocationMode: 'soft' });
    const result = verifyPath(
      parseCertificateDer(leaf.der),
      [mid1, mid2, t1, t2].map((c) => parseCertificateDer(c.der)),
      NOW.getTime(),
    );
    expect(result.path.map((c) => c.subjectString)).toEqual([
      'CN=soft leaf,O=IndexMut',
      'CN=Mid,O=IndexMut',
      'CN=T2,O=IndexMut',
      'CN=Root,O=IndexMut',
    ]);
    expect(result.revocationUnknown).toEqual([]);
  });

  it("soft revocation is for the client's path: a CRL signer's own path is checked strictly", () => {
    // The signer's own status is given by no CRL (it has no distribution point, and its CA's CRL
    // serves one point only): strictly, it cannot sign, so the leaf's status is unknown.
    const sName = { O: 'IndexMut', CN: 'Unvouched' };
    const s = makeCert({ subject: sName, issuer: sca, ca: true, keyUsage: ['cRLSign'] });
    const leaf = leafVia(sName);
    const verifyPath = compilePathVerifier({ ...settings([rootCrl, scaCrl, indirectBy(s)]), revocationMode: 'soft' });
    const result = verifyPath(
      parseCertificateDer(leaf.der),
      [ica, s, sca].map((c) => parseCertificateDer(c.der)),
      NOW.getTime(),
    );
    expect(result.path).toHaveLength(3);
    expect(result.revocationUnknown?.map((u) => u.reason)).toEqual(['crl-signer-invalid']);
  });

  describe('OCSP, through a lookup that answers at once', () => {
    const ocspOn = { ocsp: {} as NonNullable<VerifySettings['ocsp']> };

    it('only the path found waits for OCSP answers', () => {
      // As above: the first path asks about Mid-under-T1 (no CRL covers it), then fails at T1.
      const midKey = makeKey('p256', 'index-mut3-ocsp-mid');
      const t1 = makeCert({ subject: { O: 'IndexMut', CN: 'T1' }, issuer: root, ca: true, serial: 41 });
      const t2 = makeCert({ subject: { O: 'IndexMut', CN: 'T2' }, issuer: root, ca: true, serial: 42 });
      const mid1 = makeCert({ subject: { O: 'IndexMut', CN: 'Mid' }, key: midKey, issuer: t1, ca: true });
      const mid2 = makeCert({ subject: { O: 'IndexMut', CN: 'Mid' }, key: midKey, issuer: t2, ca: true });
      const leaf = makeCert({ subject: { O: 'IndexMut', CN: 'ocsp leaf' }, issuer: mid2 });
      const crls = [crl({ issuer: root, entries: [{ serial: 41 }] }), crl({ issuer: t2 }), crl({ issuer: mid2 })];
      const asked: string[] = [];
      const verifyPath = compilePathVerifier(
        { ...settings(crls), ...ocspOn },
        {
          lookup: (cert) => {
            asked.push(cert.subjectString);
            return { status: 'pending' };
          },
        },
      );
      const result = verifyPath(
        parseCertificateDer(leaf.der),
        [mid1, mid2, t1, t2].map((c) => parseCertificateDer(c.der)),
        NOW.getTime(),
      );
      expect(asked).toEqual(['CN=Mid,O=IndexMut']);
      expect(result.path).toHaveLength(4);
    });

    it('a certificate of the path found whose answer is not cached yet makes the verification wait for it', () => {
      const leaf = makeCert({ subject: { O: 'IndexMut', CN: 'pending leaf' }, issuer: ica });
      const verifyPath = compilePathVerifier({ ...settings([rootCrl]), ...ocspOn }, { lookup: () => ({ status: 'pending' }) });
      let thrown: unknown;
      try {
        verifyPath(parseCertificateDer(leaf.der), [parseCertificateDer(ica.der)], NOW.getTime());
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(OcspPending);
      expect((thrown as OcspPending).subjects.map((p) => p.cert.subjectString)).toEqual(['CN=pending leaf,O=IndexMut']);
    });

    it('is not asked when OCSP is off, even with a lookup at hand', () => {
      const leaf = makeCert({ subject: { O: 'IndexMut', CN: 'no ocsp leaf' }, issuer: ica });
      const verifyPath = compilePathVerifier(settings([rootCrl]), { lookup: () => ({ status: 'good', validUntil: Infinity }) });
      expect(() => verifyPath(parseCertificateDer(leaf.der), [parseCertificateDer(ica.der)], NOW.getTime())).toThrow(
        expect.objectContaining({ reason: 'crl-missing' }),
      );
    });

    it("a CRL signer's own path is checked against CRLs only", () => {
      // The signer's status is given by no CRL; OCSP would call it good, and the leaf revoked.
      const sName = { O: 'IndexMut', CN: 'Unvouched OCSP' };
      const s = makeCert({ subject: sName, issuer: sca, ca: true, keyUsage: ['cRLSign'] });
      const leaf = leafVia(sName);
      const verifyPath = compilePathVerifier(
        { ...settings([rootCrl, scaCrl, indirectBy(s)]), ...ocspOn },
        {
          lookup: (cert) =>
            cert.subjectString === 'CN=leaf,O=IndexMut' ? { status: 'revoked' } : { status: 'good', validUntil: Infinity },
        },
      );
      expect(() =>
        verifyPath(
          parseCertificateDer(leaf.der),
          [ica, s, sca].map((c) => parseCertificateDer(c.der)),
          NOW.getTime(),
        ),
      ).toThrow(expect.objectContaining({ reason: 'revoked' }));
    });
  });

  describe('crlHorizon: until when the CRLs in force give the same answers', () => {
    // crl() writes thisUpdate = NOW − 1 day and nextUpdate = NOW + 7 days.
    const DAY_MS = 86_400_000;
    const thisUpdate = NOW.getTime() - DAY_MS;
    const nextUpdate = NOW.getTime() + 7 * DAY_MS;
    const horizon = compilePathVerifier(settings([crl({ issuer: root })])).crlHorizon;

    it('a current CRL holds to the end of the second of its nextUpdate', () => {
      expect(horizon(NOW.getTime())).toBe(nextUpdate + 999);
      expect(horizon(nextUpdate + 999)).toBe(nextUpdate + 999);
    });

    it('a stale one no longer bounds it', () => {
      expect(horizon(nextUpdate + 1000)).toBe(Infinity);
    });

    it('one not yet current bounds it to the millisecond before its thisUpdate', () => {
      expect(horizon(thisUpdate - 1)).toBe(thisUpdate - 1);
      expect(horizon(thisUpdate)).toBe(nextUpdate + 999);
    });
  });
});

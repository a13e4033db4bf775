// Issue 8 items 11 (false accepts) and 12(b)–(c) (false rejects): each verdict with its code and reason.
import { createVerifier, type VerifierOptions } from '../src/index';
import { EKU, NOW, makeCert, makeKey, makePki, type CertSpec, type Extension, type TestCert } from './helpers/pki';
import { ctx, ia5, integer, oid, seq, tlv } from './helpers/der';
import { fakeKey, randomOdd, rsaSpki, verdictOf } from './helpers/refusal';

const { root, intermediate, leaf } = makePki('Verdicts');
const now = () => NOW;

const CERTIFICATE_POLICIES = '2.5.29.32';
const POLICY_CONSTRAINTS = '2.5.29.36';
const INHIBIT_ANY_POLICY = '2.5.29.54';
const ANY_POLICY = '2.5.29.32.0';
const CPS = '1.3.6.1.5.5.7.2.1';
const P1 = '1.3.6.1.4.1.55555.1';
const P2 = '1.3.6.1.4.1.55555.2';

/** A certificatePolicies extension: each policy with optional qualifiers [qualifierId, qualifier DER]. */
function policies(list: (string | [string, [string, Uint8Array][]])[], critical = false): Extension {
  const infos = list.map((p) =>
    typeof p === 'string' ? seq(oid(p)) : seq(oid(p[0]), seq(...p[1].map(([id, value]) => seq(oid(id), value)))),
  );
  return { oid: CERTIFICATE_POLICIES, critical, value: seq(...infos) };
}

describe('item 11(a): a pinned leaf without trust anchors still gets every check on itself', () => {
  const pinned = (cert: TestCert, options: Partial<VerifierOptions> = {}) =>
    createVerifier({ allowedFingerprints: [cert.fingerprint256], now, ...options }).verify({ certificate: cert.pem });

  it('a well-formed pinned leaf is accepted', async () => {
    expect(await verdictOf(pinned(makeCert({ subject: 'pinned ok' })))).toBe('ACCEPTED');
  });

  it('an unrecognised critical extension is refused', async () => {
    const cert = makeCert({ subject: 'pinned', extensions: [{ oid: '1.3.6.1.4.1.55555.99', critical: true, value: seq() }] });
    expect(await verdictOf(pinned(cert))).toEqual({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'critical-extension-unknown' });
  });

  it('a critical certificatePolicies with an unknown qualifier is refused', async () => {
    const cert = makeCert({ subject: 'pinned', extensions: [policies([[P1, [['1.3.6.1.4.1.55555.7', ia5('x')]]]], true)] });
    expect(await verdictOf(pinned(cert))).toEqual({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'policy-qualifier-unknown' });
  });

  it('the profile applies: a CA certificate is not a client identity', async () => {
    const ca = makeCert({ subject: 'pinned CA', ca: true, keyUsage: ['keyCertSign', 'digitalSignature'], eku: [EKU.clientAuth] });
    expect(await verdictOf(pinned(ca))).toMatchObject({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID' });
  });

  it('key strength, usage and validity still apply', async () => {
    const weak = makeCert({ subject: 'pinned weak', key: fakeKey(rsaSpki(randomOdd(1536), 65537n)) });
    expect(await verdictOf(pinned(weak))).toEqual({ code: 'ERR_CLIENT_CERT_USAGE', reason: 'rsa-key-too-small' });
    const huge = makeCert({ subject: 'pinned huge', key: fakeKey(rsaSpki(randomOdd(16384), 65537n)) });
    expect(await verdictOf(pinned(huge))).toEqual({ code: 'ERR_CLIENT_CERT_USAGE', reason: 'rsa-key-too-large' });
    const serverOnly = makeCert({ subject: 'pinned server', eku: [EKU.serverAuth] });
    expect(await verdictOf(pinned(serverOnly))).toEqual({ code: 'ERR_CLIENT_CERT_USAGE', reason: 'eku-not-allowed' });
    const expired = makeCert({ subject: 'pinned old', notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    expect(await verdictOf(pinned(expired))).toMatchObject({ code: 'ERR_CLIENT_CERT_EXPIRED' });
  });
});

describe('item 11(b): critical certificatePolicies qualifiers (RFC 5280 §4.2.1.4)', () => {
  const verify = (cert: TestCert, chain: TestCert[] = [intermediate]) =>
    createVerifier({ trustAnchors: root.pem, now }).verify({ certificate: cert.pem, chain: chain.map((c) => c.pem) });
  const unknownQualifier: [string, Uint8Array] = ['1.3.6.1.4.1.55555.7', ia5('opaque')];

  it('an unknown qualifier in a critical extension is refused, in a leaf or a CA', async () => {
    const badLeaf = makeCert({ subject: 'q leaf', issuer: intermediate, extensions: [policies([[P1, [unknownQualifier]]], true)] });
    expect(await verdictOf(verify(badLeaf))).toEqual({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'policy-qualifier-unknown' });
    const badCa = makeCert({
      subject: { O: 'Verdicts', CN: 'Verdicts Issuing CA' },
      issuer: root,
      ca: true,
      key: intermediate.key,
      extensions: [policies([[ANY_POLICY, [unknownQualifier]]], true)],
    });
    expect(await verdictOf(verify(leaf, [badCa]))).toEqual({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'policy-qualifier-unknown' });
  });

  it('the same qualifier in a non-critical extension is ignored, and the two defined qualifiers are accepted when critical', async () => {
    const nonCritical = makeCert({ subject: 'q leaf', issuer: intermediate, extensions: [policies([[P1, [unknownQualifier]]], false)] });
    expect(await verdictOf(verify(nonCritical))).toBe('ACCEPTED');
    const notice = seq(tlv(0x0c, new Uint8Array(Buffer.from('notice'))));
    const known = makeCert({
      subject: 'q leaf',
      issuer: intermediate,
      extensions: [
        policies(
          [
            [
              P1,
              [
                [CPS, ia5('https://cps.example')],
                ['1.3.6.1.5.5.7.2.2', notice],
              ],
            ],
          ],
          true,
        ),
      ],
    });
    expect(await verdictOf(verify(known))).toBe('ACCEPTED');
  });
});

describe('item 12(b): key usage for serverAuth (RFC 5280 §4.2.1.12)', () => {
  const rsaLeafKey = fakeKey(rsaSpki(randomOdd(2048), 65537n));
  const server = (spec: Partial<CertSpec>) =>
    makeCert({
      subject: { O: 'Verdicts', CN: 'server' },
      issuer: intermediate,
      eku: [EKU.serverAuth],
      san: { dns: ['a.example.com'] },
      ...spec,
    });
  const verify = (cert: TestCert, requiredEku: string[]) =>
    createVerifier({ trustAnchors: root.pem, now, requiredEku }).verify({ certificate: cert.pem, chain: [intermediate.pem] });

  it('keyEncipherment (RSA) or keyAgreement (EC) without digitalSignature is accepted for serverAuth', async () => {
    expect(await verdictOf(verify(server({ key: rsaLeafKey, keyUsage: ['keyEncipherment'] }), [EKU.serverAuth]))).toBe('ACCEPTED');
    expect(await verdictOf(verify(server({ key: makeKey('p256'), keyUsage: ['keyAgreement'] }), [EKU.serverAuth]))).toBe('ACCEPTED');
  });

  it('the other key type, or no such bit, is still refused for serverAuth', async () => {
    const refused = { code: 'ERR_CLIENT_CERT_USAGE', reason: 'key-usage-not-allowed' };
    expect(await verdictOf(verify(server({ key: makeKey('p256'), keyUsage: ['keyEncipherment'] }), [EKU.serverAuth]))).toEqual(refused);
    expect(await verdictOf(verify(server({ key: rsaLeafKey, keyUsage: ['dataEncipherment'] }), [EKU.serverAuth]))).toEqual(refused);
  });

  it('digitalSignature stays required for clientAuth', async () => {
    const cert = makeCert({ subject: { O: 'Verdicts', CN: 'client' }, issuer: intermediate, keyUsage: ['keyAgreement'] });
    expect(await verdictOf(verify(cert, [EKU.clientAuth]))).toEqual({ code: 'ERR_CLIENT_CERT_USAGE', reason: 'key-usage-not-allowed' });
    const both = server({ key: makeKey('p256'), keyUsage: ['keyAgreement'], eku: [EKU.serverAuth, EKU.clientAuth] });
    expect(await verdictOf(verify(both, [EKU.serverAuth, EKU.clientAuth]))).toEqual({
      code: 'ERR_CLIENT_CERT_USAGE',
      reason: 'key-usage-not-allowed',
    });
  });
});

describe('item 12(c): the trust anchor certificate constrains the path (RFC 5937)', () => {
  /** A root carrying `extensions`, an intermediate and a leaf under it with the given policies. */
  function pkiUnder(extensions: Extension[], belowPolicies: string[] | undefined) {
    const below = belowPolicies ? [policies(belowPolicies)] : [];
    const anchor = makeCert({ subject: 'Constrained Root', ca: true, extensions });
    const ca = makeCert({ subject: 'Constrained CA', issuer: anchor, ca: true, extensions: below });
    const ee = makeCert({ subject: 'constrained leaf', issuer: ca, extensions: below });
    const verify = (options: Partial<VerifierOptions> = {}) =>
      createVerifier({ trustAnchors: anchor.pem, now, ...options }).verify({ certificate: ee.pem, chain: [ca.pem] });
    return { verify };
  }
  const requireExplicit = {
    requireExplicitPolicy: true,
    initialPolicySet: [ANY_POLICY],
    inhibitAnyPolicy: false,
    inhibitPolicyMapping: false,
  };
  const refused = { code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'policy-invalid' };

  it('policyConstraints requireExplicitPolicy in the anchor is enforced', async () => {
    const pc: Extension = { oid: POLICY_CONSTRAINTS, critical: true, value: seq(ctx(0, new Uint8Array([0]), false)) };
    expect(await verdictOf(pkiUnder([pc], undefined).verify())).toEqual(refused);
    expect(await verdictOf(pkiUnder([pc], [P1]).verify())).toBe('ACCEPTED');
  });

  it('inhibitAnyPolicy in the anchor is enforced', async () => {
    const inhibit: Extension = { oid: INHIBIT_ANY_POLICY, critical: true, value: integer(0) };
    expect(await verdictOf(pkiUnder([inhibit], [ANY_POLICY]).verify({ policy: requireExplicit }))).toEqual(refused);
    expect(await verdictOf(pkiUnder([], [ANY_POLICY]).verify({ policy: requireExplicit }))).toBe('ACCEPTED');
  });

  it('certificatePolicies in the anchor restrict the policies a path is valid for', async () => {
    expect(await verdictOf(pkiUnder([policies([P1])], [P2]).verify({ policy: requireExplicit }))).toEqual(refused);
    const id = await pkiUnder([policies([P1])], [P1, P2]).verify({ policy: requireExplicit });
    expect(id.policies).toEqual([P1]);
    // anyPolicy, or no extension at all, restricts nothing.
    expect((await pkiUnder([policies([ANY_POLICY])], [P2]).verify({ policy: requireExplicit })).policies).toEqual([P2]);
    expect((await pkiUnder([], [P2]).verify({ policy: requireExplicit })).policies).toEqual([P2]);
  });

  it('extKeyUsage in the anchor restricts what it issues for, as in an intermediate', async () => {
    const anchor = makeCert({ subject: 'Server-only Root', ca: true, eku: [EKU.serverAuth] });
    const ee = makeCert({ subject: 'client under server root', issuer: anchor });
    const verdict = await verdictOf(createVerifier({ trustAnchors: anchor.pem, now }).verify({ certificate: ee.pem }));
    expect(verdict).toEqual({ code: 'ERR_CLIENT_CERT_USAGE', reason: 'eku-not-allowed-for-issuer' });
    const any = makeCert({ subject: 'Any Root', ca: true, eku: [EKU.any] });
    const ok = makeCert({ subject: 'client under any root', issuer: any });
    expect(await verdictOf(createVerifier({ trustAnchors: any.pem, now }).verify({ certificate: ok.pem }))).toBe('ACCEPTED');
  });

  it('pathLen, keyUsage and name constraints in the anchor were already enforced and still are', async () => {
    const anchor = makeCert({ subject: 'PathLen Root', ca: true, pathLen: 0 });
    const ca = makeCert({ subject: 'PathLen CA', issuer: anchor, ca: true });
    const ee = makeCert({ subject: 'pathlen leaf', issuer: ca });
    const verdict = await verdictOf(createVerifier({ trustAnchors: anchor.pem, now }).verify({ certificate: ee.pem, chain: [ca.pem] }));
    expect(verdict).toMatchObject({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID' });
  });
});

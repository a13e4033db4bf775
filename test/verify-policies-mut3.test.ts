// What src/verify/policies.ts still left unpinned, seen through the identity's `policies` (the
// user-constrained policy set is part of the result, not only whether the path is accepted): a
// policy with no parent above it, two policies mapped to one, anyPolicy in a leaf at the end of
// the inhibitAnyPolicy count, and the anchor's own inhibitPolicyMapping.
import { createVerifier, type VerifierOptions } from '../src/index';
import { NOW, makeCert, type CertSpec, type TestCert } from './helpers/pki';
import { ANY_POLICY, mappingsExtension, policiesExtension, seq, tlv } from './helpers/der';

const A = '1.3.6.1.4.1.55556.1';
const B = '1.3.6.1.4.1.55556.2';
const P = '1.3.6.1.4.1.55556.3';
const policies = policiesExtension;
const mappings = mappingsExtension;
/** policyConstraints with inhibitPolicyMapping [1] = `skip`. */
const inhibitMappingAfter = (skip: number) => ({ oid: '2.5.29.36', critical: true, value: seq(tlv(0x81, new Uint8Array([skip]))) });

type Outcome = { policies: readonly string[] } | { code: string; reason: string; message: string };

/** The outcome of root → ica → leaf, with the extensions given to each. */
function outcome(
  spec: { root?: Partial<CertSpec>; ica?: Partial<CertSpec>; leaf?: Partial<CertSpec> },
  policy: VerifierOptions['policy'] = undefined,
): Promise<Outcome> {
  const root: TestCert = makeCert({ subject: { O: 'PolicyMut3', CN: 'Root' }, ca: true, ...spec.root });
  const ica = makeCert({ subject: { O: 'PolicyMut3', CN: 'ICA' }, issuer: root, ca: true, ...spec.ica });
  const leaf = makeCert({ subject: { O: 'PolicyMut3', CN: 'leaf' }, issuer: ica, ...spec.leaf });
  return createVerifier({ trustAnchors: root.pem, now: () => NOW, ...(policy ? { policy } : {}) })
    .verify({ certificate: leaf.pem, chain: [ica.pem] })
    .then(
      (identity) => ({ policies: identity.policies }),
      (e: { code: string; reason: string; message: string }) => ({ code: e.code, reason: e.reason, message: e.message }),
    );
}

describe('a policy no node above expects, with no anyPolicy node above', () => {
  it('gets no node: the tree runs out at that certificate', async () => {
    // The anchor's policies form a level above the path without anyPolicy: the ICA's B links to nothing.
    expect(
      await outcome(
        { root: { extensions: [policies(A)] }, ica: { extensions: [policies(B)] }, leaf: { extensions: [policies(B)] } },
        { requireExplicitPolicy: true },
      ),
    ).toEqual({
      code: 'ERR_CLIENT_CERT_CHAIN_INVALID',
      reason: 'policy-invalid',
      message: expect.stringContaining(
        'no acceptable certificate policy remains at CN=ICA,O=PolicyMut3 while an explicit policy is required',
      ),
    });
    expect(
      await outcome(
        { root: { extensions: [policies(A)] }, ica: { extensions: [policies(A)] }, leaf: { extensions: [policies(A)] } },
        { requireExplicitPolicy: true },
      ),
    ).toEqual({ policies: [A] });
  });
});

describe('two policies mapped to one (A → P and B → P)', () => {
  const ica = { extensions: [policies(A, B), mappings([A, P], [B, P])] };

  it('a leaf naming P keeps both as its parents, though it asserts anyPolicy too', async () => {
    expect(await outcome({ ica, leaf: { extensions: [policies(P, ANY_POLICY)] } }, { initialPolicySet: [A] })).toEqual({ policies: [P] });
    expect(await outcome({ ica, leaf: { extensions: [policies(P, ANY_POLICY)] } }, { initialPolicySet: [B] })).toEqual({ policies: [P] });
  });

  it('a leaf asserting only anyPolicy reaches P through both', async () => {
    expect(await outcome({ ica, leaf: { extensions: [policies(ANY_POLICY)] } }, { initialPolicySet: [A] })).toEqual({ policies: [P] });
    expect(await outcome({ ica, leaf: { extensions: [policies(ANY_POLICY)] } }, { initialPolicySet: [B] })).toEqual({ policies: [P] });
  });
});

describe('inhibitAnyPolicy counts certificates', () => {
  it('by default anyPolicy in the leaf still stands for the policies above it', async () => {
    expect(await outcome({ ica: { extensions: [policies(A)] }, leaf: { extensions: [policies(ANY_POLICY)] } })).toEqual({ policies: [A] });
  });

  it('with inhibitAnyPolicy it does not', async () => {
    expect(
      await outcome({ ica: { extensions: [policies(A)] }, leaf: { extensions: [policies(ANY_POLICY)] } }, { inhibitAnyPolicy: true }),
    ).toEqual({
      policies: [],
    });
  });
});

describe("the anchor's inhibitPolicyMapping", () => {
  const ica = { extensions: [policies(A), mappings([A, P])] };
  const leaf = { extensions: [policies(P)] };

  it('0 forbids the mapping in the certificate below it', async () => {
    expect(await outcome({ root: { extensions: [inhibitMappingAfter(0)] }, ica, leaf })).toEqual({ policies: [] });
  });

  it('1 allows it', async () => {
    expect(await outcome({ root: { extensions: [inhibitMappingAfter(1)] }, ica, leaf })).toEqual({ policies: [P] });
    expect(await outcome({ ica, leaf })).toEqual({ policies: [P] });
  });

  it('with a required explicit policy, the tree runs out where the mapping is removed', async () => {
    expect(await outcome({ root: { extensions: [inhibitMappingAfter(0)] }, ica, leaf }, { requireExplicitPolicy: true })).toEqual({
      code: 'ERR_CLIENT_CERT_CHAIN_INVALID',
      reason: 'policy-invalid',
      message: expect.stringContaining(
        'no acceptable certificate policy remains at CN=ICA,O=PolicyMut3 while an explicit policy is required',
      ),
    });
  });

  it("the inhibitPolicyMapping option forbids it as the anchor's 0 does", async () => {
    expect(await outcome({ ica, leaf }, { inhibitPolicyMapping: true })).toEqual({ policies: [] });
  });
});

describe('a mapping in a certificate that asserts anyPolicy', () => {
  it('maps a policy it does not name: the mapped policy keeps A as its anchor-domain policy', async () => {
    const ica = { extensions: [policies(ANY_POLICY), mappings([A, P])] };
    expect(await outcome({ ica, leaf: { extensions: [policies(P)] } }, { initialPolicySet: [A] })).toEqual({ policies: [P] });
    expect(await outcome({ ica, leaf: { extensions: [policies(P)] } }, { initialPolicySet: [B] })).toEqual({ policies: [] });
  });
});

describe('the policy set a path is valid for', () => {
  const anyAll = { ica: { extensions: [policies(ANY_POLICY)] }, leaf: { extensions: [policies(ANY_POLICY)] } };

  it('a path of anyPolicy alone is valid for each policy of a specific initial set', async () => {
    expect(await outcome(anyAll, { initialPolicySet: [B, A] })).toEqual({ policies: [A, B] });
  });

  it('and for anyPolicy when the initial set holds anyPolicy, whatever else it holds', async () => {
    expect(await outcome(anyAll, { initialPolicySet: [A, ANY_POLICY] })).toEqual({ policies: [ANY_POLICY] });
  });

  it('is sorted', async () => {
    expect(await outcome({ ica: { extensions: [policies(B, A)] }, leaf: { extensions: [policies(B, A)] } })).toEqual({ policies: [A, B] });
  });
});

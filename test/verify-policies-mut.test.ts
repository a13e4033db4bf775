// The refusals of src/verify/policies.ts with their texts (which certificate maps anyPolicy, where
// the policy tree ran out, that none is left for the inputs), and a mapping to anyPolicy as well as
// from it. Each case asserts the exact code, reason and the words of the refusal.
import { createVerifier, type VerifierOptions } from '../src/index';
import { NOW, makeCert, type CertSpec, type TestCert } from './helpers/pki';
import { ANY_POLICY, mappingsExtension, policiesExtension, seq, tlv } from './helpers/der';

const P1 = '1.3.6.1.4.1.55555.1';
const P2 = '1.3.6.1.4.1.55555.2';
const policies = policiesExtension;
const mappings = mappingsExtension;

const root = makeCert({ subject: { O: 'PolicyMut', CN: 'Root' }, ca: true });

type Outcome = 'accepted' | { code: string; reason: string; message: string };

function outcome(leafSpec: Partial<CertSpec>, icaSpec: Partial<CertSpec>, policy: VerifierOptions['policy'] = undefined): Promise<Outcome> {
  const ica: TestCert = makeCert({ subject: { O: 'PolicyMut', CN: 'ICA' }, issuer: root, ca: true, ...icaSpec });
  const leaf = makeCert({ subject: { O: 'PolicyMut', CN: 'leaf' }, issuer: ica, ...leafSpec });
  return createVerifier({ trustAnchors: root.pem, now: () => NOW, ...(policy ? { policy } : {}) })
    .verify({ certificate: leaf.pem, chain: [ica.pem] })
    .then(
      () => 'accepted' as const,
      (e: { code: string; reason: string; message: string }) => ({ code: e.code, reason: e.reason, message: e.message }),
    );
}

const CHAIN_INVALID = 'ERR_CLIENT_CERT_CHAIN_INVALID';

describe('policyMappings may not map anyPolicy, either way', () => {
  it.each<[string, [string, string]]>([
    ['from anyPolicy', [ANY_POLICY, P1]],
    ['to anyPolicy', [P1, ANY_POLICY]],
  ])('%s', async (_name, pair) => {
    const result = await outcome({ extensions: [policies(P1)] }, { extensions: [policies(ANY_POLICY), mappings(pair)] });
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason: 'policy-mapping-any-policy' });
    expect((result as { message: string }).message).toContain('is refused: CN=ICA,O=PolicyMut maps anyPolicy, which RFC 5280 forbids');
  });

  it('a mapping between two policies is used', async () => {
    expect(
      await outcome(
        { extensions: [policies(P2)] },
        { extensions: [policies(P1), mappings([P1, P2])] },
        { initialPolicySet: [P1], requireExplicitPolicy: true },
      ),
    ).toBe('accepted');
  });
});

describe('an explicit policy that cannot be met', () => {
  it('names the certificate where the tree ran out', async () => {
    const result = await outcome({ extensions: [policies(P1)] }, {}, { requireExplicitPolicy: true });
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason: 'policy-invalid' });
    expect((result as { message: string }).message).toContain(
      'is refused: no acceptable certificate policy remains at CN=ICA,O=PolicyMut while an explicit policy is required',
    );
  });

  it('says when no policy acceptable to the inputs is left at the end', async () => {
    const result = await outcome(
      { extensions: [policies(P1)] },
      { extensions: [policies(P1)] },
      { requireExplicitPolicy: true, initialPolicySet: [P2] },
    );
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason: 'policy-invalid' });
    expect((result as { message: string }).message).toContain(
      'is refused: no certificate policy acceptable to the validation inputs is valid for this path',
    );
  });
});

describe('the end of the path', () => {
  it("a leaf's own requireExplicitPolicy 0 requires a policy", async () => {
    const pc = { oid: '2.5.29.36', critical: true, value: seq(tlv(0x80, Uint8Array.of(0))) };
    expect(await outcome({ extensions: [pc] }, {})).toMatchObject({ code: CHAIN_INVALID, reason: 'policy-invalid' });
  });

  it('a leaf without policies directly under the anchor fails at the end, not as a certificate where the tree ran out', async () => {
    const leaf = makeCert({ subject: { O: 'PolicyMut', CN: 'direct leaf' }, issuer: root });
    const result = await createVerifier({ trustAnchors: root.pem, now: () => NOW, policy: { requireExplicitPolicy: true } })
      .verify({ certificate: leaf.pem })
      .then(
        () => 'accepted',
        (e: { code: string; reason: string; message: string }) => ({ code: e.code, reason: e.reason, message: e.message }),
      );
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason: 'policy-invalid' });
    expect((result as { message: string }).message).toContain(
      'no certificate policy acceptable to the validation inputs is valid for this path',
    );
  });
});

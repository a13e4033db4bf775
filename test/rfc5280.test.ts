// RFC 5280 processing beyond the basics: name constraints, certificate policies, profile rules.
import { createVerifier, type ClientCertIdentity, type VerifierOptions } from '../src/index';
import { ctx, ia5, oid, seq, tlv } from './helpers/der';
import { NOW, makeCert, makeKey, name, seededName, type CertSpec, type TestCert } from './helpers/pki';

const root = makeCert({ subject: { O: 'R5280', CN: 'Root' }, ca: true });
const P1 = '1.3.6.1.4.1.55555.1.1';
const P2 = '1.3.6.1.4.1.55555.1.2';
const ANY = '2.5.29.32.0';

async function verify(leaf: TestCert, chain: TestCert[], options: Partial<VerifierOptions> = {}): Promise<ClientCertIdentity | string> {
  try {
    return await createVerifier({ trustAnchors: root.pem, now: () => NOW, ...options }).verify({
      certificate: leaf.pem,
      chain: chain.map((c) => c.pem),
    });
  } catch (err) {
    return (err as { code: string }).code;
  }
}

const subtree = (gn: Uint8Array): Uint8Array => seq(gn);
const dns = (v: string): Uint8Array => ia5(v, 0x82);
const email = (v: string): Uint8Array => ia5(v, 0x81);
const ipRange = (bytes: number[]): Uint8Array => tlv(0x87, new Uint8Array(bytes));
const dirName = (attrs: Record<string, string>): Uint8Array => ctx(4, name(attrs));
function nameConstraints(permitted: Uint8Array[], excluded: Uint8Array[] = [], critical = true) {
  const parts: Uint8Array[] = [];
  if (permitted.length) parts.push(ctx(0, seq(...permitted.map(subtree)).subarray(2)));
  if (excluded.length) parts.push(ctx(1, seq(...excluded.map(subtree)).subarray(2)));
  return { oid: '2.5.29.30', critical, value: seq(...parts) };
}
const policiesExt = (...oids: string[]) => ({ oid: '2.5.29.32', value: seq(...oids.map((o) => seq(oid(o)))) });

function ica(spec: Partial<CertSpec> = {}): TestCert {
  return makeCert({ subject: { O: 'R5280', CN: seededName('ICA') }, issuer: root, ca: true, ...spec });
}
function leafOf(issuer: TestCert, spec: Partial<CertSpec> = {}): TestCert {
  return makeCert({ subject: { O: 'R5280', CN: 'leaf' }, issuer, ...spec });
}

describe('name constraints', () => {
  const permitDns = ica({ extensions: [nameConstraints([dns('example.com')])] });

  it.each<[string, string[], string]>([
    ['a name inside the permitted subtree', ['api.example.com'], 'ok'],
    ['the subtree root itself', ['example.com'], 'ok'],
    ['a name outside it', ['example.org'], 'ERR_CLIENT_CERT_CHAIN_INVALID'],
    ['a look-alike suffix', ['badexample.com'], 'ERR_CLIENT_CERT_CHAIN_INVALID'],
    ['one good and one bad name', ['a.example.com', 'evil.net'], 'ERR_CLIENT_CERT_CHAIN_INVALID'],
  ])('permitted dNSName: %s', async (_n, names, expected) => {
    const result = await verify(leafOf(permitDns, { san: { dns: names } }), [permitDns]);
    expect(typeof result === 'string' ? result : 'ok').toBe(expected);
  });

  it('excluded subtrees win, including a wildcard that could cover an excluded name', async () => {
    const ex = ica({ extensions: [nameConstraints([], [dns('secret.example.com')])] });
    expect(await verify(leafOf(ex, { san: { dns: ['secret.example.com'] } }), [ex])).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
    expect(await verify(leafOf(ex, { san: { dns: ['*.example.com'] } }), [ex])).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
    expect(typeof (await verify(leafOf(ex, { san: { dns: ['public.example.com'] } }), [ex]))).toBe('object');
  });

  it('directoryName constraints apply to the subject', async () => {
    const c = ica({ extensions: [nameConstraints([dirName({ O: 'R5280' })], [dirName({ O: 'R5280', OU: 'blocked' })])] });
    expect(typeof (await verify(leafOf(c), [c]))).toBe('object');
    expect(await verify(leafOf(c, { subject: { O: 'Other', CN: 'x' } }), [c])).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
    expect(await verify(leafOf(c, { subject: { O: 'R5280', OU: 'blocked', CN: 'x' } }), [c])).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('rfc822Name and iPAddress constraints', async () => {
    const c = ica({ extensions: [nameConstraints([email('.example.com'), ipRange([10, 0, 0, 0, 255, 0, 0, 0])])] });
    expect(typeof (await verify(leafOf(c, { san: { email: ['a@mail.example.com'], ip: [new Uint8Array([10, 1, 2, 3])] } }), [c]))).toBe(
      'object',
    );
    expect(await verify(leafOf(c, { san: { email: ['a@example.org'] } }), [c])).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
    expect(await verify(leafOf(c, { san: { ip: [new Uint8Array([192, 168, 0, 1])] } }), [c])).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('a non-critical nameConstraints extension is refused, not ignored', async () => {
    const c = ica({ extensions: [nameConstraints([dns('example.com')], [], false)] });
    expect(await verify(leafOf(c, { san: { dns: ['evil.net'] } }), [c])).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });
});

describe('certificate policies', () => {
  const withP1 = ica({ extensions: [policiesExt(P1)] });

  it('exposes the policies the path is valid for', async () => {
    const id = await verify(leafOf(withP1, { extensions: [policiesExt(P1)] }), [withP1]);
    expect(typeof id === 'object' && id.policies).toEqual([P1]);
    const none = await verify(leafOf(withP1), [withP1]);
    expect(typeof none === 'object' && none.policies).toEqual([]);
  });

  it('requireExplicitPolicy with an initial policy set', async () => {
    const leaf = leafOf(withP1, { extensions: [policiesExt(P1)] });
    const policy = (set: string[]) => ({ policy: { initialPolicySet: set, requireExplicitPolicy: true } });
    expect(typeof (await verify(leaf, [withP1], policy([P1])))).toBe('object');
    expect(await verify(leaf, [withP1], policy([P2]))).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
    expect(await verify(leafOf(withP1), [withP1], policy([ANY]))).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('policy mappings and inhibitPolicyMapping', async () => {
    const mapping = { oid: '2.5.29.33', value: seq(seq(oid(P1), oid(P2))) };
    const mapper = ica({ extensions: [policiesExt(P1), mapping] });
    const leaf = leafOf(mapper, { extensions: [policiesExt(P2)] });
    const explicit = { requireExplicitPolicy: true, initialPolicySet: [P1] };
    const id = await verify(leaf, [mapper], { policy: explicit });
    expect(typeof id === 'object' && id.policies).toEqual([P2]);
    expect(await verify(leaf, [mapper], { policy: { ...explicit, inhibitPolicyMapping: true } })).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('a policyConstraints requireExplicitPolicy in a CA applies below it', async () => {
    const pc = { oid: '2.5.29.36', critical: true, value: seq(tlv(0x80, new Uint8Array([0]))) };
    const c = ica({ extensions: [policiesExt(P1), pc] });
    expect(typeof (await verify(leafOf(c, { extensions: [policiesExt(P1)] }), [c]))).toBe('object');
    expect(await verify(leafOf(c), [c])).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('rejects a bad policy option at creation', () => {
    expect(() => createVerifier({ trustAnchors: root.pem, policy: { initialPolicySet: [] } })).toThrow(/initialPolicySet/);
    expect(() => createVerifier({ trustAnchors: root.pem, policy: { requireExplicit: true } as never })).toThrow(
      /Did you mean `requireExplicitPolicy`/,
    );
  });
});

describe('profile rules', () => {
  const c = ica();
  it.each<[string, Partial<CertSpec>]>([
    ['a CA certificate as the leaf', { ca: true }],
    ['keyCertSign without cA', { keyUsage: ['digitalSignature', 'keyCertSign'] }],
    ['a zero serial number', { serial: 0 }],
    ['a 21-octet serial number', { serial: new Uint8Array(21).fill(1) }],
    ['an invalid dNSName', { san: { dns: ['under_score.example.com'] } }],
    ['an invalid rfc822Name', { san: { email: ['a@b@example.com'] } }],
    ['an empty subject with a non-critical SAN', { subject: {}, san: { dns: ['x.example.com'] } }],
    [
      'a critical authorityKeyIdentifier',
      { noKeyIds: true, extensions: [{ oid: '2.5.29.35', critical: true, value: seq(tlv(0x80, new Uint8Array(20))) }] },
    ],
  ])('%s is ERR_CLIENT_CERT_CHAIN_INVALID', async (_n, spec) => {
    expect(await verify(leafOf(c, spec), [c])).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('for clientAuth, leaves as OpenSSL issues them by default (v1, no key identifiers) are accepted', async () => {
    expect(typeof (await verify(leafOf(c, { version: 1 }), [c]))).toBe('object');
    expect(typeof (await verify(leafOf(c, { noKeyIds: true }), [c]))).toBe('object');
  });

  it.each<[string, Partial<CertSpec>]>([
    ['a v1 leaf', { version: 1 }],
    ['a leaf without authorityKeyIdentifier', { noKeyIds: true }],
    ['a leaf without extKeyUsage', { eku: null }],
    ['a leaf with anyExtendedKeyUsage', { eku: ['1.3.6.1.5.5.7.3.1', '2.5.29.37.0'] }],
  ])('for serverAuth (Web PKI profile), %s is ERR_CLIENT_CERT_CHAIN_INVALID', async (_n, spec) => {
    const serverAuth = { requiredEku: ['1.3.6.1.5.5.7.3.1'] };
    expect(typeof (await verify(leafOf(c, { eku: ['1.3.6.1.5.5.7.3.1'] }), [c], serverAuth))).toBe('object');
    expect(await verify(leafOf(c, { eku: ['1.3.6.1.5.5.7.3.1'], ...spec }), [c], serverAuth)).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('with requiredEku: null (RFC 5280 §6 only) the profile rules are off but path rules are not', async () => {
    expect(typeof (await verify(leafOf(c, { ca: true }), [c], { requiredEku: null }))).toBe('object');
    const notCa = makeCert({ subject: 'not a CA', issuer: root, ca: false });
    expect(await verify(leafOf(notCa), [notCa], { requiredEku: null })).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('RSA-PSS signatures verify, and a tampered one does not', async () => {
    const rsaRoot = makeCert({ subject: 'PSS Root', ca: true, key: makeKey('rsa2048', 'root'), hash: 'pss-sha256' });
    const leaf = makeCert({ subject: 'PSS leaf', issuer: rsaRoot, hash: 'pss-sha256' });
    const v = createVerifier({ trustAnchors: rsaRoot.pem, now: () => NOW });
    await expect(v.verify({ certificate: leaf.pem })).resolves.toBeDefined();
    const der = Buffer.from(leaf.der);
    der[der.length - 3] ^= 1;
    await expect(v.verify({ certificate: der })).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_UNTRUSTED' });
  });
});

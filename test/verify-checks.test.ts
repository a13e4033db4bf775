// The bounds and branches of src/verify/checks.ts through createVerifier: validity to the second
// with and without clock tolerance, an invalid clock, a pinned leaf (allowedFingerprints alone),
// keyUsage for each purpose, EKU nesting on issuers and anchors, and critical certificatePolicies.
import { createVerifier, type VerifierOptions } from '../src/index';
import { EKU, NOW, makeCert, makeKey, type CertSpec, type TestCert } from './helpers/pki';
import { ia5, oid, seq } from './helpers/der';
import { verdictOf } from './helpers/refusal';

const root = makeCert({ subject: { O: 'Checks', CN: 'Root' }, ca: true, notBefore: new Date(NOW.getTime() - 1e10) });
const ica = makeCert({ subject: { O: 'Checks', CN: 'ICA' }, issuer: root, ca: true, notBefore: new Date(NOW.getTime() - 1e10) });
const leafWith = (spec: Partial<CertSpec> = {}, issuer: TestCert = ica) =>
  makeCert({ subject: { O: 'Checks', CN: 'leaf' }, issuer, ...spec });
const S = 1000;

function verify(
  leaf: TestCert,
  options: Partial<VerifierOptions> = {},
  now: Date = NOW,
  chain: TestCert[] = [ica],
  anchor: TestCert = root,
) {
  return verdictOf(
    createVerifier({ trustAnchors: anchor.pem, now: () => now, ...options }).verify({
      certificate: leaf.pem,
      chain: chain.map((c) => c.pem),
    }),
  );
}
async function messageOf(leaf: TestCert, options: Partial<VerifierOptions> = {}, now: Date = NOW): Promise<string> {
  return createVerifier({ trustAnchors: root.pem, now: () => now, ...options })
    .verify({ certificate: leaf.pem, chain: [ica.pem] })
    .then(
      () => 'accepted',
      (e: Error) => e.message,
    );
}

const OK = 'ACCEPTED';
const NOT_YET = { code: 'ERR_CLIENT_CERT_NOT_YET_VALID', reason: 'validity-not-yet-valid' };
const EXPIRED = { code: 'ERR_CLIENT_CERT_EXPIRED', reason: 'validity-expired' };
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('validity, both ends included, to the second', () => {
  it.each([
    ['notBefore is now', { notBefore: NOW }, {}, NOW, OK],
    ['notBefore is a second ahead', { notBefore: at(S) }, {}, NOW, NOT_YET],
    ['notBefore is a second ahead, within a 1 s tolerance', { notBefore: at(S) }, { clockToleranceSec: 1 }, NOW, OK],
    ['notBefore is two seconds ahead, beyond a 1 s tolerance', { notBefore: at(2 * S) }, { clockToleranceSec: 1 }, NOW, NOT_YET],
    ['notAfter is now', { notAfter: NOW }, {}, NOW, OK],
    ['notAfter is now, 999 ms into the second', { notAfter: NOW }, {}, at(999), OK],
    ['notAfter was a second ago', { notAfter: at(-S) }, {}, NOW, EXPIRED],
    ['notAfter was a second ago, within a 1 s tolerance', { notAfter: at(-S) }, { clockToleranceSec: 1 }, NOW, OK],
    ['notAfter was two seconds ago, beyond a 1 s tolerance', { notAfter: at(-2 * S) }, { clockToleranceSec: 1 }, NOW, EXPIRED],
  ])('%s', async (_name, spec, options, now, expected) => {
    expect(await verify(leafWith(spec), options, now)).toEqual(expected);
  });

  it('the refusals say when', async () => {
    expect(await messageOf(leafWith({ notBefore: at(60 * S) }))).toContain(
      `is refused: it is not valid before ${at(60 * S).toISOString()}`,
    );
    expect(await messageOf(leafWith({ notAfter: at(-60 * S) }))).toContain(`is refused: it expired at ${at(-60 * S).toISOString()}`);
  });

  it('an expired intermediate or anchor is refused too', async () => {
    const oldIca = makeCert({ subject: { O: 'Checks', CN: 'Old ICA' }, issuer: root, ca: true, notAfter: at(-S) });
    expect(await verify(leafWith({}, oldIca), {}, NOW, [oldIca])).toEqual(EXPIRED);
    const oldRoot = makeCert({ subject: { O: 'Checks', CN: 'Old Root' }, ca: true, notAfter: at(-S) });
    expect(await verify(leafWith({}, oldRoot), {}, NOW, [], oldRoot)).toEqual(EXPIRED);
  });

  it.each([
    ['returns an invalid Date', () => new Date(Number.NaN)],
    [
      'throws',
      () => {
        throw new Error('no clock');
      },
    ],
    ['returns no Date', () => NOW.getTime() as unknown as Date],
  ])('a clock that %s refuses every decision (clock-invalid)', async (_name, now) => {
    const verifier = createVerifier({ trustAnchors: root.pem, now });
    expect(await verdictOf(verifier.verify({ certificate: leafWith().pem, chain: [ica.pem] }))).toEqual({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'clock-invalid',
    });
  });
});

describe('a pinned leaf (allowedFingerprints without trust anchors) is still checked', () => {
  const pinned = (cert: TestCert, options: Partial<VerifierOptions> = {}) =>
    verdictOf(createVerifier({ allowedFingerprints: [cert.fingerprint256], now: () => NOW, ...options }).verify({ certificate: cert.pem }));

  it.each<[string, Partial<CertSpec>, unknown]>([
    ['a valid leaf', {}, OK],
    ['an expired leaf', { notAfter: at(-S) }, EXPIRED],
    ['a leaf not yet valid', { notBefore: at(S) }, NOT_YET],
    ['a CA certificate', { ca: true }, { code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'leaf-is-ca' }],
    [
      'an unknown critical extension',
      { extensions: [{ oid: '1.3.6.1.4.1.55555.98', critical: true, value: seq() }] },
      { code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'critical-extension-unknown' },
    ],
    ['an EKU without clientAuth', { eku: [EKU.serverAuth] }, { code: 'ERR_CLIENT_CERT_USAGE', reason: 'eku-not-allowed' }],
    [
      'a keyUsage without digitalSignature',
      { keyUsage: ['keyEncipherment'] },
      { code: 'ERR_CLIENT_CERT_USAGE', reason: 'key-usage-not-allowed' },
    ],
  ])('%s', async (_name, spec, expected) => {
    expect(await pinned(makeCert({ subject: { O: 'Checks', CN: 'pinned' }, ...spec }))).toEqual(expected);
  });

  it('another certificate is not allowed', async () => {
    const cert = makeCert({ subject: { O: 'Checks', CN: 'pinned' } });
    const verifier = createVerifier({ allowedFingerprints: [leafWith().fingerprint256], now: () => NOW });
    expect(await verdictOf(verifier.verify({ certificate: cert.pem }))).toEqual({
      code: 'ERR_CLIENT_CERT_NOT_ALLOWED',
      reason: 'fingerprint-not-allowed',
    });
  });
});

describe('keyUsage for the purpose', () => {
  const refused = { code: 'ERR_CLIENT_CERT_USAGE', reason: 'key-usage-not-allowed' };
  const rsaLeafKey = makeKey('rsa2048', 'checks-leaf');
  it.each<[string, Partial<CertSpec>, readonly string[] | null, unknown]>([
    ['no keyUsage extension, for clientAuth', { keyUsage: null }, [EKU.clientAuth], OK],
    ['keyAgreement alone, for clientAuth', { keyUsage: ['keyAgreement'] }, [EKU.clientAuth], refused],
    ['keyAgreement alone, for no purpose (requiredEku null)', { keyUsage: ['keyAgreement'] }, null, OK],
    ['keyAgreement alone, with an empty requiredEku', { keyUsage: ['keyAgreement'], eku: null }, [], refused],
    ['EC keyAgreement, for serverAuth', { keyUsage: ['keyAgreement'], eku: [EKU.serverAuth] }, [EKU.serverAuth], OK],
    ['EC keyEncipherment, for serverAuth', { keyUsage: ['keyEncipherment'], eku: [EKU.serverAuth] }, [EKU.serverAuth], refused],
    [
      'RSA keyEncipherment, for serverAuth',
      { key: rsaLeafKey, keyUsage: ['keyEncipherment'], eku: [EKU.serverAuth] },
      [EKU.serverAuth],
      OK,
    ],
    ['RSA keyAgreement, for serverAuth', { key: rsaLeafKey, keyUsage: ['keyAgreement'], eku: [EKU.serverAuth] }, [EKU.serverAuth], refused],
    [
      'Ed25519 keyAgreement, for serverAuth',
      { key: makeKey('ed25519'), keyUsage: ['keyAgreement'], eku: [EKU.serverAuth] },
      [EKU.serverAuth],
      refused,
    ],
    [
      'EC keyAgreement, for serverAuth and clientAuth',
      { keyUsage: ['keyAgreement'], eku: [EKU.serverAuth, EKU.clientAuth] },
      [EKU.serverAuth, EKU.clientAuth],
      refused,
    ],
  ])('%s', async (_name, spec, requiredEku, expected) => {
    expect(await verify(leafWith(spec), { requiredEku })).toEqual(expected);
  });

  it('the EKU refusal names what is missing', async () => {
    expect(await messageOf(leafWith({ eku: [EKU.serverAuth] }), { requiredEku: [EKU.clientAuth, '1.3.6.1.4.1.55555.3'] })).toContain(
      `its extKeyUsage does not allow ${EKU.clientAuth}, 1.3.6.1.4.1.55555.3`,
    );
  });
});

describe('EKU nesting: an issuer restricted to other purposes cannot issue for this one', () => {
  const forIssuer = { code: 'ERR_CLIENT_CERT_USAGE', reason: 'eku-not-allowed-for-issuer' };
  it.each<[string, string[] | undefined, unknown]>([
    ['an intermediate for serverAuth only', [EKU.serverAuth], forIssuer],
    ['an intermediate for clientAuth', [EKU.clientAuth], OK],
    ['an intermediate with anyExtendedKeyUsage', [EKU.any, EKU.serverAuth], OK],
    ['an intermediate without EKU', undefined, OK],
  ])('%s', async (_name, eku, expected) => {
    const restricted = makeCert({ subject: { O: 'Checks', CN: 'EKU ICA' }, issuer: root, ca: true, eku: eku ?? null });
    expect(await verify(leafWith({}, restricted), {}, NOW, [restricted])).toEqual(expected);
  });

  it('the anchor too, and with requiredEku null nothing is nested', async () => {
    const serverRoot = makeCert({ subject: { O: 'Checks', CN: 'Server Root' }, ca: true, eku: [EKU.serverAuth] });
    expect(await verify(leafWith({}, serverRoot), {}, NOW, [], serverRoot)).toEqual(forIssuer);
    expect(await verify(leafWith({}, serverRoot), { requiredEku: null }, NOW, [], serverRoot)).toBe(OK);
  });

  it('the refusal names the purpose', async () => {
    const restricted = makeCert({ subject: { O: 'Checks', CN: 'EKU ICA' }, issuer: root, ca: true, eku: [EKU.serverAuth] });
    const message = await createVerifier({ trustAnchors: root.pem, now: () => NOW })
      .verify({ certificate: leafWith({}, restricted).pem, chain: [restricted.pem] })
      .then(
        () => 'accepted',
        (e: Error) => e.message,
      );
    expect(message).toContain(`its extKeyUsage does not allow ${EKU.clientAuth} for the certificates it issues`);
  });
});

describe('certificatePolicies qualifiers', () => {
  const policies = (critical: boolean) => ({
    oid: '2.5.29.32',
    critical,
    value: seq(seq(oid('1.3.6.1.4.1.55555.1'), seq(seq(oid('1.3.6.1.4.1.55555.7'), ia5('x'))))),
  });
  it('an unknown qualifier refuses a critical certificatePolicies only', async () => {
    expect(await verify(leafWith({ extensions: [policies(true)] }))).toEqual({
      code: 'ERR_CLIENT_CERT_CHAIN_INVALID',
      reason: 'policy-qualifier-unknown',
    });
    expect(await verify(leafWith({ extensions: [policies(false)] }))).toBe(OK);
  });

  it('the refusal names the qualifier', async () => {
    expect(await messageOf(leafWith({ extensions: [policies(true)] }))).toContain('carries the policy qualifier 1.3.6.1.4.1.55555.7');
  });
});

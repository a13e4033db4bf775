// What the mutation run of src/verify/checks.ts found unpinned: the text of each path refusal (the
// certificate it names, "(empty subject)" for one without a subject, the rule and its figures), the
// v1 trust anchor exemption from basicConstraints (and only for the anchor), and the message of an
// invalid clock. Each case asserts the exact code and reason as well.
import { createVerifier, type VerifierOptions } from '../src/index';
import { sign } from 'node:crypto';
import { EKU, NOW, makeCert, toPem, type CertSpec, type TestCert } from './helpers/pki';
import { bitString, ctx, elements, ia5, integer, seq, tlv } from './helpers/der';
import { fakeKey, randomOdd, rsaSpki } from './helpers/refusal';

const S = 1000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const root = makeCert({ subject: { O: 'Checks Mut', CN: 'Root' }, ca: true, notBefore: at(-1e10) });
const ica = makeCert({ subject: { O: 'Checks Mut', CN: 'ICA' }, issuer: root, ca: true, notBefore: at(-1e10) });
const leafWith = (spec: Partial<CertSpec> = {}, issuer: TestCert = ica) =>
  makeCert({ subject: { O: 'Checks Mut', CN: 'leaf' }, issuer, ...spec });

interface Outcome {
  code: string;
  reason: string;
  message: string;
}

/** The code, reason and message `leaf` is refused with ('accepted' when it is not). */
async function outcome(
  leaf: TestCert,
  options: Partial<VerifierOptions> = {},
  chain: TestCert[] = [ica],
  anchor: TestCert = root,
): Promise<Outcome | 'accepted'> {
  return createVerifier({ trustAnchors: anchor.pem, now: () => NOW, ...options })
    .verify({ certificate: leaf.pem, chain: chain.map((c) => c.pem) })
    .then(
      () => 'accepted' as const,
      (e: { code: string; reason: string; message: string }) => ({ code: e.code, reason: e.reason, message: e.message }),
    );
}

const CHAIN_INVALID = 'ERR_CLIENT_CERT_CHAIN_INVALID';

describe('a refusal names the certificate', () => {
  it('by its subject', async () => {
    expect(await outcome(leafWith({ notAfter: at(-60 * S) }))).toEqual({
      code: 'ERR_CLIENT_CERT_EXPIRED',
      reason: 'validity-expired',
      message: expect.stringMatching(/^Certificate CN=leaf, ?O=Checks Mut is refused: it expired at /) as unknown as string,
    });
  });

  it('as "(empty subject)" when it has none', async () => {
    const nameless = leafWith({
      subject: seq(),
      notAfter: at(-60 * S),
      extensions: [{ oid: '2.5.29.17', critical: true, value: seq(ia5('nameless@example.com', 0x81)) }],
    });
    const result = await outcome(nameless);
    expect(result).toMatchObject({ code: 'ERR_CLIENT_CERT_EXPIRED', reason: 'validity-expired' });
    expect((result as Outcome).message).toContain(`Certificate (empty subject) is refused: it expired at ${at(-60 * S).toISOString()}`);
  });
});

describe('the messages of the path rules', () => {
  it('keyUsage without digitalSignature', async () => {
    expect(await outcome(leafWith({ keyUsage: ['keyAgreement'] }))).toMatchObject({
      code: 'ERR_CLIENT_CERT_USAGE',
      reason: 'key-usage-not-allowed',
    });
    expect(((await outcome(leafWith({ keyUsage: ['keyAgreement'] }))) as Outcome).message).toContain(
      'is refused: its keyUsage does not allow digitalSignature',
    );
  });

  it('an empty extKeyUsage', async () => {
    const empty = leafWith({ eku: null, extensions: [{ oid: '2.5.29.37', value: seq() }] });
    const result = await outcome(empty);
    expect(result).toMatchObject({ code: 'ERR_CLIENT_CERT_USAGE', reason: 'eku-empty' });
    expect((result as Outcome).message).toContain('is refused: its extKeyUsage extension is empty');
  });

  it('an unknown critical extension, by its OID', async () => {
    const result = await outcome(leafWith({ extensions: [{ oid: '1.3.6.1.4.1.55555.98', critical: true, value: seq() }] }));
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason: 'critical-extension-unknown' });
    expect((result as Outcome).message).toContain('is refused: it has an unrecognised critical extension 1.3.6.1.4.1.55555.98');
  });

  it('an RSA modulus that is not a multiple of 8 bits, for serverAuth, with its size', async () => {
    // No private key exists for this modulus: the refusal comes before any signature with it.
    const odd = leafWith({ key: fakeKey(rsaSpki(randomOdd(2047 + 8), 65537n)), eku: [EKU.serverAuth], san: { dns: ['svc.example'] } });
    const result = await outcome(odd, { requiredEku: [EKU.serverAuth] });
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason: 'rsa-key-size-not-multiple-of-8' });
    expect((result as Outcome).message).toContain('is refused: its RSA modulus has 2055 bits, not a multiple of 8 (CA/B Forum BR 6.1.5)');
  });

  it("an AKI that is not the issuer's SKI, naming the issuer", async () => {
    const leaf = leafWith({ noKeyIds: true, extensions: [{ oid: '2.5.29.35', value: seq(tlv(0x80, new Uint8Array(20).fill(7))) }] });
    const result = await outcome(leaf);
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason: 'aki-ski-mismatch' });
    expect((result as Outcome).message).toMatch(
      /is refused: its authorityKeyIdentifier does not match the subjectKeyIdentifier of CN=ICA, ?O=Checks Mut$/,
    );
  });

  it('an issuer that is not a CA', async () => {
    const notCa = makeCert({ subject: { O: 'Checks Mut', CN: 'Not CA' }, issuer: root, ca: false, keyUsage: null, eku: null });
    const result = await outcome(leafWith({}, notCa), { requiredEku: null }, [notCa]);
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason: 'issuer-not-ca' });
    expect((result as Outcome).message).toContain('is refused: it issued a certificate but is not a CA (basicConstraints cA is not set)');
  });

  it('an issuer without keyCertSign', async () => {
    const noSign = makeCert({ subject: { O: 'Checks Mut', CN: 'No Sign' }, issuer: root, ca: true, keyUsage: ['cRLSign'] });
    const result = await outcome(leafWith({}, noSign), {}, [noSign]);
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason: 'key-cert-sign-missing' });
    expect((result as Outcome).message).toContain('is refused: it issued a certificate but its keyUsage lacks keyCertSign');
  });

  it('a pathLenConstraint exceeded, with both figures', async () => {
    const tight = makeCert({ subject: { O: 'Checks Mut', CN: 'Tight Root' }, ca: true, pathLen: 0 });
    const mid = makeCert({ subject: { O: 'Checks Mut', CN: 'Mid' }, issuer: tight, ca: true });
    const result = await outcome(leafWith({}, mid), {}, [mid], tight);
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason: 'path-len-exceeded' });
    expect((result as Outcome).message).toContain('is refused: its pathLenConstraint 0 allows fewer intermediates than the 1 below it');
  });

  it('a pathLenConstraint counts every intermediate below the CA: pathLen 1 with two below', async () => {
    // root(pathLen 1) → a → b → leaf: at the root, two intermediates are below (a and b); at a, one.
    const deepRoot = makeCert({ subject: { O: 'Checks Mut', CN: 'Deep Root' }, ca: true, pathLen: 1 });
    const a = makeCert({ subject: { O: 'Checks Mut', CN: 'A' }, issuer: deepRoot, ca: true });
    const b = makeCert({ subject: { O: 'Checks Mut', CN: 'B' }, issuer: a, ca: true });
    const result = await outcome(leafWith({}, b), {}, [b, a], deepRoot);
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason: 'path-len-exceeded' });
    expect((result as Outcome).message).toContain('its pathLenConstraint 1 allows fewer intermediates than the 2 below it');
  });

  it('an issuer restricted to other purposes lists every purpose it lacks, comma-separated', async () => {
    const other = '1.3.6.1.4.1.55555.3';
    const restricted = makeCert({ subject: { O: 'Checks Mut', CN: 'EKU ICA' }, issuer: root, ca: true, eku: [EKU.serverAuth] });
    const leaf = leafWith({ eku: [EKU.clientAuth, other] }, restricted);
    const result = await outcome(leaf, { requiredEku: [EKU.clientAuth, other] }, [restricted]);
    expect(result).toMatchObject({ code: 'ERR_CLIENT_CERT_USAGE', reason: 'eku-not-allowed-for-issuer' });
    expect((result as Outcome).message).toContain(
      `its extKeyUsage does not allow ${EKU.clientAuth}, ${other} for the certificates it issues`,
    );
  });
});

describe('a v1 certificate may issue only as the trust anchor', () => {
  // v1 certificates carry no extensions, so no basicConstraints: RFC 5280 §6.1 takes a v1 anchor as
  // it is (its trust comes from the configuration), but a v1 intermediate is no CA.
  const v1Root = makeCert({ subject: { O: 'Checks Mut', CN: 'V1 Root' }, version: 1 });
  /** A self-signed v2 certificate (version [0] INTEGER 1, no extensions: v2 has none). */
  function v2Root(): TestCert {
    const v1 = makeCert({ subject: { O: 'Checks Mut', CN: 'V2 Root' }, version: 1 });
    const tbs = seq(ctx(0, integer(1)), ...elements(elements(v1.der)[0]));
    const der = seq(tbs, elements(v1.der)[1], bitString(new Uint8Array(sign('sha256', tbs, v1.key.privateKey))));
    return { ...v1, der, pem: toPem(der) };
  }

  it.each<[string, Partial<VerifierOptions>]>([
    ['for clientAuth', {}],
    ['for no purpose', { requiredEku: null }],
  ])('a v1 anchor issues the leaf, %s', async (_name, options) => {
    expect(await outcome(leafWith({}, v1Root), options, [], v1Root)).toBe('accepted');
  });

  it('a v2 anchor does not: the configuration takes it (only a v3 anchor must say cA), every path refuses it', async () => {
    const v2 = v2Root();
    expect(await outcome(leafWith({}, v2), { requiredEku: null }, [], v2)).toMatchObject({
      code: CHAIN_INVALID,
      reason: 'issuer-not-ca',
    });
  });

  it('a v1 intermediate does not', async () => {
    const v1Ica = makeCert({ subject: { O: 'Checks Mut', CN: 'V1 ICA' }, issuer: root, version: 1 });
    expect(await outcome(leafWith({}, v1Ica), { requiredEku: null }, [v1Ica])).toMatchObject({
      code: CHAIN_INVALID,
      reason: 'issuer-not-ca',
    });
  });
});

it('an invalid clock says which option is at fault', async () => {
  const result = await createVerifier({ trustAnchors: root.pem, now: () => new Date(Number.NaN) })
    .verify({ certificate: leafWith().pem, chain: [ica.pem] })
    .then(
      () => 'accepted',
      (e: { code: string; reason: string; message: string }) => ({ code: e.code, reason: e.reason, message: e.message }),
    );
  expect(result).toEqual({
    code: 'ERR_CLIENT_CERT_UNTRUSTED',
    reason: 'clock-invalid',
    message: expect.stringContaining('The validation clock (the `now` option) returned an invalid date or threw') as unknown as string,
  });
});

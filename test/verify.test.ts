import { createVerifier, ClientCertError, type VerifierOptions } from '../src/index';
import { DAY, EKU, NOW, makeCert, makeKey, makePki, type CertSpec, type TestCert } from './helpers/pki';
import { ctx, integer, octets, oid, seq, tlv } from './helpers/der';
import { verifyWithDeadline } from './helpers/deadline';

const clock = (): Date => NOW;
const pki = makePki('Verify');
const { root, intermediate, leaf } = pki;

function verifier(options: Partial<VerifierOptions> = {}) {
  return createVerifier({ trustAnchors: root.pem, now: clock, ...options });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ClientCertError);
    return (err as ClientCertError).code;
  }
  return 'ACCEPTED';
}

function leafUnder(issuer: TestCert, spec: Partial<CertSpec> = {}): TestCert {
  return makeCert({ subject: { O: 'Verify', CN: 'bob' }, issuer, ...spec });
}

describe('createVerifier: a valid path', () => {
  it('verifies leaf + intermediate to the anchor and returns the identity', async () => {
    const id = await verifier().verify({ certificate: leaf.pem, chain: [intermediate.pem] });
    expect(id.subject).toBe('CN=alice,O=Verify');
    expect(id.issuer).toBe('CN=Verify Issuing CA,O=Verify');
    expect(id.subjectAttributes).toEqual({ O: ['Verify'], CN: ['alice'] });
    expect(id.fingerprint256).toBe(leaf.fingerprint256);
    expect(id.san.email).toEqual(['alice@example.com']);
    expect(id.chain.map((c) => c.fingerprint256)).toEqual([leaf.fingerprint256, intermediate.fingerprint256, root.fingerprint256]);
    expect(Buffer.from(id.der).equals(Buffer.from(leaf.der))).toBe(true);
  });

  it('accepts DER bytes and PEM mixed, chain in any order with duplicates, extras and the root', async () => {
    const stranger = makePki('Stranger');
    const id = await verifier().verify({
      certificate: Buffer.from(leaf.der),
      chain: [root.der, stranger.intermediate.pem, intermediate.pem, intermediate.der, stranger.root.pem],
    });
    expect(id.chain).toHaveLength(3);
  });

  it('finds the right issuer when a distractor with the same name and a different key comes first', async () => {
    const fake = makeCert({ subject: { O: 'Verify', CN: 'Verify Issuing CA' }, issuer: root, ca: true });
    const id = await verifier().verify({ certificate: leaf.pem, chain: [fake.pem, intermediate.pem] });
    expect(id.chain[1].fingerprint256).toBe(intermediate.fingerprint256);
  });

  it('verifies a leaf issued directly by the anchor', async () => {
    const direct = leafUnder(root);
    await expect(verifier().verify({ certificate: direct.pem })).resolves.toMatchObject({ subject: 'CN=bob,O=Verify' });
  });

  it.each(['p384', 'rsa2048', 'ed25519'] as const)('verifies %s keys and signatures', async (kind) => {
    const r = makeCert({ subject: `Root ${kind}`, ca: true, key: makeKey(kind, 'root'), hash: kind === 'p384' ? 'sha384' : 'sha256' });
    const l = makeCert({ subject: `Leaf ${kind}`, issuer: r, key: makeKey(kind, 'leaf'), hash: kind === 'p384' ? 'sha384' : 'sha256' });
    await expect(createVerifier({ trustAnchors: r.pem, now: clock }).verify({ certificate: l.pem })).resolves.toBeDefined();
  });
});

describe('createVerifier: refusal codes', () => {
  it('ERR_CLIENT_CERT_UNTRUSTED: issuer unknown (intermediate not forwarded)', async () => {
    expect(await codeOf(verifier().verify({ certificate: leaf.pem }))).toBe('ERR_CLIENT_CERT_UNTRUSTED');
  });

  it('ERR_CLIENT_CERT_UNTRUSTED: another CA', async () => {
    const other = makePki('Other');
    expect(await codeOf(verifier().verify({ certificate: other.leaf.pem, chain: [other.intermediate.pem] }))).toBe(
      'ERR_CLIENT_CERT_UNTRUSTED',
    );
  });

  it('ERR_CLIENT_CERT_UNTRUSTED: a self-signed leaf that copies the root name', async () => {
    const forged = makeCert({ subject: { O: 'Verify', CN: 'Verify Root CA' }, ca: true });
    const forgedLeaf = leafUnder(forged);
    expect(await codeOf(verifier().verify({ certificate: forgedLeaf.pem, chain: [forged.pem] }))).toBe('ERR_CLIENT_CERT_UNTRUSTED');
  });

  it('ERR_CLIENT_CERT_UNTRUSTED: a bad signature', async () => {
    const der = Buffer.from(leaf.der);
    der[der.length - 5] ^= 0x01;
    expect(await codeOf(verifier().verify({ certificate: der, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_UNTRUSTED');
  });

  it('ERR_CLIENT_CERT_EXPIRED: leaf expired', async () => {
    const old = leafUnder(intermediate, { notBefore: new Date(NOW.getTime() - 10 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
    expect(await codeOf(verifier().verify({ certificate: old.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_EXPIRED');
  });

  it('ERR_CLIENT_CERT_EXPIRED: intermediate expired', async () => {
    const ica = makeCert({ subject: 'Old ICA', issuer: root, ca: true, notAfter: new Date(NOW.getTime() - DAY) });
    const l = leafUnder(ica);
    expect(await codeOf(verifier().verify({ certificate: l.pem, chain: [ica.pem] }))).toBe('ERR_CLIENT_CERT_EXPIRED');
  });

  it('ERR_CLIENT_CERT_NOT_YET_VALID', async () => {
    const future = leafUnder(intermediate, { notBefore: new Date(NOW.getTime() + DAY) });
    expect(await codeOf(verifier().verify({ certificate: future.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_NOT_YET_VALID');
  });

  it('validity is inclusive at both ends', async () => {
    const exact = leafUnder(intermediate, { notBefore: NOW, notAfter: NOW });
    await expect(verifier().verify({ certificate: exact.pem, chain: [intermediate.pem] })).resolves.toBeDefined();
    const v = verifier({ now: () => new Date(NOW.getTime() + 1000) });
    expect(await codeOf(v.verify({ certificate: exact.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_EXPIRED');
  });

  it('ERR_CLIENT_CERT_CHAIN_INVALID: issuer without cA', async () => {
    const notCa = makeCert({ subject: 'Not a CA', issuer: root, ca: false, keyUsage: ['keyCertSign'] });
    expect(await codeOf(verifier().verify({ certificate: leafUnder(notCa).pem, chain: [notCa.pem] }))).toBe(
      'ERR_CLIENT_CERT_CHAIN_INVALID',
    );
  });

  it('ERR_CLIENT_CERT_CHAIN_INVALID: issuer without basicConstraints', async () => {
    const noBc = makeCert({ subject: 'No BC', issuer: root, keyUsage: ['keyCertSign'] });
    expect(await codeOf(verifier().verify({ certificate: leafUnder(noBc).pem, chain: [noBc.pem] }))).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('ERR_CLIENT_CERT_CHAIN_INVALID: issuer keyUsage without keyCertSign', async () => {
    const ica = makeCert({ subject: 'No keyCertSign', issuer: root, ca: true, keyUsage: ['cRLSign', 'digitalSignature'] });
    expect(await codeOf(verifier().verify({ certificate: leafUnder(ica).pem, chain: [ica.pem] }))).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('ERR_CLIENT_CERT_CHAIN_INVALID: pathLenConstraint exceeded', async () => {
    // intermediate has pathLen 0: a second intermediate below it is one too many.
    const sub = makeCert({ subject: 'Sub CA', issuer: intermediate, ca: true });
    const l = leafUnder(sub);
    expect(await codeOf(verifier().verify({ certificate: l.pem, chain: [sub.pem, intermediate.pem] }))).toBe(
      'ERR_CLIENT_CERT_CHAIN_INVALID',
    );
    // Under a root with pathLen 1 the same shape is fine.
    const r = makeCert({ subject: 'Root PL1', ca: true, pathLen: 1 });
    const i1 = makeCert({ subject: 'I1', issuer: r, ca: true });
    const i2 = makeCert({ subject: 'I2', issuer: i1, ca: true });
    const l2 = leafUnder(i2);
    const v = createVerifier({ trustAnchors: r.pem, now: clock });
    expect(await codeOf(v.verify({ certificate: l2.pem, chain: [i2.pem, i1.pem] }))).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
    await expect(v.verify({ certificate: leafUnder(i1).pem, chain: [i1.pem] })).resolves.toBeDefined();
  });

  it('ERR_CLIENT_CERT_CHAIN_INVALID: unknown critical extension (leaf or CA)', async () => {
    const ext = { oid: '1.3.6.1.4.1.55555.1', critical: true, value: seq() };
    const l = leafUnder(intermediate, { extensions: [ext] });
    expect(await codeOf(verifier().verify({ certificate: l.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
    const ica = makeCert({ subject: 'Critical ICA', issuer: root, ca: true, extensions: [ext] });
    expect(await codeOf(verifier().verify({ certificate: leafUnder(ica).pem, chain: [ica.pem] }))).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
    // The same extension, not critical, is ignored.
    const ok = leafUnder(intermediate, { extensions: [{ ...ext, critical: false }] });
    await expect(verifier().verify({ certificate: ok.pem, chain: [intermediate.pem] })).resolves.toBeDefined();
  });

  it('ERR_CLIENT_CERT_CHAIN_INVALID: SHA-1 and MD5 signatures', async () => {
    const rsaRoot = makeCert({ subject: 'RSA Root', ca: true, key: makeKey('rsa2048', 'root') });
    for (const hash of ['sha1', 'md5'] as const) {
      const l = makeCert({ subject: `weak ${hash}`, issuer: rsaRoot, hash });
      const v = createVerifier({ trustAnchors: rsaRoot.pem, now: clock });
      expect(await codeOf(v.verify({ certificate: l.pem }))).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
    }
    const ecSha1 = makeCert({ subject: 'weak ecdsa-sha1', issuer: root, hash: 'sha1' });
    expect(await codeOf(verifier().verify({ certificate: ecSha1.pem }))).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('ERR_CLIENT_CERT_CHAIN_INVALID: an RSA-1024 CA key', async () => {
    const weakRoot = makeCert({ subject: 'Weak Root', ca: true, key: makeKey('rsa1024', 'root') });
    const v = createVerifier({ trustAnchors: weakRoot.pem, now: clock });
    expect(await codeOf(v.verify({ certificate: leafUnder(weakRoot).pem }))).toBe('ERR_CLIENT_CERT_CHAIN_INVALID');
  });

  it('ERR_CLIENT_CERT_CHAIN_INVALID: inner and outer signature algorithms differ', async () => {
    const l = leafUnder(intermediate, { tbsSignatureAlgorithm: seq(oid('1.2.840.10045.4.3.3')) });
    expect(await codeOf(verifier().verify({ certificate: l.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_UNTRUSTED');
  });

  it('ERR_CLIENT_CERT_USAGE: an RSA-1024 leaf key, an unsupported curve', async () => {
    const weak = leafUnder(intermediate, { key: makeKey('rsa1024', 'leaf') });
    expect(await codeOf(verifier().verify({ certificate: weak.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_USAGE');
    const k1 = leafUnder(intermediate, { key: makeKey('secp256k1', 'leaf') });
    expect(await codeOf(verifier().verify({ certificate: k1.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_USAGE');
  });

  it('ERR_CLIENT_CERT_USAGE: EKU without clientAuth, empty EKU, anyExtendedKeyUsage', async () => {
    for (const eku of [[EKU.serverAuth], [], [EKU.any]]) {
      const l = leafUnder(intermediate, { eku });
      expect(await codeOf(verifier().verify({ certificate: l.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_USAGE');
    }
  });

  it('ERR_CLIENT_CERT_USAGE: keyUsage without digitalSignature', async () => {
    const l = leafUnder(intermediate, { keyUsage: ['keyEncipherment'] });
    expect(await codeOf(verifier().verify({ certificate: l.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_USAGE');
  });

  it('ERR_CLIENT_CERT_USAGE: an intermediate restricted to serverAuth cannot issue client certificates', async () => {
    const ica = makeCert({ subject: 'Server ICA', issuer: root, ca: true, eku: [EKU.serverAuth] });
    expect(await codeOf(verifier().verify({ certificate: leafUnder(ica).pem, chain: [ica.pem] }))).toBe('ERR_CLIENT_CERT_USAGE');
  });

  it('a leaf without EKU or keyUsage is fit for client authentication', async () => {
    const l = leafUnder(intermediate, { eku: null, keyUsage: null });
    await expect(verifier().verify({ certificate: l.pem, chain: [intermediate.pem] })).resolves.toBeDefined();
  });

  it('ERR_CLIENT_CERT_NOT_ALLOWED: leaf not in allowedFingerprints (with anchors both must pass)', async () => {
    const other = leafUnder(intermediate);
    const v = verifier({ allowedFingerprints: [leaf.fingerprint256] });
    await expect(v.verify({ certificate: leaf.pem, chain: [intermediate.pem] })).resolves.toBeDefined();
    expect(await codeOf(v.verify({ certificate: other.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_NOT_ALLOWED');
    // Allowed but not chaining to the anchor still fails.
    const stray = makeCert({ subject: 'stray' });
    const v2 = verifier({ allowedFingerprints: [stray.fingerprint256] });
    expect(await codeOf(v2.verify({ certificate: stray.pem }))).toBe('ERR_CLIENT_CERT_UNTRUSTED');
  });

  it('ERR_CLIENT_CERT_MALFORMED / MISSING for bad input', async () => {
    expect(await codeOf(verifier().verify({ certificate: 'not a certificate' }))).toBe('ERR_CLIENT_CERT_MALFORMED');
    expect(await codeOf(verifier().verify({ certificate: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]) }))).toBe(
      'ERR_CLIENT_CERT_MALFORMED',
    );
    expect(await codeOf(verifier().verify({ certificate: leaf.pem + intermediate.pem }))).toBe('ERR_CLIENT_CERT_MALFORMED');
    expect(await codeOf(verifier().verify({ certificate: leaf.pem, chain: ['junk'] }))).toBe('ERR_CLIENT_CERT_MALFORMED');
    expect(await codeOf(verifier().verify({} as never))).toBe('ERR_CLIENT_CERT_MISSING');
  });
});

describe('createVerifier: options', () => {
  it('allowedFingerprints alone pins leaves (colons and case ignored) and still checks validity and usage', async () => {
    const self = makeCert({ subject: 'pinned device' });
    const colon = self.fingerprint256.toUpperCase().match(/../g)!.join(':');
    const v = createVerifier({ allowedFingerprints: [colon], now: clock });
    await expect(v.verify({ certificate: self.pem })).resolves.toMatchObject({ subject: 'CN=pinned device' });
    const expired = makeCert({ subject: 'pinned old', notAfter: new Date(NOW.getTime() - DAY) });
    const v2 = createVerifier({ allowedFingerprints: [expired.fingerprint256], now: clock });
    expect(await codeOf(v2.verify({ certificate: expired.pem }))).toBe('ERR_CLIENT_CERT_EXPIRED');
  });

  it('intermediates: an extra untrusted pool for proxies that forward only the leaf', async () => {
    const v = verifier({ intermediates: intermediate.pem });
    await expect(v.verify({ certificate: leaf.pem })).resolves.toBeDefined();
    // An intermediate is never a trust anchor.
    const v2 = createVerifier({ trustAnchors: intermediate.pem, intermediates: [], now: clock });
    await expect(v2.verify({ certificate: leaf.pem })).resolves.toBeDefined();
    const v3 = createVerifier({ trustAnchors: makePki('X').root.pem, intermediates: [intermediate.pem, root.pem], now: clock });
    expect(await codeOf(v3.verify({ certificate: leaf.pem }))).toBe('ERR_CLIENT_CERT_UNTRUSTED');
  });

  it('requiredEku: custom list and null', async () => {
    const server = leafUnder(intermediate, { eku: [EKU.serverAuth] });
    await expect(
      verifier({ requiredEku: [EKU.serverAuth] }).verify({ certificate: server.pem, chain: [intermediate.pem] }),
    ).resolves.toBeDefined();
    await expect(verifier({ requiredEku: null }).verify({ certificate: server.pem, chain: [intermediate.pem] })).resolves.toBeDefined();
    expect(await codeOf(verifier({ requiredEku: [EKU.serverAuth] }).verify({ certificate: leaf.pem, chain: [intermediate.pem] }))).toBe(
      'ERR_CLIENT_CERT_USAGE',
    );
  });

  it('now and clockToleranceSec', async () => {
    const l = leafUnder(intermediate, { notBefore: new Date(NOW.getTime() + 30_000) });
    expect(await codeOf(verifier().verify({ certificate: l.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_NOT_YET_VALID');
    await expect(verifier({ clockToleranceSec: 60 }).verify({ certificate: l.pem, chain: [intermediate.pem] })).resolves.toBeDefined();
    await expect(
      verifier({ now: () => new Date(NOW.getTime() + 60_000) }).verify({ certificate: l.pem, chain: [intermediate.pem] }),
    ).resolves.toBeDefined();
  });

  it('maxChainLength counts certificates including the anchor', async () => {
    await expect(verifier({ maxChainLength: 3 }).verify({ certificate: leaf.pem, chain: [intermediate.pem] })).resolves.toBeDefined();
    expect(await codeOf(verifier({ maxChainLength: 2 }).verify({ certificate: leaf.pem, chain: [intermediate.pem] }))).toBe(
      'ERR_CLIENT_CERT_UNTRUSTED',
    );
  });

  it('trustAnchors may hold several CAs in one PEM string or a list', async () => {
    const other = makePki('Multi');
    const v = createVerifier({ trustAnchors: other.root.pem + root.pem, now: clock });
    await expect(v.verify({ certificate: leaf.pem, chain: [intermediate.pem] })).resolves.toBeDefined();
    await expect(v.verify({ certificate: other.leaf.pem, chain: [other.intermediate.pem] })).resolves.toBeDefined();
    const v2 = createVerifier({ trustAnchors: [other.root.der, root.pem], now: clock });
    await expect(v2.verify({ certificate: leaf.pem, chain: [intermediate.pem] })).resolves.toBeDefined();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no anchors and no fingerprints', {}, /trustAnchors.*allowedFingerprints/],
    ['a PEM without a certificate', { trustAnchors: 'hello' }, /BEGIN CERTIFICATE/],
    ['a broken PEM', { trustAnchors: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }, /does not parse/],
    ['a leaf as anchor', { trustAnchors: leaf.pem }, /not a CA/],
    ['an unknown option', { trustAnchor: root.pem }, /Did you mean `trustAnchors`/],
    ['a bad fingerprint', { allowedFingerprints: ['abc'] }, /SHA-256/],
    ['a bad requiredEku', { trustAnchors: root.pem, requiredEku: 'clientAuth' }, /dotted OIDs/],
    ['a negative tolerance', { trustAnchors: root.pem, clockToleranceSec: -1 }, /clockToleranceSec/],
    ['a zero maxChainLength', { trustAnchors: root.pem, maxChainLength: 0 }, /maxChainLength/],
  ])('throws TypeError for %s', (_name, options, message) => {
    expect(() => createVerifier(options as VerifierOptions)).toThrow(TypeError);
    expect(() => createVerifier(options as VerifierOptions)).toThrow(message);
  });
});

// Each runs in a worker with a deadline (test/helpers/deadline.ts): were a budget or loop guard
// lost, the search would run away synchronously, and that must end as this test failing.
describe('createVerifier: adversarial path building terminates', () => {
  const anchored = { trustAnchors: root.pem, nowMs: NOW.getTime() };

  it('many certificates with the issuer name but wrong keys', async () => {
    const distractors = Array.from({ length: 40 }, () =>
      makeCert({ subject: { O: 'Verify', CN: 'Verify Issuing CA' }, ca: true, issuer: makeCert({ subject: 'x', ca: true }) }),
    );
    const verdict = await verifyWithDeadline('wrong-key distractors', anchored, {
      certificate: leaf.pem,
      chain: distractors.map((d) => d.pem),
    });
    expect(verdict).toMatchObject({ accepted: false, code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'signature-invalid' });
  });

  it('many certificates sharing one name and one key, chained to each other', async () => {
    const k = makeKey('p256');
    let prev = makeCert({ subject: 'Same Name', key: k, ca: true });
    const pool = [prev];
    for (let i = 0; i < 30; i++) {
      prev = makeCert({ subject: 'Same Name', key: k, issuer: prev, ca: true });
      pool.push(prev);
    }
    const l = makeCert({ subject: 'same-name leaf', issuer: prev });
    // Every pool certificate verifies the leaf and each other: the search is bounded, then refuses.
    const verdict = await verifyWithDeadline('same name and key', anchored, { certificate: l.pem, chain: pool.map((c) => c.pem) });
    expect(verdict).toMatchObject({ accepted: false, code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'budget-exhausted' });
  });

  it('a wide pool of distractor CAs in front of the real intermediate still finds the path', async () => {
    const distractors = Array.from({ length: 9 }, (_, i) => makeCert({ subject: `Distractor ${i}`, issuer: root, ca: true }).pem);
    const verdict = await verifyWithDeadline('wide pool', anchored, { certificate: leaf.pem, chain: [...distractors, intermediate.pem] });
    expect(verdict).toEqual({ accepted: true, chainLength: 3 });
  });

  it('a cycle of cross-signed CAs that never reaches the anchor', async () => {
    const ka = makeKey('p256');
    const kb = makeKey('p256');
    const aSelf = makeCert({ subject: 'Cycle A', key: ka, ca: true });
    const bSelf = makeCert({ subject: 'Cycle B', key: kb, ca: true });
    const aByB = makeCert({ subject: 'Cycle A', key: ka, issuer: bSelf, ca: true });
    const bByA = makeCert({ subject: 'Cycle B', key: kb, issuer: aSelf, ca: true });
    const l = makeCert({ subject: 'cycle leaf', issuer: aSelf });
    const verdict = await verifyWithDeadline('cross-signed cycle', anchored, { certificate: l.pem, chain: [aByB.pem, bByA.pem] });
    expect(verdict).toMatchObject({ accepted: false, code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'issuer-unknown' });
  });

  it('sixty candidate issuers with the right name and wrong keys stop at the work budget', async () => {
    const flood = makeCert({ subject: 'flood leaf', issuer: makeCert({ subject: 'Flood CA', ca: true, noKeyIds: true }), noKeyIds: true });
    const chain = Array.from({ length: 60 }, () => makeCert({ subject: 'Flood CA', issuer: root, ca: true, noKeyIds: true }).pem);
    const verdict = await verifyWithDeadline('flood of candidate issuers', anchored, { certificate: flood.pem, chain });
    expect(verdict).toMatchObject({ accepted: false, code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'budget-exhausted' });
  });
});

describe('identity fields', () => {
  it('serialNumber is the lowercase hex magnitude with even digits', async () => {
    const a = leafUnder(intermediate, { serial: 7 });
    const b = leafUnder(intermediate, { serial: 0xf1020304 });
    expect((await verifier().verify({ certificate: a.pem, chain: [intermediate.pem] })).serialNumber).toBe('07');
    expect((await verifier().verify({ certificate: b.pem, chain: [intermediate.pem] })).serialNumber).toBe('f1020304');
  });

  it('subject escapes RFC 4514 special characters and lists repeated attributes in order', async () => {
    const l = makeCert({ subject: { O: 'Acme, Inc.', OU: ['a', 'b'], CN: ' #lead+trail ' }, issuer: intermediate });
    const id = await verifier().verify({ certificate: l.pem, chain: [intermediate.pem] });
    expect(id.subject).toBe('CN=\\ #lead\\+trail\\ ,OU=b,OU=a,O=Acme\\, Inc.');
    const hash = makeCert({ subject: { CN: '#x;<y>"z\\' }, issuer: intermediate });
    expect((await verifier().verify({ certificate: hash.pem, chain: [intermediate.pem] })).subject).toBe('CN=\\#x\\;\\<y\\>\\"z\\\\');
    expect(id.subjectAttributes.OU).toEqual(['a', 'b']);
  });

  it('san lists dns, email, uri and ip (IPv6 compressed)', async () => {
    const ip6 = new Uint8Array(16);
    ip6[0] = 0x20;
    ip6[1] = 0x01;
    ip6[2] = 0x0d;
    ip6[3] = 0xb8;
    ip6[15] = 1;
    const l = leafUnder(intermediate, {
      san: { dns: ['svc.internal'], email: ['a@b.c'], uri: ['spiffe://t/ns/x'], ip: [new Uint8Array([10, 0, 0, 1]), ip6] },
    });
    const id = await verifier().verify({ certificate: l.pem, chain: [intermediate.pem] });
    expect(id.san).toEqual({ dns: ['svc.internal'], email: ['a@b.c'], uri: ['spiffe://t/ns/x'], ip: ['10.0.0.1', '2001:db8::1'] });
  });

  it('the identity is frozen and shares nothing between calls', async () => {
    const v = verifier();
    const a = await v.verify({ certificate: leaf.pem, chain: [intermediate.pem] });
    const b = await v.verify({ certificate: leaf.pem, chain: [intermediate.pem] });
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.subjectAttributes.CN)).toBe(true);
    expect(a.der).not.toBe(b.der);
    a.der[0] = 0;
    expect(b.der[0]).toBe(0x30);
  });
});

describe('DER strictness', () => {
  it.each<[string, (der: Uint8Array) => Uint8Array]>([
    ['trailing bytes', (der) => Buffer.concat([der, Buffer.from([0])])],
    ['truncated', (der) => der.subarray(0, der.length - 1)],
    ['indefinite length', (der) => Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(4), Buffer.from([0, 0])])],
    ['non-minimal length', (der) => Buffer.concat([Buffer.from([0x30, 0x83, 0x00]), der.subarray(2)])],
    ['not a sequence', (der) => Buffer.concat([Buffer.from([0x31]), der.subarray(1)])],
    ['an integer', () => integer(5)],
    [
      'a TBS with an extra field',
      () => seq(seq(ctx(0, integer(2)), integer(1), tlv(0x05, new Uint8Array(0))), seq(), octets(new Uint8Array(1))),
    ],
  ])('%s is ERR_CLIENT_CERT_MALFORMED', async (_name, mutate) => {
    expect(await codeOf(verifier().verify({ certificate: new Uint8Array(mutate(leaf.der)) }))).toBe('ERR_CLIENT_CERT_MALFORMED');
  });
});

describe('an invalid clock', () => {
  it('never makes a certificate current (path and pinning alike)', async () => {
    const bad = { now: () => new Date(Number.NaN) };
    expect(await codeOf(verifier(bad).verify({ certificate: leaf.pem, chain: [intermediate.pem] }))).toBe('ERR_CLIENT_CERT_UNTRUSTED');
    const pinned = createVerifier({ allowedFingerprints: [leaf.fingerprint256], ...bad });
    expect(await codeOf(pinned.verify({ certificate: leaf.pem }))).toBe('ERR_CLIENT_CERT_UNTRUSTED');
  });
});

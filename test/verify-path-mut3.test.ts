// What src/verify/path.ts still left unpinned: the physical bound on self-issued intermediates
// (twice maxChainLength), the self-issued count undone on backtracking, certificates released
// from the path when a branch fails, a forwarded copy of an anchor never used as an intermediate,
// duplicates in the chain counted once, and link results kept for the next request. Each case is
// the smallest chain that breaks one rule or sits on its bound, and asserts the exact verdict.
import { createVerifier, type VerifierOptions } from '../src/index';
import { CANDIDATE_BUDGET } from '../src/verify/path';
import { NOW, makeCert, makeKey, type TestCert } from './helpers/pki';
import { fakeKey, randomOdd, rsaSpki, verdictOf } from './helpers/refusal';
import { makeDsaFamily, makeDsaIssuedCert } from './helpers/dsa';

// The module object itself (not an import namespace), so that spies see the library's calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeCrypto = require('node:crypto') as typeof import('node:crypto');

const ROOT_NAME = { O: 'PathMut', CN: 'Root' };
const root = makeCert({ subject: ROOT_NAME, ca: true, key: makeKey('p256', 'path-mut3-root') });

function verify(leaf: TestCert, chain: TestCert[], options: Partial<VerifierOptions> = {}) {
  return verdictOf(
    createVerifier({ trustAnchors: root.pem, now: () => NOW, ...options }).verify({
      certificate: leaf.pem,
      chain: chain.map((c) => c.pem),
    }),
  );
}

describe('self-issued intermediates (key rollover): free of maxChainLength, within twice it physically', () => {
  // Root's name throughout: each certificate carries a new key signed by the one before.
  const si1 = makeCert({ subject: ROOT_NAME, issuer: root, ca: true });
  const si2 = makeCert({ subject: ROOT_NAME, issuer: si1, ca: true });
  const si3 = makeCert({ subject: ROOT_NAME, issuer: si2, ca: true });

  it('maxChainLength 2 allows a leaf under two self-issued certificates (four in all)', async () => {
    const leaf = makeCert({ subject: 'rollover leaf 2', issuer: si2 });
    expect(await verify(leaf, [si1, si2], { maxChainLength: 2 })).toBe('ACCEPTED');
  });

  it('but not under three (five in all): the physical bound is twice maxChainLength', async () => {
    const leaf = makeCert({ subject: 'rollover leaf 3', issuer: si3 });
    expect(await verify(leaf, [si1, si2, si3], { maxChainLength: 2 })).toEqual({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'signature-invalid',
    });
    expect(await verify(leaf, [si1, si2, si3], { maxChainLength: 3 })).toBe('ACCEPTED');
  });

  it('a self-issued dead end tried first does not leave its discount behind', async () => {
    // The leaf's issuer name is "Mid"; a self-issued "Mid" with the same key links to the leaf but
    // leads nowhere. The real path (leaf, Mid, Upper, root) is one longer than maxChainLength 3.
    const midKey = makeKey('p256', 'path-mut3-mid');
    const upper = makeCert({ subject: 'Upper', issuer: root, ca: true, noKeyIds: true });
    const mid = makeCert({ subject: 'Mid', key: midKey, issuer: upper, ca: true, noKeyIds: true });
    const stranger = makeCert({ subject: 'Mid', ca: true, noKeyIds: true });
    const deadEnd = makeCert({ subject: 'Mid', key: midKey, issuer: stranger, ca: true, noKeyIds: true });
    const leaf = makeCert({ subject: 'dead end leaf', issuer: mid, noKeyIds: true });
    expect(await verify(leaf, [deadEnd, mid, upper], { maxChainLength: 3 })).toEqual({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'signature-invalid',
    });
    expect(await verify(leaf, [deadEnd, mid, upper], { maxChainLength: 4 })).toBe('ACCEPTED');
  });
});

describe('backtracking', () => {
  it('a certificate met on a failed branch is free for the next one', async () => {
    // Two "Mid" CAs with one key: the first expired. Both lead through "Top" to the root.
    const top = makeCert({ subject: 'Top', issuer: root, ca: true, noKeyIds: true });
    const midKey = makeKey('p256', 'path-mut3-mid2');
    const expired = makeCert({
      subject: 'Mid 2',
      key: midKey,
      issuer: top,
      ca: true,
      noKeyIds: true,
      notAfter: new Date(NOW.getTime() - 1000),
    });
    const valid = makeCert({ subject: 'Mid 2', key: midKey, issuer: top, ca: true, noKeyIds: true });
    const leaf = makeCert({ subject: 'backtrack leaf', issuer: valid, noKeyIds: true });
    expect(await verify(leaf, [expired, valid, top])).toBe('ACCEPTED');
    expect(await verify(leaf, [expired, top])).toEqual({ code: 'ERR_CLIENT_CERT_EXPIRED', reason: 'validity-expired' });
  });
});

describe('work a chain cannot make the search repeat', () => {
  const weakSpki = rsaSpki(randomOdd(1024), 65537n);

  it('a forwarded copy of the anchor is never tried as an intermediate', async () => {
    // The leaf is expired, so the path through the anchor fails and the search goes on to the
    // pool. Tried as an intermediate, the anchor's copy would consider every root-named
    // distractor a second time and overrun the candidate budget.
    const leaf = makeCert({ subject: 'expired leaf', issuer: root, notAfter: new Date(NOW.getTime() - 1000) });
    const n = CANDIDATE_BUDGET / 2;
    const distractors = Array.from({ length: n }, () =>
      makeCert({ subject: ROOT_NAME, key: fakeKey(weakSpki), issuer: root, ca: true, noKeyIds: true }),
    );
    expect(await verify(leaf, [root, ...distractors])).toEqual({ code: 'ERR_CLIENT_CERT_EXPIRED', reason: 'validity-expired' });
  });

  it('a certificate forwarded many times is one candidate', async () => {
    const weak = makeCert({ subject: 'Repeated CA', key: fakeKey(weakSpki), issuer: root, ca: true, noKeyIds: true });
    const other = makeCert({
      subject: 'Repeated CA',
      key: fakeKey(rsaSpki(randomOdd(1024), 65537n)),
      issuer: root,
      ca: true,
      noKeyIds: true,
    });
    const leaf = makeCert({ subject: 'repeated leaf', issuer: makeCert({ subject: 'Repeated CA', ca: true }), noKeyIds: true });
    const chain = [weak, other, ...Array.from({ length: CANDIDATE_BUDGET }, () => weak)];
    expect(await verify(leaf, chain)).toEqual({ code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'rsa-key-too-small' });
  });
});

describe('link results are kept with the certificates', () => {
  let verifySpy: jest.SpyInstance;
  beforeEach(() => {
    verifySpy = jest.spyOn(nodeCrypto, 'verify');
  });
  afterEach(() => jest.restoreAllMocks());

  it('a configured intermediate is verified against its anchor once, not on every request', async () => {
    const ica = makeCert({ subject: 'Kept CA', issuer: root, ca: true });
    const leaf = makeCert({ subject: 'kept leaf', issuer: ica });
    const verifier = createVerifier({ trustAnchors: root.pem, intermediates: ica.pem, now: () => NOW });
    await verifier.verify({ certificate: leaf.pem });
    expect(verifySpy.mock.calls.length).toBe(2);
    verifySpy.mockClear();
    await verifier.verify({ certificate: leaf.pem });
    // The new leaf's link only: the intermediate's link to the anchor was kept.
    expect(verifySpy.mock.calls.length).toBe(1);
  });
});

describe('a spent budget stops the whole search', () => {
  it('a cheap path left to try after an expensive branch ran the budget out is not tried', async () => {
    // The leaf's issuer name "Mid 3": first a CA whose own issuer "Far" has five P-384 candidates
    // (30 units each: the fifth no longer fits), then a CA under an RSA-2048 root that would need
    // only the 3 + 1 units still left.
    const rsaRoot = makeCert({ subject: 'RSA Root', ca: true, key: makeKey('rsa2048', 'path-mut3-rsa-root') });
    const midKey = makeKey('p256', 'path-mut3-mid3');
    const farKey = makeKey('p384', 'path-mut3-far');
    const far = Array.from({ length: 5 }, (_, i) => makeCert({ subject: 'Far', key: farKey, serial: i + 1, ca: true, noKeyIds: true }));
    const viaFar = makeCert({ subject: 'Mid 3', key: midKey, issuer: makeCert({ subject: 'Far', ca: true }), ca: true, noKeyIds: true });
    const direct = makeCert({ subject: 'Mid 3', key: midKey, issuer: rsaRoot, ca: true, noKeyIds: true });
    const leaf = makeCert({ subject: 'budget leaf', issuer: direct, noKeyIds: true });
    const options = { trustAnchors: rsaRoot.pem };
    expect(await verify(leaf, [direct], options)).toBe('ACCEPTED');
    expect(await verify(leaf, [viaFar, direct, ...far.slice(0, 4)], options)).toBe('ACCEPTED');
    expect(await verify(leaf, [viaFar, direct, ...far], options)).toEqual({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'budget-exhausted',
    });
  });
});

describe('maxChainLength 1: the leaf alone, so no anchor can be added', () => {
  it('a leaf directly under the anchor is path-too-long', async () => {
    const leaf = makeCert({ subject: 'lone leaf', issuer: root });
    expect(await verify(leaf, [], { maxChainLength: 1 })).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'path-too-long' });
    expect(await verify(leaf, [], { maxChainLength: 2 })).toBe('ACCEPTED');
  });
});

describe('the anchor presented as the client certificate', () => {
  it('is not its own issuer in a path', async () => {
    expect(await verify(root, [])).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'path-too-long' });
  });
});

describe('which issuer is missing: the walk up the pool', () => {
  // leaf ← A ← B, and B's issuer "Gone" is nowhere: the walk takes one step per certificate.
  const gone = makeCert({ subject: 'Gone', ca: true });
  const b = makeCert({ subject: 'Walk B', issuer: gone, ca: true });
  const a = makeCert({ subject: 'Walk A', issuer: b, ca: true });
  const leaf = makeCert({ subject: 'walk leaf', issuer: a });

  it('takes at most maxChainLength steps', async () => {
    expect(await verify(leaf, [a, b], { maxChainLength: 2 })).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'path-too-long' });
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW, maxChainLength: 3 });
    await expect(verifier.verify({ certificate: leaf.pem, chain: [a.pem, b.pem] })).rejects.toMatchObject({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'issuer-unknown',
      message:
        'No path from CN=walk leaf to a trust anchor: the issuer CN=Gone was neither forwarded nor configured. ' +
        'If it is an intermediate CA, have the proxy forward it in Client-Cert-Chain or add it to `intermediates`; ' +
        'if it is your root CA, add it to `trustAnchors`',
    });
  });

  it('a leaf named like its issuer and forwarded in its own chain is no step of the walk', async () => {
    const x = makeCert({ subject: 'Mirror', issuer: gone, ca: true });
    const mirror = makeCert({ subject: 'Mirror', issuer: x });
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW, maxChainLength: 2 });
    await expect(verifier.verify({ certificate: mirror.pem, chain: [mirror.pem, x.pem] })).rejects.toMatchObject({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'issuer-unknown',
      message: expect.stringContaining('the issuer CN=Gone was neither forwarded nor configured'),
    });
  });
});

describe('what a failed link says', () => {
  it('a signature that does not verify leaves the link unproven, naming the certificate', async () => {
    const impostor = makeCert({ subject: 'Link CA', issuer: root, ca: true, noKeyIds: true });
    const leaf = makeCert({ subject: 'link leaf', issuer: makeCert({ subject: 'Link CA', ca: true }), noKeyIds: true });
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW });
    await expect(verifier.verify({ certificate: leaf.pem, chain: [impostor.pem] })).rejects.toMatchObject({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'signature-invalid',
      message: expect.stringMatching(/^Certificate CN=link leaf is not trusted: \S/),
    });
  });

  it('a refused algorithm is a rule of the path, naming the certificate', async () => {
    const ica = makeCert({ subject: 'Weak Link CA', issuer: root, ca: true });
    const leaf = makeCert({ subject: 'sha1 leaf', issuer: ica, hash: 'sha1' });
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW });
    await expect(verifier.verify({ certificate: leaf.pem, chain: [ica.pem] })).rejects.toMatchObject({
      code: 'ERR_CLIENT_CERT_CHAIN_INVALID',
      reason: 'signature-algorithm-weak',
      message: expect.stringMatching(/^Certificate CN=sha1 leaf is refused: \S/),
    });
  });
});

describe('DSA keys without parameters when DSA is refused (the default)', () => {
  // Such a key inherits its issuer's parameters, so its signatures wait for the path above it; but
  // with DSA refused it is refused at once, for free, instead of costing 85 units of work first.
  const family = makeDsaFamily();
  const junkY = makeCert({ subject: 'Junk Y', key: family.inherit('junk-y'), issuer: root, ca: true, noKeyIds: true });
  const junkX = makeCert({
    subject: 'Junk X',
    key: family.inherit('junk-x'),
    issuer: makeCert({ subject: 'Junk Y', ca: true }),
    ca: true,
    noKeyIds: true,
  });
  const realX = makeCert({ subject: 'Junk X', issuer: root, ca: true, noKeyIds: true });
  const leaf = makeCert({ subject: 'junk leaf', issuer: realX, noKeyIds: true });

  it('two of them forwarded ahead of the real issuer do not spend the budget', async () => {
    expect(await verify(leaf, [junkX, junkY, realX])).toBe('ACCEPTED');
  });

  it('one that is the only candidate is refused by name', async () => {
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW });
    await expect(verifier.verify({ certificate: leaf.pem, chain: [junkX.pem] })).rejects.toMatchObject({
      code: 'ERR_CLIENT_CERT_CHAIN_INVALID',
      reason: 'dsa-refused',
      message: expect.stringContaining('Certificate CN=Junk X is refused: it has a DSA key (DSA is refused)'),
    });
  });
});

describe('DSA parameters to inherit (weak algorithms allowed)', () => {
  it('a CA without parameters under a non-DSA root leaves its signature unproven, and says why', async () => {
    const family = makeDsaFamily();
    const bare = makeCert({ subject: 'Bare DSA CA', key: family.inherit('bare'), issuer: root, ca: true });
    const leaf = makeDsaIssuedCert({ subject: 'bare leaf', issuer: bare });
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW, dangerouslyAllowWeakAlgorithms: true });
    await expect(verifier.verify({ certificate: leaf.pem, chain: [bare.pem] })).rejects.toMatchObject({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'dsa-params-missing',
      message: expect.stringContaining('Certificate CN=bare leaf is not trusted: its issuer has no DSA parameters to inherit'),
    });
  });
});

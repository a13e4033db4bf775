// The path-building rules of src/verify/path.ts through createVerifier, in process (so that
// per-test coverage sees them): each budget alone at its exact bound, the no-certificate-twice
// guard, the order in which candidate issuers are tried, and which refusal a failed search reports.
// Every search here is bounded by the budgets even with one rule removed, so none can hang.
import { createVerifier, type VerifierOptions } from '../src/index';
import { CANDIDATE_BUDGET, VERIFY_BUDGET } from '../src/verify/path';
import { NOW, makeCert, makeKey, makePki, type TestCert } from './helpers/pki';
import { fakeKey, randomOdd, rsaSpki, verdictOf } from './helpers/refusal';

// The module object itself (not an import namespace), so that spies see the library's calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeCrypto = require('node:crypto') as typeof import('node:crypto');

const { root } = makePki('Path');

function verify(leaf: TestCert, chain: TestCert[], options: Partial<VerifierOptions> = {}) {
  return verdictOf(
    createVerifier({ trustAnchors: root.pem, now: () => NOW, ...options }).verify({
      certificate: leaf.pem,
      chain: chain.map((c) => c.pem),
    }),
  );
}

/** A leaf under an issuer named `issuerName` that is never forwarded, without key identifiers. */
function orphanLeaf(issuerName: string, kind: 'p256' | 'rsa2048' = 'p256'): TestCert {
  const issuer = makeCert({ subject: issuerName, ca: true, noKeyIds: true, key: makeKey(kind, 'path-orphan') });
  return makeCert({ subject: `${issuerName} leaf`, issuer, noKeyIds: true });
}

describe('the candidate budget alone', () => {
  // RSA-1024 keys are refused before any signature is checked: only the candidate count stops the search.
  const weakSpki = rsaSpki(randomOdd(1024), 65537n);
  const candidates = (n: number) =>
    Array.from({ length: n }, () => makeCert({ subject: 'Weak Flood CA', key: fakeKey(weakSpki), issuer: root, ca: true, noKeyIds: true }));
  const all = candidates(CANDIDATE_BUDGET + 1);
  const leaf = orphanLeaf('Weak Flood CA');

  it(`is exactly ${CANDIDATE_BUDGET} candidate issuers`, async () => {
    expect(CANDIDATE_BUDGET).toBe(512);
    expect(await verify(leaf, all.slice(0, CANDIDATE_BUDGET))).toEqual({
      code: 'ERR_CLIENT_CERT_CHAIN_INVALID',
      reason: 'rsa-key-too-small',
    });
    expect(await verify(leaf, all)).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'budget-exhausted' });
  });
});

describe('the signature budget alone', () => {
  let verifySpy: jest.SpyInstance;
  beforeEach(() => {
    verifySpy = jest.spyOn(nodeCrypto, 'verify');
  });
  afterEach(() => jest.restoreAllMocks());

  // RSA-2048 with e = 65537 costs one unit: the budget allows exactly VERIFY_BUDGET such checks.
  const spki = rsaSpki(randomOdd(2048), 65537n);
  const distractors = (n: number) =>
    Array.from({ length: n }, () => makeCert({ subject: 'Cheap Flood CA', key: fakeKey(spki), issuer: root, ca: true, noKeyIds: true }));

  it(`is exactly ${VERIFY_BUDGET} one-unit verifications`, async () => {
    expect(VERIFY_BUDGET).toBe(128);
    const leaf = orphanLeaf('Cheap Flood CA', 'rsa2048');
    const chain = distractors(VERIFY_BUDGET + 1);
    expect(await verify(leaf, chain.slice(0, VERIFY_BUDGET))).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'signature-invalid' });
    expect(verifySpy.mock.calls.length).toBe(VERIFY_BUDGET);
    verifySpy.mockClear();
    expect(await verify(leaf, chain)).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'budget-exhausted' });
    expect(verifySpy.mock.calls.length).toBe(VERIFY_BUDGET);
  });

  it('is charged for a link whose result is already known', async () => {
    // The same verifier twice: the second request's links are cached but charged all the same.
    const leaf = orphanLeaf('Cheap Flood CA', 'rsa2048');
    const chain = distractors(VERIFY_BUDGET + 1).map((c) => c.pem);
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW });
    for (let i = 0; i < 2; i++) {
      expect(await verdictOf(verifier.verify({ certificate: leaf.pem, chain }))).toEqual({
        code: 'ERR_CLIENT_CERT_UNTRUSTED',
        reason: 'budget-exhausted',
      });
    }
  });
});

describe('no certificate twice in a path', () => {
  it('a cycle of cross-signed CAs, two of each, ends as an unknown issuer, not at the budget', async () => {
    const ka = makeKey('p256');
    const kb = makeKey('p256');
    const aSelf = makeCert({ subject: 'Cycle A', key: ka, ca: true, noKeyIds: true });
    const bSelf = makeCert({ subject: 'Cycle B', key: kb, ca: true, noKeyIds: true });
    const pool: TestCert[] = [];
    for (let i = 0; i < 2; i++) {
      pool.push(makeCert({ subject: 'Cycle A', key: ka, issuer: bSelf, ca: true, noKeyIds: true }));
      pool.push(makeCert({ subject: 'Cycle B', key: kb, issuer: aSelf, ca: true, noKeyIds: true }));
    }
    const leaf = makeCert({ subject: 'cycle leaf', issuer: aSelf, noKeyIds: true });
    expect(await verify(leaf, pool)).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'issuer-unknown' });
  });
});

describe('candidate order: the issuer the AKI names first', () => {
  let verifySpy: jest.SpyInstance;
  beforeEach(() => {
    verifySpy = jest.spyOn(nodeCrypto, 'verify');
  });
  afterEach(() => jest.restoreAllMocks());

  it('a same-named CA with another key identifier, forwarded first, is never tried', async () => {
    const real = makeCert({ subject: 'Ordered CA', issuer: root, ca: true });
    const decoys = Array.from({ length: 3 }, () => makeCert({ subject: 'Ordered CA', issuer: root, ca: true }));
    const leaf = makeCert({ subject: 'ordered leaf', issuer: real });
    expect(await verify(leaf, [...decoys, real])).toBe('ACCEPTED');
    // leaf → real, real → root: the decoys' keys are never used.
    expect(verifySpy.mock.calls.length).toBe(2);
  });

  it('a same-named CA without a key identifier is tried before one whose identifier differs', async () => {
    const real = makeCert({ subject: 'Ordered CA 2', issuer: root, ca: true, noKeyIds: true });
    const decoy = makeCert({ subject: 'Ordered CA 2', issuer: root, ca: true });
    // The leaf names a key the decoy does not have: the decoy (identifier differs) goes last.
    const withAki = makeCert({
      subject: 'ordered leaf 2',
      issuer: real,
      noKeyIds: true,
      extensions: [{ oid: '2.5.29.35', value: new Uint8Array([0x30, 0x06, 0x80, 0x04, 1, 2, 3, 4]) }],
    });
    expect(await verify(withAki, [decoy, real])).toBe('ACCEPTED');
    expect(verifySpy.mock.calls.length).toBe(2);
  });
});

describe('which refusal a failed search reports', () => {
  it('a path that reached an anchor outranks a link that failed', async () => {
    // Two same-named intermediates: one whose signature on the leaf fails, one that links but is expired.
    const expired = makeCert({ subject: 'Ranked CA', issuer: root, ca: true, noKeyIds: true, notAfter: new Date(NOW.getTime() - 1000) });
    const wrongKey = makeCert({ subject: 'Ranked CA', issuer: root, ca: true, noKeyIds: true });
    const leaf = makeCert({ subject: 'ranked leaf', issuer: expired, noKeyIds: true });
    for (const chain of [
      [wrongKey, expired],
      [expired, wrongKey],
    ]) {
      expect(await verify(leaf, chain)).toEqual({ code: 'ERR_CLIENT_CERT_EXPIRED', reason: 'validity-expired' });
    }
  });

  it('the issuer is named when it is missing, and its absence is issuer-unknown', async () => {
    const leaf = orphanLeaf('Absent CA');
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW });
    await expect(verifier.verify({ certificate: leaf.pem })).rejects.toMatchObject({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'issuer-unknown',
      message: expect.stringContaining('the issuer CN=Absent CA was neither forwarded nor configured'),
    });
  });

  it('a chain longer than maxChainLength is path-too-long, with the limit in the message', async () => {
    const ica1 = makeCert({ subject: 'Long 1', issuer: root, ca: true });
    const ica2 = makeCert({ subject: 'Long 2', issuer: ica1, ca: true });
    const leaf = makeCert({ subject: 'long leaf', issuer: ica2 });
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW, maxChainLength: 3 });
    await expect(verifier.verify({ certificate: leaf.pem, chain: [ica1.pem, ica2.pem] })).rejects.toMatchObject({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'path-too-long',
      message: expect.stringContaining('within 3 certificates'),
    });
    expect(await verify(leaf, [ica1, ica2], { maxChainLength: 4 })).toBe('ACCEPTED');
  });
});

// The signature rules of src/verify/signature.ts, one case each, through createVerifier: every
// algorithm of the table verifies, weak ones are refused by name unless allowed, parameters are
// exactly those each algorithm carries, RSASSA-PSS only with SHA-2 and a matching MGF1, and the
// signature must match the issuer's key type. Each case asserts the exact code and reason.
import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { ClientCertError, createVerifier } from '../src/index';
import { NOW, makeCert, makeKey, name, type TestCert, type TestKey, standInIssuer } from './helpers/pki';
import { bitString, ctx, elements, integer, nul, oid, seq } from './helpers/der';
import { verdictOf } from './helpers/refusal';

/** A TestKey from any node key pair (kinds the PKI helper does not generate). */
function keyFrom(pair: { privateKey: KeyObject; publicKey: KeyObject }): TestKey {
  const spki = new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
  return { kind: 'p256', privateKey: pair.privateKey, publicKey: pair.publicKey, spki };
}

type Signer = (tbs: Uint8Array) => Uint8Array;

const signer =
  (key: TestKey, hash: string | null, pssSalt?: number): Signer =>
  (tbs) =>
    new Uint8Array(
      pssSalt === undefined
        ? sign(hash, tbs, key.privateKey)
        : sign(hash, tbs, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pssSalt }),
    );

/** `cert` with its inner and outer signature algorithm set to `alg` and signed again by `signWith`. */
function resign(cert: TestCert, alg: Uint8Array, signWith: Signer): TestCert {
  const fields = elements(elements(cert.der)[0]);
  fields[2] = alg;
  const tbs = seq(...fields);
  const der = seq(tbs, alg, bitString(signWith(tbs)));
  return { ...cert, der, pem: `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n` };
}

const placeholder = makeKey('p256', 'signature-placeholder');

/** A certificate for `key` issued by `issuer` (self-signed when omitted), signed with `alg` by `signWith`. */
function issue(subject: string, key: TestKey, alg: Uint8Array, signWith: Signer, issuer?: TestCert, ca = !issuer): TestCert {
  // makeCert signs with the placeholder; the signature is replaced below. No key identifiers: the
  // issuer is found by name, so the signature alone decides.
  const issuerName = issuer?.subjectName ?? name(subject);
  const cert = makeCert({ subject, key, issuer: standInIssuer(issuerName, subject, placeholder), ca, noKeyIds: true });
  return { ...resign(cert, alg, signWith), key };
}

const SHA1 = '1.3.14.3.2.26';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA384 = '2.16.840.1.101.3.4.2.2';
const MGF1 = '1.2.840.113549.1.1.8';
const PSS = '1.2.840.113549.1.1.10';
const hashAlg = (o: string) => seq(oid(o), nul());
/** RSASSA-PSS-params with the given hash, MGF1 hash, salt length and (when set) trailer field. */
function pssAlg(hash: string, mgfHash: string, salt: number, trailer?: number): Uint8Array {
  return seq(
    oid(PSS),
    seq(
      ctx(0, hashAlg(hash)),
      ctx(1, seq(oid(MGF1), hashAlg(mgfHash))),
      ctx(2, integer(salt)),
      ...(trailer === undefined ? [] : [ctx(3, integer(trailer))]),
    ),
  );
}

const rsaKey = makeKey('rsa2048', 'signature-rules');
const ecKey = makeKey('p256', 'signature-rules');
const edKey = makeKey('ed25519', 'signature-rules');
const ed448Key = keyFrom(generateKeyPairSync('ed448'));
const rsaPssKey = keyFrom(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }));
const leafKey = makeKey('p256', 'signature-leaf');

const RSA_SHA256 = seq(oid('1.2.840.113549.1.1.11'), nul());
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

const rsaRoot = issue('Signature RSA Root', rsaKey, RSA_SHA256, signer(rsaKey, 'sha256'));
const ecRoot = issue('Signature EC Root', ecKey, ECDSA_SHA256, signer(ecKey, 'sha256'));
const edRoot = issue('Signature Ed25519 Root', edKey, seq(oid('1.3.101.112')), signer(edKey, null));
const ed448Root = issue('Signature Ed448 Root', ed448Key, seq(oid('1.3.101.113')), signer(ed448Key, null));
const rsaPssRoot = issue('Signature RSA-PSS-key Root', rsaPssKey, pssAlg(SHA256, SHA256, 32), signer(rsaPssKey, 'sha256', 32));
const roots = [rsaRoot, ecRoot, edRoot, ed448Root, rsaPssRoot];

/** How `leaf` (issued directly by one of the roots) is judged. */
function judge(leaf: TestCert, allowWeak = false) {
  const verifier = createVerifier({
    trustAnchors: roots.map((r) => r.pem).join(''),
    now: () => NOW,
    ...(allowWeak ? { dangerouslyAllowWeakAlgorithms: true } : {}),
  });
  return verdictOf(verifier.verify({ certificate: leaf.pem }));
}

/** The message a refusal carries. */
async function messageOf(leaf: TestCert, allowWeak = false): Promise<string> {
  const verifier = createVerifier({
    trustAnchors: roots.map((r) => r.pem).join(''),
    now: () => NOW,
    dangerouslyAllowWeakAlgorithms: allowWeak,
  });
  try {
    await verifier.verify({ certificate: leaf.pem });
  } catch (err) {
    expect(err).toBeInstanceOf(ClientCertError);
    return (err as ClientCertError).message;
  }
  throw new Error('accepted');
}

const leaf = (issuer: TestCert, alg: Uint8Array, signWith: Signer) => issue('signature leaf', leafKey, alg, signWith, issuer);
const UNTRUSTED = 'ERR_CLIENT_CERT_UNTRUSTED';
const CHAIN_INVALID = 'ERR_CLIENT_CERT_CHAIN_INVALID';

describe('every algorithm of the table verifies with its own hash', () => {
  it.each([
    ['sha224WithRSAEncryption', rsaRoot, seq(oid('1.2.840.113549.1.1.14'), nul()), signer(rsaKey, 'sha224')],
    ['sha256WithRSAEncryption', rsaRoot, RSA_SHA256, signer(rsaKey, 'sha256')],
    ['sha384WithRSAEncryption', rsaRoot, seq(oid('1.2.840.113549.1.1.12'), nul()), signer(rsaKey, 'sha384')],
    ['sha512WithRSAEncryption', rsaRoot, seq(oid('1.2.840.113549.1.1.13'), nul()), signer(rsaKey, 'sha512')],
    ['ecdsa-with-SHA224', ecRoot, seq(oid('1.2.840.10045.4.3.1')), signer(ecKey, 'sha224')],
    ['ecdsa-with-SHA256', ecRoot, ECDSA_SHA256, signer(ecKey, 'sha256')],
    ['ecdsa-with-SHA384', ecRoot, seq(oid('1.2.840.10045.4.3.3')), signer(ecKey, 'sha384')],
    ['ecdsa-with-SHA512', ecRoot, seq(oid('1.2.840.10045.4.3.4')), signer(ecKey, 'sha512')],
    ['Ed25519', edRoot, seq(oid('1.3.101.112')), signer(edKey, null)],
    ['Ed448', ed448Root, seq(oid('1.3.101.113')), signer(ed448Key, null)],
    ['RSASSA-PSS, SHA-256, salt 32', rsaRoot, pssAlg(SHA256, SHA256, 32), signer(rsaKey, 'sha256', 32)],
    ['RSASSA-PSS, SHA-384, salt 48, trailer 1 spelled out', rsaRoot, pssAlg(SHA384, SHA384, 48, 1), signer(rsaKey, 'sha384', 48)],
    ['RSASSA-PSS by an RSASSA-PSS (rsa-pss) key', rsaPssRoot, pssAlg(SHA256, SHA256, 32), signer(rsaPssKey, 'sha256', 32)],
  ])('%s', async (_name, root, alg, signWith) => {
    expect(await judge(leaf(root, alg, signWith))).toBe('ACCEPTED');
  });

  it.each([
    ['sha1WithRSAEncryption', rsaRoot, seq(oid('1.2.840.113549.1.1.5'), nul()), signer(rsaKey, 'sha1')],
    ['md5WithRSAEncryption', rsaRoot, seq(oid('1.2.840.113549.1.1.4'), nul()), signer(rsaKey, 'md5')],
    ['ecdsa-with-SHA1', ecRoot, seq(oid('1.2.840.10045.4.1')), signer(ecKey, 'sha1')],
  ])('the weak %s verifies when weak algorithms are allowed, and is refused by name otherwise', async (algName, root, alg, signWith) => {
    const cert = leaf(root, alg, signWith);
    expect(await judge(cert, true)).toBe('ACCEPTED');
    expect(await judge(cert)).toEqual({ code: CHAIN_INVALID, reason: 'signature-algorithm-weak' });
    expect(await messageOf(cert)).toContain(`its signature uses the weak algorithm ${algName}`);
  });

  it('md2WithRSAEncryption is weak, refused by name (no library here can still sign with MD2)', async () => {
    const cert = leaf(rsaRoot, seq(oid('1.2.840.113549.1.1.2'), nul()), signer(rsaKey, 'sha256'));
    expect(await judge(cert)).toEqual({ code: CHAIN_INVALID, reason: 'signature-algorithm-weak' });
    expect(await messageOf(cert)).toContain('the weak algorithm md2WithRSAEncryption');
    expect(await judge(cert, true)).toEqual({ code: UNTRUSTED, reason: 'signature-invalid' });
  });

  it('a signature made with another hash than the algorithm names does not verify, and the refusal says so', async () => {
    expect(await messageOf(leaf(rsaRoot, seq(oid('1.2.840.113549.1.1.14'), nul()), signer(rsaKey, 'sha256')))).toContain(
      "its signature does not verify with the issuer's key",
    );
    expect(await judge(leaf(rsaRoot, seq(oid('1.2.840.113549.1.1.14'), nul()), signer(rsaKey, 'sha256')))).toEqual({
      code: UNTRUSTED,
      reason: 'signature-invalid',
    });
    expect(await judge(leaf(ecRoot, seq(oid('1.2.840.10045.4.3.4')), signer(ecKey, 'sha384')))).toEqual({
      code: UNTRUSTED,
      reason: 'signature-invalid',
    });
  });
});

describe('signature algorithm parameters', () => {
  it.each([
    ['PKCS#1 v1.5 without the NULL parameters', rsaRoot, seq(oid('1.2.840.113549.1.1.11')), signer(rsaKey, 'sha256')],
    ['PKCS#1 v1.5 with an INTEGER for parameters', rsaRoot, seq(oid('1.2.840.113549.1.1.11'), integer(0)), signer(rsaKey, 'sha256')],
    ['ECDSA with NULL parameters', ecRoot, seq(oid('1.2.840.10045.4.3.2'), nul()), signer(ecKey, 'sha256')],
    ['Ed25519 with NULL parameters', edRoot, seq(oid('1.3.101.112'), nul()), signer(edKey, null)],
  ])('%s: signature-params-invalid', async (_name, root, alg, signWith) => {
    const cert = leaf(root, alg, signWith);
    expect(await judge(cert)).toEqual({ code: UNTRUSTED, reason: 'signature-params-invalid' });
    expect(await messageOf(cert)).toMatch(/^.*its \S+ signature has invalid parameters/);
  });

  it.each([
    ['with SHA-1', pssAlg(SHA1, SHA1, 20), signer(rsaKey, 'sha1', 20)],
    ['with an MGF1 hash other than its hash', pssAlg(SHA256, SHA384, 32), signer(rsaKey, 'sha256', 32)],
    ['with a trailer field other than 1', pssAlg(SHA256, SHA256, 32, 2), signer(rsaKey, 'sha256', 32)],
    ['with a hash this library does not know (MD5)', pssAlg('1.2.840.113549.2.5', '1.2.840.113549.2.5', 16), signer(rsaKey, 'md5', 16)],
    ['without parameters (SHA-1 by default)', seq(oid(PSS)), signer(rsaKey, 'sha1', 20)],
  ])('RSASSA-PSS %s is unsupported, though its signature is sound', async (_name, alg, signWith) => {
    const cert = leaf(rsaRoot, alg, signWith);
    expect(await judge(cert)).toEqual({ code: UNTRUSTED, reason: 'signature-algorithm-unsupported' });
    expect(await judge(cert, true)).toEqual({ code: UNTRUSTED, reason: 'signature-algorithm-unsupported' });
    expect(await messageOf(cert)).toContain('its RSASSA-PSS parameters are not supported');
  });

  it('RSASSA-PSS verifies with the salt length its parameters give', async () => {
    expect(await judge(leaf(rsaRoot, pssAlg(SHA256, SHA256, 20), signer(rsaKey, 'sha256', 20)))).toBe('ACCEPTED');
    expect(await judge(leaf(rsaRoot, pssAlg(SHA256, SHA256, 20), signer(rsaKey, 'sha256', 32)))).toEqual({
      code: UNTRUSTED,
      reason: 'signature-invalid',
    });
  });

  it('an unknown signature algorithm is unsupported, and named', async () => {
    const cert = leaf(rsaRoot, seq(oid('1.2.3.4.5'), nul()), signer(rsaKey, 'sha256'));
    expect(await judge(cert)).toEqual({ code: UNTRUSTED, reason: 'signature-algorithm-unsupported' });
    expect(await messageOf(cert)).toContain('its signature algorithm 1.2.3.4.5 is not supported');
  });
});

describe('the signature must match the issuer key', () => {
  it.each([
    ['an RSA signature from an EC issuer', ecRoot, RSA_SHA256, signer(rsaKey, 'sha256'), 'sha256WithRSAEncryption', 'ec'],
    ['an ECDSA signature from an RSA issuer', rsaRoot, ECDSA_SHA256, signer(ecKey, 'sha256'), 'ecdsa-with-SHA256', 'rsa'],
    ['an Ed25519 signature from an Ed448 issuer', ed448Root, seq(oid('1.3.101.112')), signer(edKey, null), 'Ed25519', 'ed448'],
    ['an Ed448 signature from an Ed25519 issuer', edRoot, seq(oid('1.3.101.113')), signer(ed448Key, null), 'Ed448', 'ed25519'],
  ])('%s: signature-key-mismatch', async (_name, root, alg, signWith, algName, keyType) => {
    const cert = leaf(root, alg, signWith);
    expect(await judge(cert)).toEqual({ code: UNTRUSTED, reason: 'signature-key-mismatch' });
    expect(await messageOf(cert)).toContain(`its ${algName} signature does not match the issuer's ${keyType} key`);
  });
});

describe('keys', () => {
  it('an issuer key that passes the checks but does not load is public-key-malformed', async () => {
    // An EC point of the right length and prefix that is not on the curve: OpenSSL refuses to load it.
    const offCurve = new Uint8Array(65).fill(1);
    offCurve[0] = 4;
    const spki = seq(seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), bitString(offCurve));
    const fake: TestKey = { ...ecKey, spki };
    const badRoot = issue('Signature Off-curve Root', fake, ECDSA_SHA256, signer(ecKey, 'sha256'));
    const verifier = createVerifier({ trustAnchors: badRoot.pem, now: () => NOW });
    const cert = leaf(badRoot, ECDSA_SHA256, signer(ecKey, 'sha256'));
    expect(await verdictOf(verifier.verify({ certificate: cert.pem }))).toEqual({ code: UNTRUSTED, reason: 'public-key-malformed' });
    await expect(verifier.verify({ certificate: cert.pem })).rejects.toThrow("the issuer's public key cannot be loaded");
  });
});

describe('the inner and outer algorithms', () => {
  it('must be the same, and the refusal says so', async () => {
    const cert = makeCert({ subject: 'mismatched leaf', issuer: ecRoot, tbsSignatureAlgorithm: seq(oid('1.2.840.10045.4.3.3')) });
    expect(await judge(cert)).toEqual({ code: UNTRUSTED, reason: 'signature-algorithm-mismatch' });
    expect(await messageOf(cert)).toContain('its inner and outer signature algorithms differ');
  });
});

describe('DSA (weak: only with weak algorithms allowed)', () => {
  const dsaKey = keyFrom(generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }));
  const DSA_SHA256 = '2.16.840.1.101.3.4.3.2';
  const dsaRoot = issue('Signature DSA Root', dsaKey, seq(oid(DSA_SHA256)), signer(dsaKey, 'sha256'));
  const verifier = (allowWeak: boolean) =>
    createVerifier({ trustAnchors: dsaRoot.pem, now: () => NOW, dangerouslyAllowWeakAlgorithms: allowWeak });

  it('dsa-with-sha256 verifies when allowed; without, the DSA key is refused before any signature', async () => {
    const cert = leaf(dsaRoot, seq(oid(DSA_SHA256)), signer(dsaKey, 'sha256'));
    expect(await verdictOf(verifier(true).verify({ certificate: cert.pem }))).toBe('ACCEPTED');
    expect(await verdictOf(verifier(false).verify({ certificate: cert.pem }))).toEqual({ code: CHAIN_INVALID, reason: 'dsa-refused' });
  });

  it.each([
    ['dsa-with-sha256', DSA_SHA256],
    ['dsa-with-sha1', '1.2.840.10040.4.3'],
  ])('%s is a weak algorithm, refused by name (here claimed by an EC issuer)', async (algName, algOid) => {
    const cert = leaf(ecRoot, seq(oid(algOid)), signer(ecKey, 'sha256'));
    expect(await judge(cert)).toEqual({ code: CHAIN_INVALID, reason: 'signature-algorithm-weak' });
    expect(await messageOf(cert)).toContain(`the weak algorithm ${algName}`);
    expect(await judge(cert, true)).toEqual({ code: UNTRUSTED, reason: 'signature-key-mismatch' });
  });

  it('a DSA signature algorithm with NULL parameters is tolerated', async () => {
    const cert = leaf(dsaRoot, seq(oid(DSA_SHA256), nul()), signer(dsaKey, 'sha256'));
    expect(await verdictOf(verifier(true).verify({ certificate: cert.pem }))).toBe('ACCEPTED');
  });

  it('dsa-with-sha1 is verified with SHA-1', async () => {
    const cert = leaf(dsaRoot, seq(oid('1.2.840.10040.4.3')), signer(dsaKey, 'sha1'));
    expect(await verdictOf(verifier(true).verify({ certificate: cert.pem }))).toBe('ACCEPTED');
    const wrongHash = leaf(dsaRoot, seq(oid('1.2.840.10040.4.3')), signer(dsaKey, 'sha256'));
    expect(await verdictOf(verifier(true).verify({ certificate: wrongHash.pem }))).toEqual({
      code: UNTRUSTED,
      reason: 'signature-invalid',
    });
  });

  describe('a DSA issuer without parameters inherits those of the DSA certificate above it', () => {
    // The same key without its domain parameters in the SubjectPublicKeyInfo.
    const bare = seq(seq(oid('1.2.840.10040.4.1')), elements(dsaKey.spki)[1]);
    const bareKey: TestKey = { ...dsaKey, spki: bare };

    it('an anchor without parameters has none to pass on: dsa-params-missing', async () => {
      const bareRoot = issue('Signature bare DSA Root', bareKey, seq(oid(DSA_SHA256)), signer(dsaKey, 'sha256'));
      const cert = leaf(bareRoot, seq(oid(DSA_SHA256)), signer(dsaKey, 'sha256'));
      const v = createVerifier({ trustAnchors: bareRoot.pem, now: () => NOW, dangerouslyAllowWeakAlgorithms: true });
      expect(await verdictOf(v.verify({ certificate: cert.pem }))).toEqual({ code: UNTRUSTED, reason: 'dsa-params-missing' });
    });

    it('the search stops at the first issuer that is not DSA: dsa-params-missing', async () => {
      const bareCa = issue('Signature bare DSA CA', bareKey, ECDSA_SHA256, signer(ecKey, 'sha256'), ecRoot, true);
      const cert = leaf(bareCa, seq(oid(DSA_SHA256)), signer(dsaKey, 'sha256'));
      const v = createVerifier({ trustAnchors: ecRoot.pem, now: () => NOW, dangerouslyAllowWeakAlgorithms: true });
      expect(await verdictOf(v.verify({ certificate: cert.pem, chain: [bareCa.pem] }))).toEqual({
        code: UNTRUSTED,
        reason: 'dsa-params-missing',
      });
    });
  });
});

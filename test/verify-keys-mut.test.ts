// The key rules of src/verify/keys.ts at their bounds and with their texts, through a leaf carrying
// the key (its key is read and judged, never used: the leaf is signed by its issuer), and the cost
// of each key kind. Each case asserts the exact code, reason and the words of the refusal.
import { generateKeyPairSync } from 'node:crypto';
import { createVerifier, type VerifierOptions } from '../src/index';
import { verificationCost } from '../src/verify/keys';
import { parseCertificateDer } from '../src/x509/certificate';
import { NOW, makeCert, makeCrl, makeKey, type TestKey } from './helpers/pki';
import { bitString, integer, nul, oid, seq, tlv } from './helpers/der';
import { fakeKey, randomOdd, rsaSpki, uint } from './helpers/refusal';

const root = makeCert({ subject: { O: 'KeysMut', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'KeysMut', CN: 'ICA' }, issuer: root, ca: true });

type Outcome = 'accepted' | { code: string; reason: string; message: string };

function withKey(spki: Uint8Array, options: Partial<VerifierOptions> = {}): Promise<Outcome> {
  const leaf = makeCert({ subject: { O: 'KeysMut', CN: 'leaf' }, issuer: ica, key: fakeKey(spki) });
  return createVerifier({ trustAnchors: root.pem, now: () => NOW, ...options })
    .verify({ certificate: leaf.pem, chain: [ica.pem] })
    .then(
      () => 'accepted' as const,
      (e: { code: string; reason: string; message: string }) => ({ code: e.code, reason: e.reason, message: e.message }),
    );
}

const RSA = seq(oid('1.2.840.113549.1.1.1'), nul());
const RSA_PSS = seq(oid('1.2.840.113549.1.1.10'));
const rsaRaw = (alg: Uint8Array, parts: Uint8Array[], unusedBits = 0) => seq(alg, bitString(seq(...parts), unusedBits));
const EC = (curve: Uint8Array) => seq(oid('1.2.840.10045.2.1'), curve);
const P256 = oid('1.2.840.10045.3.1.7');
const point = (first: number, length: number) => Uint8Array.from([first, ...new Uint8Array(length - 1).fill(7)]);
const DSA = (...params: Uint8Array[]) => seq(oid('1.2.840.10040.4.1'), seq(...params));
const WEAK = { dangerouslyAllowWeakAlgorithms: true };
const USAGE = 'ERR_CLIENT_CERT_USAGE';

type Case = [name: string, spki: () => Uint8Array, options: Partial<VerifierOptions>, reason: string | null, words?: string];

describe('each key rule at its bound, with its words', () => {
  it.each<Case>([
    ['an RSA modulus of 8192 bits', () => rsaSpki(randomOdd(8192), 65537n), {}, null],
    [
      'an RSA modulus of 8193 bits',
      () => rsaSpki(randomOdd(8193), 65537n),
      {},
      'rsa-key-too-large',
      'its RSA modulus has 8193 bits (more than 8192)',
    ],
    ['an RSA modulus of 2048 bits', () => rsaSpki(randomOdd(2048), 65537n), {}, null],
    [
      'an RSA modulus of 2047 bits',
      () => rsaSpki(randomOdd(2047), 65537n),
      {},
      'rsa-key-too-small',
      'its RSA key has 2047 bits (fewer than 2048)',
    ],
    ['an RSA modulus of 1024 bits, weak allowed', () => rsaSpki(randomOdd(1024), 65537n), WEAK, null],
    [
      'an RSA modulus of 1023 bits, weak allowed',
      () => rsaSpki(randomOdd(1023), 65537n),
      WEAK,
      'rsa-key-too-small',
      'its RSA key has 1023 bits (fewer than 1024)',
    ],
    [
      'an RSA modulus of 1023 bits',
      () => rsaSpki(randomOdd(1023), 65537n),
      {},
      'rsa-key-too-small',
      'its RSA key has 1023 bits (fewer than 1024)',
    ],
    [
      'a negative RSA modulus',
      () => rsaRaw(RSA, [integer(randomOdd(2048)), integer(65537n)]),
      {},
      'rsa-key-malformed',
      'its RSA modulus is not a positive odd integer',
    ],
    [
      'an even RSA modulus',
      () => rsaSpki(Uint8Array.from([...randomOdd(2048).subarray(0, 255), 2]), 65537n),
      {},
      'rsa-key-malformed',
      'its RSA modulus is not a positive odd integer',
    ],
    [
      'an RSAPublicKey of three integers',
      () => rsaRaw(RSA, [uint(randomOdd(2048)), integer(65537n), integer(3n)]),
      {},
      'rsa-key-malformed',
      'its RSA key is not an RSAPublicKey',
    ],
    [
      'an RSAPublicKey of one integer',
      () => rsaRaw(RSA, [uint(randomOdd(2048))]),
      {},
      'rsa-key-malformed',
      'its RSA key is not an RSAPublicKey',
    ],
    [
      'an RSA modulus that is not an INTEGER',
      () => rsaRaw(RSA, [tlv(0x04, randomOdd(2048)), integer(65537n)]),
      {},
      'rsa-key-malformed',
      'its RSA key is not an RSAPublicKey',
    ],
    [
      'an RSA exponent that is not an INTEGER',
      () => rsaRaw(RSA, [uint(randomOdd(2048)), tlv(0x04, Uint8Array.of(1, 0, 1))]),
      {},
      'rsa-key-malformed',
      'its RSA key is not an RSAPublicKey',
    ],
    [
      'a negative RSA exponent',
      () => rsaRaw(RSA, [uint(randomOdd(2048)), integer(Uint8Array.of(0x81))]),
      {},
      'rsa-exponent-too-small',
      'its RSA public exponent is negative',
    ],
    ['the RSA exponent 3', () => rsaSpki(randomOdd(2048), 3n), {}, null],
    ['the RSA exponent 2', () => rsaSpki(randomOdd(2048), 2n), {}, 'rsa-exponent-even', 'its RSA public exponent is even'],
    ['the RSA exponent 1', () => rsaSpki(randomOdd(2048), 1n), {}, 'rsa-exponent-too-small', 'its RSA public exponent is less than 3'],
    ['an RSA exponent of 32 bits', () => rsaSpki(randomOdd(2048), 0xffffffffn), {}, null],
    [
      'an RSA exponent of 33 bits',
      () => rsaSpki(randomOdd(2048), 0x1ffffffffn),
      {},
      'rsa-exponent-too-large',
      'its RSA public exponent has 33 bits (more than 32)',
    ],
    [
      'an RSA key in a BIT STRING with an unused (zero) bit',
      () => rsaRaw(RSA, [uint(randomOdd(2048)), integer(65536n)], 1),
      {},
      'public-key-malformed',
      'its public key is malformed',
    ],
    ['an RSASSA-PSS key', () => rsaRaw(RSA_PSS, [uint(randomOdd(2048)), integer(65537n)]), {}, null],
    [
      'an RSASSA-PSS key of 2047 bits',
      () => rsaRaw(RSA_PSS, [uint(randomOdd(2047)), integer(65537n)]),
      {},
      'rsa-key-too-small',
      'its RSA key has 2047 bits (fewer than 2048)',
    ],
    [
      'an EC key without curve parameters',
      () => seq(seq(oid('1.2.840.10045.2.1')), bitString(point(4, 65))),
      {},
      'ec-curve-explicit',
      'its EC key does not name its curve (explicit curve parameters are refused)',
    ],
    ['an EC key with NULL parameters', () => seq(EC(nul()), bitString(point(4, 65))), {}, 'ec-curve-explicit'],
    [
      'an EC key on an unknown curve',
      () => seq(EC(oid('1.3.132.0.10')), bitString(point(4, 65))),
      {},
      'ec-curve-unsupported',
      'its EC key is on an unsupported curve',
    ],
    [
      'a compressed P-256 point (0x03)',
      () => seq(EC(P256), bitString(point(3, 33))),
      {},
      'ec-point-compressed',
      'its EC point is compressed (only uncompressed points are accepted)',
    ],
    ['a compressed P-256 point (0x02)', () => seq(EC(P256), bitString(point(2, 33))), {}, 'ec-point-compressed'],
    [
      'a 0x02 point of the uncompressed length',
      () => seq(EC(P256), bitString(point(2, 65))),
      {},
      'ec-point-malformed',
      'its EC point is malformed',
    ],
    ['a 0x04 point of the compressed length', () => seq(EC(P256), bitString(point(4, 33))), {}, 'ec-point-malformed'],
    ['a point with another prefix', () => seq(EC(P256), bitString(point(5, 65))), {}, 'ec-point-malformed'],
    [
      'an Ed25519 key with parameters',
      () => seq(seq(oid('1.3.101.112'), nul()), bitString(new Uint8Array(32))),
      {},
      'ed25519-key-malformed',
      'its Ed25519 key has parameters',
    ],
    [
      'an Ed25519 key of 33 bytes',
      () => seq(seq(oid('1.3.101.112')), bitString(new Uint8Array(33))),
      {},
      'ed25519-key-malformed',
      'its Ed25519 key is malformed',
    ],
    [
      'an Ed448 key with parameters',
      () => seq(seq(oid('1.3.101.113'), nul()), bitString(new Uint8Array(57))),
      {},
      'ed448-key-malformed',
      'its Ed448 key has parameters',
    ],
    [
      'an Ed448 key of 56 bytes',
      () => seq(seq(oid('1.3.101.113')), bitString(new Uint8Array(56))),
      {},
      'ed448-key-malformed',
      'its Ed448 key is malformed',
    ],
    ['an Ed448 key of 57 bytes', () => seq(seq(oid('1.3.101.113')), bitString(new Uint8Array(57))), {}, null],
    [
      'a DSA key, weak allowed',
      () => seq(DSA(uint(randomOdd(2048)), uint(randomOdd(256)), integer(2n)), bitString(integer(5n))),
      WEAK,
      null,
    ],
    [
      'a DSA key',
      () => seq(DSA(uint(randomOdd(2048)), uint(randomOdd(256)), integer(2n)), bitString(integer(5n))),
      {},
      'dsa-refused',
      'it has a DSA key (DSA is refused)',
    ],
    [
      'a DSA prime of 3072 bits',
      () => seq(DSA(uint(randomOdd(3072)), uint(randomOdd(256)), integer(2n)), bitString(integer(5n))),
      WEAK,
      null,
    ],
    [
      'a DSA prime of 3073 bits',
      () => seq(DSA(uint(randomOdd(3073)), uint(randomOdd(256)), integer(2n)), bitString(integer(5n))),
      WEAK,
      'dsa-key-too-large',
      'its DSA prime has 3073 bits (more than 3072)',
    ],
    [
      'DSA parameters of two integers',
      () => seq(DSA(uint(randomOdd(2048)), uint(randomOdd(256))), bitString(integer(5n))),
      WEAK,
      'dsa-key-malformed',
      'its DSA parameters are malformed',
    ],
    [
      'DSA parameters with a non-INTEGER',
      () => seq(DSA(uint(randomOdd(2048)), uint(randomOdd(256)), nul()), bitString(integer(5n))),
      WEAK,
      'dsa-key-malformed',
    ],
    [
      'an unknown key algorithm',
      () => seq(seq(oid('1.3.6.1.4.1.55555.42')), bitString(new Uint8Array(8))),
      {},
      'key-algorithm-unsupported',
      'its key algorithm 1.3.6.1.4.1.55555.42 is not supported',
    ],
    // Rest parameters: jest would take a fifth named parameter for a done callback where a row has four.
  ])('%s', async (...[, spki, options, reason, words]: Case) => {
    const result = await withKey(spki(), options);
    if (reason === null) {
      expect(result).toBe('accepted');
      return;
    }
    expect(result).toMatchObject({ code: USAGE, reason });
    if (words) expect((result as { message: string }).message).toContain(`is refused: ${words}`);
  });
});

describe('what one verification with each key costs', () => {
  const costOf = (key: TestKey) => verificationCost(parseCertificateDer(makeCert({ subject: 'cost', key }).der));
  const fromPair = (pair: ReturnType<typeof generateKeyPairSync>): TestKey => ({
    ...makeKey('p256', 'keys-mut-placeholder'),
    spki: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
  });
  const dsa = (pBits: number) =>
    costOf(fakeKey(seq(DSA(uint(randomOdd(pBits)), uint(randomOdd(256)), integer(2n)), bitString(integer(5n)))));

  it.each<[string, () => number, number]>([
    ['P-521', () => costOf(fromPair(generateKeyPairSync('ec', { namedCurve: 'P-521' }))), 60],
    ['Ed448', () => costOf(fromPair(generateKeyPairSync('ed448'))), 40],
    ['DSA-2048', () => dsa(2048), 25],
    ['DSA-3072', () => dsa(3072), 85],
    ['DSA-1024', () => dsa(1024), 4],
    ['DSA without parameters (priced as DSA-3072)', () => costOf(fakeKey(seq(seq(oid('1.2.840.10040.4.1')), bitString(integer(5n))))), 85],
    ['RSA-3072, e = 65537', () => costOf(fakeKey(rsaSpki(randomOdd(3072), 65537n))), 3],
    ['RSA-4096, e = 3', () => costOf(fakeKey(rsaSpki(randomOdd(4096), 3n))), 1],
  ])('%s', (_name, cost, expected) => {
    expect(cost()).toBe(expected);
  });
});

describe('a CRL signer candidate whose key is refused costs one unit, as any link', () => {
  it('sixty such candidates before the real signer stay within the budget', async () => {
    // The CRL is signed by a separate signer of the CA's name; before it, sixty certificates of that
    // name with unusable keys are tried (each charged one unit: 60 of the 128, the links 15 more).
    const leaf = makeCert({ subject: { O: 'KeysMut', CN: 'leaf' }, issuer: ica, serial: 7 });
    const signer = makeCert({
      subject: { O: 'KeysMut', CN: 'ICA' },
      issuer: root,
      key: makeKey('p256', 'keys-mut-signer'),
      keyUsage: ['cRLSign'],
      eku: null,
    });
    const unusable = Array.from({ length: 60 }, (_, i) =>
      makeCert({
        subject: { O: 'KeysMut', CN: 'ICA' },
        issuer: root,
        key: fakeKey(rsaSpki(randomOdd(2048), 4n)),
        keyUsage: ['cRLSign'],
        eku: null,
        serial: 1000 + i,
      }),
    );
    const crls = [makeCrl({ issuer: root }).pem, makeCrl({ issuer: signer, revoked: [{ serial: 7 }] }).pem];
    const result = await createVerifier({ trustAnchors: root.pem, now: () => NOW, crls })
      .verify({ certificate: leaf.pem, chain: [ica, ...unusable, signer].map((c) => c.pem) })
      .then(
        () => 'accepted',
        (e: { code: string; reason: string }) => ({ code: e.code, reason: e.reason }),
      );
    expect(result).toEqual({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' });
  });
});

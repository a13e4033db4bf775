// What the focused run of src/verify/signature.ts left: a signature that crypto.verify refuses by
// throwing rather than by returning false. An RSASSA-PSS issuer key whose SubjectPublicKeyInfo
// carries parameters (RFC 4055 §1.2) restricts the hash and the smallest salt of every signature
// made with it; OpenSSL enforces that by throwing, and such a signature must be refused as
// signature-invalid, never taken for good.
import { constants, sign } from 'node:crypto';
import { createVerifier } from '../src/index';
import { NOW, makeCert, makeKey, name, type TestCert, type TestKey, standInIssuer } from './helpers/pki';
import { bitString, ctx, elements, integer, nul, oid, seq } from './helpers/der';
import { verdictOf } from './helpers/refusal';

const PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA384 = '2.16.840.1.101.3.4.2.2';

/** RSASSA-PSS-params: hash, MGF1 with the same hash, salt length. */
const pssParams = (hash: string, salt: number): Uint8Array =>
  seq(ctx(0, seq(oid(hash), nul())), ctx(1, seq(oid(MGF1), seq(oid(hash), nul()))), ctx(2, integer(salt)));
const pssAlg = (hash: string, salt: number): Uint8Array => seq(oid(PSS), pssParams(hash, salt));

const rsaKey = makeKey('rsa2048', 'signature-mut2');
/** The same RSA key as an id-RSASSA-PSS key restricted to SHA-256 with salts of at least 32 octets. */
const restrictedKey: TestKey = { ...rsaKey, spki: seq(pssAlg(SHA256, 32), elements(rsaKey.spki)[1]) };

/** `cert` with its inner and outer signature algorithm set to `alg`, signed with PSS by `rsaKey`. */
function resign(cert: TestCert, alg: Uint8Array, hash: string, salt: number): TestCert {
  const fields = elements(elements(cert.der)[0]);
  fields[2] = alg;
  const tbs = seq(...fields);
  const signature = sign(hash, tbs, { key: rsaKey.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt });
  const der = seq(tbs, alg, bitString(new Uint8Array(signature)));
  return { ...cert, der, pem: `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n` };
}

const placeholder = makeKey('p256', 'signature-mut2-placeholder');

/** A certificate for `key` under `issuerName`, signed by `rsaKey` with RSASSA-PSS (`hash`, `salt`). */
function issue(subject: string, key: TestKey, issuerName: Uint8Array, hash: 'sha256' | 'sha384', salt: number, ca: boolean): TestCert {
  const cert = makeCert({ subject, key, issuer: standInIssuer(issuerName, subject, placeholder), ca, noKeyIds: true });
  return { ...resign(cert, pssAlg(hash === 'sha256' ? SHA256 : SHA384, salt), hash, salt), key };
}

const root = issue('Signature restricted RSA-PSS Root', restrictedKey, name('Signature restricted RSA-PSS Root'), 'sha256', 32, true);
const leafKey = makeKey('p256', 'signature-mut2-leaf');
const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW });
const judge = (leaf: TestCert) => verdictOf(verifier.verify({ certificate: leaf.pem }));

describe('an issuer key restricted by its RSASSA-PSS parameters', () => {
  it('verifies a signature within its restrictions (SHA-256, salt 32 or more)', async () => {
    expect(await judge(issue('restricted leaf', leafKey, root.subjectName, 'sha256', 32, false))).toBe('ACCEPTED');
    expect(await judge(issue('restricted leaf', leafKey, root.subjectName, 'sha256', 40, false))).toBe('ACCEPTED');
  });

  it('a sound signature with another hash than the key allows is signature-invalid (OpenSSL throws: digest not allowed)', async () => {
    expect(await judge(issue('restricted leaf', leafKey, root.subjectName, 'sha384', 48, false))).toEqual({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'signature-invalid',
    });
  });

  it('a sound signature with a shorter salt than the key allows is signature-invalid (OpenSSL throws: salt too small)', async () => {
    expect(await judge(issue('restricted leaf', leafKey, root.subjectName, 'sha256', 20, false))).toEqual({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'signature-invalid',
    });
  });
});

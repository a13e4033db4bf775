/**
 * Signature checks with node:crypto: the algorithm table, the weak-algorithm policy, and the
 * key-strength rules of DESIGN.md §3.
 */
import { verify as cryptoVerify } from 'node:crypto';
import { type ParsedCertificate, publicKeyOf } from '../certificate.js';
import { bytesEqual } from '../asn1.js';

/** How a signature OID is verified; `weak` ones are refused. */
interface SignatureAlgorithm {
  readonly name: string;
  /** Digest for crypto.verify; null for EdDSA. */
  readonly hash: string | null;
  /** The key type the algorithm needs. */
  readonly keyType: 'rsa' | 'ec' | 'ed25519' | 'ed448' | 'dsa';
  readonly weak?: true;
}

const ALGORITHMS: ReadonlyMap<string, SignatureAlgorithm> = new Map([
  ['1.2.840.113549.1.1.2', { name: 'md2WithRSAEncryption', hash: 'md5', keyType: 'rsa', weak: true }],
  ['1.2.840.113549.1.1.4', { name: 'md5WithRSAEncryption', hash: 'md5', keyType: 'rsa', weak: true }],
  ['1.2.840.113549.1.1.5', { name: 'sha1WithRSAEncryption', hash: 'sha1', keyType: 'rsa', weak: true }],
  ['1.2.840.113549.1.1.14', { name: 'sha224WithRSAEncryption', hash: 'sha224', keyType: 'rsa' }],
  ['1.2.840.113549.1.1.11', { name: 'sha256WithRSAEncryption', hash: 'sha256', keyType: 'rsa' }],
  ['1.2.840.113549.1.1.12', { name: 'sha384WithRSAEncryption', hash: 'sha384', keyType: 'rsa' }],
  ['1.2.840.113549.1.1.13', { name: 'sha512WithRSAEncryption', hash: 'sha512', keyType: 'rsa' }],
  ['1.2.840.10045.4.1', { name: 'ecdsa-with-SHA1', hash: 'sha1', keyType: 'ec', weak: true }],
  ['1.2.840.10045.4.3.1', { name: 'ecdsa-with-SHA224', hash: 'sha224', keyType: 'ec' }],
  ['1.2.840.10045.4.3.2', { name: 'ecdsa-with-SHA256', hash: 'sha256', keyType: 'ec' }],
  ['1.2.840.10045.4.3.3', { name: 'ecdsa-with-SHA384', hash: 'sha384', keyType: 'ec' }],
  ['1.2.840.10045.4.3.4', { name: 'ecdsa-with-SHA512', hash: 'sha512', keyType: 'ec' }],
  ['1.3.101.112', { name: 'Ed25519', hash: null, keyType: 'ed25519' }],
  ['1.3.101.113', { name: 'Ed448', hash: null, keyType: 'ed448' }],
  ['1.2.840.10040.4.3', { name: 'dsa-with-sha1', hash: 'sha1', keyType: 'dsa', weak: true }],
  ['2.16.840.1.101.3.4.3.2', { name: 'dsa-with-sha256', hash: 'sha256', keyType: 'dsa' }],
]);

const NULL_PARAMS = new Uint8Array([0x05, 0x00]);
const ALLOWED_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);
const MIN_RSA_BITS = 2048;
const MIN_DSA_BITS = 2048;

/** Why a signature or key was refused: `weak` (policy) or `bad` (does not verify / unsupported). */
export type SignatureProblem = { kind: 'weak' | 'bad'; reason: string } | undefined;

/** A problem with the certificate's own public key (too small, unknown curve), or undefined. */
export function keyProblem(cert: ParsedCertificate): string | undefined {
  let key;
  try {
    key = publicKeyOf(cert);
  } catch {
    return 'its public key cannot be loaded';
  }
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      if ((details.modulusLength ?? 0) < MIN_RSA_BITS) return `its RSA key has ${details.modulusLength} bits (< ${MIN_RSA_BITS})`;
      return undefined;
    case 'ec':
      if (!ALLOWED_CURVES.has(details.namedCurve ?? '')) return `its EC key is on an unsupported curve`;
      return undefined;
    case 'dsa':
      if ((details.modulusLength ?? 0) < MIN_DSA_BITS) return `its DSA key has ${details.modulusLength} bits (< ${MIN_DSA_BITS})`;
      return undefined;
    case 'ed25519':
    case 'ed448':
      return undefined;
    default:
      return `its key type ${key.asymmetricKeyType ?? 'unknown'} is not supported`;
  }
}

/** Checks that `issuer`'s key made `subject`'s signature, by an accepted algorithm. */
export function checkSignature(subject: ParsedCertificate, issuer: ParsedCertificate): SignatureProblem {
  if (!bytesEqual(subject.signatureAlgorithm, subject.tbsSignatureAlgorithm)) {
    return { kind: 'bad', reason: 'its inner and outer signature algorithms differ' };
  }
  const alg = ALGORITHMS.get(subject.signatureOid);
  if (!alg) return { kind: 'bad', reason: `its signature algorithm ${subject.signatureOid} is not supported` };
  if (alg.weak) return { kind: 'weak', reason: `it is signed with the weak algorithm ${alg.name}` };
  // RSA PKCS#1 v1.5 must carry NULL parameters; ECDSA and EdDSA none (RFC 5758, RFC 8410).
  const params = subject.signatureParams;
  if (alg.keyType === 'rsa' ? !params || !bytesEqual(params, NULL_PARAMS) : params !== undefined) {
    return { kind: 'bad', reason: `its ${alg.name} signature has invalid parameters` };
  }
  let key;
  try {
    key = publicKeyOf(issuer);
  } catch {
    return { kind: 'bad', reason: "its issuer's public key cannot be loaded" };
  }
  if (key.asymmetricKeyType !== alg.keyType) {
    return { kind: 'bad', reason: `its ${alg.name} signature does not match the issuer's ${key.asymmetricKeyType} key` };
  }
  let ok = false;
  try {
    ok = cryptoVerify(alg.hash, subject.tbs, key, subject.signature);
  } catch {
    ok = false;
  }
  return ok ? undefined : { kind: 'bad', reason: 'its signature does not verify with the issuer key' };
}

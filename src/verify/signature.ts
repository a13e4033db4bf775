/**
 * Signature checks with node:crypto: the algorithm table, the weak-algorithm policy, and the
 * key-strength rules (SECURITY.md, "Cryptographic policy").
 */
import { constants, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { type ParsedCertificate, type SignedObject, publicKeyOf } from '../x509/certificate.js';
import { DerError, bytesEqual } from '../x509/asn1.js';
import { keyProblem } from './keys.js';
import { type PssParams, decodePssParams } from '../x509/pss.js';
import type { VerifyReason } from './refusal.js';

/** How a signature OID is verified; `weak` ones are refused unless explicitly allowed. */
interface SignatureAlgorithm {
  readonly name: string;
  /** Digest for crypto.verify; null for EdDSA. */
  readonly hash: string | null;
  /** The key type the algorithm needs. */
  readonly keyType: 'rsa' | 'ec' | 'ed25519' | 'ed448' | 'dsa';
  readonly weak?: true;
  readonly pss?: true;
}

const RSA_PSS = '1.2.840.113549.1.1.10';
const DSA_KEY = '1.2.840.10040.4.1';

const ALGORITHMS: ReadonlyMap<string, SignatureAlgorithm> = new Map([
  ['1.2.840.113549.1.1.2', { name: 'md2WithRSAEncryption', hash: 'md5', keyType: 'rsa', weak: true }],
  ['1.2.840.113549.1.1.4', { name: 'md5WithRSAEncryption', hash: 'md5', keyType: 'rsa', weak: true }],
  ['1.2.840.113549.1.1.5', { name: 'sha1WithRSAEncryption', hash: 'sha1', keyType: 'rsa', weak: true }],
  ['1.2.840.113549.1.1.14', { name: 'sha224WithRSAEncryption', hash: 'sha224', keyType: 'rsa' }],
  ['1.2.840.113549.1.1.11', { name: 'sha256WithRSAEncryption', hash: 'sha256', keyType: 'rsa' }],
  ['1.2.840.113549.1.1.12', { name: 'sha384WithRSAEncryption', hash: 'sha384', keyType: 'rsa' }],
  ['1.2.840.113549.1.1.13', { name: 'sha512WithRSAEncryption', hash: 'sha512', keyType: 'rsa' }],
  [RSA_PSS, { name: 'RSASSA-PSS', hash: null, keyType: 'rsa', pss: true }],
  ['1.2.840.10045.4.1', { name: 'ecdsa-with-SHA1', hash: 'sha1', keyType: 'ec', weak: true }],
  ['1.2.840.10045.4.3.1', { name: 'ecdsa-with-SHA224', hash: 'sha224', keyType: 'ec' }],
  ['1.2.840.10045.4.3.2', { name: 'ecdsa-with-SHA256', hash: 'sha256', keyType: 'ec' }],
  ['1.2.840.10045.4.3.3', { name: 'ecdsa-with-SHA384', hash: 'sha384', keyType: 'ec' }],
  ['1.2.840.10045.4.3.4', { name: 'ecdsa-with-SHA512', hash: 'sha512', keyType: 'ec' }],
  ['1.3.101.112', { name: 'Ed25519', hash: null, keyType: 'ed25519' }],
  ['1.3.101.113', { name: 'Ed448', hash: null, keyType: 'ed448' }],
  // DSA is deprecated (FIPS 186-5): refused unless weak algorithms are explicitly allowed.
  ['1.2.840.10040.4.3', { name: 'dsa-with-sha1', hash: 'sha1', keyType: 'dsa', weak: true }],
  ['2.16.840.1.101.3.4.3.2', { name: 'dsa-with-sha256', hash: 'sha256', keyType: 'dsa', weak: true }],
]);

const NULL_PARAMS = new Uint8Array([0x05, 0x00]);

/**
 * Why a signature was refused, with its stable reason: `refused` by policy (a weak algorithm, a key
 * outside the bounds: the issuer breaks the rules, CHAIN_INVALID) or `bad` (does not verify, or
 * cannot be checked: UNTRUSTED).
 */
export type SignatureProblem = { kind: 'refused' | 'bad'; message: string; reason: VerifyReason } | undefined;

/** Checks that `issuer`'s key made `subject`'s signature, by an accepted algorithm. */
export function checkSignature(
  subject: ParsedCertificate,
  issuer: ParsedCertificate,
  allowWeak: boolean,
  inheritedParams?: Uint8Array,
): SignatureProblem {
  return checkSigned(subject, issuer, allowWeak, `its`, inheritedParams);
}

/** True for a DSA key that omits its domain parameters (they come from its issuer, RFC 3279 §2.3.2). */
export function inheritsDsaParams(cert: ParsedCertificate): boolean {
  return cert.spkiAlgorithm === DSA_KEY && cert.spkiParams === undefined;
}

/** The DSA parameters `path[index]` inherits: those of the nearest issuer above it that has them. */
export function inheritedDsaParams(path: readonly ParsedCertificate[], index: number): Uint8Array | undefined {
  for (let j = index + 1; j < path.length; j++) {
    if (path[j].spkiAlgorithm !== DSA_KEY) return undefined;
    if (path[j].spkiParams) return path[j].spkiParams;
  }
  return undefined;
}

/** Checks `signed`'s signature with `issuer`'s key; `its` names the object in messages. */
export function checkSigned(
  signed: SignedObject,
  issuer: ParsedCertificate,
  allowWeak: boolean,
  its: string,
  inheritedParams?: Uint8Array,
): SignatureProblem {
  if (!bytesEqual(signed.signatureAlgorithm, signed.tbsSignatureAlgorithm)) {
    return { kind: 'bad', reason: 'signature-algorithm-mismatch', message: `${its} inner and outer signature algorithms differ` };
  }
  const alg = ALGORITHMS.get(signed.signatureOid);
  if (!alg)
    return {
      kind: 'bad',
      reason: 'signature-algorithm-unsupported',
      message: `${its} signature algorithm ${signed.signatureOid} is not supported`,
    };
  if (alg.weak && !allowWeak)
    return { kind: 'refused', reason: 'signature-algorithm-weak', message: `${its} signature uses the weak algorithm ${alg.name}` };
  const params = signed.signatureParams;
  let hash = alg.hash;
  let pss: PssParams | undefined;
  if (alg.pss) {
    pss = supportedPss(params);
    if (!pss) return { kind: 'bad', reason: 'signature-algorithm-unsupported', message: `${its} RSASSA-PSS parameters are not supported` };
    hash = pss.hash;
  } else if (alg.keyType === 'rsa' ? !params || !bytesEqual(params, NULL_PARAMS) : params !== undefined && alg.keyType !== 'dsa') {
    // RSA PKCS#1 v1.5 carries NULL parameters; ECDSA and EdDSA none (RFC 5758, RFC 8410).
    return { kind: 'bad', reason: 'signature-params-invalid', message: `${its} ${alg.name} signature has invalid parameters` };
  }
  // The key is checked before it is loaded or used: an oversized one costs even to load.
  const badKey = inheritedParams ? undefined : keyProblem(issuer, allowWeak);
  if (badKey) return { kind: 'refused', reason: badKey.reason, message: `the issuer's key is refused: ${badKey.message}` };
  let key: KeyObject;
  try {
    key = publicKeyOf(issuer, inheritedParams);
  } catch {
    return { kind: 'bad', reason: 'public-key-malformed', message: "the issuer's public key cannot be loaded" };
  }
  const keyType = key.asymmetricKeyType === 'rsa-pss' ? 'rsa' : key.asymmetricKeyType;
  if (keyType !== alg.keyType) {
    return {
      kind: 'bad',
      reason: 'signature-key-mismatch',
      message: `${its} ${alg.name} signature does not match the issuer's ${key.asymmetricKeyType} key`,
    };
  }
  let ok = false;
  try {
    ok = pss
      ? cryptoVerify(hash, signed.tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, signed.signature)
      : cryptoVerify(hash, signed.tbs, key, signed.signature);
  } catch {
    ok = false;
  }
  return ok ? undefined : { kind: 'bad', reason: 'signature-invalid', message: `${its} signature does not verify with the issuer's key` };
}

/** The PSS parameters when this library verifies them: SHA-2, MGF1 with the same hash, trailer 1. */
function supportedPss(params: Uint8Array | undefined): PssParams | undefined {
  if (!params) return undefined;
  let decoded: PssParams;
  try {
    decoded = decodePssParams(params);
  } catch (err) {
    // Certificates are checked at parse time; this is a CRL's or a caller's bytes.
    if (err instanceof DerError) return undefined;
    throw err;
  }
  const { hash, mgfHash, trailer } = decoded;
  if (hash === 'sha1' || hash === 'unsupported' || hash !== mgfHash || trailer !== 1) return undefined;
  return decoded;
}

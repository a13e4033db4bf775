/**
 * Signature checks with node:crypto: the algorithm table, the weak-algorithm policy, and the
 * key-strength rules (SECURITY.md, "Cryptographic policy").
 */
import { constants, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { OID, type ParsedCertificate, type SignedObject, publicKeyOf } from '../certificate.js';
import { DerError, Tag, bytesEqual, children, integerBytes, readOid, readRoot, readSmallInteger } from '../asn1.js';

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

const HASH_OIDS: ReadonlyMap<string, string> = new Map([
  ['2.16.840.1.101.3.4.2.1', 'sha256'],
  ['2.16.840.1.101.3.4.2.2', 'sha384'],
  ['2.16.840.1.101.3.4.2.3', 'sha512'],
]);
const MGF1 = '1.2.840.113549.1.1.8';
const NULL_PARAMS = new Uint8Array([0x05, 0x00]);
const MIN_RSA_BITS = 2048;

/** Why a signature or key was refused: `weak` (policy) or `bad` (does not verify / unsupported). */
export type SignatureProblem = { kind: 'weak' | 'bad'; reason: string } | undefined;

const CURVES: ReadonlyMap<string, number> = new Map([
  ['1.2.840.10045.3.1.7', 32], // P-256
  ['1.3.132.0.34', 48], // P-384
  ['1.3.132.0.35', 66], // P-521
]);
const RSA_KEY = '1.2.840.113549.1.1.1';

/** The subjectPublicKey bytes (the BIT STRING's content after its unused-bits octet). */
function keyBytes(cert: ParsedCertificate): Uint8Array {
  const node = readRoot(cert.spkiKeyBits, Tag.BIT_STRING, 'subjectPublicKey');
  return cert.spkiKeyBits.subarray(node.contentStart + 1, node.end);
}

/** Bit length of an unsigned big-endian integer. */
function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
}

/**
 * A problem with the certificate's own public key (too small, odd size, unsupported), or
 * undefined. Read from the DER rather than loaded into OpenSSL: key loading costs more than a
 * signature check, and a leaf's key is never used here (the proxy's handshake proved possession).
 */
export function keyProblem(cert: ParsedCertificate, allowWeak: boolean): string | undefined {
  try {
    const key = keyBytes(cert);
    switch (cert.spkiAlgorithm) {
      case RSA_KEY:
      case RSA_PSS: {
        const seq = readRoot(key, Tag.SEQUENCE, 'RSAPublicKey');
        const [n, e] = children(key, seq);
        if (!n || !e || n.tag !== Tag.INTEGER || e.tag !== Tag.INTEGER) return 'its RSA key is malformed';
        const modulus = integerBytes(key, n);
        const exponent = integerBytes(key, e);
        if (modulus[0] & 0x80 || !(exponent[exponent.length - 1] & 1)) return 'its RSA key is malformed';
        const bits = bitLength(modulus);
        if (bits % 8 !== 0) return `its RSA modulus has ${bits} bits, not a whole number of bytes`;
        if (bits < MIN_RSA_BITS && !allowWeak) return `its RSA key has ${bits} bits (< ${MIN_RSA_BITS})`;
        return undefined;
      }
      case OID.ecPublicKey: {
        if (cert.spkiParamsTag !== Tag.OID || !cert.spkiParams)
          return 'its EC key does not name its curve (explicit curve parameters are refused)';
        const size = CURVES.get(readOid(cert.spkiParams, readRoot(cert.spkiParams, Tag.OID, 'namedCurve')));
        if (!size) return 'its EC key is on an unsupported curve';
        const uncompressed = key[0] === 0x04 && key.length === 2 * size + 1;
        const compressed = (key[0] === 0x02 || key[0] === 0x03) && key.length === size + 1;
        return uncompressed || compressed ? undefined : 'its EC point is malformed';
      }
      case '1.3.101.112':
        return key.length === 32 ? undefined : 'its Ed25519 key is malformed';
      case '1.3.101.113':
        return key.length === 57 ? undefined : 'its Ed448 key is malformed';
      case DSA_KEY:
        return allowWeak ? undefined : 'it has a DSA key (DSA is refused)';
      default:
        return `its key algorithm ${cert.spkiAlgorithm} is not supported`;
    }
  } catch (err) {
    if (err instanceof DerError) return 'its public key is malformed';
    throw err;
  }
}

/** RSASSA-PSS-params (RFC 4055) → digest and salt length; only SHA-2 with MGF1 of the same hash. */
function pssParams(params: Uint8Array | undefined): { hash: string; saltLength: number } | undefined {
  if (!params) return undefined;
  try {
    const seq = readRoot(params, Tag.SEQUENCE, 'RSASSA-PSS-params');
    let hash = 'sha1';
    let mgfHash = 'sha1';
    let saltLength = 20;
    for (const part of children(params, seq)) {
      const inner = children(params, part);
      if (part.tag === 0xa0) {
        hash = HASH_OIDS.get(readOid(params, children(params, inner[0])[0])) ?? 'unsupported';
      } else if (part.tag === 0xa1) {
        const mgf = children(params, inner[0]);
        if (readOid(params, mgf[0]) !== MGF1) return undefined;
        mgfHash = HASH_OIDS.get(readOid(params, children(params, mgf[1])[0])) ?? 'unsupported';
      } else if (part.tag === 0xa2) {
        saltLength = readSmallInteger(params, inner[0]);
      } else if (part.tag === 0xa3) {
        if (readSmallInteger(params, inner[0]) !== 1) return undefined;
      } else return undefined;
    }
    if (hash === 'sha1' || hash === 'unsupported' || hash !== mgfHash) return undefined;
    return { hash, saltLength };
  } catch (err) {
    if (err instanceof DerError) return undefined;
    throw err;
  }
}

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

/** Checks `signed`'s signature with `issuer`'s key; `its` names the object in reasons. */
export function checkSigned(
  signed: SignedObject,
  issuer: ParsedCertificate,
  allowWeak: boolean,
  its: string,
  inheritedParams?: Uint8Array,
): SignatureProblem {
  if (!bytesEqual(signed.signatureAlgorithm, signed.tbsSignatureAlgorithm)) {
    return { kind: 'bad', reason: `${its} inner and outer signature algorithms differ` };
  }
  const alg = ALGORITHMS.get(signed.signatureOid);
  if (!alg) return { kind: 'bad', reason: `${its} signature algorithm ${signed.signatureOid} is not supported` };
  if (alg.weak && !allowWeak) return { kind: 'weak', reason: `${its} signature uses the weak algorithm ${alg.name}` };
  const params = signed.signatureParams;
  let hash = alg.hash;
  let pss: { hash: string; saltLength: number } | undefined;
  if (alg.pss) {
    pss = pssParams(params);
    if (!pss) return { kind: 'bad', reason: `${its} RSASSA-PSS parameters are not supported` };
    hash = pss.hash;
  } else if (alg.keyType === 'rsa' ? !params || !bytesEqual(params, NULL_PARAMS) : params !== undefined && alg.keyType !== 'dsa') {
    // RSA PKCS#1 v1.5 carries NULL parameters; ECDSA and EdDSA none (RFC 5758, RFC 8410).
    return { kind: 'bad', reason: `${its} ${alg.name} signature has invalid parameters` };
  }
  let key: KeyObject;
  try {
    key = publicKeyOf(issuer, inheritedParams);
  } catch {
    return { kind: 'bad', reason: "the issuer's public key cannot be loaded" };
  }
  const keyType = key.asymmetricKeyType === 'rsa-pss' ? 'rsa' : key.asymmetricKeyType;
  if (keyType !== alg.keyType) {
    return { kind: 'bad', reason: `${its} ${alg.name} signature does not match the issuer's ${key.asymmetricKeyType} key` };
  }
  let ok = false;
  try {
    ok = pss
      ? cryptoVerify(hash, signed.tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, signed.signature)
      : cryptoVerify(hash, signed.tbs, key, signed.signature);
  } catch {
    ok = false;
  }
  return ok ? undefined : { kind: 'bad', reason: `${its} signature does not verify with the issuer's key` };
}

/**
 * Public-key checks, made before a key is ever used, and the cost of using one.
 *
 * A forwarded certificate's key is attacker-chosen: a huge RSA exponent or modulus makes one
 * signature check cost milliseconds (a 3072-bit modulus with a 3071-bit exponent ≈ 6 ms). So every
 * key is read from its DER and checked against the bounds below before path building verifies a
 * signature with it, and each verification is charged to the request's work budget by its cost.
 */
import type { ParsedCertificate } from '../x509/certificate.js';
import { OID } from '../x509/certificate.js';
import { DerError, Tag, children, integerBytes, readOid, readRoot } from '../x509/asn1.js';
import type { VerifyReason } from './refusal.js';

/** Smallest RSA modulus accepted (NIST SP 800-131A); `dangerouslyAllowWeakAlgorithms` lowers it to WEAK_MIN_RSA_BITS. */
export const MIN_RSA_BITS = 2048;
/** Smallest RSA modulus accepted even with weak algorithms allowed (PKITS-era keys). */
export const WEAK_MIN_RSA_BITS = 1024;
/** Largest RSA modulus accepted: the largest any CA issues, and the bound of rustls-webpki (ring). */
export const MAX_RSA_BITS = 8192;
/**
 * Largest RSA public exponent accepted: 2^32 − 1. Real keys use 3 or 65537; the bound keeps a
 * verification within ≈ 3.5× the cost of e = 65537 (Go allows up to 2^31 − 1, ring 2^33 − 1).
 */
export const MAX_RSA_EXPONENT_BYTES = 4;
/** Largest DSA prime accepted (FIPS 186-4 stops at 3072 bits); DSA needs weak algorithms allowed. */
export const MAX_DSA_P_BITS = 3072;

/**
 * Verification cost in work units, one being roughly one RSA-2048 (e = 65537) verification
 * (≈ 35 µs on the 2-core x86 machine the figures in SECURITY.md come from, Node 20's OpenSSL 3).
 * EC costs include loading the key (the on-curve check). Measured by `node bench/worst-case-cpu.mjs`.
 */
const EC_COST: ReadonlyMap<string, { size: number; cost: number }> = new Map([
  ['1.2.840.10045.3.1.7', { size: 32, cost: 3 }], // P-256 ≈ 0.1 ms
  ['1.3.132.0.34', { size: 48, cost: 30 }], // P-384 ≈ 1 ms: OpenSSL has no fast path for it
  ['1.3.132.0.35', { size: 66, cost: 60 }], // P-521 ≈ 2 ms
]);
const ED25519_COST = 5;
const ED448_COST = 40; // ≈ 1.3 ms: OpenSSL's Ed448 is far slower than its Ed25519

const RSA_KEY = '1.2.840.113549.1.1.1';
const RSA_PSS_KEY = '1.2.840.113549.1.1.10';
const DSA_KEY = '1.2.840.10040.4.1';
const ED25519 = '1.3.101.112';
const ED448 = '1.3.101.113';

/** Why a key is refused: a stable reason, a sentence for messages, and whether it is only a policy refusal. */
export interface KeyProblem {
  readonly reason: VerifyReason;
  readonly message: string;
  /** True when `dangerouslyAllowWeakAlgorithms` is what refuses it (a weak, not a broken, key). */
  readonly weak: boolean;
}

/** What is known about a key once read: a refusal, or its size and verification cost. */
type KeyFacts =
  | { problem: KeyProblem; cost?: undefined; rsaBits?: undefined; dsa?: undefined }
  | { problem?: undefined; cost: number; rsaBits?: number; dsa?: boolean };

/** Where a certificate keeps its key's facts, read once. */
const FACTS = Symbol('key facts');

function bad(reason: VerifyReason, message: string): { problem: KeyProblem } {
  return { problem: { reason, message, weak: false } };
}

/** Bit length of an unsigned big-endian integer: counted in bits, so 2047 is 2047. */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
}

function popCount(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) for (let v = b; v; v &= v - 1) n++;
  return n;
}

/** The subjectPublicKey bytes (the BIT STRING's content after its unused-bits octet). */
function keyBytes(cert: ParsedCertificate): Uint8Array {
  const node = readRoot(cert.spkiKeyBits, Tag.BIT_STRING, 'subjectPublicKey');
  if (cert.spkiKeyBits[node.contentStart] !== 0) throw new DerError('subjectPublicKey has unused bits');
  return cert.spkiKeyBits.subarray(node.contentStart + 1, node.end);
}

function rsaFacts(key: Uint8Array): KeyFacts {
  const seq = readRoot(key, Tag.SEQUENCE, 'RSAPublicKey');
  const parts = children(key, seq);
  if (parts.length !== 2 || parts[0].tag !== Tag.INTEGER || parts[1].tag !== Tag.INTEGER)
    return bad('rsa-key-malformed', 'its RSA key is not an RSAPublicKey');
  const modulus = integerBytes(key, parts[0]);
  const exponent = integerBytes(key, parts[1]);
  if (modulus[0] & 0x80 || !(modulus[modulus.length - 1] & 1))
    return bad('rsa-key-malformed', 'its RSA modulus is not a positive odd integer');
  const bits = bitLength(modulus);
  // Size before exponent: both are cheap to read, and an oversized key is refused whatever its exponent.
  if (bits > MAX_RSA_BITS) return bad('rsa-key-too-large', `its RSA modulus has ${bits} bits (more than ${MAX_RSA_BITS})`);
  if (bits < WEAK_MIN_RSA_BITS) return bad('rsa-key-too-small', `its RSA key has ${bits} bits (fewer than ${WEAK_MIN_RSA_BITS})`);
  if (exponent[0] & 0x80) return bad('rsa-exponent-too-small', 'its RSA public exponent is negative');
  const eBits = bitLength(exponent);
  if (eBits > MAX_RSA_EXPONENT_BYTES * 8)
    return bad('rsa-exponent-too-large', `its RSA public exponent has ${eBits} bits (more than ${MAX_RSA_EXPONENT_BYTES * 8})`);
  if (eBits < 2) return bad('rsa-exponent-too-small', 'its RSA public exponent is less than 3');
  if (!(exponent[exponent.length - 1] & 1)) return bad('rsa-exponent-even', 'its RSA public exponent is even');
  // Square-and-multiply: (bits of e − 1) squarings and (set bits − 1) multiplications, each ∝
  // modulus², plus one reduction; relative to e = 65537 (18 of them) at 2048 bits.
  const modMuls = eBits + popCount(exponent) - 1;
  const cost = Math.max(1, Math.ceil((bits / 2048) ** 2 * (modMuls / 18)));
  return { cost, rsaBits: bits };
}

function dsaFacts(params: Uint8Array | undefined): KeyFacts {
  // Without parameters the key inherits its issuer's, which are checked (and bounded) as the issuer's key.
  if (!params) return { cost: dsaCost(MAX_DSA_P_BITS), dsa: true };
  const parts = children(params, readRoot(params, Tag.SEQUENCE, 'Dss-Parms'));
  if (parts.length !== 3 || parts.some((p) => p.tag !== Tag.INTEGER)) return bad('dsa-key-malformed', 'its DSA parameters are malformed');
  const pBits = bitLength(integerBytes(params, parts[0]));
  if (pBits > MAX_DSA_P_BITS) return bad('dsa-key-too-large', `its DSA prime has ${pBits} bits (more than ${MAX_DSA_P_BITS})`);
  return { cost: dsaCost(pBits), dsa: true };
}

/** Two exponentiations modulo p with q-sized exponents: DSA-2048 ≈ 0.8 ms, DSA-3072 ≈ 2.7 ms measured. */
function dsaCost(pBits: number): number {
  return Math.max(1, Math.ceil((pBits / 2048) ** 3 * 25));
}

function readFacts(cert: ParsedCertificate): KeyFacts {
  try {
    switch (cert.spkiAlgorithm) {
      case RSA_KEY:
      case RSA_PSS_KEY:
        return rsaFacts(keyBytes(cert));
      case OID.ecPublicKey: {
        if (cert.spkiParamsTag !== Tag.OID || !cert.spkiParams)
          return bad('ec-curve-explicit', 'its EC key does not name its curve (explicit curve parameters are refused)');
        const curve = EC_COST.get(readOid(cert.spkiParams, readRoot(cert.spkiParams, Tag.OID, 'namedCurve')));
        if (!curve) return bad('ec-curve-unsupported', 'its EC key is on an unsupported curve');
        const key = keyBytes(cert);
        // Compressed points are refused, as Go and rustls-webpki refuse them: decompressing one is a
        // modular square root (≈ 1 ms for P-384 in OpenSSL), paid before any signature is checked.
        if ((key[0] === 0x02 || key[0] === 0x03) && key.length === curve.size + 1)
          return bad('ec-point-compressed', 'its EC point is compressed (only uncompressed points are accepted)');
        if (key[0] !== 0x04 || key.length !== 2 * curve.size + 1) return bad('ec-point-malformed', 'its EC point is malformed');
        return { cost: curve.cost };
      }
      case ED25519:
        if (cert.spkiParams !== undefined) return bad('ed25519-key-malformed', 'its Ed25519 key has parameters');
        return keyBytes(cert).length === 32 ? { cost: ED25519_COST } : bad('ed25519-key-malformed', 'its Ed25519 key is malformed');
      case ED448:
        if (cert.spkiParams !== undefined) return bad('ed448-key-malformed', 'its Ed448 key has parameters');
        return keyBytes(cert).length === 57 ? { cost: ED448_COST } : bad('ed448-key-malformed', 'its Ed448 key is malformed');
      case DSA_KEY:
        return dsaFacts(cert.spkiParams);
      default:
        return bad('key-algorithm-unsupported', `its key algorithm ${cert.spkiAlgorithm} is not supported`);
    }
  } catch (err) {
    if (err instanceof DerError) return bad('public-key-malformed', 'its public key is malformed');
    throw err;
  }
}

function factsOf(cert: ParsedCertificate): KeyFacts {
  let f = cert.derived[FACTS] as KeyFacts | undefined;
  if (!f) {
    f = readFacts(cert);
    cert.derived[FACTS] = f;
  }
  return f;
}

/**
 * The problem with `cert`'s public key, or undefined when it may be used: read from the DER, never
 * loaded into OpenSSL first (loading an oversized key already costs). Cached per certificate.
 */
export function keyProblem(cert: ParsedCertificate, allowWeak: boolean): KeyProblem | undefined {
  const f = factsOf(cert);
  if (f.problem) return f.problem;
  if (f.rsaBits !== undefined && f.rsaBits < MIN_RSA_BITS && !allowWeak) {
    return { reason: 'rsa-key-too-small', message: `its RSA key has ${f.rsaBits} bits (fewer than ${MIN_RSA_BITS})`, weak: true };
  }
  if (f.dsa && !allowWeak) return { reason: 'dsa-refused', message: 'it has a DSA key (DSA is refused)', weak: true };
  return undefined;
}

/** Work units one signature verification with `cert`'s key costs; call after keyProblem found none. */
export function verificationCost(cert: ParsedCertificate): number {
  return factsOf(cert).cost ?? 1;
}

/** The RSA modulus size in bits, or undefined for other (or refused) keys. */
export function rsaModulusBits(cert: ParsedCertificate): number | undefined {
  return factsOf(cert).rsaBits;
}

// DSA keys that share one set of domain parameters, so that a CA's key can omit them and inherit its
// issuer's (RFC 3279 §2.3.2). node:crypto makes new parameters for every DSA key, so the second key
// is made by hand: a private x below q, y = g^x mod p, written as PKCS#8 and loaded by node:crypto.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { bitString, elements, integer, octets, oid, seq } from './der';
import { makeCert, toPem, type CertSpec, type TestCert, type TestKey } from './pki';

const DSA = '1.2.840.10040.4.1';
/** dsa-with-sha256 (RFC 5758), without parameters. */
export const DSA_WITH_SHA256 = seq(oid('2.16.840.1.101.3.4.3.2'));

/** A DSA key with its parameters in its SubjectPublicKeyInfo, and `inherit()` for keys that share them. */
export interface DsaFamily {
  /** The key whose SubjectPublicKeyInfo carries p, q and g. */
  readonly withParams: TestKey;
  /** A new key in the same domain, its SubjectPublicKeyInfo without parameters; `seed` makes it reproducible. */
  inherit(seed: string): TestKey;
}

const toBig = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** The content bytes of a DER element (its header skipped). */
function contentOf(der: Uint8Array): Uint8Array {
  const header = der[1] & 0x80 ? 2 + (der[1] & 0x7f) : 2;
  return der.subarray(header);
}

/** A DSA family on new parameters: a 2048-bit p and 256-bit q unless told otherwise. */
export function makeDsaFamily(modulusLength = 2048, divisorLength = 256): DsaFamily {
  const pair = generateKeyPairSync('dsa', { modulusLength, divisorLength });
  const spki = new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
  const algorithm = elements(spki)[0];
  const params = elements(algorithm)[1];
  const [p, q, g] = elements(params).map((i) => toBig(contentOf(i)));
  const withParams: TestKey = { kind: 'p256', privateKey: pair.privateKey, publicKey: pair.publicKey, spki };
  return {
    withParams,
    inherit(seed) {
      const x = (toBig(new Uint8Array(createHash('sha512').update(`dsa:${seed}`).digest())) % (q - 1n)) + 1n;
      const y = modPow(g, x, p);
      const privateKey = createPrivateKey({
        key: Buffer.from(seq(integer(0), algorithm, octets(integer(x)))),
        format: 'der',
        type: 'pkcs8',
      });
      const bare = seq(seq(oid(DSA)), bitString(integer(y)));
      const full = seq(algorithm, bitString(integer(y)));
      return { kind: 'p256', privateKey, publicKey: createPublicKey({ key: Buffer.from(full), format: 'der', type: 'spki' }), spki: bare };
    },
  };
}

/** `der` (a certificate or CRL) with its inner and outer signature algorithm set to dsa-with-sha256, signed by `key`. */
export function resignDsa(der: Uint8Array, key: TestKey, algorithmIndex: number): Uint8Array {
  const fields = elements(elements(der)[0]);
  fields[algorithmIndex] = DSA_WITH_SHA256;
  const tbs = seq(...fields);
  return seq(tbs, DSA_WITH_SHA256, bitString(new Uint8Array(sign('sha256', tbs, key.privateKey))));
}

/** A certificate issued (signed with dsa-with-sha256) by a certificate holding a DSA key. */
export function makeDsaIssuedCert(spec: CertSpec & { issuer?: TestCert }): TestCert {
  const cert = makeCert(spec);
  const signer = spec.issuer?.key ?? cert.key;
  // The signature field is the third TBS element of a v3 certificate (after version and serial).
  const der = resignDsa(cert.der, signer, 2);
  return { ...cert, der, pem: toPem(der), fingerprint256: createHash('sha256').update(der).digest('hex') };
}

/** A CRL re-signed with dsa-with-sha256 by `key` (its TBS signature field is the second element). */
export function resignCrlDsa(crl: { der: Uint8Array }, key: TestKey): { der: Uint8Array; pem: string } {
  const der = resignDsa(crl.der, key, 1);
  return { der, pem: toPem(der, 'X509 CRL') };
}

// The code and reason a verification is refused with ('ACCEPTED' when it resolves), and hand-made keys.
import { randomBytes } from 'node:crypto';
import { ClientCertError } from '../../src/errors';
import { Refusal } from '../../src/verify/refusal';
import { bitString, integer, nul, oid, seq } from './der';
import { makeKey, type TestKey } from './pki';
import { thrown } from './thrown';

export type Verdict = 'ACCEPTED' | { code: string; reason: string };

export async function verdictOf(promise: Promise<unknown>): Promise<Verdict> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ClientCertError);
    const { code, reason } = err as ClientCertError;
    return { code, reason };
  }
  return 'ACCEPTED';
}

/** The core's refusal thrown by `run` (anything else thrown is passed on; no throw fails the test). */
export const refusalOf = (run: () => unknown): Refusal => thrown(Refusal, run);

/** An unsigned big-endian integer as DER (a zero octet in front of a high bit). */
export function uint(bytes: Uint8Array): Uint8Array {
  return integer(bytes[0] & 0x80 ? new Uint8Array([0, ...bytes]) : bytes);
}

/** A random odd number of exactly `bits` bits, big-endian. */
export function randomOdd(bits: number): Uint8Array {
  const n = new Uint8Array(randomBytes(Math.ceil(bits / 8)));
  const extra = n.length * 8 - bits;
  n[0] &= 0xff >> extra;
  n[0] |= 0x80 >> extra;
  n[n.length - 1] |= 1;
  return n;
}

/** An RSA SubjectPublicKeyInfo with any modulus and exponent (no private key exists for it). */
export function rsaSpki(modulus: Uint8Array, exponent: Uint8Array | bigint): Uint8Array {
  const e = typeof exponent === 'bigint' ? integer(exponent) : uint(exponent);
  return seq(seq(oid('1.2.840.113549.1.1.1'), nul()), bitString(seq(uint(modulus), e)));
}

/** A TestKey carrying `spki` as its public key: usable as a subject key, never to sign. */
export function fakeKey(spki: Uint8Array): TestKey {
  const placeholder = makeKey('p256', 'fake-key-placeholder');
  return { ...placeholder, kind: 'rsa2048', spki };
}

// OCSP response parts built byte by byte, for the reader's rule tests (x509-ocsp-mut*.test.ts):
// each test changes one field of an otherwise well-formed BasicOCSPResponse.
import { bitString, ctx, integer, nul, octets, oid, printable, seq, set, tlv } from './der';

export const SHA1 = seq(oid('1.3.14.3.2.26'), nul());
export const SIG_ALG = seq(oid('1.2.840.10045.4.3.2'));
export const SIG = bitString(new Uint8Array([1, 2]));
/** A GeneralizedTime of the given text. */
export const gtime = (s: string): Uint8Array => tlv(0x18, new Uint8Array(Buffer.from(s, 'latin1')));
export const T1 = gtime('20260101000000Z');
export const enumerated = (n: number): Uint8Array => tlv(0x0a, new Uint8Array([n]));
export const HASH = octets(new Uint8Array(20));
export const CERT_ID = seq(SHA1, HASH, HASH, integer(0x1234));
export const GOOD = tlv(0x80, new Uint8Array());
/** responderID byName: CN=OCSP. */
export const byName = ctx(1, seq(set(seq(oid('2.5.4.3'), printable('OCSP')))));
export const BASIC = '1.3.6.1.5.5.7.48.1.1';
/** A successful OCSPResponse carrying `basic` as id-pkix-ocsp-basic. */
export const wrap = (basic: Uint8Array): Uint8Array => seq(enumerated(0), ctx(0, seq(oid(BASIC), octets(basic))));
/** A BasicOCSPResponse of tbsResponseData `fields`, then `outer` (signature algorithm and signature). */
export const basicOf = (fields: Uint8Array[], outer: Uint8Array[] = [SIG_ALG, SIG]): Uint8Array => wrap(seq(seq(...fields), ...outer));
/** A response by name at T1 with one SingleResponse of `single`. */
export const withSingle = (...single: Uint8Array[]): Uint8Array => basicOf([byName, T1, seq(seq(...single))]);

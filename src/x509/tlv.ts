/**
 * The one DER writer: an identifier, a definite minimal length and the content. The library
 * writes little DER (an OCSP request, a DSA key completed with its issuer's parameters, a name
 * rebuilt for CRL scope matching), but each must be exact for any length, not only below 64 KiB.
 */

/** The DER length octets for `length` (short form below 128, else the minimal long form). */
export function derLength(length: number): number[] {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`not a DER length: ${length}`);
  if (length < 0x80) return [length];
  const octets: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) octets.unshift(n % 256);
  return [0x80 | octets.length, ...octets];
}

/** One TLV: `tag`, then the length of the concatenated `contents`, then the contents. */
export function encodeTlv(tag: number, ...contents: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of contents) length += c.length;
  const header = derLength(length);
  const out = new Uint8Array(1 + header.length + length);
  out[0] = tag;
  out.set(header, 1);
  let at = 1 + header.length;
  for (const c of contents) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

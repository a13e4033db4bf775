// A tiny DER writer for building test certificates with exactly the fields a test needs.
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));
}

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let header: number[];
  if (n < 0x80) header = [tag, n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return concat([new Uint8Array(header), content]);
}

export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, concat(items));
export const set = (...items: Uint8Array[]): Uint8Array => tlv(0x31, concat(items));
export const octets = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);
export const nul = (): Uint8Array => new Uint8Array([0x05, 0x00]);
export const bool = (v: boolean): Uint8Array => new Uint8Array([0x01, 0x01, v ? 0xff : 0x00]);
export const utf8 = (s: string): Uint8Array => tlv(0x0c, new Uint8Array(Buffer.from(s, 'utf8')));
export const printable = (s: string): Uint8Array => tlv(0x13, new Uint8Array(Buffer.from(s, 'latin1')));
export const ia5 = (s: string, tag = 0x16): Uint8Array => tlv(tag, new Uint8Array(Buffer.from(s, 'latin1')));
export const ctx = (n: number, content: Uint8Array, constructed = true): Uint8Array => tlv((constructed ? 0xa0 : 0x80) | n, content);
export const bitString = (bytes: Uint8Array, unused = 0): Uint8Array => tlv(0x03, concat([new Uint8Array([unused]), bytes]));

export function integer(value: number | bigint | Uint8Array): Uint8Array {
  if (value instanceof Uint8Array) return tlv(0x02, value);
  let v = BigInt(value);
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, new Uint8Array(bytes));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(out));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function time(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, new Uint8Array(Buffer.from(`${pad(y % 100)}${rest}`, 'latin1')));
  return tlv(0x18, new Uint8Array(Buffer.from(`${pad(y, 4)}${rest}`, 'latin1')));
}

/** The encodings of the direct children of the DER element `der` (a SEQUENCE), for rebuilding it. */
export function elements(der: Uint8Array): Uint8Array[] {
  const headerLength = (at: number): number => (der[at + 1] & 0x80 ? 2 + (der[at + 1] & 0x7f) : 2);
  const contentLength = (at: number): number => {
    const first = der[at + 1];
    if (!(first & 0x80)) return first;
    let len = 0;
    for (let i = 0; i < (first & 0x7f); i++) len = len * 256 + der[at + 2 + i];
    return len;
  };
  const parts: Uint8Array[] = [];
  for (let pos = headerLength(0); pos < der.length;) {
    const end = pos + headerLength(pos) + contentLength(pos);
    parts.push(der.subarray(pos, end));
    pos = end;
  }
  return parts;
}

/** anyPolicy (RFC 5280 §4.2.1.4). */
export const ANY_POLICY = '2.5.29.32.0';

/** A certificatePolicies extension naming `list`, without qualifiers. */
export const policiesExtension = (...list: string[]) => ({ oid: '2.5.29.32', value: seq(...list.map((p) => seq(oid(p)))) });

/** A critical policyMappings extension of (issuerDomainPolicy, subjectDomainPolicy) pairs. */
export const mappingsExtension = (...pairs: [string, string][]) => ({
  oid: '2.5.29.33',
  critical: true,
  value: seq(...pairs.map(([a, b]) => seq(oid(a), oid(b)))),
});

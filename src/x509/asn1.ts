/**
 * A strict, allocation-light DER reader: just enough ASN.1 for X.509 and CRLs.
 *
 * Why our own: certificates arrive from the network on every request, so the reader must
 * refuse BER leniencies (indefinite lengths, non-minimal lengths, high tag numbers) and cost
 * microseconds, not the hundreds a schema-driven parser spends.
 */

/** Thrown for bytes that are not valid DER; callers turn it into a coded ClientCertError. */
export class DerError extends Error {
  /** The stable refusal reason this becomes (`der-invalid` unless a decoder names a more specific rule). */
  readonly reason: string;

  constructor(message: string, reason = 'der-invalid') {
    super(message);
    this.name = 'DerError';
    this.reason = reason;
  }
}

/**
 * The node, or a DerError when a decoder asked for an element the input does not have: every
 * reader below takes `DerNode | undefined`, so `parts[i]` past the end is bad input, never a TypeError.
 */
function present(node: DerNode | undefined): DerNode {
  if (node === undefined) throw new DerError('a required element is missing');
  return node;
}

/** One TLV: the identifier octet and the byte offsets of the whole element and its content. */
export interface DerNode {
  /** The full identifier octet (class, constructed bit, tag number < 31). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset one past the last content byte. */
  readonly end: number;
}

/** Universal and context tags used by X.509. */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  VISIBLE_STRING: 0x1a,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
} as const;

/** Reads the element that starts at `offset` and must end by `limit`. */
export function readNode(buf: Uint8Array, offset: number, limit: number = buf.length): DerNode {
  if (offset + 2 > limit) throw new DerError('truncated element');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used in X.509');
  let pos = offset + 1;
  let length = buf[pos++];
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) throw new DerError('indefinite length is not DER');
    if (count > 4) throw new DerError('length too large');
    if (pos + count > limit) throw new DerError('truncated length');
    if (buf[pos] === 0) throw new DerError('non-minimal length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++];
    if (length < 0x80) throw new DerError('non-minimal length');
  }
  const end = pos + length;
  if (end > limit) throw new DerError('element runs past its container');
  return { tag, start: offset, contentStart: pos, end };
}

/** Reads the element at `offset` and checks its tag. */
export function expectNode(buf: Uint8Array, offset: number, limit: number, tag: number, what: string): DerNode {
  const node = readNode(buf, offset, limit);
  if (node.tag !== tag) throw new DerError(`${what}: unexpected tag 0x${node.tag.toString(16)}`);
  return node;
}

/** The direct children of a constructed element. */
export function children(buf: Uint8Array, maybeParent: DerNode | undefined): DerNode[] {
  const parent = present(maybeParent);
  if ((parent.tag & 0x20) === 0) throw new DerError('primitive element has no children');
  const out: DerNode[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readNode(buf, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/**
 * A forward cursor over the elements of one constructed element's content (or of a whole
 * buffer). Decoders read fields in order with `next` / `optional` / `nested` and finish with
 * `end`, so a field can be neither skipped nor left over: every byte is consumed or refused.
 */
export class DerReader {
  /** The buffer every node offset refers to. */
  readonly buf: Uint8Array;
  private pos: number;
  private readonly limit: number;
  /** The tag of the element under the cursor, or -1 at the end (read once per element). */
  private nextTag: number;

  constructor(buf: Uint8Array, start = 0, limit = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.limit = limit;
    this.nextTag = start < limit ? buf[start] : -1;
  }

  /** True when every element has been read. */
  get atEnd(): boolean {
    return this.pos >= this.limit;
  }

  /** The tag of the next element, or -1 when there is none. */
  peek(): number {
    return this.nextTag;
  }

  /** The next element whatever its tag (`what` names it when it is missing). */
  any(what: string): DerNode {
    if (this.pos >= this.limit) throw new DerError(`${what} is missing`);
    const node = readNode(this.buf, this.pos, this.limit);
    this.pos = node.end;
    this.nextTag = this.pos < this.limit ? this.buf[this.pos] : -1;
    return node;
  }

  /** The next element, which must have `tag`. */
  next(tag: number, what: string, reason?: string): DerNode {
    if (this.nextTag !== tag) {
      throw new DerError(this.nextTag < 0 ? `${what} is missing` : `${what}: unexpected tag 0x${this.nextTag.toString(16)}`, reason);
    }
    return this.any(what);
  }

  /** The next element when it has `tag`; otherwise nothing is read. */
  optional(tag: number): DerNode | undefined {
    return this.nextTag === tag ? this.any('element') : undefined;
  }

  /** Enters the next element (of `tag`) and runs `fn` over its content, which `fn` must consume whole. */
  nested<T>(tag: number, what: string, fn: (inner: DerReader) => T): T {
    return within(this.buf, this.next(tag, what), what, fn);
  }

  /** `nested` when the next element has `tag`; undefined (nothing read) otherwise. */
  optionalNested<T>(tag: number, what: string, fn: (inner: DerReader) => T): T | undefined {
    return this.nextTag === tag ? this.nested(tag, what, fn) : undefined;
  }

  /** Throws when elements are left: the decoder has read everything it understands. */
  end(what: string): void {
    if (this.pos < this.limit) throw new DerError(`${what}: unexpected element after the last field`);
  }
}

/** Runs `fn` over the content of a constructed `node` and requires that it read every element. */
export function within<T>(buf: Uint8Array, node: DerNode, what: string, fn: (inner: DerReader) => T): T {
  if ((node.tag & 0x20) === 0) throw new DerError(`${what}: a primitive element has no fields`);
  const inner = new DerReader(buf, node.contentStart, node.end);
  const out = fn(inner);
  inner.end(what);
  return out;
}

/** Reads `buf` as exactly one element of `tag` (nothing after it) and runs `fn` over its content, consumed whole. */
export function readAll<T>(buf: Uint8Array, tag: number, what: string, fn: (inner: DerReader) => T): T {
  return within(buf, readRoot(buf, tag, what), what, fn);
}

/** Parses `buf` as exactly one element: trailing bytes are an error. */
export function readRoot(buf: Uint8Array, tag: number, what: string): DerNode {
  const node = expectNode(buf, 0, buf.length, tag, what);
  if (node.end !== buf.length) throw new DerError(`${what}: trailing bytes after the DER element`);
  return node;
}

/** The content bytes of a node, as a view (no copy). */
export function contentOf(buf: Uint8Array, maybeNode: DerNode | undefined): Uint8Array {
  const node = present(maybeNode);
  return buf.subarray(node.contentStart, node.end);
}

/** The whole encoding of a node (identifier, length and content), as a view. */
export function encodingOf(buf: Uint8Array, maybeNode: DerNode | undefined): Uint8Array {
  const node = present(maybeNode);
  return buf.subarray(node.start, node.end);
}

/**
 * OIDs decoded before, by a hash of their content octets and checked byte for byte: a leaf holds a
 * dozen OIDs, nearly all of them the same in every certificate. Only bytes that decoded are kept, so
 * a hit is as valid as a decode; collisions and a flood of new OIDs only cost a decode (the memo
 * is cleared when full, so an early flood cannot keep the common OIDs out of it).
 */
const oidMemo = new Map<number, { readonly bytes: Uint8Array; readonly oid: string }>();
const OID_MEMO_ENTRIES = 512;
/** Longer OIDs are decoded every time: the memo must stay small whatever certificates arrive. */
const OID_MEMO_MAX_OCTETS = 32;

/** OIDs the memo holds (for tests: its bound is a flood defence no decoded value shows). */
export function oidMemoEntries(): number {
  return oidMemo.size;
}

function sameOctets(bytes: Uint8Array, buf: Uint8Array, at: number, end: number): boolean {
  if (bytes.length !== end - at) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== buf[at + i]) return false;
  return true;
}

/** Decodes an OBJECT IDENTIFIER to dotted form. */
export function readOid(buf: Uint8Array, maybeNode: DerNode | undefined): string {
  const node = present(maybeNode);
  if (node.tag !== Tag.OID) throw new DerError('expected an OBJECT IDENTIFIER');
  const { contentStart: s, end } = node;
  if (s === end) throw new DerError('empty OBJECT IDENTIFIER');
  if (end - s > OID_MEMO_MAX_OCTETS) return decodeOid(buf, s, end);
  let hash = end - s;
  for (let i = s; i < end; i++) hash = (Math.imul(hash, 31) + buf[i]) | 0;
  const known = oidMemo.get(hash);
  if (known !== undefined && sameOctets(known.bytes, buf, s, end)) return known.oid;
  const oid = decodeOid(buf, s, end);
  if (oidMemo.size >= OID_MEMO_ENTRIES) oidMemo.clear();
  oidMemo.set(hash, { bytes: buf.slice(s, end), oid });
  return oid;
}

function decodeOid(buf: Uint8Array, s: number, end: number): string {
  const arcs: number[] = [];
  let value = 0;
  let first = true;
  for (let i = s; i < end; i++) {
    const byte = buf[i];
    if (value === 0 && byte === 0x80) throw new DerError('non-minimal OID arc');
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER) throw new DerError('OID arc too large');
    if ((byte & 0x80) === 0) {
      if (first) {
        const top = value < 40 ? 0 : value < 80 ? 1 : 2;
        arcs.push(top, value - top * 40);
        first = false;
      } else {
        arcs.push(value);
      }
      value = 0;
    } else if (i === end - 1) {
      throw new DerError('truncated OID arc');
    }
  }
  return arcs.join('.');
}

/** Decodes a DER BOOLEAN (only 0x00 and 0xff are valid), or one under an IMPLICIT `tag`. */
export function readBoolean(buf: Uint8Array, maybeNode: DerNode | undefined, tag: number = Tag.BOOLEAN): boolean {
  const node = present(maybeNode);
  if (node.tag !== tag || node.end - node.contentStart !== 1) throw new DerError('bad BOOLEAN');
  const v = buf[node.contentStart];
  if (v !== 0 && v !== 0xff) throw new DerError('BOOLEAN is not DER');
  return v === 0xff;
}

/** Checks INTEGER content is minimally encoded and returns it. */
export function integerBytes(buf: Uint8Array, maybeNode: DerNode | undefined): Uint8Array {
  const node = present(maybeNode);
  const bytes = contentOf(buf, node);
  if (bytes.length === 0) throw new DerError('empty INTEGER');
  if (bytes.length > 1 && ((bytes[0] === 0 && bytes[1] < 0x80) || (bytes[0] === 0xff && bytes[1] >= 0x80))) {
    throw new DerError('non-minimal INTEGER');
  }
  return bytes;
}

/** The largest value `readSmallInteger` returns: counts, versions and enumerations all fit in 32 bits. */
export const SMALL_INTEGER_MAX = 0xffffffff;

/**
 * Decodes a small non-negative INTEGER (versions, pathLen, skip counts), or one encoded under
 * another `tag` (ENUMERATED reason codes, an IMPLICIT [0]). A value above SMALL_INTEGER_MAX is
 * refused (`der-integer-too-large`), never rounded to a different number.
 */
export function readSmallInteger(buf: Uint8Array, maybeNode: DerNode | undefined, tag: number = Tag.INTEGER): number {
  const node = present(maybeNode);
  if (node.tag !== tag) throw new DerError(`expected tag 0x${tag.toString(16)} for an INTEGER`);
  const bytes = integerBytes(buf, node);
  if (bytes[0] & 0x80) throw new DerError('negative INTEGER where a count was expected');
  // Five octets hold 0x00ffffffff with its sign octet; more than that is over the bound.
  if (bytes.length > 5) throw new DerError('INTEGER too large for a count', 'der-integer-too-large');
  let v = 0;
  for (let i = 0; i < bytes.length; i++) v = v * 256 + bytes[i];
  if (v > SMALL_INTEGER_MAX) throw new DerError('INTEGER too large for a count', 'der-integer-too-large');
  return v;
}

/** A non-negative INTEGER of any size, exactly (CRL numbers are up to 20 octets). */
export function readUnsignedBig(buf: Uint8Array, maybeNode: DerNode | undefined): bigint {
  const bytes = integerBytes(buf, maybeNode);
  if (bytes[0] & 0x80) throw new DerError('negative INTEGER where a count was expected');
  let v = 0n;
  for (let i = 0; i < bytes.length; i++) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

/** A BIT STRING's bytes and its count of unused bits, validated as DER (`tag` for an IMPLICIT one). */
export function readBitString(
  buf: Uint8Array,
  maybeNode: DerNode | undefined,
  tag: number = Tag.BIT_STRING,
): { bytes: Uint8Array; unusedBits: number } {
  const node = present(maybeNode);
  if (node.tag !== tag || node.end === node.contentStart) throw new DerError('bad BIT STRING');
  const unusedBits = buf[node.contentStart];
  if (unusedBits > 7) throw new DerError('bad BIT STRING padding');
  const bytes = buf.subarray(node.contentStart + 1, node.end);
  if (bytes.length === 0 && unusedBits !== 0) throw new DerError('bad BIT STRING padding');
  if (unusedBits && bytes[bytes.length - 1] & ((1 << unusedBits) - 1)) throw new DerError('BIT STRING padding bits set');
  return { bytes, unusedBits };
}

function digits(buf: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) throw new DerError('bad time digits');
    v = v * 10 + c;
  }
  return v;
}

/**
 * Decodes UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ), as RFC 5280 profiles them.
 * Read from the bytes themselves: a string of them was most of what parsing a validity allocated.
 */
export function readTime(buf: Uint8Array, maybeNode: DerNode | undefined): Date {
  const node = present(maybeNode);
  const { contentStart: at, end } = node;
  let year: number;
  let rest: number;
  if (node.tag === Tag.UTC_TIME) {
    if (end - at !== 13) throw new DerError('UTCTime must be YYMMDDHHMMSSZ');
    const yy = digits(buf, at, 2);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = at + 2;
  } else if (node.tag === Tag.GENERALIZED_TIME) {
    if (end - at !== 15) throw new DerError('GeneralizedTime must be YYYYMMDDHHMMSSZ');
    year = digits(buf, at, 4);
    rest = at + 4;
  } else {
    throw new DerError('expected a time');
  }
  if (buf[end - 1] !== 0x5a) throw new DerError('time must be in UTC (Z)');
  const month = digits(buf, rest, 2);
  const day = digits(buf, rest + 2, 2);
  const hour = digits(buf, rest + 4, 2);
  const minute = digits(buf, rest + 6, 2);
  const second = digits(buf, rest + 8, 2);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  if (month < 1 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new DerError('time out of range');
  }
  // Date.UTC maps years 0–99 onto 1900–1999; GeneralizedTime can name them.
  if (year < 100) d.setUTCFullYear(year);
  return d;
}

/** Bytes to a string, one char per byte. */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

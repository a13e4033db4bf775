/**
 * The one PEM reader (and its strict base64), a single forward scan: it runs in time linear in
 * its input, whatever the input (a regex with a lazy body and no END line backtracks
 * quadratically). Forwarded fields and configuration files differ only in what may surround
 * the blocks; a block itself is read as strictly in both.
 */
import { DerError } from './asn1.js';

/**
 * Why a PEM or base64 text was refused: a stable reason and a message that never echoes it. A
 * DerError, so that whatever refuses undecodable bytes refuses undecodable text alike.
 */
export class PemError extends DerError {
  constructor(reason: string, message: string) {
    super(message, reason);
    this.name = 'PemError';
  }
}

const BASE64_CODES = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_CODES[c.charCodeAt(0)] = 1;

/** A standard base64 alphabet character (not `=`). */
function isBase64Char(code: number): boolean {
  return code < 128 && BASE64_CODES[code] === 1;
}

/** ASCII whitespace as PEM writers emit it (space, tab, CR, LF, FF, VT). */
function isPemSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** True when `text` is standard padded base64 (no whitespace, no base64url), non-empty. */
export function isStrictBase64(text: string): boolean {
  const n = text.length;
  if (n === 0 || n % 4 !== 0) return false;
  let pad = 0;
  if (text.charCodeAt(n - 1) === 0x3d) pad = text.charCodeAt(n - 2) === 0x3d ? 2 : 1;
  for (let i = 0; i < n - pad; i++) if (!isBase64Char(text.charCodeAt(i))) return false;
  return true;
}

/** Strict standard base64 → bytes; throws PemError `base64-invalid`. */
function strictBase64(text: string, what: string): Uint8Array {
  if (!isStrictBase64(text)) throw new PemError('base64-invalid', `${what} is not standard padded base64`);
  return new Uint8Array(Buffer.from(text, 'base64'));
}

const begin = (label: string): string => `-----BEGIN ${label}-----`;
const end = (label: string): string => `-----END ${label}-----`;

/**
 * The body of one block from `from` (just after its BEGIN line) to its END line: base64 with
 * whitespace removed and the index just past the END line, or the index of the first character
 * that cannot be in a body (`stop`), or no END line at all.
 */
function readBody(text: string, from: number, endLine: string): { body: string; next: number } | { stop: number } {
  let body = '';
  let runStart = from;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isBase64Char(c) || c === 0x3d) continue;
    if (isPemSpace(c)) {
      body += text.slice(runStart, i);
      runStart = i + 1;
      continue;
    }
    body += text.slice(runStart, i);
    if (c === 0x2d && text.startsWith(endLine, i)) return { body, next: i + endLine.length };
    return { stop: i };
  }
  return { stop: text.length };
}

/**
 * What may surround the blocks: `document` (a forwarded field) holds only `label` blocks and
 * whitespace, at least one; `file` (configuration) may hold any other text around them (openssl's
 * "Bag Attributes", comments, blocks of other types) and no block at all.
 */
export type PemContext = 'document' | 'file';

/**
 * The DER of every `label` block in `text`, in order. Each block must be whole and strict: an
 * END line, only base64 and whitespace inside, standard padding, not empty. Failures are
 * PemErrors with their own reason (`pem-no-end-line`, `pem-invalid-character`,
 * `pem-empty-block`, `base64-invalid`, and `pem-not-certificate` for a document).
 */
export function readPem(text: string, label: string, what: string, context: PemContext): Uint8Array[] {
  const beginLine = begin(label);
  const endLine = end(label);
  const notPem = (): PemError => new PemError('pem-not-certificate', `${what} is not a PEM ${label.toLowerCase()} (chain)`);
  const out: Uint8Array[] = [];
  let i = 0;
  for (;;) {
    if (context === 'document') {
      while (i < text.length && isPemSpace(text.charCodeAt(i))) i++;
      if (i === text.length) break;
      if (!text.startsWith(beginLine, i)) throw notPem();
    } else {
      i = text.indexOf(beginLine, i);
      if (i < 0) break;
    }
    const read = readBody(text, i + beginLine.length, endLine);
    if ('stop' in read) {
      throw read.stop === text.length
        ? new PemError('pem-no-end-line', `${what} has a BEGIN line without its END line`)
        : new PemError('pem-invalid-character', `${what} has a character that is not base64 inside a PEM block`);
    }
    if (read.body === '') throw new PemError('pem-empty-block', `${what} has an empty PEM block`);
    out.push(strictBase64(read.body, `${what} block ${out.length + 1}`));
    i = read.next;
  }
  if (context === 'document' && out.length === 0) throw notPem();
  return out;
}

/**
 * The bytes as a PEM string when they are PEM text, or undefined when they are DER:
 * `fs.readFileSync(path)` returns a Buffer of PEM text, the most common way to load a CA. A DER
 * certificate or CRL starts with a SEQUENCE tag (0x30); PEM text holds a `-----BEGIN` line.
 */
export function pemTextOf(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0 || bytes[0] === 0x30) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.includes('-----BEGIN') ? buffer.toString('latin1') : undefined;
}

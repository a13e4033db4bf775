/**
 * One-shot SHA-256. `crypto.hash` (Node 20.12+) skips the Hash object that `createHash` builds,
 * about a microsecond per call on the request path; older Node 20 releases fall back to it.
 */
import * as nodeCrypto from 'node:crypto';

type Encoding = 'hex' | 'base64' | 'binary';

/** SHA-256 of bytes, or of a string's UTF-8 encoding, as hex, base64 or 'binary' (Node's name for Latin-1: one character a byte). */
export const sha256: (data: string | Uint8Array, encoding: Encoding) => string =
  typeof nodeCrypto.hash === 'function'
    ? (data, encoding) => nodeCrypto.hash('sha256', data, encoding)
    : (data, encoding) => nodeCrypto.createHash('sha256').update(data).digest(encoding);

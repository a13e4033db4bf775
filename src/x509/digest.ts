/**
 * One-shot SHA-256. `crypto.hash` (Node 20.12+) skips the Hash object that `createHash` builds,
 * about a microsecond per call on the request path; older Node 20 releases fall back to it.
 */
import * as nodeCrypto from 'node:crypto';

type Encoding = 'hex' | 'base64';

/** SHA-256 of bytes, or of a string's UTF-8 encoding, as hex or base64. */
export const sha256: (data: string | Uint8Array, encoding: Encoding) => string =
  typeof nodeCrypto.hash === 'function'
    ? (data, encoding) => nodeCrypto.hash('sha256', data, encoding)
    : (data, encoding) => nodeCrypto.createHash('sha256').update(data).digest(encoding);

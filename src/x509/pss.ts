/**
 * RSASSA-PSS-params (RFC 4055 §3.1), decoded totally: any byte string either decodes or throws
 * DerError, never another error. Whether the parameters are supported is the verifier's decision.
 */
import { DerError, type DerNode, Tag, children, readOid, readRoot, readSmallInteger } from './asn1.js';

const HASH_OIDS: ReadonlyMap<string, string> = new Map([
  ['1.3.14.3.2.26', 'sha1'],
  ['2.16.840.1.101.3.4.2.1', 'sha256'],
  ['2.16.840.1.101.3.4.2.2', 'sha384'],
  ['2.16.840.1.101.3.4.2.3', 'sha512'],
]);
const MGF1 = '1.2.840.113549.1.1.8';

/** Decoded RSASSA-PSS parameters; a hash this library does not know is `unsupported`. */
export interface PssParams {
  readonly hash: string;
  readonly mgfHash: string;
  readonly saltLength: number;
  readonly trailer: number;
}

function malformed(what: string): DerError {
  return new DerError(`RSASSA-PSS parameters: ${what}`, 'pss-params-malformed');
}

/** The single element an [n] EXPLICIT wrapper holds. */
function explicit(buf: Uint8Array, node: DerNode): DerNode {
  if (!(node.tag & 0x20)) throw malformed('an explicit tag must be constructed');
  const inner = children(buf, node);
  if (inner.length !== 1) throw malformed('an explicit tag must hold one element');
  return inner[0];
}

/** A HashAlgorithm: an AlgorithmIdentifier whose parameters are NULL or absent. */
function hashOf(buf: Uint8Array, node: DerNode): string {
  if (node.tag !== Tag.SEQUENCE) throw malformed('an AlgorithmIdentifier must be a SEQUENCE');
  const parts = children(buf, node);
  if (parts.length < 1 || parts.length > 2) throw malformed('bad hash AlgorithmIdentifier');
  if (parts[1] && (parts[1].tag !== Tag.NULL || parts[1].end !== parts[1].contentStart)) throw malformed('hash parameters must be NULL');
  return HASH_OIDS.get(readOid(buf, parts[0])) ?? 'unsupported';
}

/** Decodes RSASSA-PSS-params; throws DerError (reason `pss-params-malformed`) for anything else. */
export function decodePssParams(params: Uint8Array): PssParams {
  try {
    const seq = readRoot(params, Tag.SEQUENCE, 'RSASSA-PSS-params');
    let hash = 'sha1';
    let mgfHash = 'sha1';
    let saltLength = 20;
    let trailer = 1;
    let last = -1;
    for (const part of children(params, seq)) {
      const field = part.tag - 0xa0;
      // DER: fields in order, each at most once.
      if (field < 0 || field > 3 || field <= last) throw malformed('unexpected field');
      last = field;
      const inner = explicit(params, part);
      if (field === 0) hash = hashOf(params, inner);
      else if (field === 1) {
        if (inner.tag !== Tag.SEQUENCE) throw malformed('maskGenAlgorithm must be a SEQUENCE');
        const mgf = children(params, inner);
        if (mgf.length !== 2) throw malformed('maskGenAlgorithm must name MGF1 and its hash');
        mgfHash = readOid(params, mgf[0]) === MGF1 ? hashOf(params, mgf[1]) : 'unsupported';
      } else if (field === 2) saltLength = readSmallInteger(params, inner);
      else trailer = readSmallInteger(params, inner);
    }
    return { hash, mgfHash, saltLength, trailer };
  } catch (err) {
    if (err instanceof DerError && err.reason !== 'pss-params-malformed') throw malformed(err.message);
    throw err;
  }
}

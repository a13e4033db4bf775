/**
 * RSASSA-PSS-params (RFC 4055 §3.1), decoded totally: any byte string either decodes or throws
 * DerError, never another error. Whether the parameters are supported is the verifier's decision.
 */
import { DerError, type DerReader, Tag, readAll, readOid, readSmallInteger } from './asn1.js';

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

/** A HashAlgorithm: an AlgorithmIdentifier whose parameters are NULL or absent. */
function readHash(r: DerReader): string {
  const oid = readOid(r.buf, r.next(Tag.OID, 'hash algorithm'));
  const params = r.optional(Tag.NULL);
  if (params && params.end !== params.contentStart) throw malformed('hash parameters must be NULL');
  if (!r.atEnd) throw malformed('hash parameters must be NULL');
  return HASH_OIDS.get(oid) ?? 'unsupported';
}

function readHashField(r: DerReader): string {
  return r.nested(Tag.SEQUENCE, 'hashAlgorithm', readHash);
}

/** MaskGenAlgorithm: MGF1 and its hash; any other function is `unsupported`, its parameters unread by design. */
function readMgf(r: DerReader): string {
  return r.nested(Tag.SEQUENCE, 'maskGenAlgorithm', (mgf) => {
    if (readOid(mgf.buf, mgf.next(Tag.OID, 'maskGenAlgorithm')) === MGF1) return readHashField(mgf);
    mgf.any('maskGenAlgorithm parameters');
    return 'unsupported';
  });
}

function readInteger(r: DerReader): number {
  return readSmallInteger(r.buf, r.next(Tag.INTEGER, 'RSASSA-PSS-params integer'));
}

/**
 * RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0], maskGenAlgorithm [1], saltLength [2],
 * trailerField [3] }, each EXPLICIT and OPTIONAL with a DEFAULT: in order, each at most once.
 */
function readParams(r: DerReader): PssParams {
  const hash = r.optionalNested(0xa0, 'hashAlgorithm', readHashField) ?? 'sha1';
  const mgfHash = r.optionalNested(0xa1, 'maskGenAlgorithm', readMgf) ?? 'sha1';
  const saltLength = r.optionalNested(0xa2, 'saltLength', readInteger) ?? 20;
  const trailer = r.optionalNested(0xa3, 'trailerField', readInteger) ?? 1;
  return { hash, mgfHash, saltLength, trailer };
}

/** Decodes RSASSA-PSS-params; throws DerError (reason `pss-params-malformed`) for anything else. */
export function decodePssParams(params: Uint8Array): PssParams {
  try {
    return readAll(params, Tag.SEQUENCE, 'RSASSA-PSS-params', readParams);
  } catch (err) {
    if (err instanceof DerError && err.reason !== 'pss-params-malformed') throw malformed(err.message);
    throw err;
  }
}

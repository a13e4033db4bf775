/**
 * OCSP (RFC 6960) in the RFC 5019 profile: the request this library sends and a strict reader
 * of the responses it accepts. Only the model: who signed a response and whether it is current
 * is decided in verify/ocsp.ts.
 */
import { createHash } from 'node:crypto';
import type { DerReader } from './asn1.js';
import {
  DerError,
  Tag,
  contentOf,
  encodingOf,
  integerBytes,
  readAll,
  readBitString,
  readOid,
  readRoot,
  readSmallInteger,
  readTime,
  toHex,
  within,
} from './asn1.js';
import { type ParsedCertificate, type SignedObject, parseCertificateDer, readAlgorithm, readExplicitExtensions } from './certificate.js';
import { encodeTlv } from './tlv.js';
import { type DistinguishedName, parseName } from './names.js';

/** OIDs of the OCSP profile. */
export const OcspOid = {
  basicResponse: '1.3.6.1.5.5.7.48.1.1',
  ocspAccessMethod: '1.3.6.1.5.5.7.48.1',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  nonce: '1.3.6.1.5.5.7.48.1.2',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

const HASHES: ReadonlyMap<string, string> = new Map([
  [OcspOid.sha1, 'sha1'],
  [OcspOid.sha256, 'sha256'],
]);

/** One certificate's status in a response. */
export interface SingleResponse {
  readonly hashAlgorithm: string;
  readonly issuerNameHash: Uint8Array;
  readonly issuerKeyHash: Uint8Array;
  /** Hex of the serial INTEGER's content octets (as `ParsedCertificate.serialDer`). */
  readonly serialDer: string;
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
}

/** A parsed OCSP response: the responder's status, and for `successful` the signed basic response. */
export type ParsedOcspResponse =
  | { readonly responseStatus: 'successful'; readonly basic: BasicOcspResponse }
  | { readonly responseStatus: 'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized' };

/** BasicOCSPResponse (RFC 6960 §4.2.1). */
export interface BasicOcspResponse extends SignedObject {
  readonly responderName: DistinguishedName | undefined;
  readonly responderKeyHash: Uint8Array | undefined;
  readonly producedAt: Date;
  readonly responses: readonly SingleResponse[];
  /** Certificates the responder sent to help verify the signature (a delegated responder's). */
  readonly certs: readonly ParsedCertificate[];
  /** An unrecognised critical response or single extension makes the response unusable. */
  readonly unknownCritical: string | undefined;
}

const RESPONSE_STATUS = ['successful', 'malformedRequest', 'internalError', 'tryLater', undefined, 'sigRequired', 'unauthorized'] as const;

function octetString(r: DerReader, what: string): Uint8Array {
  return contentOf(r.buf, r.next(Tag.OCTET_STRING, `${what} must be an OCTET STRING;`));
}

function generalizedTime(r: DerReader, what: string): Date {
  return readTime(r.buf, r.next(Tag.GENERALIZED_TIME, `${what} must be a GeneralizedTime;`));
}

/** The first critical extension other than a nonce in an `[n] EXPLICIT Extensions` field's content. */
function unknownCriticalOf(r: DerReader): string | undefined {
  for (const ext of readExplicitExtensions(r).values()) {
    if (ext.critical && ext.oid !== OcspOid.nonce) return ext.oid;
  }
  return undefined;
}

interface CertId {
  readonly hashAlgorithm: string;
  readonly issuerNameHash: Uint8Array;
  readonly issuerKeyHash: Uint8Array;
  readonly serialDer: string;
}

function readCertId(r: DerReader): CertId {
  const hash = readAlgorithm(r, 'CertID hashAlgorithm');
  if (hash.params && !(hash.params.length === 2 && hash.params[0] === Tag.NULL && hash.params[1] === 0)) {
    throw new DerError('bad CertID hash parameters');
  }
  const hashAlgorithm = HASHES.get(hash.oid);
  if (!hashAlgorithm) throw new DerError(`unsupported CertID hash ${hash.oid}`);
  return {
    hashAlgorithm,
    issuerNameHash: octetString(r, 'issuerNameHash'),
    issuerKeyHash: octetString(r, 'issuerKeyHash'),
    serialDer: toHex(integerBytes(r.buf, r.next(Tag.INTEGER, 'CertID serialNumber'))),
  };
}

/** RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }. */
function readRevokedInfo(r: DerReader): void {
  generalizedTime(r, 'revocationTime');
  r.optionalNested(0xa0, 'revocationReason', (reason) =>
    readSmallInteger(reason.buf, reason.next(Tag.ENUMERATED, 'revocationReason'), Tag.ENUMERATED),
  );
}

/** CertStatus: good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL. */
function readCertStatus(r: DerReader): SingleResponse['status'] {
  const tag = r.peek();
  if (tag === 0xa1) {
    r.nested(0xa1, 'RevokedInfo', readRevokedInfo);
    return 'revoked';
  }
  const node = r.any('CertStatus');
  if (node.end === node.contentStart && (node.tag === 0x80 || node.tag === 0x82)) return node.tag === 0x80 ? 'good' : 'unknown';
  throw new DerError('bad CertStatus');
}

function readSingle(r: DerReader): { single: SingleResponse; critical: string | undefined } {
  const certId = r.nested(Tag.SEQUENCE, 'CertID', readCertId);
  const status = readCertStatus(r);
  const thisUpdate = generalizedTime(r, 'thisUpdate');
  const nextUpdate = r.optionalNested(0xa0, 'nextUpdate', (n) => generalizedTime(n, 'nextUpdate'));
  const critical = r.optionalNested(0xa1, 'singleExtensions', unknownCriticalOf);
  return { single: { ...certId, status, thisUpdate, nextUpdate }, critical };
}

/** ResponderID ::= CHOICE { byName [1] EXPLICIT Name, byKey [2] EXPLICIT KeyHash (SHA-1, 20 octets) }. */
function readResponderId(r: DerReader): { responderName: DistinguishedName | undefined; responderKeyHash: Uint8Array | undefined } {
  const responderName = r.optionalNested(0xa1, 'byName', (n) => parseName(n.buf, n.next(Tag.SEQUENCE, 'byName')));
  if (responderName) return { responderName, responderKeyHash: undefined };
  if (r.peek() !== 0xa2) throw new DerError('bad ResponderID');
  const responderKeyHash = r.nested(0xa2, 'byKey', (k) => octetString(k, 'byKey'));
  if (responderKeyHash.length !== 20) throw new DerError('byKey must be a SHA-1 hash');
  return { responderName: undefined, responderKeyHash };
}

function readResponseData(r: DerReader) {
  // version [0] EXPLICIT DEFAULT v1: v1 is the only version, and DER omits a DEFAULT value.
  if (r.peek() === 0xa0) throw new DerError('an explicit OCSP response version is not DER v1');
  const responder = readResponderId(r);
  const producedAt = generalizedTime(r, 'producedAt');
  let unknownCritical: string | undefined;
  const responses: SingleResponse[] = [];
  r.nested(Tag.SEQUENCE, 'responses', (list) => {
    while (!list.atEnd) {
      const { single, critical } = list.nested(Tag.SEQUENCE, 'SingleResponse', readSingle);
      unknownCritical ??= critical;
      responses.push(single);
    }
  });
  if (responses.length === 0) throw new DerError('a response with no SingleResponse');
  // Read whether or not a single response already named one: the extensions must be consumed (and valid) either way.
  const responseCritical = r.optionalNested(0xa1, 'responseExtensions', unknownCriticalOf);
  unknownCritical ??= responseCritical;
  return { ...responder, producedAt, responses, unknownCritical };
}

/** certs [0] EXPLICIT SEQUENCE OF Certificate: each parsed on its own copy (it outlives the response bytes). */
function readCerts(r: DerReader): ParsedCertificate[] {
  return r.nested(Tag.SEQUENCE, 'certs', (list) => {
    const certs: ParsedCertificate[] = [];
    while (!list.atEnd) {
      const c = list.any('certificate');
      certs.push(parseCertificateDer(list.buf.slice(c.start, c.end)));
    }
    return certs;
  });
}

function readBasic(r: DerReader): BasicOcspResponse {
  const der = r.buf;
  const tbsNode = r.next(Tag.SEQUENCE, 'ResponseData');
  const alg = readAlgorithm(r, 'signatureAlgorithm');
  const { bytes: signature, unusedBits } = readBitString(der, r.next(Tag.BIT_STRING, 'signature'));
  if (unusedBits) throw new DerError('the signature is not a whole number of bytes');
  const data = within(der, tbsNode, 'ResponseData', readResponseData);
  const certs = r.optionalNested(0xa0, 'certs', readCerts) ?? [];
  return {
    tbs: encodingOf(der, tbsNode),
    // The signed data carries no second copy of the algorithm: compare the one against itself.
    signatureAlgorithm: alg.der,
    tbsSignatureAlgorithm: alg.der,
    signatureOid: alg.oid,
    signatureParams: alg.params,
    signature,
    ...data,
    certs,
  };
}

/** ResponseBytes ::= SEQUENCE { responseType OID, response OCTET STRING }: the basic response's DER (a copy). */
function readResponseBytes(r: DerReader): Uint8Array {
  if (readOid(r.buf, r.next(Tag.OID, 'responseType')) !== OcspOid.basicResponse) throw new DerError('not a basic OCSP response');
  return octetString(r, 'response').slice();
}

/** Parses a DER OCSPResponse; throws DerError when it is not exactly one well-formed response. */
export function parseOcspResponse(der: Uint8Array): ParsedOcspResponse {
  return readAll(der, Tag.SEQUENCE, 'OCSPResponse', (r) => {
    const code = readSmallInteger(der, r.next(Tag.ENUMERATED, 'responseStatus'), Tag.ENUMERATED);
    const responseStatus = RESPONSE_STATUS[code];
    if (!responseStatus) throw new DerError('unknown OCSP response status');
    if (responseStatus !== 'successful') {
      if (!r.atEnd) throw new DerError('an unsuccessful response carries no responseBytes');
      return { responseStatus };
    }
    if (r.peek() !== 0xa0) throw new DerError('a successful response needs responseBytes');
    const basic = r.nested(0xa0, 'responseBytes', (bytes) => bytes.nested(Tag.SEQUENCE, 'ResponseBytes', readResponseBytes));
    return { responseStatus, basic: readAll(basic, Tag.SEQUENCE, 'BasicOCSPResponse', readBasic) };
  });
}

/** The issuer's subjectPublicKey bits (the BIT STRING value without the unused-bits octet). */
function issuerKeyBits(issuer: ParsedCertificate): Uint8Array {
  return readBitString(issuer.spkiKeyBits, readRoot(issuer.spkiKeyBits, Tag.BIT_STRING, 'subjectPublicKey')).bytes;
}

/** The CertID hashes of `issuer` under `hash` ('sha1' or 'sha256'). */
export function issuerHashes(issuer: ParsedCertificate, hash: string): { nameHash: Uint8Array; keyHash: Uint8Array } {
  return {
    nameHash: new Uint8Array(createHash(hash).update(issuer.subject.der).digest()),
    keyHash: new Uint8Array(createHash(hash).update(issuerKeyBits(issuer)).digest()),
  };
}

/** SHA-1 of the issuer's key bits: what a responder's byKey ResponderID holds. */
export function keyHashOf(cert: ParsedCertificate): Uint8Array {
  return new Uint8Array(createHash('sha1').update(issuerKeyBits(cert)).digest());
}

/** An OCSPRequest for one certificate with a SHA-1 CertID and no extensions, as RFC 5019 §2.1 profiles it. */
export function buildOcspRequest(cert: ParsedCertificate, issuer: ParsedCertificate): Uint8Array {
  const { nameHash, keyHash } = issuerHashes(issuer, 'sha1');
  const sha1 = encodeTlv(Tag.SEQUENCE, SHA1_OID_DER, DER_NULL);
  const certId = encodeTlv(
    Tag.SEQUENCE,
    sha1,
    encodeTlv(Tag.OCTET_STRING, nameHash),
    encodeTlv(Tag.OCTET_STRING, keyHash),
    encodeTlv(Tag.INTEGER, Buffer.from(cert.serialDer, 'hex')),
  );
  // OCSPRequest { TBSRequest { requestList SEQUENCE OF Request { reqCert CertID } } }
  const request = encodeTlv(Tag.SEQUENCE, certId);
  const tbs = encodeTlv(Tag.SEQUENCE, encodeTlv(Tag.SEQUENCE, request));
  return encodeTlv(Tag.SEQUENCE, tbs);
}

const SHA1_OID_DER = new Uint8Array([0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a]);
const DER_NULL = new Uint8Array([0x05, 0x00]);

/** AccessDescription: the location when the method is OCSP and the location is an http(s) URI. */
function readOcspLocation(r: DerReader): string | undefined {
  const method = readOid(r.buf, r.next(Tag.OID, 'accessMethod'));
  // uniformResourceIdentifier [6] IA5String
  const location = r.any('accessLocation');
  if (method !== OcspOid.ocspAccessMethod || location.tag !== 0x86) return undefined;
  const url = Buffer.from(contentOf(r.buf, location)).toString('latin1');
  return /^https?:\/\//i.test(url) ? url : undefined;
}

/** The OCSP responder URLs in a certificate's AuthorityInfoAccess (http only, in order). */
export function ocspUrlsOf(cert: ParsedCertificate): string[] {
  const ext = cert.extensions.get('1.3.6.1.5.5.7.1.1');
  if (!ext) return [];
  try {
    return readAll(ext.value, Tag.SEQUENCE, 'authorityInfoAccess', (r) => {
      const out: string[] = [];
      while (!r.atEnd) {
        const url = r.nested(Tag.SEQUENCE, 'AccessDescription', readOcspLocation);
        if (url) out.push(url);
      }
      return out;
    });
  } catch {
    // The extension's syntax was validated when the certificate was parsed.
    return [];
  }
}

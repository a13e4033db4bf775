/**
 * OCSP (RFC 6960) in the RFC 5019 profile: the request this library sends and a strict reader
 * of the responses it accepts. Only the model: who signed a response and whether it is current
 * is decided in verify/ocsp.ts.
 */
import { createHash } from 'node:crypto';
import {
  DerError,
  type DerNode,
  Tag,
  children,
  contentOf,
  encodingOf,
  integerBytes,
  readBitString,
  readNode,
  readOid,
  readRoot,
  readSmallInteger,
  readTime,
  toHex,
} from './asn1.js';
import { type ParsedCertificate, type SignedObject, algorithmOid, parseCertificateDer, parseExtensions } from './certificate.js';
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

function explicit(buf: Uint8Array, node: DerNode, what: string): DerNode {
  const inner = readNode(buf, node.contentStart, node.end);
  if (inner.end !== node.end) throw new DerError(`${what}: trailing bytes`);
  return inner;
}

function octetString(buf: Uint8Array, node: DerNode | undefined, what: string): Uint8Array {
  if (!node || node.tag !== Tag.OCTET_STRING) throw new DerError(`${what} must be an OCTET STRING`);
  return contentOf(buf, node);
}

function generalizedTime(buf: Uint8Array, node: DerNode | undefined, what: string): Date {
  if (!node || node.tag !== Tag.GENERALIZED_TIME) throw new DerError(`${what} must be a GeneralizedTime`);
  return readTime(buf, node);
}

function unknownCriticalOf(buf: Uint8Array, node: DerNode): string | undefined {
  // [n] EXPLICIT Extensions: view the wrapper as parseExtensions expects it.
  for (const ext of parseExtensions(buf, { ...node, tag: 0xa0 }).values()) {
    if (ext.critical && ext.oid !== OcspOid.nonce) return ext.oid;
  }
  return undefined;
}

function parseSingle(buf: Uint8Array, node: DerNode): { single: SingleResponse; critical: string | undefined } {
  const parts = node.tag === Tag.SEQUENCE ? children(buf, node) : [];
  if (parts.length < 3 || parts.length > 5) throw new DerError('bad SingleResponse');
  const certId = parts[0].tag === Tag.SEQUENCE ? children(buf, parts[0]) : [];
  if (certId.length !== 4 || certId[3].tag !== Tag.INTEGER) throw new DerError('bad CertID');
  const hash = algorithmOid(buf, certId[0]);
  if (hash.params && !(hash.params.length === 2 && hash.params[0] === Tag.NULL && hash.params[1] === 0)) {
    throw new DerError('bad CertID hash parameters');
  }
  const hashAlgorithm = HASHES.get(hash.oid);
  if (!hashAlgorithm) throw new DerError(`unsupported CertID hash ${hash.oid}`);
  const statusNode = parts[1];
  let status: SingleResponse['status'];
  if (statusNode.tag === 0x80 && statusNode.end === statusNode.contentStart) status = 'good';
  else if (statusNode.tag === 0xa1) {
    // RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
    const info = children(buf, statusNode);
    if (info.length < 1 || info.length > 2) throw new DerError('bad RevokedInfo');
    generalizedTime(buf, info[0], 'revocationTime');
    if (info[1]) {
      if (info[1].tag !== 0xa0) throw new DerError('bad RevokedInfo');
      const reason = explicit(buf, info[1], 'revocationReason');
      if (reason.tag !== Tag.ENUMERATED) throw new DerError('bad revocationReason');
      readSmallInteger(buf, { ...reason, tag: Tag.INTEGER });
    }
    status = 'revoked';
  } else if (statusNode.tag === 0x82 && statusNode.end === statusNode.contentStart) status = 'unknown';
  else throw new DerError('bad CertStatus');
  const thisUpdate = generalizedTime(buf, parts[2], 'thisUpdate');
  let i = 3;
  let nextUpdate: Date | undefined;
  if (parts[i]?.tag === 0xa0) nextUpdate = generalizedTime(buf, explicit(buf, parts[i++], 'nextUpdate'), 'nextUpdate');
  let critical: string | undefined;
  if (parts[i]?.tag === 0xa1) critical = unknownCriticalOf(buf, parts[i++]);
  if (i !== parts.length) throw new DerError('unexpected field in SingleResponse');
  return {
    single: {
      hashAlgorithm,
      issuerNameHash: octetString(buf, certId[1], 'issuerNameHash'),
      issuerKeyHash: octetString(buf, certId[2], 'issuerKeyHash'),
      serialDer: toHex(integerBytes(buf, certId[3])),
      status,
      thisUpdate,
      nextUpdate,
    },
    critical,
  };
}

function parseBasic(der: Uint8Array): BasicOcspResponse {
  const top = children(der, readRoot(der, Tag.SEQUENCE, 'BasicOCSPResponse'));
  if (top.length < 3 || top.length > 4 || top[0].tag !== Tag.SEQUENCE) throw new DerError('bad BasicOCSPResponse');
  const [tbsNode, sigAlgNode, sigNode, certsNode] = top;
  const alg = algorithmOid(der, sigAlgNode);
  const { bytes: signature, unusedBits } = readBitString(der, sigNode);
  if (unusedBits) throw new DerError('the signature is not a whole number of bytes');

  const fields = children(der, tbsNode);
  let i = 0;
  // version [0] EXPLICIT DEFAULT v1: v1 is the only version, and DER omits a DEFAULT value.
  if (fields[i]?.tag === 0xa0) throw new DerError('an explicit OCSP response version is not DER v1');
  const responder = fields[i++];
  let responderName: DistinguishedName | undefined;
  let responderKeyHash: Uint8Array | undefined;
  if (responder?.tag === 0xa1) responderName = parseName(der, explicit(der, responder, 'byName'));
  else if (responder?.tag === 0xa2) {
    responderKeyHash = octetString(der, explicit(der, responder, 'byKey'), 'byKey');
    if (responderKeyHash.length !== 20) throw new DerError('byKey must be a SHA-1 hash');
  } else throw new DerError('bad ResponderID');
  const producedAt = generalizedTime(der, fields[i++], 'producedAt');
  const list = fields[i++];
  if (!list || list.tag !== Tag.SEQUENCE) throw new DerError('bad responses');
  let unknownCritical: string | undefined;
  const responses: SingleResponse[] = [];
  for (const node of children(der, list)) {
    const { single, critical } = parseSingle(der, node);
    unknownCritical ??= critical;
    responses.push(single);
  }
  if (responses.length === 0) throw new DerError('a response with no SingleResponse');
  if (fields[i]?.tag === 0xa1) unknownCritical ??= unknownCriticalOf(der, fields[i++]);
  if (i !== fields.length) throw new DerError('unexpected field in ResponseData');

  const certs: ParsedCertificate[] = [];
  if (certsNode) {
    if (certsNode.tag !== 0xa0) throw new DerError('bad certs');
    const seq = explicit(der, certsNode, 'certs');
    if (seq.tag !== Tag.SEQUENCE) throw new DerError('bad certs');
    for (const c of children(der, seq)) certs.push(parseCertificateDer(der.slice(c.start, c.end)));
  }
  const algorithm = encodingOf(der, sigAlgNode);
  return {
    tbs: encodingOf(der, tbsNode),
    // The signed data carries no second copy of the algorithm: compare the one against itself.
    signatureAlgorithm: algorithm,
    tbsSignatureAlgorithm: algorithm,
    signatureOid: alg.oid,
    signatureParams: alg.params,
    signature,
    responderName,
    responderKeyHash,
    producedAt,
    responses,
    certs,
    unknownCritical,
  };
}

/** Parses a DER OCSPResponse; throws DerError when it is not exactly one well-formed response. */
export function parseOcspResponse(der: Uint8Array): ParsedOcspResponse {
  const top = children(der, readRoot(der, Tag.SEQUENCE, 'OCSPResponse'));
  if (top.length < 1 || top.length > 2 || top[0].tag !== Tag.ENUMERATED) throw new DerError('bad OCSPResponse');
  const code = readSmallInteger(der, { ...top[0], tag: Tag.INTEGER });
  const responseStatus = RESPONSE_STATUS[code];
  if (!responseStatus) throw new DerError('unknown OCSP response status');
  if (responseStatus !== 'successful') {
    if (top.length !== 1) throw new DerError('an unsuccessful response carries no responseBytes');
    return { responseStatus };
  }
  if (top.length !== 2 || top[1].tag !== 0xa0) throw new DerError('a successful response needs responseBytes');
  const bytes = explicit(der, top[1], 'responseBytes');
  const parts = bytes.tag === Tag.SEQUENCE ? children(der, bytes) : [];
  if (parts.length !== 2 || parts[0].tag !== Tag.OID) throw new DerError('bad ResponseBytes');
  if (readOid(der, parts[0]) !== OcspOid.basicResponse) throw new DerError('not a basic OCSP response');
  return { responseStatus, basic: parseBasic(octetString(der, parts[1], 'response').slice()) };
}

function tlv(tag: number, content: Uint8Array): Buffer {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), content]);
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
  const sha1 = tlv(0x30, Buffer.concat([tlv(Tag.OID, Buffer.from([0x2b, 0x0e, 0x03, 0x02, 0x1a])), Buffer.from([0x05, 0x00])]));
  const certId = tlv(
    0x30,
    Buffer.concat([
      sha1,
      tlv(Tag.OCTET_STRING, nameHash),
      tlv(Tag.OCTET_STRING, keyHash),
      tlv(Tag.INTEGER, Buffer.from(cert.serialDer, 'hex')),
    ]),
  );
  const request = tlv(0x30, certId);
  const tbs = tlv(0x30, tlv(0x30, request));
  return new Uint8Array(tlv(0x30, tbs));
}

/** The OCSP responder URLs in a certificate's AuthorityInfoAccess (http only, in order). */
export function ocspUrlsOf(cert: ParsedCertificate): string[] {
  const ext = cert.extensions.get('1.3.6.1.5.5.7.1.1');
  if (!ext) return [];
  const out: string[] = [];
  try {
    for (const ad of children(ext.value, readRoot(ext.value, Tag.SEQUENCE, 'authorityInfoAccess'))) {
      const [method, location] = children(ext.value, ad);
      // uniformResourceIdentifier [6] IA5String
      if (readOid(ext.value, method) === OcspOid.ocspAccessMethod && location?.tag === 0x86) {
        const url = Buffer.from(contentOf(ext.value, location)).toString('latin1');
        if (/^https?:\/\//i.test(url)) out.push(url);
      }
    }
  } catch {
    // The extension's syntax was validated when the certificate was parsed.
  }
  return out;
}

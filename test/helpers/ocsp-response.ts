// OCSP responses built byte by byte for one issuer: each SingleResponse (status, times, CertID
// hash, a wrong part), the ResponderID (by key or by name), the signer, the certificates carried,
// response extensions, the signature hash, and a tampered signature.
import { sign } from 'node:crypto';
import { parseCertificate } from '../../src/certificate-input';
import { issuerHashes, keyHashOf } from '../../src/x509/ocsp';
import { bool, concat, ctx, integer, octets, oid, seq, tlv } from './der';
import { DAY, NOW, type Extension, type SignatureHash, type TestCert, signatureAlgorithm } from './pki';

/** A GeneralizedTime of whole seconds. */
export const gt = (ms: number): Uint8Array =>
  tlv(0x18, new Uint8Array(Buffer.from(`${new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`)));

export type OcspStatusName = 'good' | 'revoked' | 'unknown';
const STATUS: Record<OcspStatusName, Uint8Array> = {
  good: new Uint8Array([0x80, 0x00]),
  revoked: tlv(0xa1, gt(NOW.getTime() - DAY)),
  unknown: new Uint8Array([0x82, 0x00]),
};
const HASH_OID = { sha1: '1.3.14.3.2.26', sha256: '2.16.840.1.101.3.4.2.1' } as const;

/** One SingleResponse; by default good for serial 7, thisUpdate a minute ago, nextUpdate in an hour. */
export interface OcspSingle {
  status?: OcspStatusName;
  thisUpdate?: number;
  /** null: no nextUpdate. */
  nextUpdate?: number | null;
  serial?: number | bigint;
  hash?: 'sha1' | 'sha256';
  /** Which part of the CertID is wrong. */
  wrong?: 'name' | 'key';
}

/** One response; by default signed by the issuer, named by its key hash, one good SingleResponse. */
export interface OcspBuild {
  singles?: OcspSingle[];
  /** Whose key signs. */
  signer?: TestCert;
  /** The ResponderID: by the signer's key hash (default), or by this name. */
  byName?: Uint8Array;
  certs?: TestCert[];
  responseExtensions?: Extension[];
  hash?: SignatureHash;
  /** Flip a bit of the signature. */
  tamper?: boolean;
}

/** The response builder for certificates issued by `issuerCert`. */
export function ocspResponses(issuerCert: TestCert): (b?: OcspBuild) => Uint8Array {
  const issuer = parseCertificate(issuerCert.der);
  const N = NOW.getTime();

  function single(s: OcspSingle): Uint8Array {
    const hash = s.hash ?? 'sha1';
    const h = issuerHashes(issuer, hash);
    const flip = (b: Uint8Array) => b.map((x, i) => (i === 0 ? x ^ 1 : x));
    const certId = seq(
      seq(oid(HASH_OID[hash]), new Uint8Array([0x05, 0x00])),
      octets(s.wrong === 'name' ? flip(h.nameHash) : h.nameHash),
      octets(s.wrong === 'key' ? flip(h.keyHash) : h.keyHash),
      integer(s.serial ?? 7),
    );
    const next = s.nextUpdate === undefined ? N + 3_600_000 : s.nextUpdate;
    return seq(certId, STATUS[s.status ?? 'good'], gt(s.thisUpdate ?? N - 60_000), ...(next === null ? [] : [ctx(0, gt(next))]));
  }

  return (b: OcspBuild = {}) => {
    const signer = b.signer ?? issuerCert;
    const responderId = b.byName ? ctx(1, b.byName) : ctx(2, octets(keyHashOf(parseCertificate(signer.der))));
    const exts = b.responseExtensions?.length
      ? [ctx(1, seq(...b.responseExtensions.map((e) => seq(oid(e.oid), ...(e.critical ? [bool(true)] : []), octets(e.value)))))]
      : [];
    const tbs = seq(responderId, gt(N), seq(...(b.singles ?? [{}]).map(single)), ...exts);
    const hash = b.hash ?? 'sha256';
    const signature = new Uint8Array(sign(hash, tbs, signer.key.privateKey));
    if (b.tamper) signature[signature.length - 1] ^= 1;
    const basic = seq(
      tbs,
      signatureAlgorithm(signer.key, hash),
      tlv(0x03, concat([new Uint8Array([0]), signature])),
      ...(b.certs?.length ? [ctx(0, seq(...b.certs.map((c) => c.der)))] : []),
    );
    return seq(new Uint8Array([0x0a, 0x01, 0x00]), ctx(0, seq(oid('1.3.6.1.5.5.7.48.1.1'), octets(basic))));
  };
}

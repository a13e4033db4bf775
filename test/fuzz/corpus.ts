// Real, signed inputs the fuzzers start from: certificates of every key type with the extensions
// the parser decodes, and CRLs with entries, entry extensions and an issuing distribution point.
import { ctx, ia5, integer, oid, seq, tlv } from '../helpers/der';
import { makeCert, makeCrl, makeKey, makePki, type TestCert } from '../helpers/pki';

const dns = (v: string): Uint8Array => ia5(v, 0x82);
const uri = (v: string): Uint8Array => ia5(v, 0x86);

/** The PKI every fuzzer shares; the verifier trusts `root` and is given `intermediate`. */
export function buildCorpus(): {
  root: TestCert;
  intermediate: TestCert;
  leaves: TestCert[];
  certificates: Uint8Array[];
  crls: Uint8Array[];
} {
  const { root, intermediate, leaf } = makePki('Fuzz');
  const constrained = makeCert({
    subject: { O: 'Fuzz', CN: 'Constrained CA' },
    issuer: root,
    ca: true,
    pathLen: 1,
    extensions: [
      // nameConstraints: permitted DNS and IP subtrees, an excluded email subtree.
      {
        oid: '2.5.29.30',
        critical: true,
        value: seq(ctx(0, seq(seq(dns('example.com'))).subarray(2)), ctx(1, seq(seq(ia5('bad.example.com', 0x81))).subarray(2))),
      },
      // certificatePolicies with a CPS qualifier, policyConstraints, inhibitAnyPolicy.
      { oid: '2.5.29.32', value: seq(seq(oid('1.3.6.1.4.1.55555.1.1'), seq(seq(oid('1.3.6.1.5.5.7.2.1'), ia5('https://cps.example'))))) },
      { oid: '2.5.29.36', critical: true, value: seq(tlv(0x80, new Uint8Array([0]))) },
      { oid: '2.5.29.54', critical: true, value: integer(1) },
      // cRLDistributionPoints and authorityInfoAccess.
      { oid: '2.5.29.31', value: seq(seq(ctx(0, ctx(0, uri('http://crl.example/ca.crl'))))) },
      { oid: '1.3.6.1.5.5.7.1.1', value: seq(seq(oid('1.3.6.1.5.5.7.48.2'), uri('http://ca.example/ca.cer'))) },
    ],
  });
  const leaves = [
    leaf,
    makeCert({
      subject: { C: 'DE', O: ['Fuzz', 'Fuzz Two'], OU: 'unit', CN: 'bob', emailAddress: 'bob@example.com' },
      issuer: constrained,
      san: {
        dns: ['a.example.com', '*.b.example.com'],
        email: ['bob@example.com'],
        uri: ['spiffe://example.com/bob'],
        ip: [new Uint8Array([10, 0, 0, 1]), new Uint8Array(16).fill(1)],
      },
      extensions: [{ oid: '2.5.29.32', value: seq(seq(oid('1.3.6.1.4.1.55555.1.1'))) }],
    }),
    makeCert({ subject: { O: 'Fuzz', CN: 'rsa' }, issuer: intermediate, key: makeKey('rsa2048', 'fuzz') }),
    makeCert({ subject: { O: 'Fuzz', CN: 'ed25519' }, issuer: intermediate, key: makeKey('ed25519'), hash: 'sha384' }),
  ];
  const rsaCa = makeCert({
    subject: { O: 'Fuzz', CN: 'RSA CA' },
    issuer: root,
    ca: true,
    key: makeKey('rsa2048', 'fuzz'),
    hash: 'pss-sha256',
  });
  const crls = [
    makeCrl({ issuer: intermediate, revoked: [{ serial: 7, reason: 1 }, { serial: 0x1234567890n }, { serial: 9, reason: 6 }] }).der,
    makeCrl({
      issuer: root,
      revoked: [{ serial: 100 }],
      // issuingDistributionPoint: onlyContainsUserCerts, with a full name.
      extensions: [
        {
          oid: '2.5.29.28',
          critical: true,
          value: seq(ctx(0, ctx(0, uri('http://crl.example/root.crl'))), tlv(0x81, new Uint8Array([0xff]))),
        },
      ],
    }).der,
    makeCrl({ issuer: intermediate, crlNumber: 12, extensions: [{ oid: '2.5.29.27', critical: true, value: integer(11) }] }).der,
  ];
  return {
    root,
    intermediate,
    leaves,
    certificates: [root, intermediate, constrained, rsaCa, ...leaves].map((c) => c.der),
    crls,
  };
}

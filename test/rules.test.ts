// One case per rule of the path checks, the certificate profile, policies, path building, name
// constraints and revocation: each builds the smallest chain that breaks that rule alone and asserts
// the exact code and reason it is refused with, so that removing or weakening the rule fails here.
import { createHash } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { clientCert, createVerifier, type ClientCertAuditEvent, type ClientCertOptions, type VerifierOptions } from '../src/index';
import { assertFieldSizes, decodeClientCert, decodeClientCertChain } from '../src/decode';
import { DEFAULT_LIMITS } from '../src/options';
import { DAY, EKU, NOW, makeCert, makeCrl, makeKey, makePki, sanValue, type CertSpec, type TestCert } from './helpers/pki';
import { bitString, bool, ctx, ia5, integer, oid, octets, seq, tlv } from './helpers/der';
import { fakeKey, randomOdd, rsaSpki, verdictOf, type Verdict } from './helpers/refusal';
import { codeAndReasonOf } from './helpers/codes';

const now = () => NOW;
const SERVER = { requiredEku: [EKU.serverAuth] };
const P1 = '1.3.6.1.4.1.55555.1';
const P2 = '1.3.6.1.4.1.55555.2';
const ANY_POLICY = '2.5.29.32.0';

/** What one case verifies: the anchors, the leaf, the forwarded chain and the options. */
interface Setup {
  anchors: TestCert[];
  leaf: TestCert;
  chain?: TestCert[];
  options?: Partial<VerifierOptions>;
}

function keyId(cert: TestCert): Uint8Array {
  return new Uint8Array(createHash('sha1').update(cert.key.spki).digest());
}

/** Extensions for a certificate built with `noKeyIds`: its SKI and an AKI naming `issuer`'s key. */
function keyIds(subjectKey: TestCert['key'], issuer: TestCert | undefined, opts: { akiCritical?: boolean; skiCritical?: boolean } = {}) {
  const ski = new Uint8Array(createHash('sha1').update(subjectKey.spki).digest());
  const aki = issuer ? keyId(issuer) : ski;
  return [
    { oid: '2.5.29.14', critical: opts.skiCritical, value: octets(ski) },
    { oid: '2.5.29.35', critical: opts.akiCritical, value: seq(tlv(0x80, aki)) },
  ];
}

/** root → intermediate → leaf, with the leaf's spec and the intermediate's spec adjusted. */
function chainWith(
  leafSpec: Partial<CertSpec> = {},
  icaSpec: Partial<CertSpec> = {},
  rootSpec: Partial<CertSpec> = {},
  options?: Partial<VerifierOptions>,
): Setup {
  const root = makeCert({ subject: { O: 'Rules', CN: 'Rules Root CA' }, ca: true, ...rootSpec });
  const ica = makeCert({ subject: { O: 'Rules', CN: 'Rules Issuing CA' }, issuer: root, ca: true, ...icaSpec });
  const leaf = makeCert({ subject: { O: 'Rules', CN: 'alice' }, issuer: ica, ...leafSpec });
  return { anchors: [root], leaf, chain: [ica], options };
}

function run(setup: Setup): Promise<Verdict> {
  const verifier = createVerifier({ trustAnchors: setup.anchors.map((a) => a.pem), now, ...setup.options });
  return verdictOf(verifier.verify({ certificate: setup.leaf.pem, chain: (setup.chain ?? []).map((c) => c.pem) }));
}

const nameConstraints = (subtrees: Uint8Array, critical = true) => ({ oid: '2.5.29.30', critical, value: subtrees });
const dnsSubtree = (dns: string) => seq(ia5(dns, 0x82));
const policiesExt = (...list: string[]) => ({ oid: '2.5.29.32', value: seq(...list.map((p) => seq(oid(p)))) });

type Case = [rule: string, build: () => Setup, code: string, reason: string];

it('the baseline chain of these cases is accepted (each case breaks one rule of it)', async () => {
  expect(await run(chainWith())).toBe('ACCEPTED');
  expect(await run(chainWith({ eku: [EKU.serverAuth], san: { dns: ['svc.example'] } }, {}, {}, SERVER))).toBe('ACCEPTED');
});

describe('checks.ts: validity, CA constraints, usage', () => {
  const cases: Case[] = [
    [
      'the leaf expired',
      () => chainWith({ notBefore: new Date(NOW.getTime() - 60 * DAY), notAfter: new Date(NOW.getTime() - DAY) }),
      'ERR_CLIENT_CERT_EXPIRED',
      'validity-expired',
    ],
    [
      'the intermediate is not yet valid',
      () => chainWith({}, { notBefore: new Date(NOW.getTime() + DAY) }),
      'ERR_CLIENT_CERT_NOT_YET_VALID',
      'validity-not-yet-valid',
    ],
    [
      'the issuer is not a CA',
      () => chainWith({}, { ca: false, keyUsage: ['digitalSignature'], eku: null }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'issuer-not-ca',
    ],
    [
      'the issuer lacks keyCertSign',
      () => chainWith({}, { keyUsage: ['cRLSign'] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'key-cert-sign-missing',
    ],
    [
      'the root allows no intermediate (pathLen 0)',
      () => chainWith({}, {}, { pathLen: 0 }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'path-len-exceeded',
    ],
    [
      "the leaf's AKI differs from the issuer's SKI",
      () => {
        const base = chainWith();
        const ica = base.chain![0];
        const wrong = new Uint8Array(20).fill(7);
        const leaf = makeCert({
          subject: { O: 'Rules', CN: 'alice' },
          issuer: ica,
          noKeyIds: true,
          extensions: [{ oid: '2.5.29.35', value: seq(tlv(0x80, wrong)) }],
        });
        return { ...base, leaf };
      },
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'aki-ski-mismatch',
    ],
    [
      'an unrecognised critical extension',
      () => chainWith({ extensions: [{ oid: '1.3.6.1.4.1.55555.99', critical: true, value: seq() }] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'critical-extension-unknown',
    ],
    [
      'a critical certificatePolicies with an unknown qualifier',
      () =>
        chainWith({
          extensions: [{ oid: '2.5.29.32', critical: true, value: seq(seq(oid(P1), seq(seq(oid('1.3.6.1.4.1.55555.7'), ia5('x'))))) }],
        }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'policy-qualifier-unknown',
    ],
    [
      'serverAuth: an RSA modulus not a multiple of 8 bits',
      () => chainWith({ eku: [EKU.serverAuth], key: fakeKey(rsaSpki(randomOdd(2049), 65537n)) }, {}, {}, SERVER),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'rsa-key-size-not-multiple-of-8',
    ],
    [
      'the intermediate EKU excludes clientAuth',
      () => chainWith({}, { eku: [EKU.serverAuth] }),
      'ERR_CLIENT_CERT_USAGE',
      'eku-not-allowed-for-issuer',
    ],
    [
      'the leaf keyUsage lacks digitalSignature',
      () => chainWith({ keyUsage: ['keyEncipherment'] }),
      'ERR_CLIENT_CERT_USAGE',
      'key-usage-not-allowed',
    ],
    ['the leaf EKU lacks clientAuth', () => chainWith({ eku: [EKU.serverAuth] }), 'ERR_CLIENT_CERT_USAGE', 'eku-not-allowed'],
    [
      'the leaf key is too small',
      () => chainWith({ key: fakeKey(rsaSpki(randomOdd(1536), 65537n)) }),
      'ERR_CLIENT_CERT_USAGE',
      'rsa-key-too-small',
    ],
    [
      'the clock is invalid',
      () => ({ ...chainWith(), options: { now: () => new Date(Number.NaN) } }),
      'ERR_CLIENT_CERT_UNTRUSTED',
      'clock-invalid',
    ],
  ];
  it.each(cases)('%s', async (_rule, build, code, reason) => {
    expect(await run(build())).toEqual({ code, reason });
  });
});

describe('profile.ts: RFC 5280 profile rules for any purpose', () => {
  const leafKey = () => makeKey('p256');
  const cases: Case[] = [
    [
      'a critical authorityKeyIdentifier',
      () => {
        const base = chainWith();
        const key = leafKey();
        const leaf = makeCert({
          subject: { CN: 'alice' },
          issuer: base.chain![0],
          key,
          noKeyIds: true,
          extensions: keyIds(key, base.chain![0], { akiCritical: true }),
        });
        return { ...base, leaf };
      },
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'aki-critical',
    ],
    [
      'a critical subjectKeyIdentifier',
      () => {
        const base = chainWith();
        const key = leafKey();
        const leaf = makeCert({
          subject: { CN: 'alice' },
          issuer: base.chain![0],
          key,
          noKeyIds: true,
          extensions: keyIds(key, base.chain![0], { skiCritical: true }),
        });
        return { ...base, leaf };
      },
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'ski-critical',
    ],
    [
      'keyCertSign in a leaf that is not a CA',
      () => chainWith({ keyUsage: ['digitalSignature', 'keyCertSign'] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'key-cert-sign-not-ca',
    ],
    [
      'a non-critical nameConstraints',
      () => chainWith({}, { extensions: [nameConstraints(seq(ctx(1, dnsSubtree('example.com'))), false)] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'name-constraints-not-critical',
    ],
    [
      'nameConstraints in a leaf',
      () => chainWith({ extensions: [nameConstraints(seq(ctx(1, dnsSubtree('example.com'))))] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'name-constraints-not-ca',
    ],
    [
      'a non-critical policyConstraints',
      () => chainWith({}, { extensions: [{ oid: '2.5.29.36', value: seq(tlv(0x80, new Uint8Array([0]))) }] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'policy-constraints-not-critical',
    ],
    ['a zero serial number', () => chainWith({ serial: 0 }), 'ERR_CLIENT_CERT_CHAIN_INVALID', 'serial-invalid'],
    [
      'a CA leaf with an empty subject',
      () => chainWith({ subject: seq(), ca: true, keyUsage: ['keyCertSign', 'digitalSignature'], eku: [EKU.clientAuth] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'ca-subject-empty',
    ],
    [
      'an empty subject without subjectAltName',
      () => chainWith({ subject: seq() }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'subject-empty-without-san',
    ],
    [
      'an empty subject with a non-critical subjectAltName',
      () => chainWith({ subject: seq(), san: { email: ['alice@example.com'] } }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'san-not-critical-subject-empty',
    ],
    ['an invalid dNSName', () => chainWith({ san: { dns: ['-bad-.example'] } }), 'ERR_CLIENT_CERT_CHAIN_INVALID', 'san-dns-name-invalid'],
    [
      'an rfc822Name that is not a mailbox',
      () => chainWith({ san: { email: ['nobody'] } }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'san-email-invalid',
    ],
    [
      'a CA certificate as the client',
      () => chainWith({ ca: true, keyUsage: ['keyCertSign', 'digitalSignature'], eku: [EKU.clientAuth] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'leaf-is-ca',
    ],
  ];
  it.each(cases)('%s', async (_rule, build, code, reason) => {
    expect(await run(build())).toEqual({ code, reason });
  });
});

describe('profile.ts: the Web PKI profile (requiredEku serverAuth)', () => {
  const server = (leaf: Partial<CertSpec> = {}, ica: Partial<CertSpec> = {}, root: Partial<CertSpec> = {}) =>
    chainWith({ eku: [EKU.serverAuth], san: { dns: ['svc.example'] }, ...leaf }, ica, root, SERVER);
  const rootWithKeyIds = (aki: Uint8Array) => {
    const key = makeKey('p256');
    const ski = new Uint8Array(createHash('sha1').update(key.spki).digest());
    return {
      key,
      noKeyIds: true,
      extensions: [
        { oid: '2.5.29.14', value: octets(ski) },
        { oid: '2.5.29.35', value: aki },
      ],
    };
  };
  const cases: Case[] = [
    ['a v1 leaf', () => server({ version: 1 }), 'ERR_CLIENT_CERT_CHAIN_INVALID', 'version-not-v3'],
    ['a leaf without AKI', () => server({ noKeyIds: true }), 'ERR_CLIENT_CERT_CHAIN_INVALID', 'aki-missing'],
    [
      'an intermediate without SKI',
      () => {
        const base = server();
        const root = base.anchors[0];
        const ica = makeCert({
          subject: { O: 'Rules', CN: 'Rules Issuing CA' },
          issuer: root,
          ca: true,
          noKeyIds: true,
          extensions: [{ oid: '2.5.29.35', value: seq(tlv(0x80, keyId(root))) }],
        });
        const leaf = makeCert({ subject: { CN: 'svc' }, issuer: ica, eku: [EKU.serverAuth], san: { dns: ['svc.example'] } });
        return { ...base, leaf, chain: [ica] };
      },
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'ski-missing',
    ],
    [
      'a root whose basicConstraints is not critical',
      () =>
        server({}, {}, { ca: undefined, keyUsage: ['keyCertSign', 'cRLSign'], extensions: [{ oid: '2.5.29.19', value: seq(bool(true)) }] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'basic-constraints-not-critical',
    ],
    [
      'a root AKI with issuer and serial',
      () => {
        const ids = rootWithKeyIds(new Uint8Array());
        const ski = (ids.extensions[0].value as Uint8Array).slice(2);
        ids.extensions[1].value = seq(tlv(0x80, ski), ctx(1, ctx(4, seq())), tlv(0x82, new Uint8Array([1])));
        return server({}, {}, ids);
      },
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'root-aki-not-key-id-only',
    ],
    [
      'a root AKI that is not its own SKI',
      () => server({}, {}, rootWithKeyIds(seq(tlv(0x80, new Uint8Array(20).fill(9))))),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'root-aki-ski-mismatch',
    ],
    ['a root without SKI', () => server({}, {}, { noKeyIds: true }), 'ERR_CLIENT_CERT_CHAIN_INVALID', 'ski-missing'],
    [
      'a cross-signed anchor without AKI',
      () => {
        const key = makeKey('p256');
        const ski = new Uint8Array(createHash('sha1').update(key.spki).digest());
        const other = makeCert({ subject: { CN: 'Other Root CA' }, ca: true });
        return server({}, {}, { issuer: other, key, noKeyIds: true, extensions: [{ oid: '2.5.29.14', value: octets(ski) }] });
      },
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'aki-missing',
    ],
    ['a root with extKeyUsage', () => server({}, {}, { eku: [EKU.serverAuth] }), 'ERR_CLIENT_CERT_CHAIN_INVALID', 'root-eku-present'],
    [
      'a critical subjectAltName beside a subject',
      () => server({ san: undefined, extensions: [{ oid: '2.5.29.17', critical: true, value: sanValue({ dns: ['svc.example'] }) }] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'san-critical-with-subject',
    ],
    ['a leaf without extKeyUsage', () => server({ eku: null }), 'ERR_CLIENT_CERT_CHAIN_INVALID', 'eku-missing'],
    [
      'a critical extKeyUsage',
      () => server({ eku: null, extensions: [{ oid: '2.5.29.37', critical: true, value: seq(oid(EKU.serverAuth)) }] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'eku-critical',
    ],
    [
      'anyExtendedKeyUsage in the leaf',
      () => server({ eku: [EKU.serverAuth, EKU.any] }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'eku-any-present',
    ],
  ];
  it.each(cases)('%s', async (_rule, build, code, reason) => {
    expect(await run(build())).toEqual({ code, reason });
  });
});

describe('policies.ts', () => {
  const cases: Case[] = [
    [
      'a mapping from anyPolicy',
      () =>
        chainWith(
          { extensions: [policiesExt(P1)] },
          {
            extensions: [policiesExt(ANY_POLICY), { oid: '2.5.29.33', critical: true, value: seq(seq(oid(ANY_POLICY), oid(P1))) }],
          },
        ),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'policy-mapping-any-policy',
    ],
    [
      'an explicit policy required, none asserted',
      () => chainWith({}, {}, {}, { policy: { requireExplicitPolicy: true } }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'policy-invalid',
    ],
    [
      'the asserted policy outside the initial policy set',
      () =>
        chainWith(
          { extensions: [policiesExt(P1)] },
          { extensions: [policiesExt(P1)] },
          {},
          {
            policy: { requireExplicitPolicy: true, initialPolicySet: [P2] },
          },
        ),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'policy-invalid',
    ],
  ];
  it.each(cases)('%s', async (_rule, build, code, reason) => {
    expect(await run(build())).toEqual({ code, reason });
  });
});

describe('path.ts: links and the search', () => {
  const cases: Case[] = [
    ['the issuer was not forwarded', () => ({ ...chainWith(), chain: [] }), 'ERR_CLIENT_CERT_UNTRUSTED', 'issuer-unknown'],
    [
      'no path within maxChainLength',
      () => ({ ...chainWith(), options: { maxChainLength: 2 } }),
      'ERR_CLIENT_CERT_UNTRUSTED',
      'path-too-long',
    ],
    [
      'the leaf signed by another key under the issuer name',
      () => {
        const base = chainWith();
        const impostor = makeCert({ subject: { O: 'Rules', CN: 'Rules Issuing CA' }, issuer: base.anchors[0], ca: true });
        return { ...base, leaf: makeCert({ subject: { CN: 'alice' }, issuer: impostor }) };
      },
      'ERR_CLIENT_CERT_UNTRUSTED',
      'signature-invalid',
    ],
    [
      'inner and outer signature algorithms differ',
      () => chainWith({ tbsSignatureAlgorithm: seq(oid('1.2.840.10045.4.3.3')) }),
      'ERR_CLIENT_CERT_UNTRUSTED',
      'signature-algorithm-mismatch',
    ],
    ['a SHA-1 signature', () => chainWith({ hash: 'sha1' }), 'ERR_CLIENT_CERT_CHAIN_INVALID', 'signature-algorithm-weak'],
    ["an issuer's key too small", () => chainWith({}, { key: makeKey('rsa1024') }), 'ERR_CLIENT_CERT_CHAIN_INVALID', 'rsa-key-too-small'],
  ];
  it.each(cases)('%s', async (_rule, build, code, reason) => {
    expect(await run(build())).toEqual({ code, reason });
  });
});

describe('name-constraints.ts', () => {
  const under = (subtrees: Uint8Array, leaf: Partial<CertSpec>) => chainWith(leaf, { extensions: [nameConstraints(subtrees)] });
  const ipv4Subtree = seq(tlv(0x87, new Uint8Array([10, 0, 0, 0, 255, 0, 0, 0])));
  const cases: Case[] = [
    [
      'a dNSName in an excluded subtree',
      () => under(seq(ctx(1, dnsSubtree('example.com'))), { san: { dns: ['a.example.com'] } }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'name-constraints-excluded',
    ],
    [
      'a dNSName outside the permitted subtrees',
      () => under(seq(ctx(0, dnsSubtree('example.org'))), { san: { dns: ['a.example.com'] } }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'name-constraints-not-permitted',
    ],
    [
      'a URI without host under an excluded URI subtree',
      () => under(seq(ctx(1, seq(ia5('.example.com', 0x86)))), { san: { uri: ['urn:example:alice'] } }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'name-constraints-uri-without-host',
    ],
    [
      'an IPv4-compatible address under an IPv4 constraint',
      () =>
        under(seq(ctx(0, ipv4Subtree)), {
          san: { ip: [new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 1, 2, 3])] },
        }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'name-constraints-ip-ambiguous',
    ],
    [
      'a registeredID name under a registeredID constraint',
      () => {
        const rid = tlv(0x88, oid('1.3.6.1.4.1.55555.5').slice(2));
        return chainWith(
          { san: undefined, extensions: [{ oid: '2.5.29.17', value: seq(rid) }] },
          { extensions: [nameConstraints(seq(ctx(0, seq(rid))))] },
        );
      },
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'name-constraints-unsupported-form',
    ],
    [
      'a dNSName constraint with a leading period',
      () => under(seq(ctx(0, dnsSubtree('.example.com'))), { san: { dns: ['a.example.com'] } }),
      'ERR_CLIENT_CERT_CHAIN_INVALID',
      'name-constraints-invalid',
    ],
  ];
  it.each(cases)('%s', async (_rule, build, code, reason) => {
    expect(await run(build())).toEqual({ code, reason });
  });
});

describe('revocation.ts', () => {
  const withCrls = (crls: (pki: { root: TestCert; ica: TestCert }) => string[], leafSpec: Partial<CertSpec> = { serial: 4242 }) => {
    const base = chainWith(leafSpec);
    const pki = { root: base.anchors[0], ica: base.chain![0] };
    return { ...base, options: { crls: crls(pki) } };
  };
  const rootCrl = (root: TestCert) => makeCrl({ issuer: root }).pem;
  const cases: Case[] = [
    [
      'the leaf is listed',
      () => withCrls(({ root, ica }) => [rootCrl(root), makeCrl({ issuer: ica, revoked: [{ serial: 4242 }] }).pem]),
      'ERR_CLIENT_CERT_REVOKED',
      'revoked',
    ],
    ['no CRL for the leaf', () => withCrls(({ root }) => [rootCrl(root)]), 'ERR_CLIENT_CERT_REVOKED', 'crl-missing'],
    [
      'the CRL is stale',
      () =>
        withCrls(({ root, ica }) => [
          rootCrl(root),
          makeCrl({ issuer: ica, nextUpdate: new Date(NOW.getTime() - DAY), thisUpdate: new Date(NOW.getTime() - 8 * DAY) }).pem,
        ]),
      'ERR_CLIENT_CERT_REVOKED',
      'crl-stale',
    ],
    [
      'the CRL is not yet valid',
      () => withCrls(({ root, ica }) => [rootCrl(root), makeCrl({ issuer: ica, thisUpdate: new Date(NOW.getTime() + DAY) }).pem]),
      'ERR_CLIENT_CERT_REVOKED',
      'crl-not-yet-valid',
    ],
    [
      'the CRL is signed by another key',
      () =>
        withCrls(({ root }) => {
          const impostor = makeCert({ subject: { O: 'Rules', CN: 'Rules Issuing CA' }, ca: true });
          return [rootCrl(root), makeCrl({ issuer: impostor }).pem];
        }),
      'ERR_CLIENT_CERT_REVOKED',
      'crl-signer-invalid',
    ],
    [
      'the CRL has an unknown critical extension',
      () =>
        withCrls(({ root, ica }) => [
          rootCrl(root),
          makeCrl({ issuer: ica, extensions: [{ oid: '1.3.6.1.4.1.55555.98', critical: true, value: integer(1) }] }).pem,
        ]),
      'ERR_CLIENT_CERT_REVOKED',
      'crl-unusable',
    ],
  ];
  it.each(cases)('%s', async (_rule, build, code, reason) => {
    expect(await run(build())).toEqual({ code, reason });
  });
});

describe('rank.ts: the most telling refusal across candidate paths, in either order', () => {
  /** root → (two intermediates with the same name and key) → leaf; `a` and `b` adjust each intermediate. */
  function twoPaths(a: Partial<CertSpec>, b: Partial<CertSpec>, leafSpec: Partial<CertSpec> = {}) {
    const root = makeCert({ subject: { O: 'Rank', CN: 'Rank Root CA' }, ca: true });
    const key = makeKey('p256');
    const subject = { O: 'Rank', CN: 'Rank Issuing CA' };
    const icaA = makeCert({ subject, issuer: root, ca: true, key, ...a });
    const icaB = makeCert({ subject, issuer: root, ca: true, key, ...b });
    const leaf = makeCert({ subject: { O: 'Rank', CN: 'alice' }, issuer: icaA, serial: 77, ...leafSpec });
    return { root, icaA, icaB, leaf };
  }
  async function bothOrders(setup: Omit<Setup, 'chain'>, a: TestCert, b: TestCert): Promise<Verdict[]> {
    return [await run({ ...setup, chain: [a, b] }), await run({ ...setup, chain: [b, a] })];
  }

  it('an expired intermediate outranks one without keyCertSign (validity before CA misuse)', async () => {
    const { root, icaA, icaB, leaf } = twoPaths({ keyUsage: ['cRLSign'] }, { notAfter: new Date(NOW.getTime() - DAY) });
    const expected = { code: 'ERR_CLIENT_CERT_EXPIRED', reason: 'validity-expired' };
    expect(await bothOrders({ anchors: [root], leaf }, icaA, icaB)).toEqual([expected, expected]);
  });

  it('revoked outranks a name-constraint violation', async () => {
    const excluded = nameConstraints(seq(ctx(1, dnsSubtree('example.com'))));
    const { root, icaA, icaB, leaf } = twoPaths({ extensions: [excluded] }, {}, { san: { dns: ['a.example.com'] } });
    const crls = [makeCrl({ issuer: root }).pem, makeCrl({ issuer: icaB, revoked: [{ serial: 77 }] }).pem];
    const expected = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' };
    expect(await bothOrders({ anchors: [root], leaf, options: { crls } }, icaA, icaB)).toEqual([expected, expected]);
  });

  it('a path that reached an anchor outranks a link whose signature failed', async () => {
    const { root, icaA } = twoPaths({}, {});
    const tooDeep = makeCert({ subject: { O: 'Rank', CN: 'Rank Issuing CA' }, issuer: root, ca: true, key: icaA.key, pathLen: 0 });
    // The same name under another key: the leaf's signature does not verify with it.
    const impostor = makeCert({ subject: { O: 'Rank', CN: 'Rank Issuing CA' }, issuer: root, ca: true });
    // A sub-CA under tooDeep's pathLen 0 that issued the leaf's issuer: the only complete path breaks pathLen.
    const sub = makeCert({ subject: { O: 'Rank', CN: 'Rank Sub CA' }, issuer: tooDeep, ca: true });
    const deepLeaf = makeCert({ subject: { O: 'Rank', CN: 'bob' }, issuer: sub });
    const impostorSub = makeCert({ subject: { O: 'Rank', CN: 'Rank Sub CA' }, issuer: impostor, ca: true });
    const expected = { code: 'ERR_CLIENT_CERT_CHAIN_INVALID', reason: 'path-len-exceeded' };
    for (const chain of [
      [impostorSub, sub, tooDeep],
      [sub, impostorSub, tooDeep],
    ]) {
      expect(await run({ anchors: [root], leaf: deepLeaf, chain })).toEqual(expected);
    }
  });

  it('a bad signature on a forwarded issuer outranks an unknown issuer', async () => {
    const { root, leaf } = twoPaths({}, {});
    const impostor = makeCert({ subject: { O: 'Rank', CN: 'Rank Issuing CA' }, issuer: root, ca: true });
    expect(await run({ anchors: [root], leaf, chain: [impostor] })).toEqual({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'signature-invalid',
    });
  });
});

describe('decode.ts and verify() inputs', () => {
  const small = { ...DEFAULT_LIMITS, certBytes: 64, chainBytes: 64 };
  const limits = { ...DEFAULT_LIMITS, chainCount: 1 };
  const b64 = (bytes: Uint8Array) => `:${Buffer.from(bytes).toString('base64')}:`;
  const der = makePki('Inputs').leaf.der;
  const cases: [rule: string, fn: () => unknown, code: string, reason: string][] = [
    ['Client-Cert over certBytes', () => assertFieldSizes(['x'.repeat(65)], [], small), 'ERR_CLIENT_CERT_TOO_LARGE', 'field-too-large'],
    [
      'Client-Cert-Chain over chainBytes',
      () => assertFieldSizes([], ['x'.repeat(65)], small),
      'ERR_CLIENT_CERT_TOO_LARGE',
      'chain-field-too-large',
    ],
    [
      'more chain certificates than chainCount',
      () => decodeClientCertChain([`${b64(der)}, ${b64(der)}`], limits),
      'ERR_CLIENT_CERT_TOO_LARGE',
      'chain-too-many',
    ],
    ['Client-Cert with parameters', () => decodeClientCert([`${b64(der)};a=1`], limits), 'ERR_CLIENT_CERT_MALFORMED', 'field-parameters'],
    ['an empty Client-Cert', () => decodeClientCert(['::'], limits), 'ERR_CLIENT_CERT_MALFORMED', 'field-empty'],
    ['Client-Cert as a token', () => decodeClientCert(['abc'], limits), 'ERR_CLIENT_CERT_MALFORMED', 'field-not-byte-sequence'],
    ['Client-Cert twice', () => decodeClientCert([b64(der), b64(der)], limits), 'ERR_CLIENT_CERT_MALFORMED', 'field-repeated'],
    [
      'an inner list in the chain',
      () => decodeClientCertChain([`(${b64(der)})`], limits),
      'ERR_CLIENT_CERT_MALFORMED',
      'chain-member-inner-list',
    ],
  ];
  it.each(cases)('%s', (_rule, fn, code, reason) => {
    expect(codeAndReasonOf(fn)).toEqual({ code, reason });
  });

  const { root, intermediate, leaf } = makePki('Inputs');
  const verify = (input: unknown, options: Partial<VerifierOptions> = {}) =>
    verdictOf(createVerifier({ trustAnchors: root.pem, now, ...options }).verify(input as never));
  const inputs: [rule: string, run: () => Promise<Verdict>, code: string, reason: string][] = [
    ['no input', () => verify(undefined), 'ERR_CLIENT_CERT_MISSING', 'input-certificate-missing'],
    ['no certificate', () => verify({ chain: [] }), 'ERR_CLIENT_CERT_MISSING', 'input-certificate-missing'],
    ['a number as the certificate', () => verify({ certificate: 42 }), 'ERR_CLIENT_CERT_MALFORMED', 'input-type-invalid'],
    [
      'two certificates in one input',
      () => verify({ certificate: leaf.pem + root.pem }),
      'ERR_CLIENT_CERT_MALFORMED',
      'input-certificate-count',
    ],
    [
      'a chain that is not an array',
      () => verify({ certificate: leaf.pem, chain: intermediate.pem }),
      'ERR_CLIENT_CERT_MALFORMED',
      'input-chain-not-array',
    ],
    [
      'a leaf not in allowedFingerprints',
      () => verify({ certificate: leaf.pem, chain: [intermediate.pem] }, { allowedFingerprints: [root.fingerprint256] }),
      'ERR_CLIENT_CERT_NOT_ALLOWED',
      'fingerprint-not-allowed',
    ],
  ];
  it.each(inputs)('%s', async (_rule, runIt, code, reason) => {
    expect(await runIt()).toEqual({ code, reason });
  });
});

describe('middleware.ts: refusals before verification, as audit events', () => {
  const { root, intermediate, leaf } = makePki('Mw');
  const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');
  async function reasonOf(options: Partial<ClientCertOptions>, headers: Record<string, string>): Promise<unknown> {
    const events: ClientCertAuditEvent[] = [];
    const app = express();
    app.use(clientCert({ trustedProxies: 'loopback', trustAnchors: root.pem, now, onAudit: (e) => events.push(e), ...options }));
    app.get('/', (_req, res) => res.json({}));
    await request(app).get('/').set(headers);
    return events.map((e) => ({ code: e.code, reason: e.reason }));
  }

  it('Client-Cert-Chain without Client-Cert', async () => {
    expect(await reasonOf({}, { 'Client-Cert-Chain': `:${b64(intermediate.der)}:` })).toEqual([
      { code: 'ERR_CLIENT_CERT_MALFORMED', reason: 'chain-without-certificate' },
    ]);
  });

  it('a forwarding format with more chain certificates than limits.chainCount', async () => {
    const options = { trustedProxies: [{ addresses: 'loopback', format: 'base64-der' as const }], limits: { chainCount: 1 } };
    expect(await reasonOf(options, { 'X-ARR-ClientCert': [leaf, intermediate, root].map((c) => b64(c.der)).join(',') })).toEqual([
      { code: 'ERR_CLIENT_CERT_TOO_LARGE', reason: 'chain-too-many' },
    ]);
  });
});

describe('keys.ts through the leaf: each key rule with its reason (USAGE for a leaf)', () => {
  const spki = (alg: Uint8Array, key: Uint8Array) => seq(alg, bitString(key));
  const cases: Case[] = [
    ['an empty extKeyUsage', () => chainWith({ eku: [] }), 'ERR_CLIENT_CERT_USAGE', 'eku-empty'],
    [
      'a DSA key',
      () =>
        chainWith({
          key: fakeKey(
            spki(seq(oid('1.2.840.10040.4.1'), seq(integer(randomOdd(2048)), integer(randomOdd(256)), integer(2n))), integer(5n)),
          ),
        }),
      'ERR_CLIENT_CERT_USAGE',
      'dsa-refused',
    ],
    [
      'an unknown key algorithm',
      () => chainWith({ key: fakeKey(spki(seq(oid('1.3.6.1.4.1.55555.42')), new Uint8Array(8))) }),
      'ERR_CLIENT_CERT_USAGE',
      'key-algorithm-unsupported',
    ],
    [
      'an Ed448 key of the wrong length',
      () => chainWith({ key: fakeKey(spki(seq(oid('1.3.101.113')), new Uint8Array(10))) }),
      'ERR_CLIENT_CERT_USAGE',
      'ed448-key-malformed',
    ],
  ];
  it.each(cases)('%s', async (_rule, build, code, reason) => {
    expect(await run(build())).toEqual({ code, reason });
  });
});

// The certificate profile of src/verify/profile.ts, what its rule tests in rules.test.ts leave
// open: the text of every refusal (the rule and the clause it enforces), and the bounds of the
// dNSName and rfc822Name checks (length, labels, wildcards, the "@"). Each case asserts the exact
// code, reason and the rule's words in the message.
import { createHash } from 'node:crypto';
import { createVerifier, type VerifierOptions } from '../src/index';
import { EKU, NOW, makeCert, makeKey, sanValue, type CertSpec, type TestCert } from './helpers/pki';
import { bool, ctx, ia5, octets, oid, seq, tlv } from './helpers/der';

const SERVER = { requiredEku: [EKU.serverAuth] };
const CHAIN_INVALID = 'ERR_CLIENT_CERT_CHAIN_INVALID';

interface Setup {
  anchor: TestCert;
  leaf: TestCert;
  chain: TestCert[];
  options?: Partial<VerifierOptions>;
}

const keyIdOf = (spki: Uint8Array) => new Uint8Array(createHash('sha1').update(spki).digest());

function chainWith(
  leafSpec: Partial<CertSpec> = {},
  icaSpec: Partial<CertSpec> = {},
  rootSpec: Partial<CertSpec> = {},
  options?: Partial<VerifierOptions>,
): Setup {
  const anchor = makeCert({ subject: { O: 'ProfileMut', CN: 'Root' }, ca: true, ...rootSpec });
  const ica = makeCert({ subject: { O: 'ProfileMut', CN: 'ICA' }, issuer: anchor, ca: true, ...icaSpec });
  const leaf = makeCert({ subject: { O: 'ProfileMut', CN: 'leaf' }, issuer: ica, ...leafSpec });
  return { anchor, leaf, chain: [ica], options };
}
const server = (leaf: Partial<CertSpec> = {}, ica: Partial<CertSpec> = {}, root: Partial<CertSpec> = {}) =>
  chainWith({ eku: [EKU.serverAuth], san: { dns: ['svc.example'] }, ...leaf }, ica, root, SERVER);

type Outcome = 'accepted' | { code: string; reason: string; message: string };

function outcome(setup: Setup): Promise<Outcome> {
  return createVerifier({ trustAnchors: setup.anchor.pem, now: () => NOW, ...setup.options })
    .verify({ certificate: setup.leaf.pem, chain: setup.chain.map((c) => c.pem) })
    .then(
      () => 'accepted' as const,
      (e: { code: string; reason: string; message: string }) => ({ code: e.code, reason: e.reason, message: e.message }),
    );
}

/** The leaf's own key identifiers, one of them critical. */
function criticalKeyId(which: 'aki' | 'ski'): Setup {
  const base = chainWith();
  const key = makeKey('p256');
  const ica = base.chain[0];
  const leaf = makeCert({
    subject: { O: 'ProfileMut', CN: 'leaf' },
    issuer: ica,
    key,
    noKeyIds: true,
    extensions: [
      { oid: '2.5.29.14', critical: which === 'ski', value: octets(keyIdOf(key.spki)) },
      { oid: '2.5.29.35', critical: which === 'aki', value: seq(tlv(0x80, keyIdOf(ica.key.spki))) },
    ],
  });
  return { ...base, leaf };
}

const nameConstraints = (critical = true) => ({ oid: '2.5.29.30', critical, value: seq(ctx(1, seq(ia5('example.com', 0x82)))) });

/** A root with its own key identifiers: SKI, and `aki` as its AKI value. */
function rootWithKeyIds(aki: (ski: Uint8Array) => Uint8Array): Partial<CertSpec> {
  const key = makeKey('p256');
  const ski = keyIdOf(key.spki);
  return {
    key,
    noKeyIds: true,
    extensions: [
      { oid: '2.5.29.14', value: octets(ski) },
      { oid: '2.5.29.35', value: aki(ski) },
    ],
  };
}

type Case = [rule: string, build: () => Setup, reason: string, words: string];

describe('every profile refusal says which rule, for any purpose', () => {
  it.each<Case>([
    [
      'a critical authorityKeyIdentifier',
      () => criticalKeyId('aki'),
      'aki-critical',
      'its authorityKeyIdentifier is marked critical (RFC 5280 §4.2.1.1)',
    ],
    [
      'a critical subjectKeyIdentifier',
      () => criticalKeyId('ski'),
      'ski-critical',
      'its subjectKeyIdentifier is marked critical (RFC 5280 §4.2.1.2)',
    ],
    [
      'keyCertSign in a leaf that is not a CA',
      () => chainWith({ keyUsage: ['digitalSignature', 'keyCertSign'] }),
      'key-cert-sign-not-ca',
      'its keyUsage asserts keyCertSign but basicConstraints cA is not set (RFC 5280 §4.2.1.3)',
    ],
    [
      'a non-critical nameConstraints',
      () => chainWith({}, { extensions: [nameConstraints(false)] }),
      'name-constraints-not-critical',
      'its nameConstraints extension is not critical (RFC 5280 §4.2.1.10)',
    ],
    [
      'nameConstraints in a leaf',
      () => chainWith({ extensions: [nameConstraints()] }),
      'name-constraints-not-ca',
      'nameConstraints may appear only in CA certificates (RFC 5280 §4.2.1.10)',
    ],
    [
      'a non-critical policyConstraints',
      () => chainWith({}, { extensions: [{ oid: '2.5.29.36', value: seq(tlv(0x80, new Uint8Array([0]))) }] }),
      'policy-constraints-not-critical',
      'its policyConstraints extension is not critical (RFC 5280 §4.2.1.11)',
    ],
    ['a zero serial number', () => chainWith({ serial: 0 }), 'serial-invalid', 'its serial number is zero (RFC 5280 §4.1.2.2)'],
    [
      'a CA leaf with an empty subject',
      () => chainWith({ subject: seq(), ca: true, keyUsage: ['keyCertSign', 'digitalSignature'], eku: [EKU.clientAuth] }),
      'ca-subject-empty',
      'a CA certificate must have a non-empty subject (RFC 5280 §4.1.2.6)',
    ],
    [
      'an intermediate with an empty subject',
      () => {
        const anchor = makeCert({ subject: { O: 'ProfileMut', CN: 'Root' }, ca: true });
        const ica = makeCert({ subject: seq(), issuer: anchor, ca: true });
        const leaf = makeCert({ subject: { O: 'ProfileMut', CN: 'leaf' }, issuer: ica });
        return { anchor, leaf, chain: [ica] };
      },
      'ca-subject-empty',
      'a CA certificate must have a non-empty subject (RFC 5280 §4.1.2.6)',
    ],
    [
      'an intermediate with an empty subject, even without basicConstraints',
      () => {
        const anchor = makeCert({ subject: { O: 'ProfileMut', CN: 'Root' }, ca: true });
        const ica = makeCert({ subject: seq(), issuer: anchor, keyUsage: null, eku: null });
        const leaf = makeCert({ subject: { O: 'ProfileMut', CN: 'leaf' }, issuer: ica });
        return { anchor, leaf, chain: [ica] };
      },
      'ca-subject-empty',
      'a CA certificate must have a non-empty subject (RFC 5280 §4.1.2.6)',
    ],
    [
      'an empty subject without subjectAltName',
      () => chainWith({ subject: seq() }),
      'subject-empty-without-san',
      'its subject is empty and it has no subjectAltName (RFC 5280 §4.1.2.6)',
    ],
    [
      'an empty subject with a non-critical subjectAltName',
      () => chainWith({ subject: seq(), san: { email: ['alice@example.com'] } }),
      'san-not-critical-subject-empty',
      'its subject is empty but its subjectAltName is not critical (RFC 5280 §4.2.1.6)',
    ],
    [
      'a CA certificate as the client',
      () => chainWith({ ca: true, keyUsage: ['keyCertSign', 'digitalSignature'], eku: [EKU.clientAuth] }),
      'leaf-is-ca',
      'it is a CA certificate (basicConstraints cA) presented as an end-entity certificate',
    ],
  ])('%s', async (_rule, build, reason, words) => {
    const result = await outcome(build());
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason });
    expect((result as { message: string }).message).toContain(`is refused: ${words}`);
  });
});

describe('dNSName and rfc822Name in subjectAltName', () => {
  const label63 = 'a'.repeat(63);
  // 253 characters: three labels of 63, one of 61, and the dots.
  const name253 = [label63, label63, label63, 'b'.repeat(61)].join('.');
  const dnsInvalid = { code: CHAIN_INVALID, reason: 'san-dns-name-invalid' };
  const emailInvalid = { code: CHAIN_INVALID, reason: 'san-email-invalid' };

  it.each<[string, string, Outcome | { code: string; reason: string }]>([
    ['a name of 253 characters', name253, 'accepted'],
    ['a name of 254 characters', `${name253}b`, dnsInvalid],
    ['a label of 63 characters', `${label63}.example`, 'accepted'],
    ['a label of 64 characters', `a${label63}.example`, dnsInvalid],
    ['an empty name', '', dnsInvalid],
    ['a label starting with a hyphen', '-a.example', dnsInvalid],
    ['a label ending with a hyphen', 'a-.example', dnsInvalid],
    ['a hyphen inside a label', 'a-b.example', 'accepted'],
    ['an empty label', 'a..example', dnsInvalid],
    ['an IPv4 address', '192.0.2.1', dnsInvalid],
    ['four numeric labels and one more', '192.0.2.1.example', 'accepted'],
    ['a name that ends in four numeric labels', 'host.192.0.2.1', 'accepted'],
    ['a wildcard in the leaf', '*.example.com', 'accepted'],
    ['a wildcard not as the whole first label', 'a*.example.com', dnsInvalid],
    ['a wildcard alone', '*.', dnsInvalid],
  ])('dNSName: %s', async (_name, dns, expected) => {
    const result = await outcome(chainWith({ san: { dns: [dns] } }));
    if (expected === 'accepted') expect(result).toBe('accepted');
    else expect(result).toMatchObject(expected);
  });

  it('a wildcard dNSName in an intermediate is refused', async () => {
    expect(await outcome(chainWith({}, { san: { dns: ['*.example.com'] } }))).toMatchObject(dnsInvalid);
  });

  it('the dNSName refusals quote the name and say why', async () => {
    const message = async (dns: string) => ((await outcome(chainWith({ san: { dns: [dns] } }))) as { message: string }).message;
    expect(await message(`${name253}b`)).toContain(`is refused: its dNSName "${name253}b" has an invalid length`);
    expect(await message('192.0.2.1')).toContain('is refused: its dNSName "192.0.2.1" is an IP address');
    expect(await message('-a.example')).toContain('is refused: its dNSName "-a.example" is not a valid DNS name');
    expect(await message('')).toContain('is refused: its dNSName "" has an invalid length');
  });

  it.each<[string, string, Outcome | { code: string; reason: string }]>([
    ['a mailbox', 'alice@example.com', 'accepted'],
    ['a one-letter local part', 'a@example.com', 'accepted'],
    ['no local part', '@example.com', emailInvalid],
    ['two @', 'alice@bob@example.com', emailInvalid],
    ['no @', 'alice.example.com', emailInvalid],
    ['a host that is not a DNS name', 'alice@-bad.example', emailInvalid],
    ['a host that is a wildcard', 'alice@*.example.com', emailInvalid],
  ])('rfc822Name: %s', async (_name, email, expected) => {
    const result = await outcome(chainWith({ san: { email: [email] } }));
    if (expected === 'accepted') expect(result).toBe('accepted');
    else expect(result).toMatchObject(expected);
  });

  it('the rfc822Name refusal quotes the name', async () => {
    const result = await outcome(chainWith({ san: { email: ['nobody'] } }));
    expect((result as { message: string }).message).toContain('is refused: its rfc822Name "nobody" is not a valid mailbox');
  });

  it('the anchor is held to none of the rules for issued certificates (serial, names)', async () => {
    expect(await outcome(chainWith({}, {}, { serial: 0, san: { dns: ['-bad-.example'] } }))).toBe('accepted');
  });

  it('with requiredEku null no profile rule applies', async () => {
    expect(await outcome(chainWith({ san: { dns: ['-bad-.example'] }, serial: 0 }, {}, {}, { requiredEku: null }))).toBe('accepted');
  });
});

describe('the Web PKI profile (serverAuth) says which rule', () => {
  it.each<Case>([
    ['a v1 leaf', () => server({ version: 1 }), 'version-not-v3', 'it is an X.509 v1 certificate; v3 is required'],
    [
      'a leaf without AKI',
      () => server({ noKeyIds: true }),
      'aki-missing',
      'it has no authorityKeyIdentifier keyIdentifier (RFC 5280 §4.2.1.1)',
    ],
    [
      'an intermediate without SKI',
      () => {
        const base = server();
        const ica = makeCert({
          subject: { O: 'ProfileMut', CN: 'ICA' },
          issuer: base.anchor,
          ca: true,
          noKeyIds: true,
          extensions: [{ oid: '2.5.29.35', value: seq(tlv(0x80, keyIdOf(base.anchor.key.spki))) }],
        });
        const leaf = makeCert({ subject: { CN: 'svc' }, issuer: ica, eku: [EKU.serverAuth], san: { dns: ['svc.example'] } });
        return { ...base, leaf, chain: [ica] };
      },
      'ski-missing',
      'as a CA it must carry a subjectKeyIdentifier (RFC 5280 §4.2.1.2)',
    ],
    [
      'a root whose basicConstraints is not critical',
      () =>
        server({}, {}, { ca: undefined, keyUsage: ['keyCertSign', 'cRLSign'], extensions: [{ oid: '2.5.29.19', value: seq(bool(true)) }] }),
      'basic-constraints-not-critical',
      'as a CA its basicConstraints must be critical (RFC 5280 §4.2.1.9)',
    ],
    [
      'a root AKI without keyIdentifier',
      () =>
        server(
          {},
          {},
          rootWithKeyIds(() => seq(ctx(1, ctx(4, seq())), tlv(0x82, new Uint8Array([1])))),
        ),
      'aki-missing',
      'its authorityKeyIdentifier lacks keyIdentifier (RFC 5280 §4.2.1.1)',
    ],
    [
      'a root AKI with issuer and serial',
      () =>
        server(
          {},
          {},
          rootWithKeyIds((ski) => seq(tlv(0x80, ski), ctx(1, ctx(4, seq())), tlv(0x82, new Uint8Array([1])))),
        ),
      'root-aki-not-key-id-only',
      'as a self-signed root its authorityKeyIdentifier must hold only keyIdentifier',
    ],
    [
      'a root AKI with a serial alone beside the keyIdentifier',
      () =>
        server(
          {},
          {},
          rootWithKeyIds((ski) => seq(tlv(0x80, ski), tlv(0x82, new Uint8Array([1])))),
        ),
      'root-aki-not-key-id-only',
      'as a self-signed root its authorityKeyIdentifier must hold only keyIdentifier',
    ],
    [
      'a root AKI that is not its own SKI',
      () =>
        server(
          {},
          {},
          rootWithKeyIds(() => seq(tlv(0x80, new Uint8Array(20).fill(9)))),
        ),
      'root-aki-ski-mismatch',
      'its authorityKeyIdentifier does not match its own subjectKeyIdentifier',
    ],
    [
      'a root without SKI',
      () => server({}, {}, { noKeyIds: true }),
      'ski-missing',
      'as a CA it must carry a subjectKeyIdentifier (RFC 5280 §4.2.1.2)',
    ],
    [
      'a cross-signed anchor without AKI',
      () => {
        const key = makeKey('p256');
        const other = makeCert({ subject: { CN: 'Other Root CA' }, ca: true });
        return server({}, {}, { issuer: other, key, noKeyIds: true, extensions: [{ oid: '2.5.29.14', value: octets(keyIdOf(key.spki)) }] });
      },
      'aki-missing',
      'it has no authorityKeyIdentifier keyIdentifier (RFC 5280 §4.2.1.1)',
    ],
    [
      'a root with extKeyUsage',
      () => server({}, {}, { eku: [EKU.serverAuth] }),
      'root-eku-present',
      'a root CA must not carry extKeyUsage (CA/B Forum BR 7.1.2.1)',
    ],
    [
      'a critical subjectAltName beside a subject',
      () => server({ san: undefined, extensions: [{ oid: '2.5.29.17', critical: true, value: sanValue({ dns: ['svc.example'] }) }] }),
      'san-critical-with-subject',
      'its subjectAltName is critical although its subject is not empty (CA/B Forum BR 7.1.2.7.12)',
    ],
    [
      'a leaf without extKeyUsage',
      () => server({ eku: null }),
      'eku-missing',
      'it has no extKeyUsage, which a TLS server certificate must carry (CA/B Forum BR 7.1.2.7.6)',
    ],
    [
      'a critical extKeyUsage',
      () => server({ eku: null, extensions: [{ oid: '2.5.29.37', critical: true, value: seq(oid(EKU.serverAuth)) }] }),
      'eku-critical',
      'its extKeyUsage is critical (CA/B Forum BR 7.1.2.7.10)',
    ],
    [
      'anyExtendedKeyUsage in the leaf',
      () => server({ eku: [EKU.serverAuth, EKU.any] }),
      'eku-any-present',
      'its extKeyUsage includes anyExtendedKeyUsage (CA/B Forum BR 7.1.2.7.10)',
    ],
    [
      'an anchor with an empty subject',
      () => {
        const anchor = makeCert({ subject: seq(), ca: true });
        const ica = makeCert({ subject: { O: 'ProfileMut', CN: 'ICA' }, issuer: anchor, ca: true });
        const leaf = makeCert({ subject: { CN: 'svc' }, issuer: ica, eku: [EKU.serverAuth], san: { dns: ['svc.example'] } });
        return { anchor, leaf, chain: [ica], options: SERVER };
      },
      'ca-subject-empty',
      'a CA certificate must have a non-empty subject (RFC 5280 §4.1.2.6)',
    ],
  ])('%s', async (_rule, build, reason, words) => {
    const result = await outcome(build());
    expect(result).toMatchObject({ code: CHAIN_INVALID, reason });
    expect((result as { message: string }).message).toContain(`is refused: ${words}`);
  });

  it('a v1 anchor is exempt from the anchor rules', async () => {
    const anchor = makeCert({ subject: { O: 'ProfileMut', CN: 'V1 Root' }, version: 1 });
    const ica = makeCert({ subject: { O: 'ProfileMut', CN: 'ICA' }, issuer: anchor, ca: true });
    const leaf = makeCert({ subject: { CN: 'svc' }, issuer: ica, eku: [EKU.serverAuth], san: { dns: ['svc.example'] } });
    expect(await outcome({ anchor, leaf, chain: [ica], options: SERVER })).toBe('accepted');
  });

  it('the leaf rules are for the leaf: an intermediate without extKeyUsage and with a critical subjectAltName passes', async () => {
    expect(
      await outcome(server({}, { extensions: [{ oid: '2.5.29.17', critical: true, value: sanValue({ dns: ['ica.example'] }) }] })),
    ).toBe('accepted');
  });

  it('a cross-signed anchor carries the AKI of its issuer, not of itself', async () => {
    const key = makeKey('p256');
    const other = makeCert({ subject: { CN: 'Other Root CA' }, ca: true });
    expect(await outcome(server({}, {}, { issuer: other, key }))).toBe('accepted');
  });

  it('a self-signed root without AKI passes (only one that has an AKI must hold its own key identifier)', async () => {
    const key = makeKey('p256');
    expect(
      await outcome(server({}, {}, { key, noKeyIds: true, extensions: [{ oid: '2.5.29.14', value: octets(keyIdOf(key.spki)) }] })),
    ).toBe('accepted');
  });

  it('a leaf need not carry a subjectKeyIdentifier', async () => {
    const base = server();
    const ica = base.chain[0];
    const leaf = makeCert({
      subject: { CN: 'svc' },
      issuer: ica,
      eku: [EKU.serverAuth],
      san: { dns: ['svc.example'] },
      noKeyIds: true,
      extensions: [{ oid: '2.5.29.35', value: seq(tlv(0x80, keyIdOf(ica.key.spki))) }],
    });
    expect(await outcome({ ...base, leaf })).toBe('accepted');
  });

  it('a leaf with an empty subject and a critical subjectAltName passes', async () => {
    expect(
      await outcome(
        server({
          subject: seq(),
          san: undefined,
          extensions: [{ oid: '2.5.29.17', critical: true, value: sanValue({ dns: ['svc.example'] }) }],
        }),
      ),
    ).toBe('accepted');
  });
});

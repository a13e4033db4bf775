// More rules of src/verify/revocation.ts, each found unpinned by a mutation run: how distribution
// point names of every form compare, which CRL explains an unknown status, and the scope of a delta
// CRL. Each case asserts the exact code and reason through createVerifier.
import { createVerifier } from '../src/index';
import { DAY, NOW, makeCert, makeCrl, name, type CrlSpec, type TestCert } from './helpers/pki';
import { concat, ctx, ia5, integer, oid, seq, tlv, utf8 } from './helpers/der';
import { verdictOf } from './helpers/refusal';

const root = makeCert({ subject: { O: 'RevMore', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'RevMore', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const rootCrl = makeCrl({ issuer: root }).pem;

const OK = 'ACCEPTED';
const REVOKED = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' };
const MISSING = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-missing' };
const STALE = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-stale' };

function verify(leaf: TestCert, crls: string[]) {
  return verdictOf(
    createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [rootCrl, ...crls] }).verify({
      certificate: leaf.pem,
      chain: [ica.pem],
    }),
  );
}

/** GeneralNames as a DistributionPointName fullName [0]. */
const fullName = (...names: Uint8Array[]) => ctx(0, concat(names));
const uri = (u: string) => ia5(u, 0x86);
const dns = (d: string) => ia5(d, 0x82);
const ip = (...bytes: number[]) => tlv(0x87, Uint8Array.from(bytes));
const otherName = (typeOid: string, value: string) => tlv(0xa0, concat([oid(typeOid), ctx(0, utf8(value))]));
/** A cRLDistributionPoints extension with one DistributionPoint named `name`. */
const crldp = (name: Uint8Array) => ({ oid: '2.5.29.31', value: seq(seq(ctx(0, name))) });
/** An issuingDistributionPoint extension (critical, as RFC 5280 requires). */
const idp = (...parts: Uint8Array[]) => ({ oid: '2.5.29.28', critical: true, value: seq(...parts) });
const idpNamed = (name: Uint8Array) => idp(ctx(0, name));
/** onlySomeReasons [3]: keyCompromise and cACompromise only. */
const someReasons = tlv(0x83, Uint8Array.of(0x05, 0x60));

const leafWith = (extensions: { oid: string; value: Uint8Array }[] = []) =>
  makeCert({ subject: { O: 'RevMore', CN: 'leaf' }, issuer: ica, serial: 7, extensions });
const icaCrl = (spec: Partial<CrlSpec> = {}) => makeCrl({ issuer: ica, ...spec }).pem;

describe('distribution point names of every form', () => {
  it.each([
    ['the same IP address', ip(192, 0, 2, 1), ip(192, 0, 2, 1), OK],
    ['another IP address', ip(192, 0, 2, 1), ip(192, 0, 2, 2), MISSING],
    ['an IP address against a URI', ip(192, 0, 2, 1), uri('http://192.0.2.1/'), MISSING],
    ['the same otherName', otherName('1.3.6.1.4.1.55555.1', 'dp'), otherName('1.3.6.1.4.1.55555.1', 'dp'), OK],
    ['another otherName value', otherName('1.3.6.1.4.1.55555.1', 'dp'), otherName('1.3.6.1.4.1.55555.1', 'dq'), MISSING],
    ['an otherName against a URI', otherName('1.3.6.1.4.1.55555.1', 'dp'), uri('dp'), MISSING],
    ['the same DNS name', dns('crl.example'), dns('crl.example'), OK],
    ['a DNS name against a URI with the same text', dns('crl.example'), uri('crl.example'), MISSING],
  ])('%s', async (_name, idpName, dpName, expected) => {
    const leaf = leafWith([crldp(fullName(dpName))]);
    expect(await verify(leaf, [icaCrl({ extensions: [idpNamed(fullName(idpName))] })])).toEqual(expected);
  });
});

describe('only a CRL that would add coverage explains an unknown status', () => {
  // A current CRL for two reasons leaves the status unknown; a second CRL for the same reasons adds nothing.
  const partial = (spec: Partial<CrlSpec> = {}) => icaCrl({ extensions: [idp(someReasons)], ...spec });
  const stale = { thisUpdate: new Date(NOW.getTime() - 9 * DAY), nextUpdate: new Date(NOW.getTime() - DAY), crlNumber: 2 };

  it('a stale CRL for reasons already covered does not become the reason', async () => {
    expect(await verify(leafWith(), [partial(), partial(stale)])).toEqual(MISSING);
  });

  it('a stale CRL for the reasons still missing does', async () => {
    expect(await verify(leafWith(), [partial(), icaCrl(stale)])).toEqual(STALE);
  });
});

describe('a delta CRL serves only the scope it declares', () => {
  const deltaOf = (base: number) => ({ oid: '2.5.29.27', critical: true, value: integer(base) });
  const revoking = { revoked: [{ serial: 7, reason: 1 }] };

  it('a delta for CA certificates only does not revoke a leaf', async () => {
    const caOnlyDelta = icaCrl({ crlNumber: 11, ...revoking, extensions: [deltaOf(10), idp(tlv(0x82, Uint8Array.of(0xff)))] });
    expect(await verify(leafWith(), [icaCrl({ crlNumber: 10 }), caOnlyDelta])).toBe(OK);
  });

  it('the same delta without that restriction revokes it', async () => {
    const delta = icaCrl({ crlNumber: 11, ...revoking, extensions: [deltaOf(10)] });
    expect(await verify(leafWith(), [icaCrl({ crlNumber: 10 }), delta])).toEqual(REVOKED);
  });
});

describe('what an unknown status says', () => {
  async function messageOf(leaf: TestCert, crls: string[], now = NOW): Promise<string> {
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => now, crls: [rootCrl, ...crls] });
    const err = await verifier.verify({ certificate: leaf.pem, chain: [ica.pem] }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    if (!err) throw new Error('accepted');
    return err.message;
  }

  it('an unusable CRL is named as its issuer’s, with what makes it unusable', async () => {
    const noNumber = icaCrl({ crlNumber: null });
    expect(await verify(leafWith(), [noNumber])).toEqual({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-unusable' });
    expect(await messageOf(leafWith(), [noNumber])).toMatch(
      /is unknown: the CRL from its issuer is unusable: it has no CRL number \(RFC 5280 §5\.2\.3\)$/,
    );
  });

  it('a CRL past its nextUpdate is stale even when its thisUpdate is exactly now', async () => {
    // nextUpdate before thisUpdate: out of date, not "not yet valid".
    const backwards = icaCrl({ thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() - DAY) });
    expect(await verify(leafWith(), [backwards])).toEqual(STALE);
  });
});

describe('distribution points with several names or a cRLIssuer', () => {
  const dn = (attrs: Record<string, string>) => ctx(4, name(attrs));
  const icaDn = dn({ O: 'RevMore', CN: 'ICA' });
  const otherDn = dn({ O: 'RevMore', CN: 'Other' });
  const dp = (parts: { name?: Uint8Array; crlIssuer?: Uint8Array[] }) => ({
    oid: '2.5.29.31',
    value: seq(seq(...(parts.name ? [ctx(0, parts.name)] : []), ...(parts.crlIssuer ? [ctx(2, concat(parts.crlIssuer))] : []))),
  });
  const named = icaCrl({ extensions: [idpNamed(fullName(uri('http://crl.example/a')))] });

  it('a certificate distribution point with several names is served when any one matches', async () => {
    const leaf = leafWith([dp({ name: fullName(uri('http://crl.example/b'), uri('http://crl.example/a')) })]);
    expect(await verify(leaf, [named])).toBe(OK);
  });

  it('a direct CRL serves a distribution point whose cRLIssuer list names its issuer among others', async () => {
    const leaf = leafWith([dp({ name: fullName(uri('http://crl.example/a')), crlIssuer: [otherDn, icaDn] })]);
    expect(await verify(leaf, [named])).toBe(OK);
  });

  it('a distribution point with only a cRLIssuer is matched by that name', async () => {
    const leaf = leafWith([dp({ crlIssuer: [icaDn] })]);
    expect(await verify(leaf, [icaCrl({ extensions: [idpNamed(fullName(icaDn))] })])).toBe(OK);
    expect(await verify(leaf, [icaCrl({ extensions: [idpNamed(fullName(otherDn))] })])).toEqual(MISSING);
  });
});

describe('a CRL that adds nothing does not explain an unknown status', () => {
  const partial = (spec: Partial<CrlSpec> = {}) => icaCrl({ ...spec, extensions: [idp(someReasons), ...(spec.extensions ?? [])] });

  it('an unusable one for reasons already covered', async () => {
    expect(
      await verify(leafWith(), [
        partial(),
        partial({ crlNumber: 2, extensions: [{ oid: '1.3.6.1.4.1.55555.97', critical: true, value: integer(1) }] }),
      ]),
    ).toEqual(MISSING);
  });

  it('a forged one for reasons already covered', async () => {
    const forged = makeCrl({
      issuer: { ...ica, key: { ...root.key, spki: ica.key.spki } },
      crlNumber: 2,
      extensions: [idp(someReasons)],
    }).pem;
    expect(await verify(leafWith(), [partial(), forged])).toEqual(MISSING);
    expect(await verify(leafWith(), [forged])).toEqual({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-signer-invalid' });
  });
});

describe('what a revocation says', () => {
  it('a current CRL that lists the certificate says so and nothing more', async () => {
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [rootCrl, icaCrl({ revoked: [{ serial: 7 }] })] });
    const err = await verifier.verify({ certificate: leafWith().pem, chain: [ica.pem] }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/^Certificate .*CN=leaf.* is revoked$/);
  });
});

describe('an indirect CRL', () => {
  const crlSigner = makeCert({ subject: { O: 'RevMore', CN: 'CRL Issuer' }, issuer: root, ca: true, keyUsage: ['cRLSign'] });
  const indirect = makeCrl({ issuer: crlSigner, extensions: [idp(tlv(0x84, Uint8Array.of(0xff)))] }).pem;

  it('serves a distribution point whose cRLIssuer list names it among others', async () => {
    const names = concat([ctx(4, name({ O: 'RevMore', CN: 'Other' })), ctx(4, name({ O: 'RevMore', CN: 'CRL Issuer' }))]);
    const leaf = leafWith([{ oid: '2.5.29.31', value: seq(seq(ctx(0, fullName(uri('http://crl.example/a'))), ctx(2, names))) }]);
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [rootCrl, indirect] });
    expect(await verdictOf(verifier.verify({ certificate: leaf.pem, chain: [ica.pem, crlSigner.pem] }))).toBe(OK);
  });
});

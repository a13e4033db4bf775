// Which CRL covers which certificate (src/verify/revocation.ts: scope, entryFor, fullNames):
// issuingDistributionPoint flags and names against the certificate's cRLDistributionPoints,
// names relative to the CRL issuer, partial reason coverage, and indirect CRLs with their
// certificateIssuer entries. Each case asserts the exact code and reason.
import { createVerifier } from '../src/index';
import { NOW, makeCert, type CertSpec, type TestCert } from './helpers/pki';
import { bitString, ctx, integer, oid, seq, tlv } from './helpers/der';
import { verdictOf } from './helpers/refusal';
import { type Entry, crl, dnName, ext, fullName, relativeName, uriName } from './helpers/crl-scope';

const root = makeCert({ subject: { O: 'Scope', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'Scope', CN: 'ICA' }, issuer: root, ca: true });
const crlIssuer = makeCert({ subject: { O: 'Scope', CN: 'CRL Issuer' }, issuer: root, ca: true, keyUsage: ['cRLSign'] });

/** A cRLDistributionPoints extension with one DistributionPoint. */
function crldp(dp: { name?: Uint8Array; reasons?: Uint8Array; crlIssuer?: Uint8Array[] }) {
  const parts: Uint8Array[] = [];
  if (dp.name) parts.push(ctx(0, dp.name));
  if (dp.reasons) parts.push(tlv(0x81, dp.reasons.subarray(2)));
  if (dp.crlIssuer) parts.push(ctx(2, Uint8Array.from(dp.crlIssuer.flatMap((n) => [...n]))));
  return { oid: '2.5.29.31', value: seq(seq(...parts)) };
}
/** An issuingDistributionPoint value. */
function idpValue(p: {
  name?: Uint8Array;
  userOnly?: boolean;
  caOnly?: boolean;
  reasons?: Uint8Array;
  indirect?: boolean;
  attrOnly?: boolean;
}) {
  const parts: Uint8Array[] = [];
  if (p.name) parts.push(ctx(0, p.name));
  if (p.userOnly) parts.push(tlv(0x81, Uint8Array.of(0xff)));
  if (p.caOnly) parts.push(tlv(0x82, Uint8Array.of(0xff)));
  if (p.reasons) parts.push(tlv(0x83, p.reasons.subarray(2)));
  if (p.indirect) parts.push(tlv(0x84, Uint8Array.of(0xff)));
  if (p.attrOnly) parts.push(tlv(0x85, Uint8Array.of(0xff)));
  return seq(...parts);
}
/** ReasonFlags for reason bits (1 keyCompromise … 8 aACompromise) as a DER BIT STRING. */
function reasonFlags(bits: number[]): Uint8Array {
  let v = 0;
  for (const b of bits) v |= 1 << (15 - b);
  return bitString(Uint8Array.of(v >> 8, v & 0xff));
}

const rootCrl = crl({ issuer: root });
const URL_A = 'http://crl.example/a.crl';
const URL_B = 'http://crl.example/b.crl';

function leafWith(spec: Partial<CertSpec> = {}, issuer = ica): TestCert {
  return makeCert({ subject: { O: 'Scope', CN: 'leaf' }, issuer, serial: 7, ...spec });
}

function verify(leaf: TestCert, crls: string[], chain: TestCert[] = [ica]) {
  return verdictOf(
    createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [rootCrl, ...crls] }).verify({
      certificate: leaf.pem,
      chain: chain.map((c) => c.pem),
    }),
  );
}

const OK = 'ACCEPTED';
const REVOKED = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' };
const MISSING = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-missing' };

describe('issuingDistributionPoint flags', () => {
  it.each([
    ['onlyContainsUserCerts covers a leaf', { userOnly: true }, OK],
    ['onlyContainsCACerts does not cover a leaf', { caOnly: true }, MISSING],
    ['onlyContainsAttributeCerts covers no certificate', { attrOnly: true }, MISSING],
  ])('%s', async (_name, flags, expected) => {
    expect(await verify(leafWith(), [crl({ issuer: ica, idp: idpValue(flags) })])).toEqual(expected);
  });

  it('onlyContainsUserCerts does not cover a CA, onlyContainsCACerts does', async () => {
    const icaCrl = crl({ issuer: ica });
    const verifier = (rootIdp: Uint8Array) =>
      verdictOf(
        createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [crl({ issuer: root, idp: rootIdp }), icaCrl] }).verify({
          certificate: leafWith().pem,
          chain: [ica.pem],
        }),
      );
    expect(await verifier(idpValue({ userOnly: true }))).toEqual(MISSING);
    expect(await verifier(idpValue({ caOnly: true }))).toBe(OK);
  });
});

describe('distribution point names', () => {
  it.each([
    ['the same URI in both', fullName(uriName(URL_A)), { name: fullName(uriName(URL_A)) }, OK],
    ['one of several URIs in common', fullName(uriName(URL_B), uriName(URL_A)), { name: fullName(uriName(URL_A)) }, OK],
    ['different URIs', fullName(uriName(URL_B)), { name: fullName(uriName(URL_A)) }, MISSING],
    ['the same directory name', fullName(dnName({ O: 'Scope', CN: 'DP' })), { name: fullName(dnName({ O: 'Scope', CN: 'DP' })) }, OK],
    [
      'different directory names',
      fullName(dnName({ O: 'Scope', CN: 'DP' })),
      { name: fullName(dnName({ O: 'Scope', CN: 'DQ' })) },
      MISSING,
    ],
    ['a URI against a directory name', fullName(uriName(URL_A)), { name: fullName(dnName({ O: 'Scope', CN: 'DP' })) }, MISSING],
    ['the same name relative to the issuer', relativeName('2.5.4.11', 'dp1'), { name: relativeName('2.5.4.11', 'dp1') }, OK],
    ['another name relative to the issuer', relativeName('2.5.4.11', 'dp1'), { name: relativeName('2.5.4.11', 'dp2') }, MISSING],
    [
      'a relative name against the full name it stands for',
      relativeName('2.5.4.11', 'dp1'),
      { name: fullName(dnName({ O: 'Scope', CN: 'ICA', OU: 'dp1' })) },
      OK,
    ],
  ])('%s', async (_name, idpName, dp, expected) => {
    const leaf = leafWith({ extensions: [crldp(dp)] });
    expect(await verify(leaf, [crl({ issuer: ica, idp: idpValue({ name: idpName }) })])).toEqual(expected);
  });

  it('a CRL with a distribution point name does not cover a certificate without distribution points', async () => {
    expect(await verify(leafWith(), [crl({ issuer: ica, idp: idpValue({ name: fullName(uriName(URL_A)) }) })])).toEqual(MISSING);
  });

  it('a CRL without a distribution point name covers any certificate of its issuer', async () => {
    expect(await verify(leafWith({ extensions: [crldp({ name: fullName(uriName(URL_A)) })] }), [crl({ issuer: ica })])).toBe(OK);
  });
});

describe('reasons', () => {
  const ALL = [1, 2, 3, 4, 5, 6, 7, 8];
  it('a CRL for some reasons alone leaves the status unknown; two that together cover all reasons decide it', async () => {
    const some = crl({ issuer: ica, idp: idpValue({ reasons: reasonFlags([1, 2]) }), crlNumber: 1 });
    const rest = crl({ issuer: ica, idp: idpValue({ reasons: reasonFlags(ALL.filter((r) => r > 2)) }), crlNumber: 2 });
    expect(await verify(leafWith(), [some])).toEqual(MISSING);
    expect(await verify(leafWith(), [some, rest])).toBe(OK);
  });

  it("the distribution point's reasons limit what a CRL covers too", async () => {
    const leaf = leafWith({ extensions: [crldp({ name: fullName(uriName(URL_A)), reasons: reasonFlags([1]) })] });
    expect(await verify(leaf, [crl({ issuer: ica, idp: idpValue({ name: fullName(uriName(URL_A)) }) })])).toEqual(MISSING);
  });
});

describe('indirect CRLs', () => {
  const crlIssuerDn = dnName({ O: 'Scope', CN: 'CRL Issuer' });
  const icaDn = dnName({ O: 'Scope', CN: 'ICA' });
  const certificateIssuer = (gn: Uint8Array) => ext('2.5.29.29', seq(gn), true);
  const indirect = (entries: Entry[] = []) => crl({ issuer: crlIssuer, idp: idpValue({ indirect: true }), entries });
  const viaCrlIssuer = leafWith({ extensions: [crldp({ name: fullName(uriName(URL_A)), crlIssuer: [crlIssuerDn] })] });

  it('covers a certificate whose distribution point names its issuer as cRLIssuer', async () => {
    expect(await verify(viaCrlIssuer, [crl({ issuer: ica }), indirect()], [ica, crlIssuer])).toBe(OK);
  });

  it('revokes through an entry whose certificateIssuer is the certificate issuer', async () => {
    const entries = [{ serial: 7, extensions: [certificateIssuer(icaDn)] }];
    expect(await verify(viaCrlIssuer, [crl({ issuer: ica }), indirect(entries)], [ica, crlIssuer])).toEqual(REVOKED);
  });

  it('an entry for the same serial of another issuer is not this certificate', async () => {
    const entries = [{ serial: 7, extensions: [certificateIssuer(dnName({ O: 'Scope', CN: 'Other CA' }))] }];
    expect(await verify(viaCrlIssuer, [crl({ issuer: ica }), indirect(entries)], [ica, crlIssuer])).toBe(OK);
    // Without certificateIssuer an entry is the CRL issuer's own certificate.
    expect(await verify(viaCrlIssuer, [crl({ issuer: ica }), indirect([{ serial: 7 }])], [ica, crlIssuer])).toBe(OK);
  });

  it('is the only CRL in scope when the distribution point names it as cRLIssuer', async () => {
    // The certificate's only DP names the CRL issuer: the indirect CRL alone covers it.
    expect(await verify(viaCrlIssuer, [indirect()], [ica, crlIssuer])).toBe(OK);
  });

  it('does not cover a certificate whose distribution point names no cRLIssuer', async () => {
    const plain = leafWith({ extensions: [crldp({ name: fullName(uriName(URL_A)) })] });
    expect(await verify(plain, [indirect()], [ica, crlIssuer])).toEqual(MISSING);
  });

  it('does not cover a certificate without distribution points', async () => {
    expect(await verify(leafWith(), [indirect()], [ica, crlIssuer])).toEqual(MISSING);
  });

  it('a direct CRL does not serve a distribution point that names another cRLIssuer, when it has a name', async () => {
    const leaf = leafWith({ extensions: [crldp({ name: fullName(uriName(URL_A)), crlIssuer: [crlIssuerDn] })] });
    expect(await verify(leaf, [crl({ issuer: ica, idp: idpValue({ name: fullName(uriName(URL_A)) }) })])).toEqual(MISSING);
  });
});

describe('a CRL signature algorithm the verifier cannot use', () => {
  it('RSASSA-PSS parameters that do not decode make the CRL unusable for its signer, not the request malformed', async () => {
    // Certificates' PSS parameters are decoded when they are parsed; a CRL's only when its signature is checked.
    const pss = seq(oid('1.2.840.113549.1.1.10'), seq(integer(1)));
    expect(await verify(leafWith(), [crl({ issuer: ica, alg: pss })])).toEqual({
      code: 'ERR_CLIENT_CERT_REVOKED',
      reason: 'crl-signer-invalid',
    });
  });
});

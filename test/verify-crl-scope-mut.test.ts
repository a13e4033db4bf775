// Indirect CRLs where a name list holds more than one form, left unpinned by the mutation run of
// src/verify/revocation.ts: a distribution point name relative to a cRLIssuer list whose first name
// is not a directory name, and an entry whose certificateIssuer lists several names. Each case
// asserts the exact code and reason.
import { createVerifier } from '../src/index';
import { NOW, makeCert, type CertSpec, type TestCert } from './helpers/pki';
import { ctx, seq, tlv } from './helpers/der';
import { verdictOf } from './helpers/refusal';
import { type Entry, concatNames, crl as crlOf, dnName, ext, fullName, relativeName, uriName } from './helpers/crl-scope';

const root = makeCert({ subject: { O: 'ScopeMut', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'ScopeMut', CN: 'ICA' }, issuer: root, ca: true });
const crlIssuer = makeCert({ subject: { O: 'ScopeMut', CN: 'CRL Issuer' }, issuer: root, ca: true, keyUsage: ['cRLSign'] });

/** A v2 CRL signed by `issuer` with an optional issuingDistributionPoint and entries. */
const crl = (issuer: TestCert, idp?: Uint8Array, entries: Entry[] = []): string => crlOf({ issuer, idp, entries });

/** A cRLDistributionPoints extension with one DistributionPoint. */
function crldp(dpName: Uint8Array, crlIssuerNames: Uint8Array[]) {
  return { oid: '2.5.29.31', value: seq(seq(ctx(0, dpName), ctx(2, concatNames(crlIssuerNames)))) };
}
/** An indirect CRL's issuingDistributionPoint, with a name when given. */
const indirectIdp = (dpName?: Uint8Array) => seq(...(dpName ? [ctx(0, dpName)] : []), tlv(0x84, Uint8Array.of(0xff)));

const leafWith = (spec: Partial<CertSpec>) => makeCert({ subject: { O: 'ScopeMut', CN: 'leaf' }, issuer: ica, serial: 7, ...spec });
const rootCrl = crl(root);

function verify(leaf: TestCert, crls: string[]) {
  return verdictOf(
    createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [rootCrl, ...crls] }).verify({
      certificate: leaf.pem,
      chain: [ica.pem, crlIssuer.pem],
    }),
  );
}

const OK = 'ACCEPTED';
const REVOKED = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' };
const MISSING = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-missing' };
const crlIssuerDn = dnName({ O: 'ScopeMut', CN: 'CRL Issuer' });
const icaDn = dnName({ O: 'ScopeMut', CN: 'ICA' });

describe('a relative distribution point name is relative to the first directory name of its cRLIssuer list', () => {
  const dp1 = relativeName('2.5.4.11', 'dp1');

  it.each([
    ['the directory name alone', [crlIssuerDn]],
    ['a URI before the directory name', [uriName('http://crl.example/issuer'), crlIssuerDn]],
  ])('%s: the indirect CRL of that name and RDN covers the certificate', async (_name, names) => {
    const leaf = leafWith({ extensions: [crldp(dp1, names)] });
    expect(await verify(leaf, [crl(crlIssuer, indirectIdp(dp1))])).toBe(OK);
    expect(await verify(leaf, [crl(crlIssuer, indirectIdp(fullName(dnName({ O: 'ScopeMut', CN: 'CRL Issuer', OU: 'dp1' }))))])).toBe(OK);
  });

  it('not relative to the certificate issuer', async () => {
    const leaf = leafWith({ extensions: [crldp(dp1, [uriName('http://crl.example/issuer'), crlIssuerDn])] });
    expect(await verify(leaf, [crl(crlIssuer, indirectIdp(fullName(dnName({ O: 'ScopeMut', CN: 'ICA', OU: 'dp1' }))))])).toEqual(MISSING);
  });
});

describe('an entry whose certificateIssuer lists several names', () => {
  const certificateIssuer = (...names: Uint8Array[]) => ext('2.5.29.29', seq(...names), true);
  const leaf = leafWith({ extensions: [crldp(fullName(uriName('http://crl.example/a.crl')), [crlIssuerDn])] });
  const indirect = (names: Uint8Array[]) => crl(crlIssuer, indirectIdp(), [{ serial: 7, extensions: [certificateIssuer(...names)] }]);

  it('revokes when one of them is the certificate issuer', async () => {
    expect(await verify(leaf, [indirect([uriName('http://ca.example/'), icaDn])])).toEqual(REVOKED);
  });

  it('does not when none is', async () => {
    expect(await verify(leaf, [indirect([uriName('http://ca.example/'), dnName({ O: 'ScopeMut', CN: 'Other' })])])).toBe(OK);
  });
});

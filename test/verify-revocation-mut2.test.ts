// What the focused run of src/verify/revocation.ts left: the signature of a CRL whose signer
// inherits its DSA parameters (verified with them, uncached) must verify; a forged one is not used.
import { createVerifier } from '../src/index';
import { NOW, makeCrl, type TestCert } from './helpers/pki';
import { makeDsaFamily, makeDsaIssuedCert, resignCrlDsa } from './helpers/dsa';
import { verdictOf } from './helpers/refusal';

const family = makeDsaFamily();
const root = makeDsaIssuedCert({ subject: { O: 'DSA Rev', CN: 'Root' }, key: family.withParams, ca: true });
const ca = makeDsaIssuedCert({ subject: { O: 'DSA Rev', CN: 'CA' }, issuer: root, key: family.inherit('rev-ca'), ca: true, serial: 11 });
const leaf = makeDsaIssuedCert({ subject: { O: 'DSA Rev', CN: 'leaf' }, issuer: ca, serial: 7 });
const rootCrl = resignCrlDsa(makeCrl({ issuer: root }), root.key).pem;
/** A CRL of `ca`'s name revoking the leaf, signed by `key`. */
const revoking = (key: TestCert['key']) => resignCrlDsa(makeCrl({ issuer: ca, revoked: [{ serial: 7 }] }), key).pem;

const judge = (crls: string[]) =>
  verdictOf(
    createVerifier({ trustAnchors: root.pem, now: () => NOW, dangerouslyAllowWeakAlgorithms: true, crls }).verify({
      certificate: leaf.pem,
      chain: [ca.pem],
    }),
  );

describe('a CRL signed by a CA that inherits its DSA parameters', () => {
  it('signed by that CA: used (the leaf is revoked)', async () => {
    expect(await judge([rootCrl, revoking(ca.key)])).toEqual({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' });
  });

  it('signed by another key of the same domain: not used (never revoked by it)', async () => {
    // Looking for another signer of that name then overruns the work budget (a key without
    // parameters is priced as DSA-3072): refused, but not as revoked.
    const forged = revoking(family.inherit('rev-forger'));
    expect(await judge([rootCrl, forged])).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'budget-exhausted' });
  });
});

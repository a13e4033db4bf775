// DSA parameters a CA inherits from the DSA certificate above it (RFC 3279 §2.3.2), where
// src/verify/signature.ts, checks.ts and revocation.ts each look them up: for a certificate's
// signature (through a CA without parameters), for its CRL, and for a delta CRL. The
// keys share one domain (test/helpers/dsa.ts), which node:crypto alone cannot make. DSA is weak:
// every case allows weak algorithms, and the leaf is an EC key so that a search starting at the
// wrong certificate ends at once.
import { createVerifier } from '../src/index';
import { NOW, makeCrl, makeKey, type CrlSpec, type TestCert } from './helpers/pki';
import { integer } from './helpers/der';
import { makeDsaFamily, makeDsaIssuedCert, resignCrlDsa } from './helpers/dsa';
import { verdictOf } from './helpers/refusal';

const family = makeDsaFamily();
const root = makeDsaIssuedCert({ subject: { O: 'DSA Mut', CN: 'Root' }, key: family.withParams, ca: true });
const ca1 = makeDsaIssuedCert({ subject: { O: 'DSA Mut', CN: 'CA 1' }, issuer: root, key: family.inherit('ca1'), ca: true, serial: 11 });
const ca2 = makeDsaIssuedCert({ subject: { O: 'DSA Mut', CN: 'CA 2' }, issuer: ca1, key: family.inherit('ca2'), ca: true, serial: 12 });
const leafOf = (issuer: TestCert) => makeDsaIssuedCert({ subject: { O: 'DSA Mut', CN: 'leaf' }, issuer, serial: 7 });

const rootCrl = resignCrlDsa(makeCrl({ issuer: root }), root.key).pem;
const crlOf = (issuer: TestCert, spec: Partial<CrlSpec> = {}) => resignCrlDsa(makeCrl({ issuer, ...spec }), issuer.key).pem;
const deltaOf = (base: number) => ({ oid: '2.5.29.27', critical: true, value: integer(base) });

function verify(leaf: TestCert, chain: TestCert[], crls?: string[], anchor: TestCert = root) {
  const verifier = createVerifier({
    trustAnchors: anchor.pem,
    now: () => NOW,
    dangerouslyAllowWeakAlgorithms: true,
    ...(crls ? { crls } : {}),
  });
  return verdictOf(verifier.verify({ certificate: leaf.pem, chain: chain.map((c) => c.pem) }));
}

const OK = 'ACCEPTED';
const REVOKED = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' };

describe('a CA without DSA parameters inherits those above it', () => {
  it('one CA without parameters under the root that has them', async () => {
    expect(await verify(leafOf(ca1), [ca1])).toBe(OK);
  });

  it('two CAs without parameters in one path exceed the work budget: a key without parameters is priced as DSA-3072', async () => {
    // 85 units each (keys.ts dsaCost(3072)) against 128: the lookup never needs to pass a second CA without parameters.
    expect(await verify(leafOf(ca2), [ca2, ca1])).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'budget-exhausted' });
  });

  it('the inherited parameters are those of the domain: a key of another domain does not verify', async () => {
    const stranger = makeDsaFamily();
    const foreign = makeDsaIssuedCert({ subject: { O: 'DSA Mut', CN: 'CA 1' }, issuer: root, key: stranger.inherit('ca1'), ca: true });
    expect(await verify(leafOf(foreign), [foreign])).toEqual({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'signature-invalid' });
  });
});

describe("a CRL signed by a CA that inherits its parameters (the CA's own revocation checks)", () => {
  it('a CRL without the leaf: accepted; with it: revoked', async () => {
    expect(await verify(leafOf(ca1), [ca1], [rootCrl, crlOf(ca1)])).toBe(OK);
    expect(await verify(leafOf(ca1), [ca1], [rootCrl, crlOf(ca1, { revoked: [{ serial: 7 }] })])).toEqual(REVOKED);
  });

  it('a delta CRL signed by that CA revokes too', async () => {
    const base = crlOf(ca1, { crlNumber: 10 });
    const delta = crlOf(ca1, { crlNumber: 11, revoked: [{ serial: 7 }], extensions: [deltaOf(10)] });
    expect(await verify(leafOf(ca1), [ca1], [rootCrl, base, delta])).toEqual(REVOKED);
  });

  it("a delta CRL from a separate CRL signer is verified with that signer's own key, not the inherited parameters", async () => {
    // The CA (no DSA parameters) names an EC key of its own name as CRL signer, certified by the root.
    // DSA-1024 parameters keep the root links cheap: the CA key is priced at 85 units of the 128.
    const small = makeDsaFamily(1024, 160);
    const smallRoot = makeDsaIssuedCert({ subject: { O: 'DSA Mut', CN: 'Small Root' }, key: small.withParams, ca: true });
    const ca = makeDsaIssuedCert({
      subject: { O: 'DSA Mut', CN: 'Small CA' },
      issuer: smallRoot,
      key: small.inherit('small-ca'),
      ca: true,
      serial: 21,
    });
    const signer = makeDsaIssuedCert({
      subject: { O: 'DSA Mut', CN: 'Small CA' },
      issuer: smallRoot,
      key: makeKey('p256', 'dsa-mut-crl-signer'),
      keyUsage: ['cRLSign'],
      eku: null,
      serial: 22,
    });
    const leaf = leafOf(ca);
    const smallRootCrl = resignCrlDsa(makeCrl({ issuer: smallRoot }), smallRoot.key).pem;
    const base = makeCrl({ issuer: signer, crlNumber: 10 }).pem;
    const delta = makeCrl({ issuer: signer, crlNumber: 11, revoked: [{ serial: 7 }], extensions: [deltaOf(10)] }).pem;
    // The signer comes first in the chain: tried first as the CRL's signer, it costs 3 units, not the CA's 85.
    expect(await verify(leaf, [signer, ca], [smallRootCrl, base], smallRoot)).toBe(OK);
    expect(await verify(leaf, [signer, ca], [smallRootCrl, base, delta], smallRoot)).toEqual(REVOKED);
  });
});

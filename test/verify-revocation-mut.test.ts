// What earlier mutation runs of src/verify/revocation.ts left unpinned: the verdict cache of a CRL's
// signature is kept per signer (a CRL without an authority key identifier, checked first against
// the issuer it was not signed by, then against its real signer), and a revocation names a
// certificate without a subject as "(empty subject)". Each case asserts the exact code and reason.
import { sign } from 'node:crypto';
import { createVerifier } from '../src/index';
import { NOW, makeCert, makeCrl, makeKey, toPem, type TestCert } from './helpers/pki';
import { bitString, ctx, elements, ia5, oid, seq } from './helpers/der';
import { verdictOf } from './helpers/refusal';

const root = makeCert({ subject: { O: 'RevMut2', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'RevMut2', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const rootCrl = makeCrl({ issuer: root }).pem;
const REVOKED = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' };

const AKI = oid('2.5.29.35');
const startsWith = (bytes: Uint8Array, prefix: Uint8Array) => prefix.every((b, i) => bytes[i] === b);

/** `crl` without its authorityKeyIdentifier, signed again by `issuer`'s key (ECDSA, as makeCrl signs). */
function withoutAki(crl: { der: Uint8Array }, issuer: TestCert): string {
  const fields = elements(elements(crl.der)[0]);
  const last = fields.length - 1;
  const extensions = elements(elements(fields[last])[0]).filter((e) => !startsWith(elements(e)[0], AKI));
  fields[last] = ctx(0, seq(...extensions));
  const tbs = seq(...fields);
  return toPem(seq(tbs, fields[1], bitString(new Uint8Array(sign('sha256', tbs, issuer.key.privateKey)))), 'X509 CRL');
}

describe("a CRL's signature verdict is kept per signer", () => {
  // A CRL signer of the CA's own name but with its own key, certified by the root; the CRL carries no
  // authority key identifier, so the CA itself is tried first and fails.
  const signer = makeCert({
    subject: { O: 'RevMut2', CN: 'ICA' },
    issuer: root,
    key: makeKey('p256', 'rev-mut-signer'),
    keyUsage: ['cRLSign'],
    eku: null,
    serial: 101,
  });
  const leaf = makeCert({ subject: { O: 'RevMut2', CN: 'leaf' }, issuer: ica, serial: 7 });

  it("the CA's failed check does not stand for its CRL signer's", async () => {
    const crl = withoutAki(makeCrl({ issuer: signer, revoked: [{ serial: 7 }] }), signer);
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [rootCrl, crl] });
    expect(await verdictOf(verifier.verify({ certificate: leaf.pem, chain: [ica.pem, signer.pem] }))).toEqual(REVOKED);
  });
});

it('a revoked certificate without a subject is named "(empty subject)"', async () => {
  const nameless = makeCert({
    subject: seq(),
    issuer: ica,
    serial: 9,
    extensions: [{ oid: '2.5.29.17', critical: true, value: seq(ia5('nameless@example.com', 0x81)) }],
  });
  const crl = makeCrl({ issuer: ica, revoked: [{ serial: 9 }] }).pem;
  const result = await createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [rootCrl, crl] })
    .verify({ certificate: nameless.pem, chain: [ica.pem] })
    .then(
      () => 'accepted',
      (e: { code: string; reason: string; message: string }) => ({ code: e.code, reason: e.reason, message: e.message }),
    );
  expect(result).toEqual({ ...REVOKED, message: 'Certificate (empty subject) is revoked' });
});

it('an unusable CRL from an issuer without a name is "the CRL from an issuer"', async () => {
  // RFC 5280 §6 alone (requiredEku: null): a nameless root is no profile error there.
  const nameless = makeCert({ subject: seq(), ca: true });
  const leaf = makeCert({ subject: { O: 'RevMut2', CN: 'under a nameless root' }, issuer: nameless, serial: 5 });
  const crl = makeCrl({ issuer: nameless, crlNumber: null }).pem;
  const result = await createVerifier({ trustAnchors: nameless.pem, now: () => NOW, crls: [crl], requiredEku: null })
    .verify({ certificate: leaf.pem })
    .then(
      () => 'accepted',
      (e: { code: string; reason: string; message: string }) => ({ code: e.code, reason: e.reason, message: e.message }),
    );
  expect(result).toEqual({
    code: 'ERR_CLIENT_CERT_REVOKED',
    reason: 'crl-unusable',
    message: expect.stringContaining('is unknown: the CRL from an issuer is unusable: it has no CRL number') as unknown as string,
  });
});

// The rules of src/verify/revocation.ts through createVerifier, with CRLs given in the options:
// who may sign a CRL (name, cRLSign, key identifier and, above all, the signature itself), the exact
// bounds of "current", which delta CRL is used, and what a refusal says. Each asserts code and reason.
import { createVerifier, type VerifierOptions } from '../src/index';
import { DAY, NOW, makeCert, makeCrl, makeKey, type CrlSpec } from './helpers/pki';
import { integer } from './helpers/der';
import { verdictOf } from './helpers/refusal';

const root = makeCert({ subject: { O: 'RevMut', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'RevMut', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const leaf = makeCert({ subject: { O: 'RevMut', CN: 'leaf' }, issuer: ica, serial: 7 });
const rootCrl = makeCrl({ issuer: root }).pem;
const icaCrl = (spec: Partial<CrlSpec> = {}) => makeCrl({ issuer: ica, ...spec }).pem;
const other = makeKey('p256');

function verify(crls: string[], options: Partial<VerifierOptions> = {}, now = NOW) {
  const verifier = createVerifier({ trustAnchors: root.pem, now: () => now, crls: [rootCrl, ...crls], ...options });
  return verdictOf(verifier.verify({ certificate: leaf.pem, chain: [ica.pem] }));
}

/** The refusal's message. */
async function messageOf(crls: string[], options: Partial<VerifierOptions> = {}, now = NOW): Promise<string> {
  const verifier = createVerifier({ trustAnchors: root.pem, now: () => now, crls: [rootCrl, ...crls], ...options });
  const err = await verifier.verify({ certificate: leaf.pem, chain: [ica.pem] }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!err) throw new Error('accepted');
  return err.message;
}

const OK = 'ACCEPTED';
const REVOKED = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' };
const signerInvalid = { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-signer-invalid' };
const deltaOf = (base: number) => ({ oid: '2.5.29.27', critical: true, value: integer(base) });

describe('who may sign a CRL', () => {
  it('a CRL that names the issuer and its key identifier but whose signature does not verify is refused', async () => {
    // Signed by another key, carrying the issuer's name and authority key identifier.
    const forged = makeCrl({ issuer: { ...ica, key: { ...other, spki: ica.key.spki } } }).pem;
    expect(await verify([forged])).toEqual(signerInvalid);
    expect(await messageOf([forged])).toContain('the CRL in scope is not signed by a key certified to sign CRLs for it');
  });

  it('a forged CRL cannot lift a revocation either: the genuine one beside it still revokes', async () => {
    const forged = makeCrl({ issuer: { ...ica, key: { ...other, spki: ica.key.spki } } }).pem;
    expect(await verify([forged, icaCrl({ revoked: [{ serial: 7 }] })])).toEqual(REVOKED);
  });

  it('a CRL signed by the issuer key but naming another key identifier is refused', async () => {
    const mislabelled = makeCrl({ issuer: { ...ica, key: { ...ica.key, spki: other.spki } } }).pem;
    expect(await verify([mislabelled])).toEqual(signerInvalid);
  });

  it('an issuer whose key usage lacks cRLSign cannot sign CRLs', async () => {
    const noCrlSign = makeCert({ subject: { O: 'RevMut', CN: 'ICA' }, issuer: root, ca: true, key: ica.key, keyUsage: ['keyCertSign'] });
    const l = makeCert({ subject: { O: 'RevMut', CN: 'leaf 2' }, issuer: noCrlSign, serial: 8 });
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [rootCrl, icaCrl()] });
    expect(await verdictOf(verifier.verify({ certificate: l.pem, chain: [noCrlSign.pem] }))).toEqual(signerInvalid);
  });

  it('a genuine CRL is accepted (the cases above fail for their one reason)', async () => {
    expect(await verify([icaCrl()])).toBe(OK);
  });
});

describe('a CRL is current from thisUpdate to nextUpdate, both included, to the second', () => {
  it.each([
    ['thisUpdate is now', { thisUpdate: NOW }, NOW, OK],
    ['nextUpdate is now', { nextUpdate: NOW, thisUpdate: new Date(NOW.getTime() - DAY) }, NOW, OK],
    [
      'nextUpdate is now, and now is 999 ms into that second',
      { nextUpdate: NOW, thisUpdate: new Date(NOW.getTime() - DAY) },
      new Date(NOW.getTime() + 999),
      OK,
    ],
    [
      'nextUpdate was a second ago',
      { nextUpdate: new Date(NOW.getTime() - 1000), thisUpdate: new Date(NOW.getTime() - DAY) },
      NOW,
      { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-stale' },
    ],
    [
      'thisUpdate is a second ahead',
      { thisUpdate: new Date(NOW.getTime() + 1000) },
      NOW,
      { code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-not-yet-valid' },
    ],
    ['no nextUpdate', { nextUpdate: null }, NOW, OK],
  ])('%s', async (_name, spec, now, expected) => {
    // The root's CRL must be current at `now` too.
    expect(await verify([icaCrl(spec)], {}, now)).toEqual(expected);
  });

  it('says when a stale CRL went stale, and that a stale CRL listing the certificate still revokes it', async () => {
    const stale = { nextUpdate: new Date(NOW.getTime() - DAY), thisUpdate: new Date(NOW.getTime() - 8 * DAY) };
    expect(await messageOf([icaCrl(stale)])).toContain(`went stale at ${stale.nextUpdate.toISOString()} (nextUpdate)`);
    expect(await verify([icaCrl({ ...stale, revoked: [{ serial: 7 }] })])).toEqual(REVOKED);
    expect(await messageOf([icaCrl({ ...stale, revoked: [{ serial: 7 }] })])).toContain(
      'is revoked (listed in a CRL that is no longer current)',
    );
    expect(await messageOf([icaCrl({ thisUpdate: new Date(NOW.getTime() + DAY) })])).toContain(
      'not yet valid (thisUpdate is in the future)',
    );
  });

  it('an unknown status is refused in hard mode, with why, and accepted in soft mode', async () => {
    expect(await messageOf([])).toMatch(
      /^Revocation status of certificate .*CN=leaf.* is unknown: no CRL in scope for it is configured or loaded$/,
    );
    expect(await verify([], { revocationMode: 'soft' })).toBe(OK);
    expect(await verify([icaCrl({ revoked: [{ serial: 7 }] })], { revocationMode: 'soft' })).toEqual(REVOKED);
  });
});

describe('delta CRLs', () => {
  const base = (spec: Partial<CrlSpec> = {}) => icaCrl({ crlNumber: 10, ...spec });
  const delta = (number: number, onBase: number, spec: Partial<CrlSpec> = {}) =>
    makeCrl({ issuer: ica, crlNumber: number, ...spec, extensions: [deltaOf(onBase), ...(spec.extensions ?? [])] }).pem;
  const revoking = { revoked: [{ serial: 7, reason: 1 }] };

  it('a delta built on this base or an older one revokes', async () => {
    expect(await verify([base(), delta(11, 10, revoking)])).toEqual(REVOKED);
    expect(await verify([base(), delta(11, 9, revoking)])).toEqual(REVOKED);
    expect(await messageOf([base(), delta(11, 10, revoking)])).toContain('is revoked (delta CRL)');
  });

  it.each([
    ['built on a newer base', () => delta(12, 11, revoking)],
    ['numbered no higher than the base', () => delta(10, 9, revoking)],
    [
      'stale',
      () => delta(11, 10, { ...revoking, thisUpdate: new Date(NOW.getTime() - 9 * DAY), nextUpdate: new Date(NOW.getTime() - DAY) }),
    ],
    ['not yet valid', () => delta(11, 10, { ...revoking, thisUpdate: new Date(NOW.getTime() + DAY) })],
    [
      'with an unknown critical extension',
      () => delta(11, 10, { ...revoking, extensions: [{ oid: '1.3.6.1.4.1.55555.97', critical: true, value: integer(1) }] }),
    ],
    [
      'whose signature does not verify',
      () =>
        makeCrl({ issuer: { ...ica, key: { ...other, spki: ica.key.spki } }, crlNumber: 11, ...revoking, extensions: [deltaOf(10)] }).pem,
    ],
  ])('a delta %s is not used', async (_name, make) => {
    expect(await verify([base(), make()])).toBe(OK);
  });

  it('the newest delta wins, in either order', async () => {
    const older = delta(11, 10, revoking);
    const newer = delta(12, 10);
    expect(await verify([base(), older, newer])).toBe(OK);
    expect(await verify([base(), newer, older])).toBe(OK);
    expect(await verify([base(), delta(11, 10), delta(12, 10, revoking)])).toEqual(REVOKED);
  });

  it('a delta alone, without its base, covers nothing', async () => {
    expect(await verify([delta(11, 10)])).toEqual({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-missing' });
  });
});

describe('several CRLs of one issuer', () => {
  it('a revocation in the second CRL is found after the first covered the certificate', async () => {
    expect(await verify([icaCrl({ crlNumber: 5 }), icaCrl({ crlNumber: 6, revoked: [{ serial: 7 }] })])).toEqual(REVOKED);
  });

  it('a hold lifted (removeFromCRL) in the base is not a revocation', async () => {
    expect(await verify([icaCrl({ revoked: [{ serial: 7, reason: 8 }] })])).toBe(OK);
  });

  it('an entry for another serial is not this certificate', async () => {
    expect(await verify([icaCrl({ revoked: [{ serial: 70 }, { serial: 0x0700 }] })])).toBe(OK);
  });
});

describe('the intermediate is checked too', () => {
  it('an intermediate revoked by the root CRL', async () => {
    const verifier = createVerifier({
      trustAnchors: root.pem,
      now: () => NOW,
      crls: [makeCrl({ issuer: root, revoked: [{ serial: 100 }] }).pem, icaCrl()],
    });
    expect(await verdictOf(verifier.verify({ certificate: leaf.pem, chain: [ica.pem] }))).toEqual(REVOKED);
  });
});

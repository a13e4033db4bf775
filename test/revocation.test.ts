// Revocation from configured CRLs: hard fail, scope, freshness, signer, delta CRLs.
import { ClientCertError, createVerifier } from '../src/index';
import { DAY, NOW, makeCert, makeCrl, type CrlSpec, type TestCert } from './helpers/pki';
import { integer, seq, tlv } from './helpers/der';

const root = makeCert({ subject: { O: 'Rev', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'Rev', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const leaf = makeCert({ subject: { O: 'Rev', CN: 'leaf' }, issuer: ica, serial: 7 });
const rootCrl = makeCrl({ issuer: root });

async function codeWith(crls: (string | Uint8Array)[], cert: TestCert = leaf): Promise<string> {
  try {
    await createVerifier({ trustAnchors: root.pem, now: () => NOW, crls }).verify({ certificate: cert.pem, chain: [ica.pem] });
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
}
const icaCrl = (spec: Partial<CrlSpec> = {}) => makeCrl({ issuer: ica, ...spec }).pem;

describe('revocation with crls', () => {
  it('accepts a path whose every certificate is covered and not revoked', async () => {
    expect(await codeWith([rootCrl.pem, icaCrl()])).toBe('ok');
    expect(await codeWith([rootCrl.der, icaCrl({ revoked: [{ serial: 8 }] })])).toBe('ok');
  });

  it.each<[string, () => (string | Uint8Array)[]]>([
    ['the leaf is revoked', () => [rootCrl.pem, icaCrl({ revoked: [{ serial: 7, reason: 1 }] })]],
    ['the intermediate is revoked', () => [makeCrl({ issuer: root, revoked: [{ serial: 100 }] }).pem, icaCrl()]],
    ['no CRL covers the leaf (hard fail)', () => [rootCrl.pem]],
    ['no CRL covers the intermediate (hard fail)', () => [icaCrl()]],
    [
      'the CRL is stale',
      () => [rootCrl.pem, icaCrl({ thisUpdate: new Date(NOW.getTime() - 10 * DAY), nextUpdate: new Date(NOW.getTime() - DAY) })],
    ],
    ['the CRL is from the future', () => [rootCrl.pem, icaCrl({ thisUpdate: new Date(NOW.getTime() + DAY) })]],
    ['the CRL has no CRL number', () => [rootCrl.pem, icaCrl({ crlNumber: null })]],
    [
      'the CRL has an unknown critical extension',
      () => [rootCrl.pem, icaCrl({ extensions: [{ oid: '1.3.6.1.4.1.55555.9', critical: true, value: integer(1) }] })],
    ],
    [
      'the CRL is signed by another key with the same name',
      () => {
        const impostor = makeCert({ subject: { O: 'Rev', CN: 'ICA' }, ca: true });
        return [rootCrl.pem, makeCrl({ issuer: impostor }).pem];
      },
    ],
  ])('ERR_CLIENT_CERT_REVOKED when %s', async (_n, crls) => {
    expect(await codeWith(crls())).toBe('ERR_CLIENT_CERT_REVOKED');
  });

  it('a delta CRL revokes on top of its base, and removeFromCRL lifts a hold', async () => {
    const base = icaCrl({ crlNumber: 10, revoked: [{ serial: 7, reason: 6 }] });
    const deltaIndicator = (n: number) => ({ oid: '2.5.29.27', critical: true, value: integer(n) });
    const lift = makeCrl({ issuer: ica, crlNumber: 11, revoked: [{ serial: 7, reason: 8 }], extensions: [deltaIndicator(10)] }).pem;
    expect(await codeWith([rootCrl.pem, base])).toBe('ERR_CLIENT_CERT_REVOKED');
    expect(await codeWith([rootCrl.pem, base, lift])).toBe('ok');
    const cleanBase = icaCrl({ crlNumber: 10 });
    const revokeDelta = makeCrl({ issuer: ica, crlNumber: 11, revoked: [{ serial: 7, reason: 1 }], extensions: [deltaIndicator(10)] }).pem;
    expect(await codeWith([rootCrl.pem, cleanBase, revokeDelta])).toBe('ERR_CLIENT_CERT_REVOKED');
  });

  it('a CA without cRLSign in keyUsage cannot sign CRLs', async () => {
    const noCrlSign = makeCert({ subject: { O: 'Rev', CN: 'ICA2' }, issuer: root, ca: true, keyUsage: ['keyCertSign'] });
    const l = makeCert({ subject: { O: 'Rev', CN: 'leaf2' }, issuer: noCrlSign });
    const v = createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [rootCrl.pem, makeCrl({ issuer: noCrlSign }).pem] });
    await expect(v.verify({ certificate: l.pem, chain: [noCrlSign.pem] })).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED' });
  });

  it('throws TypeError for a CRL that does not parse', () => {
    expect(() => createVerifier({ trustAnchors: root.pem, crls: 'nope' })).toThrow(/X509 CRL/);
    expect(() => createVerifier({ trustAnchors: root.pem, crls: [new Uint8Array([0x30, 0x00])] })).toThrow(
      /does not parse as an X.509 CRL/,
    );
  });
});

describe('regressions', () => {
  it('a CRL distribution point with a malformed relative name is refused when the certificate is parsed', async () => {
    // DistributionPoint [0] { [1] nameRelativeToCRLIssuer } holding an INTEGER instead of an AttributeTypeAndValue.
    const dp = seq(seq(tlv(0xa0, tlv(0xa1, integer(1)))));
    const bad = makeCert({ subject: { O: 'Rev', CN: 'bad dp' }, issuer: ica, extensions: [{ oid: '2.5.29.31', value: dp }] });
    const v = createVerifier({ trustAnchors: root.pem, now: () => NOW, crls: [rootCrl.pem, icaCrl()] });
    await expect(v.verify({ certificate: bad.pem, chain: [ica.pem] })).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_MALFORMED' });
  });

  it('createVerifier rejects only with ClientCertError, even when the clock throws', async () => {
    const v = createVerifier({
      trustAnchors: root.pem,
      now: () => {
        throw new Error('clock failure');
      },
    });
    const err = await v.verify({ certificate: leaf.pem, chain: [ica.pem] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientCertError);
  });
});

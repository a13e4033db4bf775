// Adversarial revocation inputs: several CRLs of one issuer where an older one does not list a
// revoked certificate, a CRL source answered with another issuer's or another scope's genuine CRL,
// and the cost of CRL signatures per request.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier, type TrustEvent } from '../src/index';
import { NOW, makeCert, makeCrl, type CrlSpec } from './helpers/pki';

const root = makeCert({ subject: { O: 'Hostile', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'Hostile', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const leaf = makeCert({ subject: { O: 'Hostile', CN: 'leaf' }, issuer: ica, serial: 7 });
const rootCrl = makeCrl({ issuer: root });
const SEC = 1000;
const icaCrl = (n: number, spec: Partial<CrlSpec> & { at?: number } = {}) =>
  makeCrl({ issuer: ica, crlNumber: n, thisUpdate: new Date(NOW.getTime() + (spec.at ?? -60) * SEC), ...spec });
/** issuingDistributionPoint { onlyContainsCACerts TRUE }: a CRL (an ARL) that never covers a leaf. */
const ONLY_CA_CERTS = { oid: '2.5.29.28', critical: true, value: new Uint8Array([0x30, 0x03, 0x82, 0x01, 0xff]) };
const input = { certificate: leaf.pem, chain: [ica.pem] };

describe('several CRLs of one issuer', () => {
  // A static CRL kept as a bootstrap next to a newer one (or a source), or two mirrors out of step:
  // the first one that covers the certificate must not hide the revocation the other lists.
  it.each([
    ['the older CRL first', () => [rootCrl.pem, icaCrl(1, { at: -120 }).pem, icaCrl(2, { revoked: [{ serial: 7 }] }).pem]],
    ['the newer CRL first', () => [rootCrl.pem, icaCrl(2, { revoked: [{ serial: 7 }] }).pem, icaCrl(1, { at: -120 }).pem]],
  ])('a certificate listed in one of them is refused (%s)', async (_label, crls) => {
    for (const revocationMode of ['hard', 'soft'] as const) {
      const v = createVerifier({ trustAnchors: root.pem, intermediates: ica.pem, now: () => NOW, crls: crls(), revocationMode });
      await expect(v.verify(input)).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' });
    }
  });

  it('a certificate listed in none of them is accepted', async () => {
    const v = createVerifier({
      trustAnchors: root.pem,
      intermediates: ica.pem,
      now: () => NOW,
      crls: [rootCrl.pem, icaCrl(1, { at: -120 }).pem, icaCrl(2, { revoked: [{ serial: 8 }] }).pem],
    });
    await expect(v.verify(input)).resolves.toMatchObject({ subject: 'CN=leaf,O=Hostile' });
  });
});

describe('CRL signatures are not paid per request', () => {
  it('a CRL signature is verified once, however many decisions rest on it', async () => {
    // 20 000 entries: hashing the CRL for every request would grow each request's cost with the CRL's size.
    const big = icaCrl(3, { revoked: Array.from({ length: 20_000 }, (_, i) => ({ serial: 1_000_000 + i })) });
    const v = createVerifier({ trustAnchors: root.pem, intermediates: ica.pem, now: () => NOW, crls: [rootCrl.pem, big.pem] });
    const spy = jest.spyOn(crypto, 'verify');
    try {
      for (let i = 0; i < 10; i++) await expect(v.verify(input)).resolves.toBeDefined();
      const crlChecks = spy.mock.calls.filter(([, data]) => (data as Uint8Array).length > 100_000);
      expect(crlChecks).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('a CRL source answered with a genuine CRL of another issuer or scope', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  async function serve(state: { body: Uint8Array }): Promise<string> {
    server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(state.body));
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ica.crl`;
  }

  // An attacker on the path of an http CRL download replays a CRL the CAs really signed, but one
  // that does not cover the certificates this source is for: the revocations it held must stay.
  it.each([
    ['the root CA’s CRL (another issuer)', () => makeCrl({ issuer: root, crlNumber: 50, thisUpdate: new Date(NOW.getTime() - 10 * SEC) })],
    ['the ICA’s CA-only CRL (another scope)', () => icaCrl(50, { at: -10, extensions: [ONLY_CA_CERTS] })],
  ])('%s never replaces the CRL in force', async (_label, replay) => {
    // In force: CRL 5 revoking the leaf, with a nextUpdate a second after now so that the source fetches again soon.
    const state = { body: icaCrl(5, { at: -30, revoked: [{ serial: 7 }], nextUpdate: new Date(NOW.getTime() + SEC) }).der };
    const url = await serve(state);
    const events: TrustEvent[] = [];
    const v = createVerifier({
      trustAnchors: root.pem,
      intermediates: ica.pem,
      now: () => NOW,
      crls: [rootCrl.pem, { url }],
      revocationMode: 'soft',
      onTrustEvent: (e) => events.push(e),
    });
    try {
      await v.ready();
      await expect(v.verify(input)).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' });
      state.body = replay().der;
      await waitFor(() => events.some((e) => e.type === 'crl-refused') || events.filter((e) => e.type === 'crl-loaded').length > 1);
      expect(events.filter((e) => e.type === 'crl-loaded')).toHaveLength(1);
      expect(events.find((e) => e.type === 'crl-refused')).toMatchObject({ message: expect.stringMatching(/another issuer or scope/) });
      expect(v.status().sources[0]).toMatchObject({ crlNumber: '5' });
      await expect(v.verify(input)).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' });
    } finally {
      v.close();
    }
  });
});

describe('a CRL source whose CA re-keys under the same name', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  it('takes the new key’s newer CRL: the slot is the issuer and scope, not the key', async () => {
    const rekeyed = makeCert({ subject: { O: 'Hostile', CN: 'ICA' }, issuer: root, ca: true, serial: 101 });
    const state = { body: icaCrl(5, { at: -30, nextUpdate: new Date(NOW.getTime() + SEC) }).der };
    server = http.createServer((_req, res) => res.writeHead(200).end(state.body));
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ica.crl`;
    const events: TrustEvent[] = [];
    const v = createVerifier({
      trustAnchors: root.pem,
      intermediates: [ica.pem, rekeyed.pem],
      now: () => NOW,
      crls: [rootCrl.pem, { url }],
      onTrustEvent: (e) => events.push(e),
    });
    try {
      await v.ready();
      state.body = makeCrl({ issuer: rekeyed, crlNumber: 6, thisUpdate: new Date(NOW.getTime() - 10 * SEC) }).der;
      await waitFor(() => events.length > 1 && events.some((e) => e.type !== 'crl-loaded' || e.message.includes('number 6')));
      expect(events[events.length - 1]).toMatchObject({ type: 'crl-loaded', message: expect.stringMatching(/CRL number 6/) });
      expect(v.status().sources[0]).toMatchObject({ crlNumber: '6' });
    } finally {
      v.close();
    }
  });
});

describe('a CRL source answered with forged bytes', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  it('checks the signature before reading the entries: a forged CRL is refused as unsigned, its entries unread', async () => {
    const forger = makeCert({ subject: { O: 'Hostile', CN: 'ICA' }, ca: true });
    const forged = Buffer.from(makeCrl({ issuer: forger, crlNumber: 9, revoked: [{ serial: 7 }] }).der);
    // The entry's revocationDate turned into an OCTET STRING: reading the entries would fail.
    const at = forged.indexOf(Buffer.from([0x02, 0x01, 0x07, 0x17]));
    expect(at).toBeGreaterThan(0);
    forged[at + 3] = 0x04;
    server = http.createServer((_req, res) => res.writeHead(200).end(forged));
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ica.crl`;
    const v = createVerifier({
      trustAnchors: root.pem,
      intermediates: ica.pem,
      now: () => NOW,
      crls: [{ url }],
      onTrustEvent: () => undefined,
    });
    try {
      await expect(v.ready()).rejects.toThrow(/not signed by a configured trust anchor or intermediate/);
      expect(v.status().sources[0].lastError).not.toMatch(/does not parse/);
      await expect(v.verify(input)).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'crl-missing' });
    } finally {
      v.close();
    }
  });
});

async function waitFor(predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('revocation configured where it cannot be checked', () => {
  // Pinning alone has no issuer to verify a CRL or an OCSP response with: a revoked pinned leaf
  // would be accepted while the configuration says revocation is enforced.
  const pinned = [leaf.fingerprint256];
  const revoking = makeCrl({ issuer: ica, revoked: [{ serial: 7 }] }).pem;
  it.each<[string, object]>([
    ['crls', { crls: [revoking] }],
    ['ocsp', { ocsp: true }],
  ])('allowedFingerprints without trustAnchors and with %s is a TypeError', (_label, revocation) => {
    expect(() => createVerifier({ allowedFingerprints: pinned, now: () => NOW, ...revocation })).toThrow(
      /revocation .* needs `trustAnchors`/,
    );
  });

  it('an update() that removes the anchors while revocation is configured is refused and changes nothing', async () => {
    const v = createVerifier({
      trustAnchors: root.pem,
      intermediates: ica.pem,
      allowedFingerprints: pinned,
      now: () => NOW,
      crls: [rootCrl.pem, revoking],
    });
    await expect(v.verify(input)).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' });
    expect(() => v.update({ trustAnchors: [] })).toThrow(/revocation .* needs `trustAnchors`/);
    await expect(v.verify(input)).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' });
  });
});

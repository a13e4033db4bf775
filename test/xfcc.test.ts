// Envoy's x-forwarded-client-cert, read by the grammar of Envoy's own writer
// (source/common/http/conn_manager_utility.cc, mutateXfccRequestHeader), with values shaped byte
// for byte as Envoy writes them. Regression tests for the identity injected through a bare URI SAN.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { clientCert, requireClientCert, type ClientCertAuditEvent, type TrustedProxy } from '../src/index';
import { ClientCertError } from '../src/errors';
import { decodeBase64Der, decodeEscapedPem, decodeXfcc } from '../src/formats/index';
import { type TestCert, makeCert, makePki, NOW } from './helpers/pki';

const { root, intermediate } = makePki('Xfcc');
const victim = makeCert({ subject: { O: 'Xfcc', CN: 'admin' }, issuer: intermediate });
const alice = makeCert({ subject: { O: 'Xfcc', CN: 'alice' }, issuer: intermediate, san: { uri: ['spiffe://xfcc.example/alice'] } });

/** Envoy's urlEncodedPemEncodedPeerCertificate: PEM with \n, space, +, / and = percent-encoded. */
function envoyUrlEncode(pem: string): string {
  return pem.replace(/[\n +/=]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

interface EnvoyDetails {
  /** URI SANs of Envoy's own certificate. */
  by?: string[];
  cert?: boolean;
  chain?: boolean;
  subject?: string;
  uri?: boolean;
  dns?: boolean;
}

/**
 * One element as Envoy writes it: By per local URI SAN, Hash, then the configured details in the
 * fixed order Cert, Chain, Subject, URI (every URI SAN, or `URI=` when none), DNS (every DNS SAN),
 * joined by `;`. URI and DNS values are written bare, unescaped.
 */
function envoyElement(peer: TestCert, chain: TestCert[], details: EnvoyDetails): string {
  const parts: string[] = [];
  for (const uri of details.by ?? []) parts.push(`By=${uri}`);
  parts.push(`Hash=${peer.fingerprint256}`);
  if (details.cert) parts.push(`Cert="${envoyUrlEncode(peer.pem)}"`);
  if (details.chain) parts.push(`Chain="${envoyUrlEncode([peer, ...chain].map((c) => c.pem).join(''))}"`);
  if (details.subject !== undefined) parts.push(`Subject="${details.subject}"`);
  if (details.uri) {
    const uris = peer.spec.san?.uri ?? [];
    if (uris.length) for (const uri of uris) parts.push(`URI=${uri}`);
    else parts.push('URI=');
  }
  if (details.dns) for (const dns of peer.spec.san?.dns ?? []) parts.push(`DNS=${dns}`);
  return parts.join(';');
}

/** The attacker's self-signed certificate whose URI SAN carries XFCC syntax and the victim's PEM. */
function attacker(uri: string): TestCert {
  return makeCert({ subject: { CN: 'mallory' }, san: { uri: [uri] } });
}

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ClientCertError);
    expect((err as ClientCertError).code).toBe('ERR_CLIENT_CERT_MALFORMED');
    return (err as ClientCertError).reason;
  }
  return 'ACCEPTED';
}

function adminApp(entry: Partial<TrustedProxy> = {}) {
  const events: ClientCertAuditEvent[] = [];
  const app = express();
  app.use(
    clientCert({
      trustedProxies: [{ addresses: 'loopback', format: 'envoy-xfcc', ...entry }],
      trustAnchors: root.pem,
      now: () => NOW,
      onAudit: (e) => events.push(e),
    }),
  );
  app.get('/admin', requireClientCert({ subject: { CN: 'admin' } }), (req, res) => res.json({ user: req.clientCert!.subject }));
  app.use((err: ClientCertError, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    void _next;
    res.status(err.status).json({ code: err.code, reason: err.reason });
  });
  return { app, events };
}

describe('XFCC as Envoy writes it', () => {
  it('reads Cert and Chain of one element with By, Hash, Subject, URI and DNS', () => {
    const value = envoyElement(alice, [intermediate], {
      by: ['spiffe://xfcc.example/ingress'],
      cert: true,
      chain: true,
      subject: 'CN=alice,O=Xfcc',
      uri: true,
      dns: true,
    });
    expect(value).toMatch(/^By=spiffe:\/\/xfcc\.example\/ingress;Hash=[0-9a-f]{64};Cert="-----BEGIN%20CERTIFICATE-----%0A/);
    expect(value.endsWith(';Subject="CN=alice,O=Xfcc";URI=spiffe://xfcc.example/alice')).toBe(true);
    const out = decodeXfcc([value])!;
    expect(Buffer.from(out.leafDer).equals(Buffer.from(alice.der))).toBe(true);
    expect(out.chainDers.map((d) => Buffer.from(d).toString('hex'))).toEqual([Buffer.from(intermediate.der).toString('hex')]);
  });

  it('a certificate without URI SAN gives `URI=` (Envoy writes the key anyway)', () => {
    const value = envoyElement(victim, [], { cert: true, uri: true });
    expect(value.endsWith(';URI=')).toBe(true);
    expect(decodeXfcc([value])).toBeDefined();
  });

  it('the victim, legitimately forwarded, is admin (the guard works)', async () => {
    const { app } = adminApp();
    const res = await request(app)
      .get('/admin')
      .set('X-Forwarded-Client-Cert', envoyElement(victim, [intermediate], { cert: true, chain: true, uri: true }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: 'CN=admin,O=Xfcc' });
  });
});

describe('issue 8.1: an identity injected through a bare URI SAN', () => {
  const injected = `,Cert="${envoyUrlEncode(victim.pem)}"`;
  const mallory = attacker(`spiffe://evil.example/x${injected}`);
  // SANITIZE_SET with cert and uri: Envoy writes the attacker's URI SAN verbatim.
  const header = envoyElement(mallory, [], { cert: true, uri: true });

  it('the header is shaped as in the issue: …;Cert="<own>";URI=spiffe://evil.example/x,Cert="<victim>"', () => {
    expect(header).toBe(
      `Hash=${mallory.fingerprint256};Cert="${envoyUrlEncode(mallory.pem)}";URI=spiffe://evil.example/x,Cert="${envoyUrlEncode(victim.pem)}"`,
    );
  });

  it('is refused (two elements where one is expected) and requireClientCert({ CN: admin }) does not pass', async () => {
    expect(reasonOf(() => decodeXfcc([header]))).toBe('xfcc-several-elements');
    const { app, events } = adminApp();
    const res = await request(app).get('/admin').set('X-Forwarded-Client-Cert', header);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'ERR_CLIENT_CERT_MALFORMED', reason: 'xfcc-several-elements' });
    expect(events[0]).toMatchObject({ outcome: 'rejected', reason: 'xfcc-several-elements' });
  });

  it("is refused with xfccElements: 'last-of-several' too: bare URI or DNS values beside several elements", async () => {
    expect(reasonOf(() => decodeXfcc([header], 'last-of-several'))).toBe('xfcc-san-with-several-elements');
    const { app } = adminApp({ xfccElements: 'last-of-several' });
    const res = await request(app).get('/admin').set('X-Forwarded-Client-Cert', header);
    expect(res.body).toEqual({ code: 'ERR_CLIENT_CERT_MALFORMED', reason: 'xfcc-san-with-several-elements' });
  });

  it('with a forged Hash for the victim too', () => {
    const m = attacker(`spiffe://evil.example/x,Hash=${victim.fingerprint256};Cert="${envoyUrlEncode(victim.pem)}"`);
    const value = envoyElement(m, [], { cert: true, uri: true });
    expect(reasonOf(() => decodeXfcc([value]))).toBe('xfcc-several-elements');
    expect(reasonOf(() => decodeXfcc([value], 'last-of-several'))).toBe('xfcc-san-with-several-elements');
  });

  it('through a DNS SAN', () => {
    const m = makeCert({ subject: { CN: 'mallory' }, san: { dns: [`x.example${injected}`] } });
    expect(reasonOf(() => decodeXfcc([envoyElement(m, [], { cert: true, dns: true })]))).toBe('xfcc-several-elements');
  });

  it.each<[string, string, string]>([
    // `;` re-splits the element: a key Envoy writes before URI appears after it.
    ['";Cert=" after the URI', `spiffe://evil.example/x;Cert="${envoyUrlEncode(victim.pem)}"`, 'xfcc-key-order'],
    ['";Hash=" after the URI', `spiffe://evil.example/x;Hash=${victim.fingerprint256}`, 'xfcc-key-order'],
    // `"` or `=` in a bare value: visible in the value itself.
    ['a double quote', 'spiffe://evil.example/"x', 'xfcc-ambiguous-value'],
    ['an equals sign', 'spiffe://evil.example/x?a=b', 'xfcc-ambiguous-value'],
    // `;DNS=` parses as a DNS pair: the certificate's own URI SAN shows the ambiguity.
    ['";DNS=" after the URI', 'spiffe://evil.example/x;DNS=admin.example', 'xfcc-ambiguous-value'],
  ])('a URI SAN with %s is refused', (_n, uri, reason) => {
    const value = envoyElement(attacker(uri), [], { cert: true, uri: true });
    expect(reasonOf(() => decodeXfcc([value]))).toBe(reason);
  });

  it('a bare DNS name with "," ";" "=" or \'"\' in the certificate is refused whatever it splits into', () => {
    const m = makeCert({ subject: { CN: 'mallory' }, san: { dns: ['a.example;DNS=b.example'] } });
    expect(reasonOf(() => decodeXfcc([envoyElement(m, [], { cert: true, dns: true })]))).toBe('xfcc-ambiguous-value');
  });
});

describe('XFCC grammar', () => {
  const own = envoyElement(alice, [], { cert: true });

  it("'last-of-several' reads the last element when no element carries URI or DNS (APPEND_FORWARD, cert and chain only)", () => {
    const first = envoyElement(victim, [], { by: ['spiffe://xfcc.example/edge'], cert: true });
    const out = decodeXfcc([first, own], 'last-of-several')!;
    expect(Buffer.from(out.leafDer).equals(Buffer.from(alice.der))).toBe(true);
    expect(reasonOf(() => decodeXfcc([first, own]))).toBe('xfcc-several-elements');
  });

  it('an element without Cert carries no certificate', () => {
    expect(decodeXfcc([envoyElement(alice, [], { uri: true })])).toBeUndefined();
  });

  it.each<[string, string, string]>([
    ['an unterminated quote', `Hash=${alice.fingerprint256};Cert="${envoyUrlEncode(alice.pem)}`, 'xfcc-syntax'],
    ['junk after a closing quote', `Cert="${envoyUrlEncode(alice.pem)}"x`, 'xfcc-syntax'],
    ['a pair without a key', `=x;Cert="${envoyUrlEncode(alice.pem)}"`, 'xfcc-syntax'],
    ['an empty element', `${own},`, 'xfcc-syntax'],
    ['an unknown key', `${own};SAN=spiffe://x`, 'xfcc-unknown-key'],
    ['Cert twice', `${own};Cert="${envoyUrlEncode(alice.pem)}"`, 'xfcc-duplicate-key'],
    ['Hash after Cert', `Cert="${envoyUrlEncode(alice.pem)}";Hash=${alice.fingerprint256}`, 'xfcc-key-order'],
    ['Cert unquoted', `Hash=${alice.fingerprint256};Cert=${envoyUrlEncode(alice.pem)}`, 'xfcc-quoting'],
    ['URI quoted', `${own};URI="spiffe://x"`, 'xfcc-quoting'],
    ['a Hash that is not the Cert’s', `Hash=${victim.fingerprint256};Cert="${envoyUrlEncode(alice.pem)}"`, 'xfcc-hash-mismatch'],
    ['a bad %-escape', 'Cert="%ZZ"', 'percent-encoding-invalid'],
    ['Cert that is not PEM', `Cert="${Buffer.from(alice.der).toString('base64')}"`, 'pem-not-certificate'],
    ['Cert with two certificates', `Cert="${envoyUrlEncode(alice.pem + victim.pem)}"`, 'xfcc-cert-count'],
    ['a PEM block without END', `Cert="${envoyUrlEncode('-----BEGIN CERTIFICATE-----\nAAAA\n')}"`, 'pem-no-end-line'],
  ])('%s is refused', (_n, value, reason) => {
    expect(reasonOf(() => decodeXfcc([value]))).toBe(reason);
  });

  it('Subject keeps its escaped quotes and separators inside the quotes', () => {
    const value = envoyElement(alice, [], { cert: true, subject: 'CN=a\\"b\\,c;d,O=Xfcc' });
    expect(decodeXfcc([value])).toBeDefined();
  });

  it('xfccElements is validated at configuration', () => {
    const make = (entry: Record<string, unknown>) => () =>
      clientCert({ trustedProxies: [{ addresses: 'loopback', ...entry } as TrustedProxy], trustAnchors: root.pem });
    expect(make({ format: 'envoy-xfcc', xfccElements: 'last' })).toThrow(/xfccElements` must be 'exactly-one' or 'last-of-several'/);
    expect(make({ format: 'escaped-pem', xfccElements: 'last-of-several' })).toThrow(/envoy-xfcc format only/);
    expect(make({ format: 'envoy-xfcc', xfccElements: 'last-of-several' })).not.toThrow();
  });
});

describe('escaped PEM and base64 DER reasons', () => {
  const pem = alice.pem;
  it.each<[string, () => unknown, string]>([
    ['a BEGIN line without END', () => decodeEscapedPem([encodeURIComponent(pem.replace(/-----END[^\n]*\n/, ''))], 'x'), 'pem-no-end-line'],
    [
      'a character that is not base64 in a block',
      () => decodeEscapedPem([encodeURIComponent(pem.replace('\n', '\n*'))], 'x'),
      'pem-invalid-character',
    ],
    [
      'an empty block',
      () => decodeEscapedPem([encodeURIComponent('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n')], 'x'),
      'pem-empty-block',
    ],
    ['text after the PEM', () => decodeEscapedPem([`${encodeURIComponent(pem)}junk`], 'x'), 'pem-not-certificate'],
    ['a PEM body that is not padded base64', () => decodeEscapedPem([encodeURIComponent(pem.replace('\n', '\nA'))], 'x'), 'base64-invalid'],
    ['a bad %-escape', () => decodeEscapedPem(['%E0%A4%A'], 'x'), 'percent-encoding-invalid'],
    ['two field lines', () => decodeEscapedPem([encodeURIComponent(pem), encodeURIComponent(pem)], 'x'), 'field-repeated'],
    ['base64 DER with a bad character', () => decodeBase64Der(['not base64!'], 'x'), 'base64-invalid'],
    ['base64 DER twice', () => decodeBase64Der(['AAAA', 'AAAA'], 'x'), 'field-repeated'],
  ])('%s', (_n, run, reason) => {
    expect(reasonOf(run)).toBe(reason);
  });
});

describe('whatever a certificate names, the certificate read is the one Envoy forwarded', () => {
  // A seeded generator of URI and DNS names built from XFCC syntax and pieces of a victim element.
  let seed = 0x8f1c2a;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
  const victimCert = `Cert="${envoyUrlEncode(victim.pem)}"`;
  const victimHash = `Hash=${victim.fingerprint256}`;
  const junk = [',', ';', '=', '"', '\\', ' ', 'a', 'spiffe://x/y', 'URI=', 'DNS=', 'By=z', '%2C', ''];
  const separators = [',', ',', ';', ', ', ''];
  const forgeries = [victimCert, `${victimHash};${victimCert}`, `By=z;${victimHash};${victimCert}`, `${victimCert};URI=a`];
  const pick = <T>(xs: readonly T[]): T => xs[next(xs.length)];
  // Most names try to smuggle the victim's element in; the rest are noise made of XFCC syntax.
  const name = (): string =>
    next(4) !== 0
      ? `spiffe://evil.example/${pick(['x', 'x', ...junk])}${pick(separators)}${pick(forgeries)}${pick(['', '', '', ';', 'a'])}`
      : Array.from({ length: 1 + next(5) }, () => pick(junk)).join('');
  const key = alice.key;

  let readBack = 0;
  it.each(Array.from({ length: 120 }, (_, i) => [i]))('case %i', () => {
    const uris = Array.from({ length: next(3) }, name);
    const dns = Array.from({ length: next(3) }, name);
    const forged = makeCert({ subject: { CN: 'mallory' }, key, san: { uri: uris, dns } });
    const details = { cert: true, chain: next(2) === 1, uri: next(2) === 1, dns: next(2) === 1 };
    const value = envoyElement(forged, [], details);
    for (const mode of ['exactly-one', 'last-of-several'] as const) {
      let read: Uint8Array | undefined;
      try {
        read = decodeXfcc([value], mode)?.leafDer;
      } catch (err) {
        expect((err as ClientCertError).code).toBe('ERR_CLIENT_CERT_MALFORMED');
        continue;
      }
      expect(read && Buffer.from(read).equals(Buffer.from(forged.der))).toBe(true);
      readBack++;
    }
  });

  it('reads the certificate back in some cases (a decoder that refuses everything would pass the cases above)', () => {
    expect(readBack).toBeGreaterThan(0);
  });
});

describe('two XFCC proxy entries that read the field differently', () => {
  it('do not share cached decisions', async () => {
    const app = express();
    app.use(
      clientCert({
        trustedProxies: [
          { addresses: '127.0.0.1', format: 'envoy-xfcc' },
          { addresses: '127.0.0.2', format: 'envoy-xfcc', xfccElements: 'last-of-several' },
        ],
        trustAnchors: root.pem,
        now: () => NOW,
      }),
    );
    app.get('/', (req, res) => res.json({ subject: req.clientCert?.subject ?? null, reason: req.clientCertError?.reason ?? null }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const header = `${envoyElement(alice, [], { cert: true })},${envoyElement(victim, [intermediate], { cert: true, chain: true })}`;
    const get = (localAddress: string) =>
      new Promise<unknown>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, localAddress, headers: { 'x-forwarded-client-cert': header } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(JSON.parse(body)));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get('127.0.0.2')).toEqual({ subject: 'CN=admin,O=Xfcc', reason: null });
      expect(await get('127.0.0.1')).toEqual({ subject: null, reason: 'xfcc-several-elements' });
    } finally {
      server.close();
    }
  });
});

// The formats of Apache httpd, Traefik, ingress-nginx and Cloudflare's legacy pair, on values built
// the way each proxy's writer builds them; "(null)" and empty values mean no certificate; chains
// in numbered fields; every refusal asserted by code and reason.
import express from 'express';
import request from 'supertest';
import { type ClientCertAuditEvent, type ClientCertOptions, clientCert } from '../src/index';
import { ClientCertError } from '../src/errors';
import { decodeApachePem } from '../src/formats/apache';
import { decodeTraefik } from '../src/formats/traefik';
import { isNumberedField, numberedFieldValues } from '../src/formats/numbered';
import { NOW, type TestCert, makeCert, makePki } from './helpers/pki';
import { apacheEscape, apacheSslVar, cloudflareLegacy, nginxEscapedCert, traefikPem } from './helpers/writers';

const { root, intermediate, leaf } = makePki('Px');
const b64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');

/** `code/reason` of what `fn` throws, or 'ACCEPTED'. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ClientCertError);
    return `${(err as ClientCertError).code}/${(err as ClientCertError).reason}`;
  }
  return 'ACCEPTED';
}

/** A certificate whose base64 holds all of `+ / =`, so every escape is exercised. */
function certWithAllBase64Specials(): TestCert {
  let cert = leaf;
  // Serials change the signature, and so the base64; the first few hundred always hold all three.
  for (let serial = 1; !['+', '/', '='].every((c) => b64(cert.der).includes(c)); serial++) {
    if (serial > 500) throw new Error('no certificate with + / = in its base64');
    cert = makeCert({ subject: { O: 'Px', CN: 'alice' }, issuer: intermediate, serial });
  }
  return cert;
}

function app(trustedProxies: ClientCertOptions['trustedProxies'], audit?: ClientCertAuditEvent[]) {
  const a = express();
  a.use(clientCert({ trustedProxies, trustAnchors: root.pem, now: () => NOW, onAudit: audit && ((e) => audit.push(e)) }));
  a.get('/', (req, res) =>
    res.json({
      subject: req.clientCert?.subject ?? null,
      chain: req.clientCert?.chain.length ?? null,
      error: req.clientCertError ? `${req.clientCertError.code}/${req.clientCertError.reason}` : null,
      left: Object.keys(req.headers).filter((h) => /cert/.test(h)),
    }),
  );
  return a;
}

const ALICE = { subject: 'CN=alice,O=Px', chain: 3, error: null, left: [] };
const NOBODY = { subject: null, chain: null, error: null, left: [] };

describe('Apache httpd: %{SSL_CLIENT_CERT}s (apache-pem)', () => {
  const apache = [{ addresses: 'loopback', format: 'apache-pem' as const, chainFields: true as const }];

  it('reads the space-separated PEM and the chain from numbered fields, (null) past the last', async () => {
    const res = await request(app(apache))
      .get('/')
      .set('X-SSL-Client-Cert', apacheSslVar(leaf.pem))
      .set('X-SSL-Client-Cert-Chain-0', apacheSslVar(intermediate.pem))
      .set('X-SSL-Client-Cert-Chain-1', '(null)')
      .set('X-SSL-Client-Cert-Chain-2', '(null)');
    expect(res.body).toEqual(ALICE);
  });

  it('keeps the trailing space unwrap_header() leaves from the final line break', () => {
    expect(apacheSslVar(leaf.pem).endsWith('----- ')).toBe(true);
    expect(b64(decodeApachePem([apacheSslVar(leaf.pem)], [], 'x-ssl-client-cert')!.leafDer)).toBe(b64(leaf.der));
  });

  it.each([
    ['(null)', '(null)'],
    ['an empty value', ''],
  ])('%s from the trusted proxy is an anonymous request (outcome absent), not MALFORMED', async (_n, value) => {
    const audit: ClientCertAuditEvent[] = [];
    const res = await request(app(apache, audit))
      .get('/')
      .set('X-SSL-Client-Cert', value)
      .set('X-SSL-Client-Cert-Chain-0', '(null)')
      .set('X-SSL-Client-Cert-Chain-1', '(null)');
    expect(res.body).toEqual(NOBODY);
    expect(audit.map((e) => [e.outcome, e.code])).toEqual([['absent', undefined]]);
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'a chain field after a (null) one',
      { 'X-SSL-Client-Cert-Chain-0': '(null)', 'X-SSL-Client-Cert-Chain-1': apacheSslVar(intermediate.pem) },
      'chain-field-gap',
    ],
    ['a missing index', { 'X-SSL-Client-Cert-Chain-1': apacheSslVar(intermediate.pem) }, 'chain-field-gap'],
    ['a leading zero', { 'X-SSL-Client-Cert-Chain-00': apacheSslVar(intermediate.pem) }, 'chain-field-index-invalid'],
    ['an index past 99', { 'X-SSL-Client-Cert-Chain-100': apacheSslVar(intermediate.pem) }, 'chain-field-index-invalid'],
    ['a chain field that is not PEM', { 'X-SSL-Client-Cert-Chain-0': b64(intermediate.der) }, 'pem-not-certificate'],
  ])('%s is MALFORMED (%s)', async (_n, chainFields, reason) => {
    const res = await request(app(apache)).get('/').set('X-SSL-Client-Cert', apacheSslVar(leaf.pem)).set(chainFields);
    expect(res.body).toEqual({ ...NOBODY, error: `ERR_CLIENT_CERT_MALFORMED/${reason}` });
  });

  it('a chain without a certificate is MALFORMED', async () => {
    const res = await request(app(apache))
      .get('/')
      .set('X-SSL-Client-Cert', '(null)')
      .set('X-SSL-Client-Cert-Chain-0', apacheSslVar(intermediate.pem));
    expect(res.body.error).toBe('ERR_CLIENT_CERT_MALFORMED/chain-without-certificate');
  });

  it('a numbered field repeated is MALFORMED', () => {
    const taken = new Map([['x-ssl-client-cert-chain-0', ['(null)', '(null)']]]);
    expect(refusal(() => numberedFieldValues(taken, 'x-ssl-client-cert-chain-'))).toBe('ERR_CLIENT_CERT_MALFORMED/field-repeated');
  });

  it.each<[string, string[], string]>([
    ['two field lines', [apacheSslVar(leaf.pem), apacheSslVar(leaf.pem)], 'field-repeated'],
    ['bare base64', [b64(leaf.der)], 'pem-not-certificate'],
    ['no END line', [apacheSslVar(leaf.pem).replace('-----END CERTIFICATE-----', '')], 'pem-no-end-line'],
    ['two certificates', [apacheSslVar(leaf.pem + intermediate.pem)], 'apache-pem-multiple-certificates'],
    ['a line that is not base64', [apacheSslVar(leaf.pem).replace('----- MII', '----- MI!I')], 'pem-invalid-character'],
    ['only armour', ['-----BEGIN CERTIFICATE-----'], 'pem-no-end-line'],
    ['an empty block', ['-----BEGIN CERTIFICATE----- -----END CERTIFICATE-----'], 'pem-empty-block'],
    ['a body that is not padded base64', ['-----BEGIN CERTIFICATE----- AAA -----END CERTIFICATE-----'], 'base64-invalid'],
  ])('%s is MALFORMED (%s)', (_n, lines, reason) => {
    expect(refusal(() => decodeApachePem(lines, [], 'x-ssl-client-cert'))).toBe(`ERR_CLIENT_CERT_MALFORMED/${reason}`);
  });

  it("takes numbered fields off every request: Apache's names always, a configured prefix too", async () => {
    const forged = {
      'X-SSL-Client-Cert-Chain-0': apacheSslVar(intermediate.pem),
      'X-SSL-Client-Cert-Chain-17': '(null)',
      'X-Cert-Part-3': 'x',
      // Not prefix + digits: left alone.
      'X-SSL-Client-Cert-Chain-x': 'kept',
    };
    const res = await request(app(['loopback', { addresses: '10.0.0.1', format: 'apache-pem', chainFields: 'X-Cert-Part-' }]))
      .get('/')
      .set(forged);
    expect(res.body).toEqual({ ...NOBODY, left: ['x-ssl-client-cert-chain-x'] });
    const untrusted = await request(app(['10.0.0.1']))
      .get('/')
      .set(forged);
    expect(untrusted.body).toEqual({
      ...NOBODY,
      error: 'ERR_CLIENT_CERT_UNTRUSTED_PROXY/peer-not-trusted',
      left: ['x-cert-part-3', 'x-ssl-client-cert-chain-x'],
    });
  });

  it('a second mount reads the numbered fields the first one took off the request', async () => {
    const a = express();
    a.use(clientCert({ trustedProxies: ['10.0.0.1'], trustAnchors: root.pem, now: () => NOW }));
    a.use(
      clientCert({
        trustedProxies: [{ addresses: 'loopback', format: 'apache-pem', chainFields: true }],
        trustAnchors: root.pem,
        now: () => NOW,
      }),
    );
    a.get('/', (req, res) => res.json({ subject: req.clientCert?.subject ?? null, chain: req.clientCert?.chain.length ?? null }));
    const res = await request(a)
      .get('/')
      .set('X-SSL-Client-Cert', apacheSslVar(leaf.pem))
      .set('X-SSL-Client-Cert-Chain-0', apacheSslVar(intermediate.pem));
    expect(res.body).toEqual({ subject: 'CN=alice,O=Px', chain: 3 });
  });

  it('matches numbered names in one pass: prefix, then digits only', () => {
    expect(isNumberedField('x-ssl-client-cert-chain-12', 'x-ssl-client-cert-chain-')).toBe(true);
    expect(isNumberedField('x-ssl-client-cert-chain-', 'x-ssl-client-cert-chain-')).toBe(false);
    expect(isNumberedField('x-ssl-client-cert-chain-1a', 'x-ssl-client-cert-chain-')).toBe(false);
    expect(isNumberedField(`x-ssl-client-cert-chain-${'1'.repeat(5000)}`, 'x-ssl-client-cert-chain-')).toBe(true);
  });
});

describe('Apache httpd: expr=%{escape:%{SSL_CLIENT_CERT}} (escaped-pem)', () => {
  const escaped = [{ addresses: 'loopback', format: 'escaped-pem' as const, header: 'X-SSL-Client-Cert', chainFields: true as const }];

  it('reads ap_escape_uri() output (+ = / literal, lowercase hex) with the chain in numbered fields', async () => {
    const value = apacheEscape(leaf.pem);
    expect(value).toContain('%0a');
    const res = await request(app(escaped))
      .get('/')
      .set('X-SSL-Client-Cert', value)
      .set('X-SSL-Client-Cert-Chain-0', apacheEscape(intermediate.pem))
      .set('X-SSL-Client-Cert-Chain-1', '');
    expect(res.body).toEqual(ALICE);
  });

  it.each(['', '(null)'])('%j is an anonymous request', async (value) => {
    const res = await request(app(escaped)).get('/').set('X-SSL-Client-Cert', value);
    expect(res.body).toEqual(NOBODY);
  });

  it('a numbered field with two certificates is MALFORMED', async () => {
    const res = await request(app(escaped))
      .get('/')
      .set('X-SSL-Client-Cert', apacheEscape(leaf.pem))
      .set('X-SSL-Client-Cert-Chain-0', apacheEscape(intermediate.pem + root.pem));
    expect(res.body.error).toBe('ERR_CLIENT_CERT_MALFORMED/chain-field-multiple-certificates');
  });

  it('a chain field without a certificate in the main field is MALFORMED', async () => {
    const res = await request(app(escaped))
      .get('/')
      .set('X-SSL-Client-Cert', '')
      .set('X-SSL-Client-Cert-Chain-0', apacheEscape(intermediate.pem));
    expect(res.body.error).toBe('ERR_CLIENT_CERT_MALFORMED/chain-without-certificate');
  });
});

describe('ingress-nginx: ssl-client-cert ($ssl_client_escaped_cert)', () => {
  const ingress = [{ addresses: 'loopback', format: 'ingress-nginx' as const }];

  it('reads the leaf as nginx escapes it (uppercase hex, + = / escaped)', async () => {
    const cert = certWithAllBase64Specials();
    const value = nginxEscapedCert(cert.pem);
    expect(value).toMatch(/%2B/);
    expect(value).toMatch(/%0A/);
    const a = express();
    a.use(clientCert({ trustedProxies: ingress, trustAnchors: root.pem, intermediates: intermediate.pem, now: () => NOW }));
    a.get('/', (req, res) => res.json({ subject: req.clientCert?.subject ?? null, error: req.clientCertError?.reason ?? null }));
    expect((await request(a).get('/').set('ssl-client-cert', value)).body).toEqual({ subject: 'CN=alice,O=Px', error: null });
  });

  it('an empty value is an anonymous request', async () => {
    expect((await request(app(ingress)).get('/').set('ssl-client-cert', '')).body).toEqual(NOBODY);
  });

  it('more than one certificate is MALFORMED: nginx forwards the leaf only', async () => {
    const res = await request(app(ingress))
      .get('/')
      .set('ssl-client-cert', nginxEscapedCert(leaf.pem + intermediate.pem));
    expect(res.body.error).toBe('ERR_CLIENT_CERT_MALFORMED/ingress-nginx-multiple-certificates');
  });
});

describe('Traefik passTLSClientCert (pem: true)', () => {
  const traefik = [{ addresses: 'loopback', format: 'traefik' as const }];
  const cert = certWithAllBase64Specials();

  it.each([2, 3] as const)('reads what Traefik v%i writes: leaf then chain, comma-joined', (version) => {
    const value = traefikPem([cert, intermediate], version);
    if (version === 2) expect(value).toMatch(/%2B.*%2F|%2F.*%2B/);
    const out = decodeTraefik([value], 'x-forwarded-tls-client-cert')!;
    expect([out.leafDer, ...out.chainDers].map(b64)).toEqual([b64(cert.der), b64(intermediate.der)]);
  });

  it('identifies the client through the middleware', async () => {
    const res = await request(app(traefik))
      .get('/')
      .set('X-Forwarded-Tls-Client-Cert', traefikPem([leaf, intermediate], 2));
    expect(res.body).toEqual(ALICE);
  });

  it('the v2 value is refused by strict base64-der, which is why the format has its own name', async () => {
    const res = await request(app([{ addresses: 'loopback', format: 'base64-der', header: 'X-Forwarded-Tls-Client-Cert' }]))
      .get('/')
      .set('X-Forwarded-Tls-Client-Cert', traefikPem([cert], 2));
    expect(res.body.error).toMatch(/^ERR_CLIENT_CERT_MALFORMED\//);
  });

  it.each<[string, string, string]>([
    ['an escape Traefik never writes', traefikPem([leaf], 3).replace(/^(.{8})/, '$1%41'), 'traefik-escape-invalid'],
    ['a truncated escape', `${traefikPem([leaf], 3)}%2`, 'traefik-escape-invalid'],
    ['an empty member', `${traefikPem([leaf], 2)},,${traefikPem([intermediate], 2)}`, 'traefik-member-empty'],
    ['a trailing comma', `${traefikPem([leaf], 2)},`, 'traefik-member-empty'],
    ['the armour left in', leaf.pem.replace(/\n/g, ''), 'traefik-base64'],
  ])('%s is MALFORMED (%s)', (_n, value, reason) => {
    expect(refusal(() => decodeTraefik([value], 'x-forwarded-tls-client-cert'))).toBe(`ERR_CLIENT_CERT_MALFORMED/${reason}`);
  });

  it('two field lines are MALFORMED; an empty value is no certificate', () => {
    expect(refusal(() => decodeTraefik(['a', 'b'], 'x'))).toBe('ERR_CLIENT_CERT_MALFORMED/field-repeated');
    expect(decodeTraefik([''], 'x')).toBeUndefined();
  });
});

describe("Cloudflare's legacy pair (cloudflare-legacy)", () => {
  const cf = [{ addresses: 'loopback', format: 'cloudflare-legacy' as const }];
  function cfApp() {
    const a = express();
    a.use(clientCert({ trustedProxies: cf, trustAnchors: root.pem, intermediates: intermediate.pem, now: () => NOW }));
    a.get('/', (req, res) =>
      res.json({
        subject: req.clientCert?.subject ?? null,
        error: req.clientCertError ? `${req.clientCertError.code}/${req.clientCertError.reason}` : null,
        left: Object.keys(req.headers).filter((h) => /cert/.test(h)),
      }),
    );
    return a;
  }

  it('reads the certificate when its SHA-256 matches (either case), and strips both fields', async () => {
    const pair = cloudflareLegacy(leaf);
    expect((await request(cfApp()).get('/').set(pair)).body).toEqual({ subject: 'CN=alice,O=Px', error: null, left: [] });
    const upper = { ...pair, 'Cf-Client-Cert-Sha256': pair['Cf-Client-Cert-Sha256'].toUpperCase() };
    expect((await request(cfApp()).get('/').set(upper)).body.subject).toBe('CN=alice,O=Px');
  });

  it.each<[string, (p: ReturnType<typeof cloudflareLegacy>) => Record<string, string>, string]>([
    [
      "another certificate's hash",
      (p) => ({ ...p, 'Cf-Client-Cert-Sha256': cloudflareLegacy(intermediate)['Cf-Client-Cert-Sha256'] }),
      'cloudflare-hash-mismatch',
    ],
    ['no hash', (p) => ({ 'Cf-Client-Cert-Der-Base64': p['Cf-Client-Cert-Der-Base64'] }), 'cloudflare-hash-missing'],
    ['a hash that is not hex', (p) => ({ ...p, 'Cf-Client-Cert-Sha256': 'z'.repeat(64) }), 'cloudflare-hash-invalid'],
    ['a short hash', (p) => ({ ...p, 'Cf-Client-Cert-Sha256': p['Cf-Client-Cert-Sha256'].slice(2) }), 'cloudflare-hash-invalid'],
    ['a hash without a certificate', (p) => ({ 'Cf-Client-Cert-Sha256': p['Cf-Client-Cert-Sha256'] }), 'cloudflare-certificate-missing'],
    ['a certificate that is not base64', (p) => ({ ...p, 'Cf-Client-Cert-Der-Base64': 'not base64!' }), 'cloudflare-base64'],
  ])('%s is MALFORMED (%s)', async (_n, build, reason) => {
    const res = await request(cfApp())
      .get('/')
      .set(build(cloudflareLegacy(leaf)));
    expect(res.body).toEqual({ subject: null, error: `ERR_CLIENT_CERT_MALFORMED/${reason}`, left: [] });
  });
});

describe('configuration', () => {
  it('chainFields applies to apache-pem and escaped-pem only', () => {
    const make = (entry: object) => () => clientCert({ trustedProxies: [entry], trustAnchors: root.pem } as ClientCertOptions);
    expect(make({ addresses: 'loopback', chainFields: true })).toThrow(/apache-pem and escaped-pem formats only/);
    expect(make({ addresses: 'loopback', format: 'apache-pem', chainFields: 'bad prefix' })).toThrow(/field name/);
    expect(make({ addresses: 'loopback', format: 'apache-pem', chainFields: true })).not.toThrow();
  });
});

describe('hostile values: a refusal with a reason, never another error', () => {
  const armour = '-----BEGIN CERTIFICATE-----';
  const hostile = [
    '%',
    '%%%%%%%%',
    ',,,,',
    '(null)(null)',
    ' '.repeat(100_000),
    `${armour} `.repeat(5_000),
    `${armour}${' A'.repeat(50_000)} -----END CERTIFICATE-----`,
    `${'A'.repeat(99_999)}=`,
    '\u0000\uffff\ud800',
  ];
  const decoders: [string, (v: string) => unknown][] = [
    ['apache-pem', (v) => decodeApachePem([v], [v], 'x-ssl-client-cert')],
    ['traefik', (v) => decodeTraefik([v], 'x-forwarded-tls-client-cert')],
    [
      'numbered fields',
      (v) => numberedFieldValues(new Map([[`x-ssl-client-cert-chain-${v.length % 7}`, [v]]]), 'x-ssl-client-cert-chain-'),
    ],
  ];
  it.each(decoders)('%s', (_n, decode) => {
    for (const value of hostile) {
      const outcome = refusal(() => decode(value));
      expect(outcome).toMatch(/^(ACCEPTED|ERR_CLIENT_CERT_MALFORMED\/[a-z0-9-]+)$/);
      expect(outcome).not.toBe('ERR_CLIENT_CERT_MALFORMED/malformed');
    }
  });

  it('through the middleware, for every new format', async () => {
    const formats = ['apache-pem', 'traefik', 'ingress-nginx', 'cloudflare-legacy', 'escaped-pem'] as const;
    for (const format of formats) {
      const a = app([{ addresses: 'loopback', format, header: 'X-Proxy-Cert' }]);
      for (const value of hostile.filter((v) => v.length < 8000 && !v.includes('\u0000'))) {
        const res = await request(a).get('/').set('X-Proxy-Cert', value).set('Cf-Client-Cert-Sha256', value);
        expect(res.status).toBe(200);
        expect(res.body.subject).toBeNull();
      }
    }
  });
});

// The other forwarding formats: Envoy/Istio XFCC, URL-escaped PEM (nginx, AWS ALB), base64 DER
// (Azure, Cloudflare, Traefik). Opt-in per trusted proxy; every other field is stripped.
import { createHash } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { clientCert, type ClientCertOptions } from '../src/index';
import { decodeBase64Der, decodeEscapedPem, decodeXfcc } from '../src/formats/index';
import { codeOf } from './helpers/codes';
import { NOW, makePki } from './helpers/pki';

const { root, intermediate, leaf } = makePki('Fmt');
const mallory = makePki('Fmt').leaf;
const b64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');
// Envoy URL-encodes the PEM (encodeURIComponent-style); AWS ALB escapes only what it must and
// leaves `+ = /` literal.
const envoyEscape = (pem: string): string => encodeURIComponent(pem);
const albEscape = (pem: string): string => pem.replace(/\n/g, '%0A').replace(/ /g, '%20');

function xfccElement(cert: string, chain?: string, names = true): string {
  return [
    'By=spiffe://cluster.local/ns/default/sa/backend',
    `Hash=${createHash('sha256')
      .update(Buffer.from(cert.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'))
      .digest('hex')}`,
    `Cert="${envoyEscape(cert)}"`,
    ...(chain ? [`Chain="${envoyEscape(chain)}"`] : []),
    'Subject="CN=alice,O=Fmt"',
    ...(names ? ['URI=spiffe://cluster.local/ns/default/sa/frontend', 'DNS=alice.example'] : []),
  ].join(';');
}

describe('x-forwarded-client-cert (Envoy/Istio)', () => {
  it("reads Cert and Chain of the last element, the one the trusted hop added, with 'last-of-several'", () => {
    const value = `${xfccElement(mallory.pem, undefined, false)},${xfccElement(leaf.pem, leaf.pem + intermediate.pem, false)}`;
    const out = decodeXfcc([value], 'last-of-several');
    expect(Buffer.from(out!.leafDer).equals(Buffer.from(leaf.der))).toBe(true);
    expect(out!.chainDers.map((d) => b64(d))).toEqual([b64(intermediate.der)]);
  });

  it('an element without Cert carries no certificate', () => {
    expect(decodeXfcc(['By=spiffe://cluster.local/ns/a/sa/b;URI=spiffe://x'])).toBeUndefined();
  });

  it.each<[string, string]>([
    ['an unterminated quote', `Cert="${envoyEscape(leaf.pem)}`],
    ['a bad %-escape', 'Cert="%ZZ"'],
    ['Cert that is not PEM', `Cert="${b64(leaf.der)}"`],
    ['Cert with two certificates', `Cert="${envoyEscape(leaf.pem + intermediate.pem)}"`],
    ['Cert twice', `Cert="${envoyEscape(leaf.pem)}";Cert="${envoyEscape(leaf.pem)}"`],
    ['an empty last element', `${xfccElement(leaf.pem)},`],
    ['a pair without a key', `=x;Cert="${envoyEscape(leaf.pem)}"`],
  ])('%s is ERR_CLIENT_CERT_MALFORMED', (_n, value) => {
    expect(codeOf(() => decodeXfcc([value]))).toBe('ERR_CLIENT_CERT_MALFORMED');
  });
});

describe('URL-escaped PEM (nginx $ssl_client_escaped_cert, AWS ALB)', () => {
  it.each([
    ['nginx/Envoy-style escaping', envoyEscape(leaf.pem + intermediate.pem)],
    ['ALB-style escaping, + = / literal', albEscape(leaf.pem + intermediate.pem)],
  ])('%s', (_n, value) => {
    expect(value.includes('+') || value.includes('%2B')).toBe(true);
    const out = decodeEscapedPem([value], 'x-amzn-mtls-clientcert');
    expect(b64(out.leafDer)).toBe(b64(leaf.der));
    expect(out.chainDers.map(b64)).toEqual([b64(intermediate.der)]);
  });

  it.each<[string, string[]]>([
    ['a bad %-escape', ['%E0%A4%A']],
    ['text that is not PEM', [b64(leaf.der)]],
    ['text around the PEM', [`${envoyEscape(leaf.pem)}junk`]],
    ['two field lines', [envoyEscape(leaf.pem), envoyEscape(leaf.pem)]],
  ])('%s is ERR_CLIENT_CERT_MALFORMED', (_n, lines) => {
    expect(codeOf(() => decodeEscapedPem(lines, 'x-amzn-mtls-clientcert'))).toBe('ERR_CLIENT_CERT_MALFORMED');
  });

  it('keeps a literal + (never decoded as a space, which would corrupt the certificate)', () => {
    // A certificate whose base64 holds a '+' (random keys make one likely; try until there is one).
    let cert = leaf;
    while (!cert.pem.includes('+')) cert = makePki('Plus').leaf;
    expect(b64(decodeEscapedPem([albEscape(cert.pem)], 'x-amzn-mtls-clientcert').leafDer)).toBe(b64(cert.der));
    const asSpaces = albEscape(cert.pem).replace(/\+/g, '%20');
    const code = codeOf(() => decodeEscapedPem([asSpaces], 'x-amzn-mtls-clientcert'));
    if (code === 'ACCEPTED') expect(b64(decodeEscapedPem([asSpaces], 'x').leafDer)).not.toBe(b64(cert.der));
    else expect(code).toBe('ERR_CLIENT_CERT_MALFORMED');
  });
});

describe('base64 DER (Azure X-ARR-ClientCert, Cloudflare, Traefik)', () => {
  it('reads one certificate, or a comma-joined list leaf first', () => {
    expect(b64(decodeBase64Der([b64(leaf.der)], 'x-arr-clientcert').leafDer)).toBe(b64(leaf.der));
    const out = decodeBase64Der([`${b64(leaf.der)},${b64(intermediate.der)}`], 'x-forwarded-tls-client-cert');
    expect(out.chainDers.map(b64)).toEqual([b64(intermediate.der)]);
  });

  it.each<[string, string[]]>([
    ['base64url', [Buffer.from(leaf.der).toString('base64url')]],
    // Bytes whose length is not a multiple of 3 always have padding to leave out.
    ['missing padding', [b64(leaf.der.subarray(0, leaf.der.length - (leaf.der.length % 3 === 0 ? 1 : 0))).replace(/=+$/, '')]],
    ['an empty member', [`${b64(leaf.der)},`]],
    ['PEM', [leaf.pem]],
    ['two field lines', [b64(leaf.der), b64(leaf.der)]],
  ])('%s is ERR_CLIENT_CERT_MALFORMED', (_n, lines) => {
    expect(codeOf(() => decodeBase64Der(lines, 'x-arr-clientcert'))).toBe('ERR_CLIENT_CERT_MALFORMED');
  });
});

describe('formats in the middleware', () => {
  function app(trustedProxies: ClientCertOptions['trustedProxies']) {
    const a = express();
    a.use(clientCert({ trustedProxies, trustAnchors: root.pem, now: () => NOW }));
    a.get('/', (req, res) =>
      res.json({
        subject: req.clientCert?.subject ?? null,
        error: req.clientCertError?.code ?? null,
        left: Object.keys(req.headers).filter((h) => /cert/.test(h)),
      }),
    );
    return a;
  }

  it.each<[string, ClientCertOptions['trustedProxies'], Record<string, string>]>([
    [
      'envoy-xfcc',
      [{ addresses: 'loopback', format: 'envoy-xfcc' }],
      { 'X-Forwarded-Client-Cert': xfccElement(leaf.pem, leaf.pem + intermediate.pem) },
    ],
    [
      'escaped-pem (ALB)',
      [{ addresses: 'loopback', format: 'escaped-pem' }],
      { 'X-Amzn-Mtls-Clientcert': albEscape(leaf.pem + intermediate.pem) },
    ],
    [
      'escaped-pem (nginx, own header)',
      [{ addresses: 'loopback', format: 'escaped-pem', header: 'X-SSL-Client-Cert' }],
      { 'X-SSL-Client-Cert': envoyEscape(leaf.pem + intermediate.pem) },
    ],
    [
      'base64-der (Azure)',
      [{ addresses: '127.0.0.1', format: 'base64-der' }],
      { 'X-ARR-ClientCert': `${b64(leaf.der)},${b64(intermediate.der)}` },
    ],
    [
      'rfc9440 under other names',
      [{ addresses: 'loopback', header: 'X-Client-Cert', chainHeader: 'X-Client-Cert-Chain' }],
      { 'X-Client-Cert': `:${b64(leaf.der)}:`, 'X-Client-Cert-Chain': `:${b64(intermediate.der)}:` },
    ],
  ])('%s: identifies the client and strips the field', async (_n, trusted, headers) => {
    const res = await request(app(trusted)).get('/').set(headers).expect(200);
    expect(res.body).toEqual({ subject: 'CN=alice,O=Fmt', error: null, left: [] });
  });

  it('accepts a format only from the proxies configured for it; every other certificate field is stripped', async () => {
    const asRfc = app(['loopback']);
    const xfcc = { 'X-Forwarded-Client-Cert': xfccElement(leaf.pem) };
    expect((await request(asRfc).get('/').set(xfcc)).body).toEqual({ subject: null, error: null, left: [] });
    const asXfcc = app([{ addresses: 'loopback', format: 'envoy-xfcc' }]);
    const rfc = { 'Client-Cert': `:${b64(leaf.der)}:`, 'X-ARR-ClientCert': b64(leaf.der) };
    expect((await request(asXfcc).get('/').set(rfc)).body).toEqual({ subject: null, error: null, left: [] });
    const untrusted = app([{ addresses: '10.0.0.0/8', format: 'envoy-xfcc' }]);
    expect((await request(untrusted).get('/').set(xfcc)).body).toEqual({
      subject: null,
      error: 'ERR_CLIENT_CERT_UNTRUSTED_PROXY',
      left: [],
    });
  });

  it('malformed values are ERR_CLIENT_CERT_MALFORMED with status 400 when required', async () => {
    const a = express();
    a.use(
      clientCert({
        trustedProxies: [{ addresses: 'loopback', format: 'base64-der' }],
        trustAnchors: root.pem,
        now: () => NOW,
        required: true,
      }),
    );
    a.get('/', (_req, res) => res.end());
    a.use((err: { status: number; code: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      void _next;
      res.status(err.status).json({ error: err.code });
    });
    await request(a).get('/').set('X-ARR-ClientCert', 'not base64!').expect(400, { error: 'ERR_CLIENT_CERT_MALFORMED' });
  });

  it('throws TypeError for a bad proxy entry', () => {
    const make = (trustedProxies: unknown) => () => clientCert({ trustedProxies, trustAnchors: root.pem } as ClientCertOptions);
    expect(make([{ addresses: 'loopback', format: 'pem' }])).toThrow(/format` must be one of/);
    expect(make([{ addresses: [] }])).toThrow(/addresses/);
    expect(make([{ addresses: 'loopback', format: 'envoy-xfcc', chainHeader: 'x' }])).toThrow(/rfc9440 format only/);
    expect(make([{ addresses: 'loopback', header: 'bad header' }])).toThrow(/field name/);
    expect(make([{ address: 'loopback' }])).toThrow(TypeError);
  });
});

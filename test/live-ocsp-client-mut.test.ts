// The OCSP client (src/verify/live/ocsp-client.ts) against a responder on 127.0.0.1 that answers
// with responses built here: what it asks (POST of the request for that certificate, to the
// configured responder or the certificate's AIA URL), what it caches (answers the responder
// vouched for, until their validUntil to the millisecond) and what it does not (failures, each
// counted and named), and one request shared by concurrent checks of one certificate.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCertificate } from '../src/certificate-input';
import { buildOcspRequest } from '../src/x509/ocsp';
import { OCSP_MAX_BYTES, OcspClient, type OcspOverlay } from '../src/verify/live/ocsp-client';
import { ia5, oid, seq } from './helpers/der';
import { ocspResponses } from './helpers/ocsp-response';
import { NOW, makeCert } from './helpers/pki';

const N = NOW.getTime();
const root = makeCert({ subject: { O: 'OCSP client', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'OCSP client', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const issuer = parseCertificate(ica.der);
const respond = ocspResponses(ica);

/** A leaf with serial `serial` whose AIA names `url` as its OCSP responder (none when omitted). */
function leafOf(serial: number, url?: string) {
  const aia = url ? [{ oid: '1.3.6.1.5.5.7.1.1', value: seq(seq(oid('1.3.6.1.5.5.7.48.1'), ia5(url, 0x86))) }] : [];
  return parseCertificate(makeCert({ subject: { O: 'OCSP client', CN: `leaf ${serial}` }, issuer: ica, serial, extensions: aia }).der);
}

interface Exchange {
  method: string | undefined;
  contentType: string | undefined;
  accept: string | undefined;
  body: Buffer;
}

/** The responder: `answer` decides each reply (status and body); `delayMs` holds it back. */
const responder = {
  url: '',
  seen: [] as Exchange[],
  answer: (): { status: number; body?: Uint8Array | Buffer } => ({ status: 200, body: respond() }),
  delayMs: 0,
};
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      responder.seen.push({
        method: req.method,
        contentType: req.headers['content-type'],
        accept: req.headers.accept,
        body: Buffer.concat(chunks),
      });
      const { status, body } = responder.answer();
      const reply = () => res.writeHead(status, { 'content-type': 'application/ocsp-response' }).end(body ? Buffer.from(body) : undefined);
      if (responder.delayMs) setTimeout(reply, responder.delayMs);
      else reply();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  responder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocsp`;
});
afterAll(
  () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
);
beforeEach(() => {
  responder.seen = [];
  responder.answer = () => ({ status: 200, body: respond() });
  responder.delayMs = 0;
});

const WALL = Date.parse('2030-01-02T03:04:05.678Z');
function client(opts: { responder?: string; timeoutMs?: number; now?: number; toleranceMs?: number; allowWeak?: boolean } = {}) {
  return new OcspClient(
    { responder: opts.responder, timeoutMs: opts.timeoutMs ?? 2000 },
    {
      now: () => new Date(opts.now ?? N),
      wallClock: () => WALL,
      toleranceMs: opts.toleranceMs ?? 0,
      allowWeakAlgorithms: opts.allowWeak ?? false,
    },
  );
}

/** Resolves one certificate and returns the answer it left in a fresh overlay. */
async function ask(c: OcspClient, cert: ReturnType<typeof leafOf>) {
  const overlay: OcspOverlay = new Map();
  await c.resolve([{ cert, issuer }], overlay);
  expect(overlay.size).toBe(1);
  return [...overlay.values()][0];
}

const GOOD_UNTIL = N + 3_600_000 + 999;

describe('where it asks', () => {
  it('a certificate without an AIA responder, and none configured: ocsp-no-responder, without asking', () => {
    expect(client().lookup(leafOf(7), issuer, N, undefined)).toEqual({
      status: 'unknown',
      problem: {
        reason: 'ocsp-no-responder',
        message: 'no CRL covers it and it names no OCSP responder (AIA), nor is `ocsp.responder` set',
      },
    });
    expect(responder.seen).toHaveLength(0);
  });

  it("the AIA URL, with a POST of the certificate's request", async () => {
    const cert = leafOf(7, responder.url);
    const c = client();
    expect(c.lookup(cert, issuer, N, undefined)).toEqual({ status: 'pending' });
    expect(await ask(c, cert)).toEqual({ status: 'good', validUntil: GOOD_UNTIL });
    expect(responder.seen).toEqual([
      {
        method: 'POST',
        contentType: 'application/ocsp-request',
        accept: 'application/ocsp-response',
        body: Buffer.from(buildOcspRequest(cert, issuer)),
      },
    ]);
  });

  it('the configured responder, before the AIA URL', async () => {
    const cert = leafOf(7, 'http://127.0.0.1:1/unused');
    const c = client({ responder: responder.url });
    expect(c.lookup(leafOf(7), issuer, N, undefined)).toEqual({ status: 'pending' });
    expect(await ask(c, cert)).toEqual({ status: 'good', validUntil: GOOD_UNTIL });
    expect(responder.seen).toHaveLength(1);
  });
});

describe('what is cached, and until when', () => {
  it('a good answer: from the cache until its validUntil, to the millisecond', async () => {
    const cert = leafOf(7, responder.url);
    const c = client();
    await ask(c, cert);
    expect(c.lookup(cert, issuer, GOOD_UNTIL, undefined)).toEqual({ status: 'good', validUntil: GOOD_UNTIL });
    expect(c.lookup(cert, issuer, GOOD_UNTIL + 1, undefined)).toEqual({ status: 'pending' });
    expect(c.status()).toEqual({ cachedAnswers: 1, requests: 1, failures: 0, lastError: undefined, lastErrorAt: undefined });
  });

  it('an answer fetched for this request comes first', async () => {
    const cert = leafOf(7, responder.url);
    const c = client();
    await ask(c, cert);
    // Another client fetches a different answer into this request's overlay.
    const overlay: OcspOverlay = new Map();
    responder.answer = () => ({ status: 200, body: respond({ singles: [{ status: 'revoked' }] }) });
    await client().resolve([{ cert, issuer }], overlay);
    expect(c.lookup(cert, issuer, N, overlay)).toEqual({ status: 'revoked' });
    expect(c.lookup(cert, issuer, N, new Map())).toEqual({ status: 'good', validUntil: GOOD_UNTIL });
  });

  it('revoked and unknown answers are cached too; unknown is not a failure', async () => {
    const revoked = leafOf(7, responder.url);
    const unknown = leafOf(8, responder.url);
    const c = client({ toleranceMs: 1000 });
    responder.answer = () => ({ status: 200, body: respond({ singles: [{ status: 'revoked' }] }) });
    expect(await ask(c, revoked)).toEqual({ status: 'revoked' });
    responder.answer = () => ({ status: 200, body: respond({ singles: [{ status: 'unknown', serial: 8 }] }) });
    const unknownAnswer = {
      status: 'unknown',
      problem: { reason: 'ocsp-unknown', message: 'the OCSP responder does not know the certificate' },
    };
    expect(await ask(c, unknown)).toEqual(unknownAnswer);
    expect(c.lookup(revoked, issuer, GOOD_UNTIL + 1000, undefined)).toEqual({ status: 'revoked' });
    expect(c.lookup(unknown, issuer, GOOD_UNTIL + 1000, undefined)).toEqual(unknownAnswer);
    expect(c.lookup(unknown, issuer, GOOD_UNTIL + 1001, undefined)).toEqual({ status: 'pending' });
    expect(c.status()).toMatchObject({ cachedAnswers: 2, requests: 2, failures: 0 });
  });

  it('answers are kept per certificate (issuer and serial)', async () => {
    const seven = leafOf(7, responder.url);
    const eight = leafOf(8, responder.url);
    const c = client();
    responder.answer = () => ({ status: 200, body: respond({ singles: [{ status: 'revoked', serial: 8 }] }) });
    await ask(c, eight);
    expect(c.lookup(seven, issuer, N, undefined)).toEqual({ status: 'pending' });
    expect(c.lookup(eight, issuer, N, undefined)).toEqual({ status: 'revoked' });
  });

  it('the response is judged by the configured clock, tolerance and weak-algorithm policy', async () => {
    const cert = leafOf(7, responder.url);
    responder.answer = () => ({ status: 200, body: respond({ singles: [{ nextUpdate: N - 60_000, thisUpdate: N - 120_000 }] }) });
    expect(await ask(client(), cert)).toEqual({
      status: 'unknown',
      problem: { reason: 'ocsp-stale', message: 'the OCSP response is no longer current (nextUpdate)' },
    });
    expect(await ask(client({ toleranceMs: 60_000 }), cert)).toEqual({ status: 'good', validUntil: N - 60_000 + 999 + 60_000 });
    expect(await ask(client({ now: N - 60_000 }), cert)).toEqual({ status: 'good', validUntil: N - 60_000 + 999 });
    responder.answer = () => ({ status: 200, body: respond({ hash: 'sha1' }) });
    expect(await ask(client(), cert)).toMatchObject({ status: 'unknown', problem: { reason: 'ocsp-invalid' } });
    expect(await ask(client({ allowWeak: true }), cert)).toEqual({ status: 'good', validUntil: GOOD_UNTIL });
  });
});

describe('failures: never cached, counted, the last one named', () => {
  const FAILED_AT = new Date(WALL).toISOString();

  it('a response the issuer did not sign: ocsp-invalid', async () => {
    const cert = leafOf(7, responder.url);
    const c = client();
    responder.answer = () => ({ status: 200, body: respond({ tamper: true }) });
    const message = 'the OCSP response is not acceptable: signature-invalid';
    expect(await ask(c, cert)).toEqual({ status: 'unknown', problem: { reason: 'ocsp-invalid', message } });
    expect(c.lookup(cert, issuer, N, undefined)).toEqual({ status: 'pending' });
    expect(c.status()).toEqual({ cachedAnswers: 0, requests: 1, failures: 1, lastError: message, lastErrorAt: FAILED_AT });
  });

  it('a stale response is a failure too', async () => {
    const c = client();
    responder.answer = () => ({ status: 200, body: respond({ singles: [{ nextUpdate: N - 60_000, thisUpdate: N - 120_000 }] }) });
    await ask(c, leafOf(7, responder.url));
    expect(c.status()).toMatchObject({ cachedAnswers: 0, failures: 1, lastError: 'the OCSP response is no longer current (nextUpdate)' });
  });

  it('bytes that do not parse: ocsp-invalid, saying so', async () => {
    const c = client();
    responder.answer = () => ({ status: 200, body: Buffer.from('not DER') });
    const answer = await ask(c, leafOf(7, responder.url));
    expect(answer).toMatchObject({ status: 'unknown', problem: { reason: 'ocsp-invalid' } });
    const { message } = (answer as { problem: { message: string } }).problem;
    expect(message).toMatch(/^the OCSP response does not parse \(.+\)$/);
    expect(c.status()).toEqual({ cachedAnswers: 0, requests: 1, failures: 1, lastError: message, lastErrorAt: FAILED_AT });
  });

  it.each<[string, () => { status: number; body?: Uint8Array | Buffer }, string]>([
    ['an HTTP error', () => ({ status: 500 }), 'HTTP status 500'],
    ['a 304 to a POST', () => ({ status: 304 }), 'the responder answered 304 to a POST'],
    [
      'a response over the size limit',
      () => ({ status: 200, body: Buffer.alloc(OCSP_MAX_BYTES + 1) }),
      'the response is larger than 65536 bytes',
    ],
  ])('%s: ocsp-unavailable, naming the responder', async (_label, answer, why) => {
    const c = client();
    responder.answer = answer;
    const message = `the OCSP responder ${responder.url} is unavailable: ${why}`;
    expect(await ask(c, leafOf(7, responder.url))).toEqual({ status: 'unknown', problem: { reason: 'ocsp-unavailable', message } });
    expect(c.status()).toEqual({ cachedAnswers: 0, requests: 1, failures: 1, lastError: message, lastErrorAt: FAILED_AT });
  });

  it('a response of exactly the size limit is read (and here does not parse)', async () => {
    responder.answer = () => ({ status: 200, body: Buffer.alloc(OCSP_MAX_BYTES) });
    expect(await ask(client(), leafOf(7, responder.url))).toMatchObject({ status: 'unknown', problem: { reason: 'ocsp-invalid' } });
  });

  it('a responder slower than the timeout: ocsp-unavailable', async () => {
    responder.delayMs = 500;
    const c = client({ timeoutMs: 100 });
    expect(await ask(c, leafOf(7, responder.url))).toEqual({
      status: 'unknown',
      problem: {
        reason: 'ocsp-unavailable',
        message: `the OCSP responder ${responder.url} is unavailable: no complete answer within 100 ms`,
      },
    });
  });
});

describe('one request per certificate in flight', () => {
  it('concurrent checks share it; a later check asks again', async () => {
    responder.delayMs = 100;
    const cert = leafOf(7, responder.url);
    const c = client();
    const a: OcspOverlay = new Map();
    const b: OcspOverlay = new Map();
    await Promise.all([c.resolve([{ cert, issuer }], a), c.resolve([{ cert, issuer }], b)]);
    expect(responder.seen).toHaveLength(1);
    expect([...a.values()]).toEqual([{ status: 'good', validUntil: GOOD_UNTIL }]);
    expect([...b.values()]).toEqual([{ status: 'good', validUntil: GOOD_UNTIL }]);
    await c.resolve([{ cert, issuer }], new Map());
    expect(responder.seen).toHaveLength(2);
    expect(c.status()).toMatchObject({ requests: 2 });
  });

  it('different certificates are asked separately', async () => {
    responder.delayMs = 50;
    const c = client();
    const overlay: OcspOverlay = new Map();
    await c.resolve(
      [
        { cert: leafOf(7, responder.url), issuer },
        { cert: leafOf(8, responder.url), issuer },
      ],
      overlay,
    );
    expect(responder.seen).toHaveLength(2);
    expect(overlay.size).toBe(2);
  });
});

// Regression tests for the edge of the middleware under hostile input (issue 8, items 4–8): the
// clock read once and never cached when invalid, log injection, repeated attributes in guards,
// IPv6 zone ids in trustedProxies, a throwing trustedProxies predicate.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import express from 'express';
import request from 'supertest';
import {
  ClientCertError,
  clientCert,
  createVerifier,
  encodeClientCert,
  encodeClientCertChain,
  requireClientCert,
  type ClientCertAuditEvent,
  type ClientCertOptions,
  type ClientCertRequestFields,
} from '../src/index';
import { compileProxies } from '../src/proxy';
import { escapeControlCharacters } from '../src/x509/escape';
import { formatRfc4514 } from '../src/x509/names';
import { octets, oid, seq, set, utf8 } from './helpers/der';
import { NOW, makeCert, makeCrl, makePki, type TestCert } from './helpers/pki';

const { root, intermediate, leaf } = makePki('Edge');
const headersOf = (cert: TestCert, chain: TestCert[] = [intermediate]) => ({
  'Client-Cert': encodeClientCert(cert.der),
  'Client-Cert-Chain': encodeClientCertChain(chain.map((c) => c.der)),
});

interface Seen {
  subject: string | null;
  code: string | null;
  reason: string | null;
  message: string | null;
}

function app(options: Partial<ClientCertOptions>, guard?: Parameters<typeof requireClientCert>[0]) {
  const events: ClientCertAuditEvent[] = [];
  const a = express();
  a.use(clientCert({ trustedProxies: 'loopback', trustAnchors: root.pem, now: () => NOW, onAudit: (e) => events.push(e), ...options }));
  const handlers = guard ? [requireClientCert(guard)] : [];
  a.get('/', ...handlers, (req, res) => {
    const seen: Seen = {
      subject: req.clientCert?.subject ?? null,
      code: req.clientCertError?.code ?? null,
      reason: req.clientCertError?.reason ?? null,
      message: req.clientCertError?.message ?? null,
    };
    res.json(seen);
  });
  a.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    void _next;
    const e = err as ClientCertError;
    res.status(e.status ?? 500).json({ code: e.code, reason: e.reason, message: e.message });
  });
  return { a, events };
}

// Every character the escaping covers: C0, DEL, C1, line/paragraph separators, bidi overrides.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

describe('item 4: the clock is read once per decision; an invalid clock is never cached', () => {
  it('reads now() exactly once per request, CRLs and chain included', async () => {
    let reads = 0;
    const crls = [makeCrl({ issuer: root }).pem, makeCrl({ issuer: intermediate }).pem];
    const { a } = app({ crls, cache: false, now: () => (reads++, NOW) });
    const res = await request(a).get('/').set(headersOf(leaf)).expect(200);
    expect(res.body.subject).toBe('CN=alice,O=Edge');
    expect(reads).toBe(1);
  });

  it('createVerifier reads now() exactly once per verify()', async () => {
    let reads = 0;
    const crls = [makeCrl({ issuer: root }).pem, makeCrl({ issuer: intermediate }).pem];
    const verifier = createVerifier({ trustAnchors: root.pem, crls, now: () => (reads++, NOW) });
    await verifier.verify({ certificate: leaf.der, chain: [intermediate.der] });
    expect(reads).toBe(1);
  });

  it.each([
    ['returns an invalid Date', () => new Date(Number.NaN)],
    [
      'throws',
      () => {
        throw new Error('clock failure');
      },
    ],
  ])('a decision made while the clock %s is refused (clock-invalid) and never cached', async (_label, broken) => {
    let clock: () => Date = broken;
    const { a, events } = app({ now: () => clock() });
    const first = await request(a).get('/').set(headersOf(leaf)).expect(200);
    expect(first.body).toMatchObject({ subject: null, code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'clock-invalid' });
    clock = () => NOW;
    const second = await request(a).get('/').set(headersOf(leaf)).expect(200);
    expect(second.body).toMatchObject({ subject: 'CN=alice,O=Edge', code: null });
    expect(events.map((e) => [e.outcome, e.reason, e.cached])).toEqual([
      ['rejected', 'clock-invalid', false],
      ['accepted', undefined, false],
    ]);
  });

  it('createVerifier refuses with clock-invalid', async () => {
    const verifier = createVerifier({ trustAnchors: root.pem, now: () => new Date('not a date') });
    await expect(verifier.verify({ certificate: leaf.der, chain: [intermediate.der] })).rejects.toMatchObject({
      code: 'ERR_CLIENT_CERT_UNTRUSTED',
      reason: 'clock-invalid',
    });
  });
});

describe('item 5: no raw control character reaches an identity string, a message or an audit event', () => {
  const injected = 'x\n2030-01-01T00:00:00Z INFO client-cert accepted subject=CN=admin';
  const hostile = makeCert({ subject: { O: 'Edge', CN: injected }, issuer: intermediate });
  const oddCa = makeCert({ subject: { O: 'Edge', CN: 'CA\r\u001b[31m\u007f\u0085\u2028\u202e' }, issuer: root, ca: true, pathLen: 0 });
  const oddLeaf = makeCert({ subject: { CN: 'bob' }, issuer: oddCa });
  const foreign = makePki('Foreign');
  const hostileForeign = makeCert({ subject: { CN: injected }, issuer: foreign.intermediate });

  it('escapes LF in the subject as \\0a (RFC 4514 hex pair), keeps the exact value in subjectAttributes', async () => {
    const { a, events } = app({});
    let attributes: readonly string[] | undefined;
    a.get('/attrs', (req, res) => {
      attributes = req.clientCert?.subjectAttributes.CN;
      res.end();
    });
    const res = await request(a).get('/').set(headersOf(hostile)).expect(200);
    expect(res.body.subject).toBe('CN=x\\0a2030-01-01T00:00:00Z INFO client-cert accepted subject=CN=admin,O=Edge');
    await request(a).get('/attrs').set(headersOf(hostile)).expect(200);
    expect(attributes).toEqual([injected]);
    for (const s of stringsOf(events)) expect(s).not.toMatch(UNSAFE);
  });

  it('escapes CR, ESC, DEL, C1, U+2028 and bidi overrides in issuer and chain strings', async () => {
    const { a, events } = app({});
    let seen: unknown;
    a.get('/chain', (req, res) => {
      const id = req.clientCert;
      seen = id && { subject: id.subject, issuer: id.issuer, chain: id.chain.map((c) => [c.subject, c.issuer]) };
      res.end();
    });
    await request(a)
      .get('/chain')
      .set(headersOf(oddLeaf, [oddCa]))
      .expect(200);
    expect(seen).toMatchObject({ issuer: 'CN=CA\\0d\\1b[31m\\7f\\c2\\85\\e2\\80\\a8\\e2\\80\\ae,O=Edge' });
    for (const s of stringsOf(seen)) expect(s).not.toMatch(UNSAFE);
    for (const s of stringsOf(events)) expect(s).not.toMatch(UNSAFE);
  });

  it('a refused certificate: the error message and the audit event carry no raw LF', async () => {
    const { a, events } = app({});
    const res = await request(a)
      .get('/')
      .set(headersOf(hostileForeign, [foreign.intermediate]))
      .expect(200);
    expect(res.body).toMatchObject({ code: 'ERR_CLIENT_CERT_UNTRUSTED' });
    expect(res.body.message).toContain('x\\0a2030');
    expect(res.body.message).not.toMatch(UNSAFE);
    expect(events).toHaveLength(1);
    expect(events[0].subject).toContain('x\\0a2030');
    for (const s of stringsOf(events)) expect(s).not.toMatch(UNSAFE);
  });

  it('a guard refusal: the 403 message and the forbidden audit event carry no raw LF', async () => {
    const { a, events } = app({}, { subject: { CN: 'admin' } });
    const res = await request(a).get('/').set(headersOf(hostile)).expect(403);
    expect(res.body).toMatchObject({ code: 'ERR_CLIENT_CERT_FORBIDDEN', reason: 'subject-mismatch' });
    expect(res.body.message).not.toMatch(UNSAFE);
    expect(events.map((e) => e.outcome)).toEqual(['accepted', 'forbidden']);
    for (const s of stringsOf(events)) expect(s).not.toMatch(UNSAFE);
  });

  it('a guard still matches the exact value, control characters included', async () => {
    const { a } = app({}, { subject: { CN: injected } });
    await request(a).get('/').set(headersOf(hostile)).expect(200);
  });

  it('no code unit survives unescaped if it is unsafe, and every safe one is kept as is', () => {
    let all = '';
    for (let c = 0; c <= 0xffff; c++) if (c < 0xd800 || c > 0xdfff) all += String.fromCharCode(c);
    const name = { rdns: [[{ oid: '2.5.4.3', text: all, valueDer: new Uint8Array(0) }]], der: new Uint8Array(0), key: '', rdnKeys: [] };
    const formatted = formatRfc4514(name);
    expect(formatted).not.toMatch(UNSAFE);
    expect(escapeControlCharacters(all)).not.toMatch(UNSAFE);
    // 65 unsafe code units below U+00A0, 2 separators, 9 bidi controls: everything else is untouched.
    expect(escapeControlCharacters(all).length - all.length).toBe(
      [...all].reduce((n, ch) => n + (UNSAFE.test(ch) ? Buffer.byteLength(ch) * 3 - 1 : 0), 0),
    );
  });

  it('ClientCertError messages are escaped whatever builds them', () => {
    const err = new ClientCertError('ERR_CLIENT_CERT_MALFORMED', 'a\nb\u2029c', { reason: 'test' });
    expect(err.message).toBe('a\\0ab\\e2\\80\\a9c');
  });

  it('audit fields set from elsewhere (the request path) are escaped too', async () => {
    const events: ClientCertAuditEvent[] = [];
    const mw = clientCert({ trustedProxies: 'loopback', trustAnchors: root.pem, onAudit: (e) => events.push(e) });
    const req = { method: 'GET', url: '/a\u0085b', headers: {}, rawHeaders: [], socket: { remoteAddress: '127.0.0.1' } };
    mw(req as unknown as IncomingMessage, {} as ServerResponse, () => undefined);
    expect(events[0].path).toBe('/a\\c2\\85b');
  });
});

describe('item 6: a keyed guard refuses an attribute that occurs more than once', () => {
  const twoCns = makeCert({ subject: { CN: ['mallory', 'admin'], O: 'Example' }, issuer: intermediate });
  const twoOus = makeCert({ subject: { O: 'Edge', OU: ['ops', 'dev'], CN: 'carol' }, issuer: intermediate });

  it('CN=mallory,CN=admin does not pass { CN: "admin" } (403 attribute-repeated)', async () => {
    const { a, events } = app({}, { subject: { CN: 'admin' } });
    const res = await request(a).get('/').set(headersOf(twoCns)).expect(403);
    expect(res.body).toMatchObject({ code: 'ERR_CLIENT_CERT_FORBIDDEN', reason: 'attribute-repeated' });
    expect(events[1]).toMatchObject({ outcome: 'forbidden', code: 'ERR_CLIENT_CERT_FORBIDDEN', reason: 'attribute-repeated' });
  });

  it('nor { CN: "mallory" }: which one a tool reads is not the question', async () => {
    const { a } = app({}, { subject: { CN: 'mallory' } });
    const res = await request(a).get('/').set(headersOf(twoCns)).expect(403);
    expect(res.body).toMatchObject({ code: 'ERR_CLIENT_CERT_FORBIDDEN', reason: 'attribute-repeated' });
  });

  it('a second CN that is not a string (left out of subjectAttributes) still counts as a repeat', async () => {
    const subject = seq(
      set(seq(oid('2.5.4.10'), utf8('Edge'))),
      set(seq(oid('2.5.4.3'), octets(new TextEncoder().encode('mallory')))),
      set(seq(oid('2.5.4.3'), utf8('admin'))),
    );
    const sneaky = makeCert({ subject, issuer: intermediate });
    const { a } = app({}, { subject: { CN: 'admin' } });
    const res = await request(a).get('/').set(headersOf(sneaky)).expect(403);
    expect(res.body).toMatchObject({ code: 'ERR_CLIENT_CERT_FORBIDDEN', reason: 'attribute-repeated' });
    expect(res.body.message).toContain('CN 2 times');
  });

  it('a guard on another attribute is not affected', async () => {
    const { a } = app({}, { subject: { O: 'Example' } });
    await request(a).get('/').set(headersOf(twoCns)).expect(200);
  });

  it('allowRepeatedAttributes opts in per attribute (aliases accepted)', async () => {
    await request(app({}, { subject: { OU: 'ops' } }).a)
      .get('/')
      .set(headersOf(twoOus))
      .expect(403)
      .expect((r) => expect(r.body.reason).toBe('attribute-repeated'));
    await request(app({}, { subject: { OU: 'dev' }, allowRepeatedAttributes: ['organizationalUnitName'] }).a)
      .get('/')
      .set(headersOf(twoOus))
      .expect(200);
    await request(app({}, { subject: { OU: 'qa' }, allowRepeatedAttributes: ['OU'] }).a)
      .get('/')
      .set(headersOf(twoOus))
      .expect(403)
      .expect((r) => expect(r.body.reason).toBe('subject-mismatch'));
  });
});

describe('item 7: IPv6 zone ids in trustedProxies are refused at configuration', () => {
  it.each([['fe80::1%eth0'], [['loopback', 'fe80::1%eth0']], [[{ addresses: 'fe80::1%eth0', format: 'rfc9440' as const }]]])(
    'trustedProxies %j throws a TypeError naming the zone',
    (trustedProxies) => {
      expect(() => clientCert({ trustedProxies, trustAnchors: root.pem })).toThrow(TypeError);
      expect(() => clientCert({ trustedProxies, trustAnchors: root.pem })).toThrow(/zone id/);
    },
  );

  it('fe80::1%eth0 can never come to trust fe80::1%eth1: the entry is refused, saying a bare address means every interface', () => {
    expect(() => compileProxies(['fe80::1%eth0'])).toThrow(/zone id.*every interface/);
    expect(() => compileProxies([{ addresses: ['10.0.0.1', 'fe80::1%eth0'], format: 'escaped-pem' }])).toThrow(/zone id/);
  });
});

describe('item 8: a trustedProxies predicate that throws', () => {
  it('under plain node:http: no exception escapes, the peer is untrusted, one warning', async () => {
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const mw = clientCert({
      trustedProxies: () => {
        throw new Error('lookup failed');
      },
      trustAnchors: root.pem,
      now: () => NOW,
    });
    const server = createServer((req: IncomingMessage & ClientCertRequestFields, res: ServerResponse) => {
      try {
        mw(req, res, () => {
          const e = req.clientCertError;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ subject: req.clientCert?.subject ?? null, code: e?.code ?? null, reason: e?.reason ?? null }));
        });
      } catch {
        res.writeHead(500).end('escaped');
      }
    });
    try {
      for (let i = 0; i < 2; i++) {
        await request(server)
          .get('/')
          .set(headersOf(leaf))
          .expect(200, { subject: null, code: 'ERR_CLIENT_CERT_UNTRUSTED_PROXY', reason: 'trusted-proxies-threw' });
      }
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0][1]).toMatchObject({ code: 'EXPRESS_CLIENT_CERT_TRUSTED_PROXIES' });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the untrusted peer', () => {
  it('is named in the refusal', async () => {
    const { a } = app({ trustedProxies: ['10.0.0.1'] });
    const res = await request(a).get('/').set(headersOf(leaf)).expect(200);
    expect(res.body).toMatchObject({ code: 'ERR_CLIENT_CERT_UNTRUSTED_PROXY', reason: 'peer-not-trusted' });
    expect(res.body.message).toMatch(/from (127\.0\.0\.1|::1), which is not in trustedProxies/);
  });
});

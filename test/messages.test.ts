// Mistakes a newcomer makes are detected where they happen and explained (issue 12, items 3 and 4):
// every case names what was wrong and how to fix it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import {
  clientCert,
  createVerifier,
  encodeClientCert,
  encodeClientCertChain,
  requireClientCert,
  type ClientCertAuditEvent,
  type ClientCertOptions,
} from '../src/index';
import { SUPPORTED_ATTRIBUTE_NAMES, resolveAttributeName } from '../src/x509/names';
import { NOW, makeCert, makeCrl, makePki, type TestCert } from './helpers/pki';

const { root, intermediate, leaf } = makePki('Msg');
const opsLeaf = makeCert({ subject: { O: 'Msg', OU: 'ops', CN: 'dave' }, issuer: intermediate });
const base = { trustedProxies: 'loopback', trustAnchors: root.pem, now: () => NOW } as const;
const headersOf = (cert: TestCert, chain: TestCert[] = [intermediate]) => ({
  'Client-Cert': encodeClientCert(cert.der),
  ...(chain.length ? { 'Client-Cert-Chain': encodeClientCertChain(chain.map((c) => c.der)) } : {}),
});

/** The error handler of a typical app: status, code, reason and message of whatever reached it. */
const errors: express.ErrorRequestHandler = (err, _req, res, _next) => {
  void _next;
  const e = err as { status?: number; code?: string; reason?: string; message: string; name: string };
  res.status(e.status ?? 500).json({ name: e.name, code: e.code ?? null, reason: e.reason ?? null, message: e.message });
};

const whoami: express.RequestHandler = (req, res) => {
  res.json({
    subject: req.clientCert?.subject ?? null,
    code: req.clientCertError?.code ?? null,
    reason: req.clientCertError?.reason ?? null,
    message: req.clientCertError?.message ?? null,
  });
};

function appWith(options: Partial<ClientCertOptions>, events: ClientCertAuditEvent[] = []) {
  const a = express();
  a.use(clientCert({ ...base, onAudit: (e) => events.push(e), ...options }));
  return a;
}

describe('mounting mistakes', () => {
  it('the same middleware mounted on the app and on a router keeps the identity, audited once', async () => {
    const events: ClientCertAuditEvent[] = [];
    const auth = clientCert({ ...base, onAudit: (e) => events.push(e) });
    const a = express();
    const router = express.Router();
    a.use(auth);
    router.use(auth);
    router.get('/me', requireClientCert({ subject: { CN: 'alice' } }), whoami);
    a.use('/api', router);
    a.use(errors);
    await request(a)
      .get('/api/me')
      .set(headersOf(leaf))
      .expect(200, { subject: 'CN=alice,O=Msg', code: null, reason: null, message: null });
    expect(events.map((e) => e.outcome)).toEqual(['accepted']);
  });

  it('a different clientCert mounted after the first still reads the fields and decides with its own options', async () => {
    const other = makePki('Other');
    const a = express();
    a.use(clientCert(base));
    a.use('/strict', clientCert({ ...base, trustAnchors: other.root.pem }));
    a.get('/strict/me', whoami);
    a.get('/me', whoami);
    await request(a)
      .get('/me')
      .set(headersOf(leaf))
      .expect(200)
      .expect((r) => expect(r.body.subject).toBe('CN=alice,O=Msg'));
    const res = await request(a).get('/strict/me').set(headersOf(leaf)).expect(200);
    expect(res.body).toMatchObject({ subject: null, code: 'ERR_CLIENT_CERT_UNTRUSTED' });
  });

  it('app.use(clientCert) without calling it says how to mount it', async () => {
    const a = express();
    a.use(clientCert as unknown as express.RequestHandler);
    a.get('/', whoami);
    a.use(errors);
    const res = await request(a).get('/').expect(500);
    expect(res.body).toMatchObject({ name: 'TypeError' });
    expect(res.body.message).toMatch(/clientCert was mounted without being called: write app\.use\(clientCert\(\{/);
  });

  it('the factories called as handlers without next throw the same explanation', () => {
    const req = { method: 'GET', url: '/', headers: {}, socket: {} };
    const call = (f: unknown) => () => (f as (...a: unknown[]) => unknown)(req, {});
    expect(call(clientCert)).toThrow(/clientCert was mounted without being called/);
    expect(call(requireClientCert)).toThrow(/requireClientCert was mounted without being called/);
  });

  it('requireClientCert used without calling it says how to use it', async () => {
    const a = appWith({});
    a.get('/', requireClientCert as unknown as express.RequestHandler, whoami);
    a.use(errors);
    const res = await request(a).get('/').set(headersOf(leaf)).expect(500);
    expect(res.body.message).toMatch(/requireClientCert was mounted without being called/);
  });

  it('requireClientCert without clientCert mounted says so instead of blaming the client', async () => {
    const a = express();
    a.get('/', requireClientCert(), whoami);
    a.use(errors);
    const res = await request(a).get('/').set(headersOf(leaf)).expect(500);
    expect(res.body).toMatchObject({ name: 'TypeError' });
    expect(res.body.message).toMatch(/no clientCert\(\) middleware ran before this guard/);
  });
});

describe('guard attribute names', () => {
  it.each([[{ OU: 'ops' }], [{ ou: 'ops' }], [{ organizationalUnitName: 'ops' }], [{ '2.5.4.11': 'ops' }], [{ commonName: 'dave' }]])(
    'accepts %j as an alias of the short name',
    async (subject) => {
      const a = appWith({});
      a.get('/', requireClientCert({ subject }), whoami);
      a.use(errors);
      await request(a).get('/').set(headersOf(opsLeaf)).expect(200);
    },
  );

  it('refuses an unknown name at creation, listing the supported ones', () => {
    expect(() => requireClientCert({ subject: { orgUnit: 'ops' } })).toThrow(TypeError);
    expect(() => requireClientCert({ issuer: { orgUnit: 'ops' } })).toThrow(
      /unknown attribute name `orgUnit`\. Supported.*OU \(organizationalUnitName, organizationalUnit\)/,
    );
    expect(() => requireClientCert({ allowRepeatedAttributes: ['nope'] })).toThrow(/unknown attribute name `nope`/);
  });

  it('refuses the same attribute under two names', () => {
    expect(() => requireClientCert({ subject: { CN: 'a', commonName: 'b' } })).toThrow(/`CN` and `commonName` name the same attribute/);
  });
});

describe('configuration', () => {
  it('a Buffer of PEM text works wherever a PEM string does', async () => {
    const crls = Buffer.from(makeCrl({ issuer: root }).pem + makeCrl({ issuer: intermediate }).pem);
    const a = appWith({ trustAnchors: Buffer.from(root.pem), intermediates: [Buffer.from(intermediate.pem)], crls });
    a.get('/', whoami);
    await request(a)
      .get('/')
      .set(headersOf(leaf, []))
      .expect(200)
      .expect((r) => expect(r.body.subject).toBe('CN=alice,O=Msg'));
    const verifier = createVerifier({ trustAnchors: Buffer.from(`\n${root.pem}`), now: () => NOW });
    const identity = await verifier.verify({ certificate: Buffer.from(leaf.pem), chain: [Buffer.from(intermediate.pem)] });
    expect(identity.subject).toBe('CN=alice,O=Msg');
    expect(encodeClientCert(Buffer.from(leaf.pem))).toBe(encodeClientCert(leaf.der));
  });

  it('trustedProxies: [] without directTls says what to do', () => {
    expect(() => clientCert({ trustedProxies: [], trustAnchors: root.pem })).toThrow(/is empty.*directTls: true/);
  });
});

describe('refusals that name the answer', () => {
  it('a leaf without its chain names the missing issuer and where to supply it', async () => {
    const a = appWith({});
    a.get('/', whoami);
    const res = await request(a).get('/').set(headersOf(leaf, [])).expect(200);
    expect(res.body).toMatchObject({ code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'issuer-unknown' });
    expect(res.body.message).toContain('the issuer CN=Msg Issuing CA,O=Msg was neither forwarded nor configured');
    expect(res.body.message).toMatch(/Client-Cert-Chain.*`intermediates`/);
  });

  it.each([
    ['PEM', leaf.pem.replace(/\n/g, ''), 'field-is-pem', /format: 'escaped-pem'/],
    ['URL-escaped PEM', encodeURIComponent(leaf.pem), 'field-is-pem', /escaped-pem/],
    ['bare base64 DER', Buffer.from(leaf.der).toString('base64'), 'field-is-bare-base64', /format: 'base64-der'/],
    ['an Envoy XFCC value', `Hash=${'ab'.repeat(32)};Cert="${encodeURIComponent(leaf.pem)}"`, 'field-is-xfcc', /format: 'envoy-xfcc'/],
  ])('%s in Client-Cert gets a hint about the formats', async (_label, value, reason, hint) => {
    const a = appWith({});
    a.get('/', whoami);
    const res = await request(a).get('/').set('Client-Cert', value).expect(200);
    expect(res.body).toMatchObject({ code: 'ERR_CLIENT_CERT_MALFORMED', reason });
    expect(res.body.message).toMatch(hint);
    expect(res.body.message).not.toContain(value.slice(0, 40));
  });
});

describe('guard refusals in the audit trail; responses that depend on the certificate', () => {
  it('a 403 emits a forbidden event with code, reason and message', async () => {
    const events: ClientCertAuditEvent[] = [];
    const a = appWith({}, events);
    a.get('/admin', requireClientCert({ subject: { CN: 'root' } }), whoami);
    a.use(errors);
    await request(a).get('/admin').set(headersOf(leaf)).expect(403);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ outcome: 'accepted', subject: 'CN=alice,O=Msg' });
    expect(events[1]).toMatchObject({
      outcome: 'forbidden',
      code: 'ERR_CLIENT_CERT_FORBIDDEN',
      reason: 'subject-mismatch',
      subject: 'CN=alice,O=Msg',
      fingerprint256: leaf.fingerprint256,
      path: '/admin',
      method: 'GET',
      trustedPeer: true,
    });
    expect(events[1].message).toMatch(/CN does not match this route's policy/);
  });

  it('a hook that edits its event (redaction) does not change the forbidden event that follows', async () => {
    const events: ClientCertAuditEvent[] = [];
    const redacting = (e: ClientCertAuditEvent): void => {
      events.push({ ...e });
      delete e.subject;
      e.peer = 'redacted';
      e.path = '/elsewhere';
    };
    const a = appWith({ onAudit: redacting });
    a.get('/admin', requireClientCert({ subject: { CN: 'root' } }), whoami);
    a.use(errors);
    await request(a).get('/admin').set(headersOf(leaf)).expect(403);
    expect(events[1]).toMatchObject({ outcome: 'forbidden', subject: 'CN=alice,O=Msg', path: '/admin', peer: events[0].peer });
  });

  it.each([
    ['fingerprint256', { fingerprint256: '00'.repeat(32) }, 'fingerprint-mismatch'],
    ['san', { san: { dns: 'other.internal' } }, 'san-mismatch'],
    ['check', { check: () => false }, 'check-refused'],
    ['issuer', { issuer: { CN: 'Nobody' } }, 'issuer-mismatch'],
  ])('a %s refusal has its own reason', async (_key, policy, reason) => {
    const a = appWith({});
    a.get('/', requireClientCert(policy), whoami);
    a.use(errors);
    const res = await request(a).get('/').set(headersOf(leaf)).expect(403);
    expect(res.body).toMatchObject({ code: 'ERR_CLIENT_CERT_FORBIDDEN', reason });
  });

  it('a rejected event carries the message', async () => {
    const events: ClientCertAuditEvent[] = [];
    const a = appWith({}, events);
    a.get('/', whoami);
    await request(a).get('/').set(headersOf(leaf, [])).expect(200);
    expect(events[0]).toMatchObject({ outcome: 'rejected', code: 'ERR_CLIENT_CERT_UNTRUSTED', reason: 'issuer-unknown' });
    expect(events[0].message).toContain('CN=Msg Issuing CA,O=Msg');
  });

  it('required: true marks its 401s and its passes Vary: Client-Cert, Cache-Control: no-store', async () => {
    const a = appWith({ required: true });
    a.get('/', whoami);
    a.use(errors);
    const refused = await request(a).get('/').expect(401);
    expect(refused.body).toMatchObject({ code: 'ERR_CLIENT_CERT_MISSING', reason: 'certificate-absent' });
    expect(refused.headers.vary).toMatch(/Client-Cert/);
    expect(refused.headers['cache-control']).toBe('no-store');
    const passed = await request(a).get('/').set(headersOf(leaf)).expect(200);
    expect(passed.headers.vary).toMatch(/Client-Cert/);
    expect(passed.headers['cache-control']).toBe('no-store');
  });

  it('guarded 401s and 403s are marked too', async () => {
    const a = appWith({});
    a.get('/', requireClientCert({ subject: { CN: 'root' } }), whoami);
    a.use(errors);
    for (const res of [await request(a).get('/').expect(401), await request(a).get('/').set(headersOf(leaf)).expect(403)]) {
      expect(res.headers.vary).toMatch(/Client-Cert/);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('the README', () => {
  it('lists every attribute name guards accept', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    for (const entry of SUPPORTED_ATTRIBUTE_NAMES) {
      for (const name of entry.replace(/[(),]/g, ' ').split(/\s+/).filter(Boolean)) {
        expect(readme).toContain(`\`${name}\``);
        expect(resolveAttributeName(name.toLowerCase())).toBeDefined();
      }
    }
  });
});

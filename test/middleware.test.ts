import request from 'supertest';
import { clientCert, encodeClientCert, encodeClientCertChain, requireClientCert, type ClientCertOptions } from '../src/index';
import { normalisePeer } from '../src/proxy';
import { expressVersions, makeApp } from './helpers/app';
import { DAY, NOW, makeCert, makePki } from './helpers/pki';

const { root, intermediate, leaf } = makePki('Mw');
const base: ClientCertOptions = { trustedProxies: 'loopback', trustAnchors: root.pem, now: () => NOW };
const fields = { 'Client-Cert': encodeClientCert(leaf.pem), 'Client-Cert-Chain': encodeClientCertChain([intermediate.pem]) };

describe.each(expressVersions)('clientCert middleware on %s', (_label, express) => {
  it('identifies a client from a trusted proxy and strips the fields', async () => {
    const { app, events } = makeApp(express, base);
    const res = await request(app).get('/whoami?x=1').set(fields).expect(200);
    expect(res.body).toEqual({ subject: 'CN=alice,O=Mw', fingerprint256: leaf.fingerprint256, error: null, sawClientCert: false });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      outcome: 'accepted',
      peer: '127.0.0.1',
      trustedPeer: true,
      method: 'GET',
      path: '/whoami',
      fingerprint256: leaf.fingerprint256,
      subject: 'CN=alice,O=Mw',
      issuer: 'CN=Mw Issuing CA,O=Mw',
    });
    expect(typeof events[0].serialNumber).toBe('string');
    expect(new Date(events[0].time).toString()).not.toBe('Invalid Date');
  });

  it('strips the fields from an untrusted peer without parsing them', async () => {
    const { app, events } = makeApp(express, { ...base, trustedProxies: ['10.0.0.0/8'] });
    const res = await request(app).get('/whoami').set({ 'Client-Cert': ':garbage-not-parsed:' }).expect(200);
    expect(res.body).toEqual({ subject: null, fingerprint256: null, error: 'ERR_CLIENT_CERT_UNTRUSTED_PROXY', sawClientCert: false });
    expect(events[0]).toMatchObject({ outcome: 'rejected', code: 'ERR_CLIENT_CERT_UNTRUSTED_PROXY', trustedPeer: false });
  });

  it('never consults X-Forwarded-For, even with trust proxy on', async () => {
    const { app } = makeApp(express, { ...base, trustedProxies: ['10.0.0.0/8'] });
    app.set('trust proxy', true);
    const res = await request(app)
      .get('/whoami')
      .set({ ...fields, 'X-Forwarded-For': '10.1.2.3' })
      .expect(200);
    expect(res.body.error).toBe('ERR_CLIENT_CERT_UNTRUSTED_PROXY');
    expect(res.body.subject).toBeNull();
  });

  it('a request without the fields is absent, not an error', async () => {
    const { app, events } = makeApp(express, base);
    const res = await request(app).get('/whoami').expect(200);
    expect(res.body).toMatchObject({ subject: null, error: null });
    expect(events[0]).toMatchObject({ outcome: 'absent', trustedPeer: true });
    expect(events[0].code).toBeUndefined();
  });

  it('a refused certificate leaves clientCertError and the audit event names the certificate', async () => {
    const expired = makeCert({ subject: 'old', issuer: intermediate, notAfter: new Date(NOW.getTime() - DAY) });
    const { app, events } = makeApp(express, base);
    const res = await request(app)
      .get('/whoami')
      .set({ 'Client-Cert': encodeClientCert(expired.der), 'Client-Cert-Chain': fields['Client-Cert-Chain'] })
      .expect(200);
    expect(res.body).toMatchObject({ subject: null, error: 'ERR_CLIENT_CERT_EXPIRED', sawClientCert: false });
    expect(events[0]).toMatchObject({ outcome: 'rejected', code: 'ERR_CLIENT_CERT_EXPIRED', fingerprint256: expired.fingerprint256 });
  });

  it('two Client-Cert field lines are malformed', async () => {
    const { app } = makeApp(express, base);
    const res = await request(app)
      .get('/whoami')
      .set('Client-Cert', [fields['Client-Cert'], fields['Client-Cert']] as unknown as string)
      .expect(200);
    expect(res.body.error).toBe('ERR_CLIENT_CERT_MALFORMED');
  });

  it('a chain without the leaf is malformed and is stripped', async () => {
    const { app } = makeApp(express, base);
    const res = await request(app).get('/whoami').set('Client-Cert-Chain', fields['Client-Cert-Chain']).expect(200);
    expect(res.body).toMatchObject({ error: 'ERR_CLIENT_CERT_MALFORMED', sawClientCert: false });
  });

  it('the chain may span several field lines', async () => {
    const { app } = makeApp(express, base);
    const res = await request(app)
      .get('/whoami')
      .set('Client-Cert', fields['Client-Cert'])
      .set('Client-Cert-Chain', [encodeClientCert(intermediate.pem), encodeClientCert(root.pem)] as unknown as string)
      .expect(200);
    expect(res.body.subject).toBe('CN=alice,O=Mw');
  });

  describe('required: true', () => {
    it.each<[string, Record<string, string>, number, string]>([
      ['no certificate', {}, 401, 'ERR_CLIENT_CERT_MISSING'],
      ['a malformed field', { 'Client-Cert': ':bm90IGEgY2VydA==:' }, 400, 'ERR_CLIENT_CERT_MALFORMED'],
      ['an oversized field', { 'Client-Cert': `:${'A'.repeat(12000)}:` }, 431, 'ERR_CLIENT_CERT_TOO_LARGE'],
      ['an unknown issuer', { 'Client-Cert': encodeClientCert(makePki('Else').leaf.pem) }, 401, 'ERR_CLIENT_CERT_UNTRUSTED'],
    ])('%s → %i %s', async (_name, headers, status, code) => {
      const { app } = makeApp(express, { ...base, required: true });
      const res = await request(app).get('/whoami').set(headers).expect(status);
      expect(res.body).toEqual({ error: code });
    });

    it('an untrusted peer is refused with ERR_CLIENT_CERT_UNTRUSTED_PROXY', async () => {
      const { app } = makeApp(express, { ...base, required: true, trustedProxies: () => false });
      const res = await request(app).get('/whoami').set(fields).expect(401);
      expect(res.body).toEqual({ error: 'ERR_CLIENT_CERT_UNTRUSTED_PROXY' });
    });

    it('a valid certificate passes', async () => {
      const { app } = makeApp(express, { ...base, required: true });
      await request(app).get('/whoami').set(fields).expect(200);
    });
  });

  describe('requireClientCert guards', () => {
    const routes = (app: ReturnType<typeof makeApp>['app']): void => {
      app.get('/any', requireClientCert(), (req, res) => res.json({ ok: req.clientCert?.subject }));
      app.get('/alice', requireClientCert({ subject: { CN: 'alice' } }), (_req, res) => res.json({ ok: true }));
      app.get('/ops', requireClientCert({ subject: { CN: ['bob', 'carol'] } }), (_req, res) => res.json({ ok: true }));
      app.get('/issuer', requireClientCert({ issuer: { CN: 'Mw Issuing CA' }, san: { email: 'alice@example.com' } }), (_req, res) =>
        res.json({ ok: true }),
      );
      app.get('/pin', requireClientCert({ fingerprint256: leaf.fingerprint256.toUpperCase().match(/../g)!.join(':') }), (_req, res) =>
        res.json({ ok: true }),
      );
      app.get('/check', requireClientCert({ check: (id, req) => id.san.email.length > 0 && req.method === 'GET' }), (_req, res) =>
        res.json({ ok: true }),
      );
      app.get('/nocheck', requireClientCert({ check: () => false }), (_req, res) => res.json({ ok: true }));
      app.get('/san', requireClientCert({ san: { dns: 'nope.example' } }), (_req, res) => res.json({ ok: true }));
    };

    it.each<[string, number, string | null]>([
      ['/any', 200, null],
      ['/alice', 200, null],
      ['/ops', 403, 'ERR_CLIENT_CERT_FORBIDDEN'],
      ['/issuer', 200, null],
      ['/pin', 200, null],
      ['/check', 200, null],
      ['/nocheck', 403, 'ERR_CLIENT_CERT_FORBIDDEN'],
      ['/san', 403, 'ERR_CLIENT_CERT_FORBIDDEN'],
    ])('%s with a valid certificate → %i', async (path, status, code) => {
      const { app } = makeApp(express, base, routes);
      const res = await request(app).get(path).set(fields).expect(status);
      if (code) expect(res.body).toEqual({ error: code });
      expect(res.headers.vary).toMatch(/Client-Cert/);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('401 ERR_CLIENT_CERT_MISSING without a certificate', async () => {
      const { app } = makeApp(express, base, routes);
      const res = await request(app).get('/any').expect(401);
      expect(res.body).toEqual({ error: 'ERR_CLIENT_CERT_MISSING' });
      expect(res.headers.vary).toMatch(/Client-Cert/);
    });

    it("401 with the stored error's code when the certificate was refused", async () => {
      const { app } = makeApp(express, base, routes);
      const res = await request(app).get('/any').set('Client-Cert', fields['Client-Cert']).expect(401);
      expect(res.body).toEqual({ error: 'ERR_CLIENT_CERT_UNTRUSTED' });
    });

    it('throws TypeError for an unknown policy key or a bad value', () => {
      expect(() => requireClientCert({ subjct: {} } as never)).toThrow(/unknown policy key `subjct`/);
      expect(() => requireClientCert({ san: { dnsName: 'x' } } as never)).toThrow(TypeError);
      expect(() => requireClientCert({ subject: { CN: 5 } } as never)).toThrow(TypeError);
    });
  });

  it('a throwing audit hook is reported once and never fails the request', async () => {
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const app = express();
      app.use(
        clientCert({
          ...base,
          onAudit: () => {
            throw new Error('logger down');
          },
        }),
      );
      app.get('/', (req, res) => res.json({ subject: req.clientCert?.subject }));
      await request(app).get('/').set(fields).expect(200, { subject: 'CN=alice,O=Mw' });
      await request(app).get('/').expect(200);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0][0])).toMatch(/onAudit hook threw \(logger down\)/);
    } finally {
      spy.mockRestore();
    }
  });

  it('an audit event carries no certificate bytes or header values', async () => {
    const { app, events } = makeApp(express, base);
    await request(app).get('/whoami').set(fields);
    await request(app).get('/whoami').set({ 'Client-Cert': ':bm90IGEgY2VydA==:' });
    const text = JSON.stringify(events);
    expect(text).not.toContain(Buffer.from(leaf.der).toString('base64').slice(20, 60));
    expect(text).not.toContain('bm90IGEgY2VydA');
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(expect.arrayContaining(['time', 'outcome', 'peer', 'trustedPeer', 'method', 'path'].sort()));
    }
  });
});

describe('clientCert factory', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no trustedProxies', { trustAnchors: root.pem }, /trustedProxies` is required/],
    ['an empty trustedProxies list', { trustedProxies: [], trustAnchors: root.pem }, /trustedProxies` is empty.*directTls: true/],
    ['bad proxy syntax', { trustedProxies: ['10.0.0.0/99'], trustAnchors: root.pem }, /proxy-addr syntax/],
    ['no anchors', { trustedProxies: 'loopback' }, /trustAnchors/],
    ['an unknown option', { trustedProxies: 'loopback', trustAnchors: root.pem, requierd: true }, /Did you mean `required`/],
    ['an unknown limit', { trustedProxies: 'loopback', trustAnchors: root.pem, limits: { certbytes: 1 } }, /Did you mean `certBytes`/],
    ['a bad required', { trustedProxies: 'loopback', trustAnchors: root.pem, required: 'yes' }, /required/],
    ['a bad onAudit', { trustedProxies: 'loopback', trustAnchors: root.pem, onAudit: 'log' }, /onAudit/],
  ])('throws TypeError for %s', (_name, options, message) => {
    expect(() => clientCert(options as unknown as ClientCertOptions)).toThrow(TypeError);
    expect(() => clientCert(options as unknown as ClientCertOptions)).toThrow(message);
  });
});

describe('peer addresses', () => {
  it('normalises IPv4-mapped IPv6', () => {
    expect(normalisePeer('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalisePeer('::1')).toBe('::1');
    expect(normalisePeer(undefined)).toBe('');
  });

  it('a function predicate receives the normalised address', async () => {
    const [, express] = expressVersions[0];
    const seen: string[] = [];
    const { app } = makeApp(express, {
      ...base,
      trustedProxies: (addr) => {
        seen.push(addr);
        return addr === '127.0.0.1';
      },
    });
    const res = await request(app).get('/whoami').set(fields).expect(200);
    expect(res.body.subject).toBe('CN=alice,O=Mw');
    expect(seen).toEqual(['127.0.0.1']);
  });
});

// `req.clientCert` and `req.clientCertError` read the request's state through an accessor pair on
// node:http's request prototype: deciding a request adds no property to it. Whatever the request
// showed before the middleware never survives it, and a request that cannot show the decision is
// stopped, never passed on with a value the middleware did not decide.
import { execFileSync } from 'node:child_process';
import { IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import express from 'express';
import request from 'supertest';
import { clientCert, encodeClientCert, encodeClientCertChain, requireClientCert, type ClientCertRequestFields } from '../src/index';
import { NOW, makePki } from './helpers/pki';

const pki = makePki('Fields');
const certificate = {
  'Client-Cert': encodeClientCert(pki.leaf.der),
  'Client-Cert-Chain': encodeClientCertChain(pki.intermediate.der),
};
const forged = Object.freeze({ subject: 'CN=mallory' });
type Req = IncomingMessage & ClientCertRequestFields;

/**
 * Runs `server` (script text that makes `server`, a node:http server not listening yet, with `http`
 * in scope) in a process of its own, sends it one GET with `headers`, and returns the parsed body.
 */
function oneRequest(server: string, headers: Record<string, string>): unknown {
  const script = `${server}
    server.listen(0, '127.0.0.1', () => {
      http.get({ host: '127.0.0.1', port: server.address().port, headers: ${JSON.stringify(headers)} }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => { process.stdout.write(body); server.close(); });
      });
    });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15_000 }));
}

/** An Express app: `before` runs ahead of clientCert, the route reports what the request shows. */
function app(before: (req: Req) => void) {
  const a = express();
  a.use((req, _res, next) => {
    before(req as Req);
    next();
  });
  a.use(clientCert({ trustedProxies: 'loopback', trustAnchors: pki.root.pem, now: () => NOW }));
  a.get('/', (req, res) => {
    res.json({
      subject: req.clientCert?.subject ?? null,
      error: req.clientCertError?.reason ?? null,
      own: Reflect.ownKeys(req).filter((k) => typeof k === 'string' && k.startsWith('clientCert')),
    });
  });
  return a;
}

describe('req.clientCert on a node:http request', () => {
  it('shows the decision without adding a property to the request', async () => {
    const res = await request(app(() => undefined))
      .get('/')
      .set(certificate);
    expect(res.body).toEqual({ subject: 'CN=alice,O=Fields', error: null, own: [] });
  });

  it('is an accessor pair on IncomingMessage.prototype, read through the state', () => {
    const descriptor = Object.getOwnPropertyDescriptor(IncomingMessage.prototype, 'clientCert');
    expect(typeof descriptor?.get).toBe('function');
    expect(typeof descriptor?.set).toBe('function');
    expect(descriptor?.enumerable).toBe(false);
    // Nothing can replace it once requests were found to read it.
    expect(descriptor?.configurable).toBe(false);
    expect(() => Object.defineProperty(IncomingMessage.prototype, 'clientCert', { value: forged })).toThrow(TypeError);
    expect(typeof Object.getOwnPropertyDescriptor(IncomingMessage.prototype, 'clientCertError')?.get).toBe('function');
  });

  it('behaves as a plain property where no clientCert ran', () => {
    const req = new IncomingMessage(null as never) as Req;
    expect(req.clientCert).toBeUndefined();
    req.clientCert = forged as never;
    expect(req.clientCert).toBe(forged);
    req.clientCert = undefined;
    expect(req.clientCert).toBeUndefined();
    // Read on the prototype itself, or with a primitive receiver, it is undefined and writes nothing.
    expect(Reflect.get(IncomingMessage.prototype, 'clientCert', 'x')).toBeUndefined();
    expect(Reflect.set(IncomingMessage.prototype, 'clientCert', forged, 7)).toBe(true);
  });

  it('replaces a value assigned before the middleware, for a request with no certificate', async () => {
    const res = await request(
      app((req) => {
        req.clientCert = forged as never;
        req.clientCertError = forged as never;
      }),
    ).get('/');
    expect(res.body).toEqual({ subject: null, error: null, own: [] });
  });

  it('replaces an own property defined before the middleware', async () => {
    const res = await request(
      app((req) => {
        Object.defineProperty(req, 'clientCert', { value: forged, writable: true, enumerable: true, configurable: true });
        Object.defineProperty(req, 'clientCertError', { value: forged, writable: true, enumerable: true, configurable: true });
      }),
    )
      .get('/')
      .set(certificate);
    expect(res.body).toEqual({ subject: 'CN=alice,O=Fields', error: null, own: ['clientCert', 'clientCertError'] });
  });

  it('replaces an own property defined before the middleware with a refusal', async () => {
    const res = await request(
      app((req) => Object.defineProperty(req, 'clientCert', { value: forged, writable: true, enumerable: true, configurable: true })),
    )
      .get('/')
      .set({ 'Client-Cert': ':AAAA:' });
    expect(res.body.subject).toBeNull();
    expect(res.body.error).toBe('der-invalid');
  });

  for (const field of ['clientCert', 'clientCertError'] as const) {
    it(`stops the request when a read-only ${field} was defined before the middleware`, async () => {
      const a = express();
      a.use((req, _res, next) => {
        Object.defineProperty(req, field, { value: forged, writable: false, configurable: false });
        next();
      });
      a.use(clientCert({ trustedProxies: 'loopback', trustAnchors: pki.root.pem, now: () => NOW }));
      const reached = jest.fn();
      a.get('/', (_req, res) => {
        reached();
        res.end();
      });
      const errors: unknown[] = [];
      a.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        errors.push(err);
        res.status(500).end();
      });
      const res = await request(a).get('/').set(certificate);
      expect(res.status).toBe(500);
      expect(reached).not.toHaveBeenCalled();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(TypeError);
      expect((errors[0] as Error).message).toMatch(/could not be set on this request .*read-only/);
    });
  }

  it('keeps the decision of the same middleware mounted twice when a read-only value appears in between', async () => {
    const mw = clientCert({ trustedProxies: 'loopback', trustAnchors: pki.root.pem, now: () => NOW });
    const a = express();
    a.use(mw);
    a.use((req, _res, next) => {
      Object.defineProperty(req, 'clientCert', { value: forged, writable: false, configurable: false });
      next();
    });
    a.use(mw);
    a.get('/', (_req, res) => res.end('reached'));
    a.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => res.status(500).end(err.name));
    const res = await request(a).get('/').set(certificate);
    expect(res.status).toBe(500);
    expect(res.text).toBe('TypeError');
  });

  it("stops the request when a prototype on the way has another library's getter", async () => {
    const a = express();
    a.use((req, _res, next) => {
      // Put in after requests of the same app were decided: each request's chain is looked at.
      if (req.query.other === '1') {
        Object.setPrototypeOf(req, Object.create(Object.getPrototypeOf(req) as object, { clientCert: { get: () => forged } }));
      }
      next();
    });
    a.use(clientCert({ trustedProxies: 'loopback', trustAnchors: pki.root.pem, now: () => NOW }));
    a.get('/', (req, res) => res.json({ subject: (req as Req).clientCert?.subject ?? null }));
    a.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => res.status(500).end(err.name));
    expect((await request(a).get('/').set(certificate)).body).toEqual({ subject: 'CN=alice,O=Fields' });
    const res = await request(a).get('/?other=1').set(certificate);
    expect(res.status).toBe(500);
    expect(res.text).toBe('TypeError');
    expect((await request(a).get('/').set(certificate)).body).toEqual({ subject: 'CN=alice,O=Fields' });
  });

  it('goes through a prototype on the way whose accessor pairs keep what is assigned', async () => {
    const kept = { clientCert: new WeakMap<object, unknown>(), clientCertError: new WeakMap<object, unknown>() };
    const keeping = (values: WeakMap<object, unknown>): PropertyDescriptor => ({
      get(this: object) {
        return values.get(this);
      },
      set(this: object, value: unknown) {
        values.set(this, value);
      },
    });
    const a = express();
    a.use((req, _res, next) => {
      const own = { clientCert: keeping(kept.clientCert), clientCertError: keeping(kept.clientCertError) };
      Object.setPrototypeOf(req, Object.create(Object.getPrototypeOf(req) as object, own));
      next();
    });
    a.use(clientCert({ trustedProxies: 'loopback', trustAnchors: pki.root.pem, now: () => NOW }));
    a.get('/', (req, res) =>
      res.json({ subject: (req as Req).clientCert?.subject ?? null, kept: kept.clientCert.get(req) === (req as Req).clientCert }),
    );
    expect((await request(a).get('/').set(certificate)).body).toEqual({ subject: 'CN=alice,O=Fields', kept: true });
  });

  it('is assigned as own properties to a request that is not a node:http request', () => {
    const mw = clientCert({ trustedProxies: 'loopback', trustAnchors: pki.root.pem, now: () => NOW });
    const headers = { 'client-cert': certificate['Client-Cert'], 'client-cert-chain': certificate['Client-Cert-Chain'] };
    const req = { method: 'GET', url: '/', headers, socket: { remoteAddress: '127.0.0.1' } } as unknown as Req;
    const next = jest.fn();
    mw(req, {} as ServerResponse, next);
    expect(next).toHaveBeenCalledWith();
    expect(Object.prototype.hasOwnProperty.call(req, 'clientCert')).toBe(true);
    expect(req.clientCert?.subject).toBe('CN=alice,O=Fields');
    // Nothing to clear: a hand-built request that never had a refusal gets no clientCertError property.
    expect(Object.prototype.hasOwnProperty.call(req, 'clientCertError')).toBe(false);
  });

  it('guards read it: a guard on a request with a forged value assigned before clientCert answers 401', async () => {
    const a = express();
    a.use((req, _res, next) => {
      (req as Req).clientCert = forged as never;
      next();
    });
    a.use(clientCert({ trustedProxies: 'loopback', trustAnchors: pki.root.pem, now: () => NOW }));
    a.get('/', requireClientCert(), (_req, res) => res.end('reached'));
    a.use((err: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) =>
      res.status(err.status ?? 500).end(),
    );
    expect((await request(a).get('/')).status).toBe(401);
  });
});

describe('req.clientCert where the prototype cannot take the accessor', () => {
  const dist = resolve(__dirname, '../dist/cjs/index.js');
  /** Runs `setup` and then one request through the built middleware in a fresh process; prints what the route saw. */
  function run(setup: string): unknown {
    const script = `
      const http = require('node:http');
      ${setup}
      const { clientCert } = require(${JSON.stringify(dist)});
      const mw = clientCert({ trustedProxies: 'loopback', trustAnchors: ${JSON.stringify(pki.root.pem)}, now: () => new Date(${NOW.getTime()}) });
      const server = http.createServer((req, res) => {
        mw(req, res, (err) => {
          res.end(JSON.stringify(err ? { error: err.name } : { subject: req.clientCert ? req.clientCert.subject : null, own: Object.prototype.hasOwnProperty.call(req, 'clientCert') }));
        });
      });
      `;
    return oneRequest(script, certificate);
  }

  it('assigns own properties when the prototype is frozen', () => {
    expect(run('Object.freeze(http.IncomingMessage.prototype);')).toEqual({ subject: 'CN=alice,O=Fields', own: true });
  });

  it("goes through another library's accessor pair when it keeps what is assigned", () => {
    const setup = `const values = new WeakMap();
      Object.defineProperty(http.IncomingMessage.prototype, 'clientCert', { configurable: true, get() { return values.get(this); }, set(v) { values.set(this, v); } });`;
    expect(run(setup)).toEqual({ subject: 'CN=alice,O=Fields', own: false });
  });

  it("stops the request when another library's getter shows something else", () => {
    const setup = `Object.defineProperty(http.IncomingMessage.prototype, 'clientCert', { configurable: true, get() { return { subject: 'CN=mallory' }; } });`;
    expect(run(setup)).toEqual({ error: 'TypeError' });
  });
});

describe('the field lines after the decision', () => {
  const dist = resolve(__dirname, '../dist/cjs/index.js');
  /** One request through the only clientCert of a fresh process, then through a second one `when` it is made; prints what happened. */
  function run(when: 'before' | 'during', headers: Record<string, string>): unknown {
    const script = `
      const http = require('node:http');
      const { clientCert } = require(${JSON.stringify(dist)});
      const options = { trustedProxies: 'loopback', trustAnchors: ${JSON.stringify(pki.root.pem)}, now: () => new Date(${NOW.getTime()}) };
      const first = clientCert(options);
      let second = ${JSON.stringify(when)} === 'before' ? clientCert(options) : undefined;
      const server = http.createServer((req, res) => {
        first(req, res, (err) => {
          if (err) return res.end(JSON.stringify({ first: err.name }));
          second ??= clientCert(options);
          second(req, res, (err2) => {
            res.end(JSON.stringify(err2 ? { error: err2.name, message: err2.message } : { subject: req.clientCert ? req.clientCert.subject : null }));
          });
        });
      });
      `;
    return oneRequest(script, headers);
  }

  it('stay readable for a second clientCert made before requests came', () => {
    expect(run('before', certificate)).toEqual({ subject: 'CN=alice,O=Fields' });
  });

  it('are let go by the only clientCert, so one made while the request is in flight stops it rather than find no certificate', () => {
    expect(run('during', certificate)).toEqual({
      error: 'TypeError',
      message: expect.stringMatching(/decided by another clientCert\(\) middleware, made before this one, which no longer holds/),
    });
  });

  it('are kept when there were none, so one made while the request is in flight decides on no certificate', () => {
    expect(run('during', {})).toEqual({ subject: null });
  });
});

describe('a decided request', () => {
  it('is not kept reachable by the middleware once it has been decided (its body with it)', () => {
    const dist = resolve(__dirname, '../dist/cjs/index.js');
    const script = `
      const http = require('node:http');
      const { clientCert } = require(${JSON.stringify(dist)});
      const mw = clientCert({ trustedProxies: 'loopback', trustAnchors: ${JSON.stringify(pki.root.pem)}, now: () => new Date(${NOW.getTime()}) });
      let ref;
      const server = http.createServer((req, res) => {
        ref = new WeakRef(req);
        req.body = Buffer.alloc(1 << 20);
        mw(req, res, () => res.end(req.clientCert ? req.clientCert.subject : 'none'));
      });
      server.listen(0, '127.0.0.1', () => {
        http.get({ host: '127.0.0.1', port: server.address().port, agent: false, headers: { connection: 'close', ...${JSON.stringify(certificate)} } }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => setTimeout(() => server.close(() => {
            gc();
            setTimeout(() => { gc(); process.stdout.write(JSON.stringify({ body, released: ref.deref() === undefined })); }, 20);
          }), 20));
        });
      });`;
    const out = execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 15_000 });
    expect(JSON.parse(out)).toEqual({ body: 'CN=alice,O=Fields', released: true });
  });
});

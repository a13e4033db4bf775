// End-to-end: HAProxy, Caddy, nginx, Apache httpd and lighttpd (Debian's packages) terminate
// mutual TLS on 127.0.0.1 in front of an Express app that uses the middleware; curl and Node's
// https client connect to them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { clientCert, encodeClientCert, encodeClientCertChain } from '../../src/index';
import { EXAMPLES, type Running, curl, direct, freePort, hasBinary, nodeHttps, renderExample, startProcess, writePki } from './harness';

interface ProxySetup {
  name: string;
  /** The app reads this format from the proxy (default RFC 9440). */
  trusted?: Parameters<typeof clientCert>[0]['trustedProxies'];
  binary: string;
  /** The proxy forwards Client-Cert-Chain; otherwise the app is given `intermediates`. */
  forwardsChain: boolean;
  /**
   * What the proxy itself does with an expired certificate: nginx's optional_no_ca answers 400,
   * mod_ssl's fails the handshake, lighttpd answers 403 (from the Lua script). Unset: the app decides.
   */
  expiredByProxy?: { proxyStatus: number } | 'handshake';
  /** What the proxy itself does with a certificate of a CA it does not know. Unset: the app decides. */
  foreignByProxy?: { proxyStatus: number };
  start(dir: string, proxyPort: number, appPort: number): Promise<Running>;
}

function startNginx(dir: string, proxyPort: number, appPort: number): Promise<Running> {
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub), { recursive: true });
  const cfg = renderExample('nginx', 'nginx.conf', dir, { PROXY_PORT: proxyPort, APP_PORT: appPort, DIR: dir });
  copyFileSync(join(EXAMPLES, 'nginx', 'client_cert.js'), join(dir, 'client_cert.js'));
  return startProcess('nginx', ['-p', dir, '-c', cfg, '-e', join(dir, 'error.log')], proxyPort);
}

/** Apache drops root privileges to this user and group after reading its keys. */
function apacheRunAs(): { APACHE_RUN_USER: string; APACHE_RUN_GROUP: string } {
  if (process.getuid?.() === 0) return { APACHE_RUN_USER: 'nobody', APACHE_RUN_GROUP: 'nogroup' };
  const group = spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim();
  return { APACHE_RUN_USER: userInfo().username, APACHE_RUN_GROUP: group };
}

/** Apache httpd in the foreground with its own config file; `edit` changes the rendered config. */
export function startApache(dir: string, proxyPort: number, appPort: number, edit?: (conf: string) => string): Promise<Running> {
  const cfg = renderExample('apache', 'apache2.conf', dir, { PROXY_PORT: proxyPort, APP_PORT: appPort, DIR: dir });
  if (edit) writeFileSync(cfg, edit(readFileSync(cfg, 'utf8')));
  return startProcess('apache2', ['-f', cfg, '-DFOREGROUND'], proxyPort, apacheRunAs());
}

function startLighttpd(dir: string, proxyPort: number, appPort: number): Promise<Running> {
  const cfg = renderExample('lighttpd', 'lighttpd.conf', dir, { PROXY_PORT: proxyPort, APP_PORT: appPort, DIR: dir });
  copyFileSync(join(EXAMPLES, 'lighttpd', 'client_cert.lua'), join(dir, 'client_cert.lua'));
  return startProcess('lighttpd', ['-D', '-f', cfg], proxyPort);
}

const setups: ProxySetup[] = [
  {
    name: 'haproxy',
    binary: 'haproxy',
    forwardsChain: true,
    start: (dir, proxyPort, appPort) => {
      const cfg = renderExample('haproxy', 'haproxy.cfg', dir, { PROXY_PORT: proxyPort, APP_PORT: appPort, DIR: dir });
      copyFileSync(join(EXAMPLES, 'haproxy', 'client_cert_chain.lua'), join(dir, 'client_cert_chain.lua'));
      return startProcess('haproxy', ['-f', cfg, '-db'], proxyPort);
    },
  },
  {
    name: 'caddy',
    binary: 'caddy',
    forwardsChain: false,
    start: (dir, proxyPort, appPort) => {
      const cfg = renderExample('caddy', 'Caddyfile', dir, { PROXY_PORT: proxyPort, APP_PORT: appPort, DIR: dir });
      return startProcess('caddy', ['run', '--config', cfg, '--adapter', 'caddyfile'], proxyPort, {
        HOME: dir,
        XDG_DATA_HOME: join(dir, 'data'),
        XDG_CONFIG_HOME: join(dir, 'config'),
      });
    },
  },
  {
    name: 'nginx',
    binary: 'nginx',
    forwardsChain: false,
    expiredByProxy: { proxyStatus: 400 },
    start: startNginx,
  },
  {
    name: 'nginx (escaped-pem)',
    trusted: [{ addresses: '127.0.0.1', format: 'escaped-pem', header: 'X-SSL-Client-Cert' }],
    binary: 'nginx',
    forwardsChain: false,
    expiredByProxy: { proxyStatus: 400 },
    start: startNginx,
  },
  {
    name: 'apache',
    binary: 'apache2',
    forwardsChain: true,
    expiredByProxy: 'handshake',
    start: (dir, proxyPort, appPort) => startApache(dir, proxyPort, appPort),
  },
  {
    name: 'apache (apache-pem, chain in numbered fields)',
    trusted: [{ addresses: '127.0.0.1', format: 'apache-pem', chainFields: true }],
    binary: 'apache2',
    forwardsChain: true,
    expiredByProxy: 'handshake',
    start: (dir, proxyPort, appPort) => startApache(dir, proxyPort, appPort),
  },
  {
    name: 'apache (escaped-pem)',
    trusted: [{ addresses: '127.0.0.1', format: 'escaped-pem', header: 'X-SSL-Client-Cert-Escaped' }],
    binary: 'apache2',
    forwardsChain: false,
    expiredByProxy: 'handshake',
    start: (dir, proxyPort, appPort) => startApache(dir, proxyPort, appPort),
  },
  {
    name: 'lighttpd',
    binary: 'lighttpd',
    forwardsChain: false,
    expiredByProxy: { proxyStatus: 403 },
    foreignByProxy: { proxyStatus: 403 },
    start: startLighttpd,
  },
];

const canCurl = hasBinary('curl');

for (const setup of setups) {
  const available = hasBinary(setup.binary) && canCurl;
  if (!available) process.stderr.write(`\n[notice] ${setup.name} end-to-end tests: ${setup.binary} or curl not installed; skipped.\n`);
  (available ? describe : describe.skip)(`behind ${setup.name}`, () => {
    let dir: string;
    let pki: ReturnType<typeof writePki>;
    let app: Server;
    let appPort: number;
    let proxyPort: number;
    let proxy: Running;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `ecc-${setup.binary}-`));
      pki = writePki(dir);
      const a = express();
      a.use(
        clientCert({
          trustedProxies: setup.trusted ?? ['127.0.0.1'],
          trustAnchors: pki.root.pem,
          ...(setup.forwardsChain ? {} : { intermediates: pki.intermediate.pem }),
        }),
      );
      a.get('/whoami', (req, res) =>
        res.json({
          subject: req.clientCert?.subject ?? null,
          fingerprint256: req.clientCert?.fingerprint256 ?? null,
          error: req.clientCertError?.code ?? null,
        }),
      );
      appPort = await freePort();
      app = await new Promise<Server>((done) => {
        const s = a.listen(appPort, '127.0.0.1', () => done(s));
      });
      proxyPort = await freePort();
      proxy = await setup.start(dir, proxyPort, appPort);
    }, 30_000);

    afterAll(async () => {
      await proxy?.stop();
      await new Promise((done) => app?.close(done));
      rmSync(dir, { recursive: true, force: true });
    });

    const alice = () => ({ subject: 'CN=alice,O=E2E', fingerprint256: pki.clients.alice.leaf.fingerprint256, error: null });

    it('identifies a valid client (curl)', async () => {
      expect(await curl(proxyPort, pki.ca, pki.clients.alice)).toEqual(alice());
    });

    it("identifies a valid client (Node's https)", async () => {
      expect(await nodeHttps(proxyPort, pki.ca, pki.clients.alice)).toEqual(alice());
    });

    it('serves a client without a certificate anonymously', async () => {
      expect(await curl(proxyPort, pki.ca)).toEqual({ subject: null, fingerprint256: null, error: null });
    });

    it('never identifies a client by Client-Cert headers it sent itself', async () => {
      const forged = {
        'Client-Cert': encodeClientCert(pki.clients.mallory.leaf.der),
        'Client-Cert-Chain': encodeClientCertChain(pki.intermediate.der),
        'X-SSL-Client-Cert': encodeURIComponent(pki.clients.mallory.leaf.pem),
        'X-SSL-Client-Cert-Escaped': encodeURIComponent(pki.clients.mallory.leaf.pem),
        'X-SSL-Client-Cert-Chain-0': pki.intermediate.pem.replace(/\n/g, ' '),
      };
      expect(await curl(proxyPort, pki.ca, undefined, forged)).toEqual({ subject: null, fingerprint256: null, error: null });
      expect(await nodeHttps(proxyPort, pki.ca, undefined, forged)).toEqual({ subject: null, fingerprint256: null, error: null });
      // With a certificate of its own, the client is who its TLS certificate says.
      expect(await curl(proxyPort, pki.ca, pki.clients.alice, forged)).toEqual(alice());
    });

    it('strips forged fields sent to the app directly from a non-proxy address', async () => {
      const res = await direct(appPort, '127.0.0.3', { 'Client-Cert': encodeClientCert(pki.clients.alice.leaf.der) });
      expect(res).toEqual({ subject: null, fingerprint256: null, error: 'ERR_CLIENT_CERT_UNTRUSTED_PROXY' });
    });

    it('refuses an expired certificate (the app, or the proxy itself)', async () => {
      const answer = curl(proxyPort, pki.ca, pki.clients.expired);
      if (setup.expiredByProxy === 'handshake') await expect(answer).rejects.toThrow(/certificate expired/);
      else expect(await answer).toEqual(setup.expiredByProxy ?? { subject: null, fingerprint256: null, error: 'ERR_CLIENT_CERT_EXPIRED' });
    });

    it('refuses a certificate of another CA (the app, or the proxy itself)', async () => {
      if (setup.foreignByProxy) {
        expect(await curl(proxyPort, pki.ca, pki.clients.foreign)).toEqual(setup.foreignByProxy);
        return;
      }
      expect(await nodeHttps(proxyPort, pki.ca, pki.clients.foreign)).toEqual({
        subject: null,
        fingerprint256: null,
        error: 'ERR_CLIENT_CERT_UNTRUSTED',
      });
    });
  });
}

// Apache's RFC 9440 recipe ends with `RequestHeader edit Client-Cert "^(.+)$" ":$1:"`. Without
// the `unset` lines before it, that edit also wraps a client's own bare base64 copy of someone
// else's certificate into a valid field, and the app believes it.
(hasBinary('apache2') && canCurl ? describe : describe.skip)('Apache recipe without `RequestHeader unset Client-Cert`', () => {
  let dir: string;
  let pki: ReturnType<typeof writePki>;
  let app: Server;
  const proxies: Running[] = [];
  let documentedPort: number;
  let withoutUnsetPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecc-apache-unset-'));
    pki = writePki(dir);
    const a = express();
    a.use(clientCert({ trustedProxies: ['127.0.0.1'], trustAnchors: pki.root.pem }));
    a.get('/whoami', (req, res) =>
      res.json({
        subject: req.clientCert?.subject ?? null,
        fingerprint256: req.clientCert?.fingerprint256 ?? null,
        error: req.clientCertError?.code ?? null,
      }),
    );
    const appPort = await freePort();
    app = await new Promise<Server>((done) => {
      const s = a.listen(appPort, '127.0.0.1', () => done(s));
    });
    documentedPort = await freePort();
    const documentedDir = join(dir, 'documented');
    mkdirSync(documentedDir);
    for (const f of ['server.pem', 'server.key', 'ca.pem']) copyFileSync(join(dir, f), join(documentedDir, f));
    proxies.push(await startApache(documentedDir, documentedPort, appPort));
    withoutUnsetPort = await freePort();
    const withoutUnsetDir = join(dir, 'without-unset');
    mkdirSync(withoutUnsetDir);
    for (const f of ['server.pem', 'server.key', 'ca.pem']) copyFileSync(join(dir, f), join(withoutUnsetDir, f));
    const dropUnset = (conf: string) => {
      const edited = conf.replace(/^\s*RequestHeader unset Client-Cert(-Chain)?\s*$/gm, '');
      expect(edited).not.toBe(conf);
      return edited;
    };
    proxies.push(await startApache(withoutUnsetDir, withoutUnsetPort, appPort, dropUnset));
  }, 30_000);

  afterAll(async () => {
    for (const p of proxies) await p.stop();
    await new Promise((done) => app?.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  const bareForgery = () => ({
    'Client-Cert': Buffer.from(pki.clients.alice.leaf.der).toString('base64'),
    'Client-Cert-Chain': Buffer.from(pki.intermediate.der).toString('base64'),
  });

  it('without the unset lines, a client without a certificate is taken for the one it copied', async () => {
    expect(await curl(withoutUnsetPort, pki.ca, undefined, bareForgery())).toEqual({
      subject: 'CN=alice,O=E2E',
      fingerprint256: pki.clients.alice.leaf.fingerprint256,
      error: null,
    });
  });

  it('with the documented recipe, the same forgery is served anonymously (curl and Node)', async () => {
    const anonymous = { subject: null, fingerprint256: null, error: null };
    expect(await curl(documentedPort, pki.ca, undefined, bareForgery())).toEqual(anonymous);
    expect(await nodeHttps(documentedPort, pki.ca, undefined, bareForgery())).toEqual(anonymous);
  });
});

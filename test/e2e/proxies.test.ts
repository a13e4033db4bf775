// End-to-end: HAProxy, Caddy and nginx (Debian's packages) terminate mutual TLS on 127.0.0.1 in
// front of an Express app that uses the middleware; curl and Node's https client connect to them.
import { mkdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
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
  /** nginx's optional_no_ca still refuses an expired certificate itself (400). */
  refusesExpired: boolean;
  start(dir: string, proxyPort: number, appPort: number): Promise<Running>;
}

function startNginx(dir: string, proxyPort: number, appPort: number): Promise<Running> {
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub), { recursive: true });
  const cfg = renderExample('nginx', 'nginx.conf', dir, { PROXY_PORT: proxyPort, APP_PORT: appPort, DIR: dir });
  copyFileSync(join(EXAMPLES, 'nginx', 'client_cert.js'), join(dir, 'client_cert.js'));
  return startProcess('nginx', ['-p', dir, '-c', cfg, '-e', join(dir, 'error.log')], proxyPort);
}

const setups: ProxySetup[] = [
  {
    name: 'haproxy',
    binary: 'haproxy',
    forwardsChain: true,
    refusesExpired: false,
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
    refusesExpired: false,
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
    refusesExpired: true,
    start: startNginx,
  },
  {
    name: 'nginx (escaped-pem)',
    trusted: [{ addresses: '127.0.0.1', format: 'escaped-pem', header: 'X-SSL-Client-Cert' }],
    binary: 'nginx',
    forwardsChain: false,
    refusesExpired: true,
    start: startNginx,
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
      const expected = setup.refusesExpired
        ? { proxyStatus: 400 }
        : { subject: null, fingerprint256: null, error: 'ERR_CLIENT_CERT_EXPIRED' };
      expect(await curl(proxyPort, pki.ca, pki.clients.expired)).toEqual(expected);
    });

    it('refuses a certificate of another CA the proxy let through', async () => {
      expect(await nodeHttps(proxyPort, pki.ca, pki.clients.foreign)).toEqual({
        subject: null,
        fingerprint256: null,
        error: 'ERR_CLIENT_CERT_UNTRUSTED',
      });
    });
  });
}

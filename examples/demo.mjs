// `npm run demo`: an Express app using express-client-cert behind a mutual-TLS proxy, on
// loopback, with a throwaway CA. Sends requests as several clients and prints what the app decided.
import http from 'node:http';
import https from 'node:https';
import express from 'express';
import { clientCert, requireClientCert, isClientCertError } from 'express-client-cert';
import { issue, makeCa } from './demo-pki.mjs';
import { startMtlsProxy } from './mtls-proxy.mjs';

const DAY = 86_400_000;

const ca = await makeCa('O=Demo, CN=Demo Internal CA');
const otherCa = await makeCa('O=Elsewhere, CN=Some Other CA');
const server = await issue(ca, 'CN=localhost', { usage: 'server', dns: ['localhost'] });
const alice = await issue(ca, 'O=Demo, OU=ops, CN=alice');
const bob = await issue(ca, 'O=Demo, OU=dev, CN=bob');
const expired = await issue(ca, 'O=Demo, CN=carol', { notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) });
const foreign = await issue(otherCa, 'O=Elsewhere, CN=mallory');

// --- the app -------------------------------------------------------------------------------
const audit = [];
const app = express();
app.use(
  clientCert({
    trustedProxies: ['127.0.0.1'], // only the proxy's address; 127.0.0.2 is "someone else on the network"
    trustAnchors: ca.pem,
    onAudit: (event) => audit.push(event),
  }),
);
app.get('/hello', (req, res) => res.json({ user: req.clientCert?.subject ?? null, refused: req.clientCertError?.code ?? null }));
app.get('/admin', requireClientCert({ subject: { OU: 'ops' } }), (req, res) => res.json({ user: req.clientCert.subject }));
app.use((err, _req, res, _next) => {
  res.status(isClientCertError(err) ? err.status : 500).json({ refused: err.code ?? 'internal' });
});
const appServer = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const appPort = appServer.address().port;
const proxy = await startMtlsProxy({ key: server.key, cert: server.pem, ca: [ca.pem], upstreamPort: appPort });

// --- the clients ---------------------------------------------------------------------------
function viaProxy(path, client, extraHeaders = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: proxy.port,
        path,
        ca: ca.pem,
        headers: extraHeaders,
        ...(client ? { cert: client.pem, key: client.key } : {}),
      },
      collect(resolve),
    );
    req.on('error', reject);
    req.end();
  });
}
function direct(path, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: appPort, localAddress: '127.0.0.2', path, headers }, collect(resolve));
    req.on('error', reject);
    req.end();
  });
}
function collect(resolve) {
  return (res) => {
    let body = '';
    res.on('data', (c) => (body += c));
    res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(body || '{}') }));
  };
}

const forged = `:${Buffer.from(alice.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64')}:`;
const cases = [
  ['valid client alice', 'proxy', '/hello', () => viaProxy('/hello', alice)],
  ['valid client alice', 'proxy', '/admin', () => viaProxy('/admin', alice)],
  ['valid client bob (OU=dev)', 'proxy', '/admin', () => viaProxy('/admin', bob)],
  ['expired client carol', 'proxy', '/hello', () => viaProxy('/hello', expired)],
  ['client of another CA', 'proxy', '/hello', () => viaProxy('/hello', foreign)],
  ['no client certificate', 'proxy', '/hello', () => viaProxy('/hello', null)],
  ['no certificate, forges Client-Cert', 'proxy', '/hello', () => viaProxy('/hello', null, { 'Client-Cert': forged })],
  ['forges Client-Cert, bypasses proxy', '127.0.0.2', '/admin', () => direct('/admin', { 'Client-Cert': forged })],
];

const rows = [];
for (const [who, via, path, send] of cases) {
  const { status, body } = await send();
  const decision = body.user ? `identified as ${body.user}` : body.refused ? `refused: ${body.refused}` : 'anonymous';
  rows.push([who, via, path, String(status), decision]);
}

await proxy.close();
await new Promise((r) => appServer.close(r));

const head = ['client', 'via', 'route', 'HTTP', 'what the app decided'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
console.log('\nexpress-client-cert demo: an Express app behind a mutual-TLS proxy (all on loopback)\n');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
for (const r of rows) console.log(line(r));
console.log(
  `\n${audit.length} audit events; outcomes: ${JSON.stringify(audit.reduce((m, e) => ((m[e.outcome] = (m[e.outcome] ?? 0) + 1), m), {}))}`,
);
console.log('last event:', JSON.stringify(audit[audit.length - 1]));

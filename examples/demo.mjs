// `npm run demo`: an Express app using express-client-cert behind a mutual-TLS proxy, on
// loopback, with a throwaway PKI from express-client-cert/testing. Sends requests as several
// clients to a guarded route, an unguarded route and an app with `required: true`, and prints
// what each answered and why.
import http from 'node:http';
import https from 'node:https';
import express from 'express';
import { clientCert, requireClientCert, isClientCertError } from 'express-client-cert';
import { createTestPki } from 'express-client-cert/testing';
import { startMtlsProxy } from './mtls-proxy.mjs';

const pki = await createTestPki({ name: 'Demo' });
const otherPki = await createTestPki({ name: 'Elsewhere' });
const server = await pki.issue({ cn: 'localhost', eku: ['serverAuth'], san: { dns: ['localhost'], ip: ['127.0.0.1'] } });
const alice = await pki.issue({ cn: 'alice', ou: 'ops' });
const bob = await pki.issue({ cn: 'bob', ou: 'dev' });
const carol = await pki.issue({ cn: 'carol', expired: true });
const mallory = await otherPki.issue({ cn: 'mallory' });

// --- the apps ------------------------------------------------------------------------------
const audit = [];
function makeApp({ required }) {
  const app = express();
  app.use(
    clientCert({
      trustedProxies: ['127.0.0.1'], // only the proxy's address; 127.0.0.2 is "someone else on the network"
      trustAnchors: pki.rootPem,
      required, // true: every request without a valid certificate is refused before any route runs
      onAudit: (event) => audit.push(event),
    }),
  );
  // Unguarded: runs for everyone. A refused certificate only shows as req.clientCertError.
  app.get('/hello', (req, res) =>
    res.json({ user: req.clientCert?.subject ?? null, certificateRefused: req.clientCertError?.code ?? null }),
  );
  // Guarded: a verified certificate with OU=ops, or no answer but an error.
  app.get('/admin', requireClientCert({ subject: { OU: 'ops' } }), (req, res) => res.json({ user: req.clientCert.subject }));
  app.use((err, _req, res, next) => {
    if (!isClientCertError(err)) return next(err);
    res.status(err.status).json({ refused: err.code });
  });
  return app;
}

async function listen(app) {
  const s = await new Promise((resolve) => {
    const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
  });
  const proxy = await startMtlsProxy({
    key: server.keyPem,
    cert: server.pem + server.chainPem,
    ca: [pki.rootPem],
    upstreamPort: s.address().port,
  });
  return { appPort: s.address().port, proxy, close: async () => (await proxy.close(), await new Promise((r) => s.close(r))) };
}

const normal = await listen(makeApp({ required: false }));
const strict = await listen(makeApp({ required: true }));

// --- the clients ---------------------------------------------------------------------------
function viaProxy(target, path, client, extraHeaders = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: target.proxy.port,
        path,
        ca: pki.rootPem,
        headers: extraHeaders,
        ...(client ? { cert: client.pem + client.chainPem, key: client.keyPem } : {}),
      },
      collect(resolve),
    );
    req.on('error', reject);
    req.end();
  });
}
function direct(target, path, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: target.appPort, localAddress: '127.0.0.2', path, headers }, collect(resolve));
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

const forged = alice.headers()['client-cert'];
const GUARDED = 'guarded (OU=ops)';
const OPEN = 'unguarded';
const REQUIRED = 'required: true';
const cases = [
  ['alice (OU=ops)', 'proxy', '/hello', OPEN, () => viaProxy(normal, '/hello', alice)],
  ['alice (OU=ops)', 'proxy', '/admin', GUARDED, () => viaProxy(normal, '/admin', alice)],
  ['bob (OU=dev)', 'proxy', '/admin', GUARDED, () => viaProxy(normal, '/admin', bob)],
  ['carol, expired', 'proxy', '/hello', OPEN, () => viaProxy(normal, '/hello', carol)],
  ['carol, expired', 'proxy', '/admin', GUARDED, () => viaProxy(normal, '/admin', carol)],
  ['mallory, another CA', 'proxy', '/admin', GUARDED, () => viaProxy(normal, '/admin', mallory)],
  ['no certificate', 'proxy', '/hello', OPEN, () => viaProxy(normal, '/hello', null)],
  ['no certificate', 'proxy', '/admin', GUARDED, () => viaProxy(normal, '/admin', null)],
  ['no cert, forges Client-Cert', 'proxy', '/admin', GUARDED, () => viaProxy(normal, '/admin', null, { 'Client-Cert': forged })],
  ['forges Client-Cert, bypasses proxy', '127.0.0.2', '/admin', GUARDED, () => direct(normal, '/admin', { 'Client-Cert': forged })],
  ['alice (OU=ops)', 'proxy', '/hello', REQUIRED, () => viaProxy(strict, '/hello', alice)],
  ['carol, expired', 'proxy', '/hello', REQUIRED, () => viaProxy(strict, '/hello', carol)],
  ['no certificate', 'proxy', '/hello', REQUIRED, () => viaProxy(strict, '/hello', null)],
];

/** What the reader should take from a response: allowed (with or without identity), refused, forbidden. */
function outcome(status, body) {
  if (status === 200 && body.user) return { kind: 'allowed with an identity', text: `allowed as ${body.user}` };
  if (status === 200) {
    const why = body.certificateRefused ? `its certificate was refused (${body.certificateRefused})` : 'no certificate';
    return { kind: 'allowed anonymously (unguarded route)', text: `allowed anonymously: ${why}; the route is unguarded` };
  }
  if (status === 403) return { kind: 'forbidden (403)', text: `forbidden: certificate verified, but not OU=ops (${body.refused})` };
  return { kind: `refused (${status})`, text: `refused: ${body.refused}` };
}

const rows = [];
const totals = {};
for (const [who, via, path, protection, send] of cases) {
  const { status, body } = await send();
  const o = outcome(status, body);
  totals[o.kind] = (totals[o.kind] ?? 0) + 1;
  rows.push([who, via, path, protection, String(status), o.text]);
}

await normal.close();
await strict.close();

const head = ['client', 'via', 'route', 'protection', 'HTTP', 'what the app did'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
console.log('\nexpress-client-cert demo: Express apps behind a mutual-TLS proxy (all on loopback)\n');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
for (const r of rows) console.log(line(r));

console.log(`
Routes: /hello is unguarded: it answers 200 to everyone, and a refused certificate only shows as
req.clientCertError. /admin has requireClientCert({ subject: { OU: 'ops' } }): 401 without a valid
certificate, 403 when the certificate is valid but the subject does not match. The app with
required: true refuses every request without a valid certificate before any route runs.
`);
console.log(
  `responses: ${Object.entries(totals)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')}`,
);

// The audit trail records the certificate check each request got, not the route's answer.
const AUDIT_MEANING = {
  accepted: 'certificate verified',
  rejected: 'certificate refused or from an untrusted peer',
  absent: 'no certificate',
  forbidden: 'refused by a guard',
};
const byOutcome = audit.reduce((m, e) => ((m[e.outcome] = (m[e.outcome] ?? 0) + 1), m), {});
console.log(
  `audit events (${audit.length}): ${Object.entries(byOutcome)
    .map(([k, n]) => `${n} ${k} (${AUDIT_MEANING[k] ?? k})`)
    .join(', ')}`,
);
console.log('(an audit "accepted" is a verified certificate; a guard may still answer 403, as for bob, and audits that as "forbidden")');
console.log('last audit event:', JSON.stringify(audit[audit.length - 1]));

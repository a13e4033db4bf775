// Live trust figures: the cache-hit cost with CRL sources configured against the same without
// them (a ratio from one run), and the latency of a cold decision that waits on OCSP, against
// OpenSSL's responder on 127.0.0.1 (stopped by its pid). `node bench/live.mjs` runs it alone;
// `npm run bench` includes it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as x509 from '@peculiar/x509';
import { encodeClientCert } from 'express-client-cert';
import { clientCert, createVerifier } from 'express-client-cert';
import { makeBenchPki } from './fixtures.mjs';

const DAY = 86_400_000;
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const quantile = (list, q) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * q))];

/** A v2 CRL with a CRL number, signed by `issuer`. */
async function makeCrl(pki, issuer, keys, number) {
  const crl = await x509.X509CrlGenerator.create({
    issuer: issuer.subject,
    thisUpdate: new Date(Date.now() - 60_000),
    nextUpdate: new Date(Date.now() + DAY),
    extensions: [new x509.Extension('2.5.29.20', false, new Uint8Array([0x02, 0x01, number]))],
    signingAlgorithm: pki.signingAlgorithm,
    signingKey: keys.privateKey,
  });
  return Buffer.from(crl.rawData);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** `openssl ocsp` on `port`; ready when it says so (a probing connection would stall it). */
function startResponder(args) {
  const child = spawn('openssl', ['ocsp', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid, 'SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d;
      if (out.includes('waiting for OCSP client connections')) resolve({ stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`openssl ocsp exited with ${code}: ${out}`)));
  });
}

/** µs per cache hit of `middleware`, called directly with fresh header strings (as bench/run.mjs does). */
function hitUs(middleware, cert, chain, n) {
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const c = `${cert} `.trimEnd();
    const ch = `${chain} `.trimEnd();
    const req = {
      headers: { host: 'x', 'client-cert': c, 'client-cert-chain': ch },
      rawHeaders: ['Host', 'x', 'Client-Cert', c, 'Client-Cert-Chain', ch],
      socket: { remoteAddress: '127.0.0.1' },
      method: 'GET',
      url: '/',
    };
    middleware(req, {}, () => undefined);
  }
  return ((performance.now() - t) * 1000) / n;
}

/** Both figures; `quick` shortens the loops. */
export async function liveFigures({ quick = false, coldCount = quick ? 100 : 300 } = {}) {
  const pki = await makeBenchPki('ec');
  const dir = mkdtempSync(join(tmpdir(), 'bench-live-'));
  const crls = {
    '/root.crl': await makeCrl(pki, pki.root, pki.rootKeys, 1),
    '/ica.crl': await makeCrl(pki, pki.intermediate, pki.interKeys, 1),
  };
  const crlServer = http.createServer((req, res) => res.writeHead(crls[req.url] ? 200 : 404).end(crls[req.url]));
  await new Promise((r) => crlServer.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${crlServer.address().port}`;
  const intermediatePem = new x509.X509Certificate(pki.intermediateDer).toString('pem');
  let responder;
  try {
    // Cache hits: no revocation vs two CRL sources kept current in the background.
    const leafDer = pki.leafNumber(1);
    const plain = clientCert({ trustedProxies: 'loopback', trustAnchors: pki.rootPem });
    const live = clientCert({
      trustedProxies: 'loopback',
      trustAnchors: pki.rootPem,
      intermediates: intermediatePem,
      crls: [{ url: `${base}/root.crl` }, { url: `${base}/ica.crl` }],
    });
    await live.ready();
    const cert = encodeClientCert(leafDer);
    const chain = encodeClientCert(pki.intermediateDer);
    const n = quick ? 20_000 : 50_000;
    hitUs(plain, cert, chain, n);
    hitUs(live, cert, chain, n);
    const ratios = [];
    for (let r = 0; r < 5; r++) ratios.push(hitUs(live, cert, chain, n) / hitUs(plain, cert, chain, n));
    live.close();

    // Cold decisions that wait on OCSP: every leaf is new to the verifier and to the responder's cache.
    const port = await freePort();
    const serials = [];
    const leaves = [];
    for (let i = 0; i < coldCount + 20; i++) {
      const der = pki.leafNumber(1000 + i);
      leaves.push(der);
      serials.push(new x509.X509Certificate(der).serialNumber.toUpperCase());
    }
    const expiry = new Date(Date.now() + 30 * DAY).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
    writeFileSync(join(dir, 'index.txt'), serials.map((s) => `V\t${expiry}\t\t${s}\tunknown\t/O=Bench/CN=device\n`).join(''));
    // Every bench leaf has the same subject: tell OpenSSL's index that is fine.
    writeFileSync(join(dir, 'index.txt.attr'), 'unique_subject = no\n');
    writeFileSync(join(dir, 'ica.pem'), intermediatePem);
    writeFileSync(join(dir, 'ica.key'), pki.intermediateKeyPem);
    const f = (name) => join(dir, name);
    responder = await startResponder([
      '-index',
      f('index.txt'),
      '-CA',
      f('ica.pem'),
      '-rsigner',
      f('ica.pem'),
      '-rkey',
      f('ica.key'),
      '-port',
      String(port),
      '-nmin',
      '5',
    ]);
    const verifier = createVerifier({
      trustAnchors: pki.rootPem,
      intermediates: intermediatePem,
      crls: [{ url: `${base}/root.crl` }],
      ocsp: { responder: `http://127.0.0.1:${port}/` },
    });
    await verifier.ready();
    const times = [];
    for (let i = 0; i < leaves.length; i++) {
      const t = performance.now();
      await verifier.verify({ certificate: leaves[i], chain: [pki.intermediateDer] });
      if (i >= 20) times.push(performance.now() - t); // the first ones warm up the code paths
    }
    const hits = [];
    for (let i = 20; i < leaves.length; i++) {
      const t = performance.now();
      await verifier.verify({ certificate: leaves[i], chain: [pki.intermediateDer] });
      hits.push(performance.now() - t);
    }
    verifier.close();
    return {
      hitRatio: median(ratios),
      ocspColdP50ms: quantile(times, 0.5),
      ocspColdP99ms: quantile(times, 0.99),
      ocspCachedP50ms: quantile(hits, 0.5),
      ocspCachedP99ms: quantile(hits, 0.99),
      coldCount,
    };
  } finally {
    await responder?.stop();
    await new Promise((r) => crlServer.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await liveFigures({ quick: process.argv.includes('--quick') });
  const f = (x) => x.toFixed(2);
  console.log(`cache hit with two CRL sources ÷ without revocation: ${f(r.hitRatio)}`);
  console.log(`cold decision waiting on OCSP (${r.coldCount} leaves): p50 ${f(r.ocspColdP50ms)} ms, p99 ${f(r.ocspColdP99ms)} ms`);
  console.log(`same leaves, OCSP answer cached: p50 ${f(r.ocspCachedP50ms)} ms, p99 ${f(r.ocspCachedP99ms)} ms`);
}

// Resident memory after N distinct certificates have passed through the middleware (run with
// --expose-gc in its own process). Prints JSON: RSS and live heap after 1,000, 10,000, 20,000,
// 40,000 and all, each read twice: at once after gc(), and settled (collections and a second of
// idle, as between bursts of load: V8 returns pages it kept during the burst only then).
import { clientCert } from 'express-client-cert';
import { makeBenchPki } from './fixtures.mjs';

const pki = await makeBenchPki('ec');
const middleware = clientCert({ trustedProxies: 'loopback', trustAnchors: pki.rootPem });
const chain = `:${Buffer.from(pki.intermediateDer).toString('base64')}:`;
const res = {};
let accepted = 0;
function pass(n) {
  const der = pki.leafNumber(n);
  const req = {
    headers: { 'client-cert': `:${Buffer.from(der).toString('base64')}:`, 'client-cert-chain': chain },
    rawHeaders: ['Client-Cert', `:${Buffer.from(der).toString('base64')}:`, 'Client-Cert-Chain', chain],
    socket: { remoteAddress: '127.0.0.1' },
    method: 'GET',
    url: '/',
  };
  middleware(req, res, () => {
    if (req.clientCert) accepted++;
  });
}
const usage = () => {
  globalThis.gc?.();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
};
const idle = () => new Promise((resolve) => setTimeout(resolve, 250));
const measure = async () => {
  const atOnce = usage();
  for (let i = 0; i < 4; i++) {
    globalThis.gc?.();
    await idle();
  }
  return { ...usage(), atOnce };
};
const total = Number(process.argv[2] ?? 100_000);
const marks = {};
for (let i = 0; i < total; i++) {
  pass(i);
  if (i + 1 === 1000 || i + 1 === 10_000 || i + 1 === 20_000 || i + 1 === 40_000 || i + 1 === total) marks[i + 1] = await measure();
}
process.stdout.write(JSON.stringify({ marks, total, accepted }));

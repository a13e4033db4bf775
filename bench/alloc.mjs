// Bytes allocated per request on the cache-hit path, middleware against floor, counted (not timed):
// run with a young generation large enough that no collection happens during a burst
// (`node --min-semi-space-size=64 --max-semi-space-size=64 bench/alloc.mjs`), the growth of the
// heap over a burst is what the burst allocated. Load on the machine does not change it.
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { clientCert, encodeClientCert } from 'express-client-cert';
import { makeBenchPki } from './fixtures.mjs';

const pki = await makeBenchPki('ec');
const middleware = clientCert({ trustedProxies: 'loopback', trustAnchors: pki.rootPem });
const floor = (req, _res, next) => {
  void req.headers['client-cert'];
  void req.headers['client-cert-chain'];
  delete req.headers['client-cert'];
  delete req.headers['client-cert-chain'];
  next();
};
const cert = encodeClientCert(pki.leafNumber(1));
const chain = encodeClientCert(pki.intermediateDer);
const socket = new Socket();
Object.defineProperty(socket, 'remoteAddress', { value: '127.0.0.1' });
function request() {
  const req = new IncomingMessage(socket);
  req._addHeaderLines(
    ['Host', '127.0.0.1:3000', 'User-Agent', 'bench', 'Client-Cert', `${cert} `.trimEnd(), 'Client-Cert-Chain', `${chain} `.trimEnd()],
    8,
  );
  req.method = 'GET';
  req.url = '/';
  void req.headers;
  return req;
}
const BURST = 2000;
const reqs = [];
function burst(fn) {
  reqs.length = 0;
  for (let i = 0; i < BURST; i++) reqs.push(request());
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < BURST; i++) fn(reqs[i], {}, () => undefined);
  return (process.memoryUsage().heapUsed - before) / BURST;
}
for (let i = 0; i < 20; i++) {
  burst(middleware);
  burst(floor);
}
const m = [];
const f = [];
for (let i = 0; i < 9; i++) {
  m.push(burst(middleware));
  f.push(burst(floor));
}
const med = (l) => [...l].sort((a, b) => a - b)[4];
console.error(`bytes allocated per request: middleware ${Math.round(med(m))}, floor ${Math.round(med(f))}`);
process.stdout.write(JSON.stringify({ middleware: med(m), floor: med(f) }));

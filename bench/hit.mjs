// The cache-hit path in process, for profiling (`node --cpu-prof bench/hit.mjs`): µs per request of
// the middleware and of the floor, called directly with fresh header strings, as run.mjs measures.
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
// Requests as Node's parser makes them: an IncomingMessage with fresh strings, its `headers` view
// built (Express reads it before the first middleware).
function request() {
  const req = new IncomingMessage(socket);
  const c = `${cert} `.trimEnd();
  const ch = `${chain} `.trimEnd();
  req._addHeaderLines(['Host', '127.0.0.1:3000', 'User-Agent', 'bench', 'Client-Cert', c, 'Client-Cert-Chain', ch], 8);
  req.method = 'GET';
  req.url = '/';
  void req.headers;
  return req;
}
const run = (fn, n) => {
  let ms = 0;
  for (let i = 0; i < n; i++) {
    const req = request();
    const t = performance.now();
    fn(req, {}, () => undefined);
    ms += performance.now() - t;
  }
  return (ms * 1000) / n;
};
const which = process.argv[2] ?? 'both';
const n = Number(process.argv[3] ?? 100_000);
for (let r = 0; r < 5; r++) {
  const m = which !== 'floor' ? run(middleware, n) : 0;
  const f = which !== 'middleware' ? run(floor, n) : 0;
  console.log(`middleware ${m.toFixed(3)} µs, floor ${f.toFixed(3)} µs`);
}

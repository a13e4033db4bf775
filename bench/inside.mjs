// What the middleware itself costs per request inside a real Express 5 server, apart from what
// runs after it: `node bench/inside.mjs [floor|middleware|both] [requests]`. A wrapper reads the
// clock and the young generation's used bytes before the middleware and again when it calls
// next(); the wrapper's own bytes (measured around an empty middleware) are subtracted. Requests
// come from autocannon in a child process, so its allocations are not counted. MW_PATH: another
// build of the package, to compare two.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import express from 'express';
import { encodeClientCert } from 'express-client-cert';
import { makeBenchPki } from './fixtures.mjs';

if (process.argv[2] === '--load') {
  const { default: autocannon } = await import('autocannon');
  const [port, amount, headers] = [process.argv[3], Number(process.argv[4]), JSON.parse(process.argv[5])];
  await autocannon({ url: `http://127.0.0.1:${port}/`, connections: 16, amount, headers });
  process.exit(0);
}

const { clientCert } = await import(process.env.MW_PATH ?? 'express-client-cert');
const which = process.argv[2] ?? 'both';
const requests = Number(process.argv[3] ?? 40_000);
const pki = await makeBenchPki('ec');
const headers = { 'client-cert': encodeClientCert(pki.leafNumber(1)), 'client-cert-chain': encodeClientCert(pki.intermediateDer) };
const youngUsed = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;

const middlewares = {
  empty: () => (_req, _res, next) => next(),
  // The least any implementation does: read the two fields and remove them.
  floor: () => (req, _res, next) => {
    void req.headers['client-cert'];
    void req.headers['client-cert-chain'];
    delete req.headers['client-cert'];
    delete req.headers['client-cert-chain'];
    next();
  },
  middleware: () => clientCert({ trustedProxies: 'loopback', trustAnchors: pki.rootPem }),
};

/** Median µs and bytes per request inside `mode`'s middleware, over the second half of the requests. */
async function measure(mode) {
  const mw = middlewares[mode]();
  const micros = [];
  const bytes = [];
  const app = express();
  app.set('etag', false);
  app.use((req, res, next) => {
    const before = youngUsed();
    const start = performance.now();
    mw(req, res, (err) => {
      const took = performance.now() - start;
      const after = youngUsed();
      micros.push(took * 1000);
      // A collection in between makes the difference meaningless: that request is left out.
      if (after >= before) bytes.push(after - before);
      next(err);
    });
  });
  app.get('/', (req, res) => res.json({ who: req.clientCert ? 'client' : 'absent' }));
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const load = fork(new URL(import.meta.url), ['--load', String(server.address().port), String(requests), JSON.stringify(headers)]);
  await new Promise((resolve) => load.once('exit', resolve));
  await new Promise((resolve) => server.close(resolve));
  const median = (list) => {
    const sorted = list.slice(list.length >> 1).sort((a, b) => a - b);
    return sorted[sorted.length >> 1];
  };
  return { micros: median(micros), bytes: median(bytes) };
}

const empty = await measure('empty');
const modes = which === 'both' ? ['floor', 'middleware'] : [which];
for (const mode of modes) {
  const { micros, bytes } = await measure(mode);
  console.log(`${mode}: ${micros.toFixed(2)} µs and ${bytes - empty.bytes} bytes per request in the middleware (median)`);
}

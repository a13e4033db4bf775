// One HTTP server for the benchmark, in its own process: `bare`, `floor` (a middleware that only
// reads and deletes the two fields), `middleware` (express-client-cert), or `middleware-crl` (the
// same with two CRL sources kept current from a local URL). Reports its port over IPC.
import http from 'node:http';
import express from 'express';
// MW_PATH: another build of the package (bench/profile.mjs compares two builds side by side).
const { clientCert } = await import(process.env.MW_PATH ?? 'express-client-cert');

const [mode, rootPem] = [process.argv[2], Buffer.from(process.argv[3] ?? '', 'base64').toString('utf8')];
// middleware-crl: the intermediate (PEM) and the two CRLs (DER), base64 each.
const [intermediatePem, rootCrl, icaCrl] = (process.argv[4] ?? '').split(',').map((b) => Buffer.from(b, 'base64'));
const app = express();
app.set('etag', false);
app.set('x-powered-by', false);
if (mode === 'floor') {
  app.use((req, _res, next) => {
    // The least any implementation does: read the fields and remove them.
    void req.headers['client-cert'];
    void req.headers['client-cert-chain'];
    delete req.headers['client-cert'];
    delete req.headers['client-cert-chain'];
    next();
  });
} else if (mode === 'middleware') {
  app.use(clientCert({ trustedProxies: 'loopback', trustAnchors: rootPem }));
} else if (mode === 'middleware-crl') {
  const crls = { '/root.crl': rootCrl, '/ica.crl': icaCrl };
  const crlServer = http.createServer((req, res) => res.writeHead(crls[req.url] ? 200 : 404).end(crls[req.url]));
  await new Promise((r) => crlServer.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${crlServer.address().port}`;
  const mw = clientCert({
    trustedProxies: 'loopback',
    trustAnchors: rootPem,
    intermediates: intermediatePem.toString('utf8'),
    crls: [{ url: `${base}/root.crl` }, { url: `${base}/ica.crl` }],
  });
  await mw.ready();
  app.use(mw);
}
// A JSON body of the same size from every app, so the apps differ only in the middleware.
app.get('/', (req, res) => res.json({ who: req.clientCert ? 'client' : 'absent' }));
const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'stop') server.close(() => process.exit(0));
  // CPU time used so far (µs): requests per CPU-second does not depend on what else the machine runs.
  if (m === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ cpu: user + system });
  }
});

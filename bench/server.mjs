// One HTTP server for the benchmark, in its own process: `bare`, `floor` (a middleware that only
// reads and deletes the two fields) or `middleware` (express-client-cert). Reports its port over IPC.
import express from 'express';
import { clientCert } from 'express-client-cert';

const [mode, rootPem] = [process.argv[2], Buffer.from(process.argv[3] ?? '', 'base64').toString('utf8')];
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
}
app.get('/', (req, res) => res.send(req.clientCert ? req.clientCert.subject : 'hello'));
const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'stop') server.close(() => process.exit(0));
  // CPU time used so far (µs): requests per CPU-second does not depend on what else the machine runs.
  if (m === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ cpu: user + system });
  }
});

// A small mutual-TLS terminating proxy written for the demo: what HAProxy, nginx or Caddy do in
// production. It asks every client for a certificate, REMOVES any Client-Cert / Client-Cert-Chain
// the client sent itself, and forwards the certificate it saw in the TLS handshake as RFC 9440
// fields to the app over loopback.
import http from 'node:http';
import https from 'node:https';

function sf(der) {
  return `:${Buffer.from(der).toString('base64')}:`;
}

/** Starts the proxy on 127.0.0.1; resolves with its port and a close function. */
export function startMtlsProxy({ key, cert, ca, upstreamPort }) {
  const server = https.createServer(
    // Like `verify optional_no_ca`: the handshake succeeds with any certificate, so the app's own
    // validation is what decides (defence in depth). Production proxies usually also verify.
    { key, cert, ca, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const headers = { ...req.headers };
      // Security: a client must never be able to supply these fields itself.
      delete headers['client-cert'];
      delete headers['client-cert-chain'];
      const peer = req.socket.getPeerCertificate(true);
      if (peer && peer.raw) {
        headers['client-cert'] = sf(peer.raw);
        const chain = [];
        for (let c = peer.issuerCertificate; c && c !== c.issuerCertificate && chain.length < 8; c = c.issuerCertificate)
          chain.push(sf(c.raw));
        if (chain.length) headers['client-cert-chain'] = chain.join(', ');
      }
      const upstream = http.request(
        { host: '127.0.0.1', port: upstreamPort, localAddress: '127.0.0.1', method: req.method, path: req.url, headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    },
  );
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, close: () => new Promise((r) => server.close(r)) }));
  });
}

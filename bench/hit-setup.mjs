// The cache-hit path in process, shared by bench/hit.mjs (time) and bench/alloc.mjs (bytes): the
// middleware and the floor (read and delete the two fields), and requests as Node's parser makes
// them: an IncomingMessage with fresh header strings and its `headers` view built (Express reads
// it before the first middleware).
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { clientCert, encodeClientCert } from 'express-client-cert';
import { makeBenchPki } from './fixtures.mjs';

const pki = await makeBenchPki('ec');
export const middleware = clientCert({ trustedProxies: 'loopback', trustAnchors: pki.rootPem });
export const floor = (req, _res, next) => {
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

/** A fresh request carrying the same certificate (new strings, as from the network). */
export function request() {
  const req = new IncomingMessage(socket);
  const c = `${cert} `.trimEnd();
  const ch = `${chain} `.trimEnd();
  req._addHeaderLines(['Host', '127.0.0.1:3000', 'User-Agent', 'bench', 'Client-Cert', c, 'Client-Cert-Chain', ch], 8);
  req.method = 'GET';
  req.url = '/';
  void req.headers;
  return req;
}

// A peer inside two trustedProxies entries that read different fields: which one it is cannot be
// guessed. Read in the first format, a client could forge the field its proxy never sets. And the
// decision cache keeps two entries of one format apart.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import request from 'supertest';
import { type ClientCertOptions, type ClientCertRequestFields, clientCert, encodeClientCert, encodeClientCertChain } from '../src/index';
import { NOW, makePki } from './helpers/pki';

const { root, intermediate, leaf } = makePki('Overlap');

function app(trustedProxies: ClientCertOptions['trustedProxies']) {
  const a = express();
  a.use(clientCert({ trustedProxies, trustAnchors: root.pem, now: () => NOW }));
  a.get('/', (req, res) =>
    res.json({
      subject: req.clientCert?.subject ?? null,
      code: req.clientCertError?.code ?? null,
      reason: req.clientCertError?.reason ?? null,
    }),
  );
  return a;
}

// What a client sends through an Apache that sets X-SSL-Client-Cert and leaves Client-Cert alone.
const forged = { 'Client-Cert': encodeClientCert(leaf.der), 'Client-Cert-Chain': encodeClientCertChain(intermediate.der) };
const apache = { addresses: ['127.0.0.1', '::1'], format: 'apache-pem' as const };

describe('a peer matched by entries that read different fields', () => {
  it.each([
    ['a plain range before the entry', ['loopback', apache]],
    ['the entry before a plain range', [apache, 'loopback']],
    [
      'two entries with different headers',
      [
        { addresses: 'loopback', header: 'X-Cert-A' },
        { addresses: 'loopback', header: 'X-Cert-B' },
      ],
    ],
  ])('%s: untrusted, its fields removed unread', async (_name, trustedProxies) => {
    const res = await request(app(trustedProxies as ClientCertOptions['trustedProxies']))
      .get('/')
      .set(forged)
      .expect(200);
    expect(res.body).toEqual({ subject: null, code: 'ERR_CLIENT_CERT_UNTRUSTED_PROXY', reason: 'trusted-proxies-ambiguous' });
  });

  it('entries that read the same fields the same way may overlap', async () => {
    const res = await request(app(['loopback', { addresses: '127.0.0.1' }, { addresses: '::1', format: 'rfc9440' }]))
      .get('/')
      .set(forged)
      .expect(200);
    expect(res.body).toEqual({ subject: 'CN=alice,O=Overlap', code: null, reason: null });
  });
});

describe('the decision cache and two entries of one format', () => {
  /** A request as node:http gives it, from `peer`, with one field line. */
  function fromPeer(peer: string, name: string, value: string): IncomingMessage {
    return {
      headers: { [name.toLowerCase()]: value },
      rawHeaders: [name, value],
      socket: { remoteAddress: peer },
      method: 'GET',
      url: '/',
    } as unknown as IncomingMessage;
  }

  it('a refusal cached for one entry is not served, naming its field, to another', () => {
    const mw = clientCert({
      trustedProxies: [
        { addresses: '10.0.0.1', format: 'base64-der', header: 'X-Cert-A' },
        { addresses: '10.0.0.2', format: 'base64-der', header: 'X-Cert-B' },
      ],
      trustAnchors: root.pem,
      now: () => NOW,
    });
    const decide = (req: IncomingMessage & ClientCertRequestFields) => {
      mw(req, {} as ServerResponse, () => undefined);
      return req.clientCertError;
    };
    expect(decide(fromPeer('10.0.0.1', 'X-Cert-A', '!!!'))).toMatchObject({
      code: 'ERR_CLIENT_CERT_MALFORMED',
      reason: 'base64-invalid',
      message: expect.stringMatching(/^x-cert-a /),
    });
    expect(decide(fromPeer('10.0.0.2', 'X-Cert-B', '!!!'))).toMatchObject({
      code: 'ERR_CLIENT_CERT_MALFORMED',
      reason: 'base64-invalid',
      message: expect.stringMatching(/^x-cert-b /),
    });
  });
});

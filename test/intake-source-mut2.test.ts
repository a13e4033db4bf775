// Stage 1 (src/source.ts) called directly: which peer may send fields, the refusal that names an
// untrusted, ambiguous or throwing peer, the TLS socket taken only when directTls is on and the
// socket is a TLS one, and the fields a second, different mount reads.
import { IncomingMessage } from 'node:http';
import { compileFieldSet } from '../src/headers';
import { compileProxies } from '../src/proxy';
import { attachRequestState } from '../src/request-state';
import { createSourceChooser } from '../src/source';
import type { ClientCertOptions } from '../src/types';

type ParsedRequest = IncomingMessage & { _addHeaderLines(lines: string[], n: number): void };

/** A request as Node's parser hands it over, on a socket that is only what the test gives it. */
function request(lines: string[], socket: object = { remoteAddress: '127.0.0.1' }): IncomingMessage {
  const req = new IncomingMessage(socket as never) as ParsedRequest;
  req._addHeaderLines(lines, lines.length);
  return req;
}

function chooser(trusted: ClientCertOptions['trustedProxies'], directTls = false) {
  const proxies = compileProxies(trusted);
  return createSourceChooser(proxies, compileFieldSet(proxies.fieldNames, proxies.fieldPrefixes), directTls);
}

const UNTRUSTED = 'ERR_CLIENT_CERT_UNTRUSTED_PROXY';
const refusalOf = (source: ReturnType<ReturnType<typeof chooser>>) =>
  source.refusal && { code: source.refusal.code, reason: source.refusal.reason, message: source.refusal.message };

describe('who may send the fields', () => {
  it('a trusted peer: its format, no refusal, the field taken off the request', () => {
    const req = request(['Host', 'h', 'Client-Cert', ':AQ==:']);
    const source = chooser(['127.0.0.1'])(req, undefined);
    expect(source.peer).toBe('127.0.0.1');
    expect(source.trustedPeer).toBe(true);
    expect(source.format?.format).toBe('rfc9440');
    expect(source.refusal).toBeUndefined();
    expect([...source.taken.entries()]).toEqual([['client-cert', [':AQ==:']]]);
    expect(req.headers).toEqual({ host: 'h' });
  });

  it('a peer outside trustedProxies that sent a field is refused by name', () => {
    const source = chooser(['127.0.0.1'])(request(['Client-Cert', ':AQ==:'], { remoteAddress: '::ffff:10.0.0.9' }), undefined);
    expect(source.peer).toBe('10.0.0.9');
    expect(source.trustedPeer).toBe(false);
    expect(source.format).toBeUndefined();
    expect(refusalOf(source)).toEqual({
      code: UNTRUSTED,
      reason: 'peer-not-trusted',
      message:
        'Client-Cert fields came from 10.0.0.9, which is not in trustedProxies; they were removed unread. ' +
        'If your TLS proxy runs there, add that address to trustedProxies (the socket peer, not req.ip or X-Forwarded-For)',
    });
  });

  it('a peer of unknown address is named as such', () => {
    const source = chooser(['127.0.0.1'])(request(['Client-Cert', ':AQ==:'], {}), undefined);
    expect(source.peer).toBe('');
    expect(refusalOf(source)?.message).toBe(
      'Client-Cert fields came from an unknown peer, which is not in trustedProxies; they were removed unread. ' +
        'If your TLS proxy runs there, add that address to trustedProxies (the socket peer, not req.ip or X-Forwarded-For)',
    );
  });

  it('a peer outside trustedProxies that sent no field is not refused', () => {
    const source = chooser(['127.0.0.1'])(request(['Host', 'h'], { remoteAddress: '10.0.0.9' }), undefined);
    expect(source.taken.size).toBe(0);
    expect(source.refusal).toBeUndefined();
    expect(source.trustedPeer).toBe(false);
  });

  it('a peer inside two entries that read different fields is refused as ambiguous', () => {
    const choose = chooser(['10.0.0.0/8', { addresses: '10.1.2.3', format: 'apache-pem' }]);
    const source = choose(request(['Client-Cert', ':AQ==:'], { remoteAddress: '10.1.2.3' }), undefined);
    expect(source.trustedPeer).toBe(false);
    expect(source.format).toBeUndefined();
    expect(refusalOf(source)).toEqual({
      code: UNTRUSTED,
      reason: 'trusted-proxies-ambiguous',
      message:
        'Client-Cert fields came from 10.1.2.3, which matches trustedProxies entries that read different formats or fields; ' +
        'they were removed unread. Give each proxy address one entry',
    });
  });

  it('a peer the trustedProxies function throws for is refused as such', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const choose = chooser(() => {
        throw new Error('boom');
      });
      const source = choose(request(['Client-Cert', ':AQ==:'], { remoteAddress: '10.0.0.9' }), undefined);
      expect(source.trustedPeer).toBe(false);
      expect(refusalOf(source)).toEqual({
        code: UNTRUSTED,
        reason: 'trusted-proxies-threw',
        message: 'Client-Cert fields came from 10.0.0.9, and the trustedProxies function threw for it; they were removed unread',
      });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the TLS socket', () => {
  const tlsLike = { remoteAddress: '127.0.0.1', encrypted: true, getPeerCertificate: () => ({}) };

  it('is taken when directTls is on and the socket is encrypted with a peer certificate', () => {
    expect(chooser(['127.0.0.1'], true)(request([], tlsLike), undefined).tls).toBe(tlsLike);
  });

  it('is not taken, and the peer is unknown, on a request without a socket', () => {
    const req = new IncomingMessage(null as never) as ParsedRequest;
    req._addHeaderLines(['Host', 'h'], 2);
    const source = chooser(['127.0.0.1'], true)(req, undefined);
    expect(source.tls).toBeUndefined();
    expect(source.peer).toBe('');
  });

  it.each<[string, object, boolean]>([
    ['directTls off', tlsLike, false],
    ['a socket that is not encrypted', { ...tlsLike, encrypted: false }, true],
    ['a socket without getPeerCertificate', { remoteAddress: '127.0.0.1', encrypted: true, getPeerCertificate: 'no' }, true],
    ['a plain socket', { remoteAddress: '127.0.0.1' }, true],
  ])('is not taken with %s', (_name, socket, directTls) => {
    expect(chooser(['127.0.0.1'], directTls)(request([], socket), undefined).tls).toBeUndefined();
  });
});

describe('a second, different mount on the same request', () => {
  it('reads the fields an earlier mount took and its own, and the earlier value of a field wins', () => {
    const req = request(['Client-Cert', ':Ag==:', 'X-Apache-Cert', 'pem']);
    const state = attachRequestState(
      req,
      new Map([
        ['client-cert', [':AQ==:']],
        ['x-ssl-client-cert', ['other']],
      ]),
    );
    const source = chooser([{ addresses: '127.0.0.1', format: 'apache-pem', header: 'x-apache-cert' }])(req, state);
    expect(new Map(source.taken)).toEqual(
      new Map([
        ['client-cert', [':AQ==:']],
        ['x-ssl-client-cert', ['other']],
        ['x-apache-cert', ['pem']],
      ]),
    );
    expect(state.taken?.get('client-cert')).toEqual([':AQ==:']);
    expect(state.taken?.get('x-apache-cert')).toEqual(['pem']);
    expect(req.headers).toEqual({});
  });

  it('leaves out the fields an earlier mount took that this one does not know', () => {
    const req = request(['Host', 'h']);
    const state = attachRequestState(req, new Map([['x-unknown-mut2-field', ['v']]]));
    const source = chooser(['127.0.0.1'])(req, state);
    expect(source.taken.size).toBe(0);
    expect(source.refusal).toBeUndefined();
    expect(state.taken?.get('x-unknown-mut2-field')).toEqual(['v']);
  });
});

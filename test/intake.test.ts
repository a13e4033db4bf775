import type { IncomingMessage } from 'node:http';
import { encodeClientCert, encodeClientCertChain } from '../src/index';
import { takeFields } from '../src/headers';

const RFC9440 = new Set(['client-cert', 'client-cert-chain']);
import { makePki } from './helpers/pki';

const { root, intermediate, leaf } = makePki('Intake');

describe('encodeClientCert / encodeClientCertChain', () => {
  it('encode PEM or DER as RFC 8941 byte sequences', () => {
    const b64 = Buffer.from(leaf.der).toString('base64');
    expect(encodeClientCert(leaf.pem)).toBe(`:${b64}:`);
    expect(encodeClientCert(leaf.der)).toBe(`:${b64}:`);
    expect(encodeClientCertChain([intermediate.pem, root.der])).toBe(
      `:${Buffer.from(intermediate.der).toString('base64')}:, :${Buffer.from(root.der).toString('base64')}:`,
    );
    // A PEM bundle is split into its certificates.
    expect(encodeClientCertChain(intermediate.pem + root.pem).split(', ')).toHaveLength(2);
  });

  it('throw TypeError for input without exactly one certificate', () => {
    expect(() => encodeClientCert('nothing here')).toThrow(TypeError);
    expect(() => encodeClientCert(leaf.pem + root.pem)).toThrow(/expected one certificate/);
    expect(() => encodeClientCertChain([])).toThrow(TypeError);
  });
});

describe('takeFields (RFC 9440 names)', () => {
  it('removes the fields from headers and rawHeaders and keeps field lines apart', () => {
    const req = {
      headers: { host: 'x', 'client-cert': ':a:, :b:', 'client-cert-chain': ':c:' },
      rawHeaders: ['Host', 'x', 'Client-Cert', ':a:', 'CLIENT-CERT', ':b:', 'client-cert-chain', ':c:', 'Accept', '*/*'],
    } as unknown as IncomingMessage;
    expect(Object.fromEntries(takeFields(req, RFC9440))).toEqual({ 'client-cert': [':a:', ':b:'], 'client-cert-chain': [':c:'] });
    expect(req.headers).toEqual({ host: 'x' });
    expect(req.rawHeaders).toEqual(['Host', 'x', 'Accept', '*/*']);
  });

  it('reads req.headers when a request was built without rawHeaders', () => {
    const req = { headers: { 'client-cert': ':a:' } } as unknown as IncomingMessage;
    expect(Object.fromEntries(takeFields(req, RFC9440))).toEqual({ 'client-cert': [':a:'] });
    expect(req.headers).toEqual({});
  });
});

describe('takeFields', () => {
  it('takes configured names of any length, from rawHeaders and headers', () => {
    const req = {
      headers: { 'x-cert': 'a', host: 'h' },
      rawHeaders: ['X-Cert', 'a', 'Host', 'h', 'Client-Cert', ':b:'],
    } as unknown as IncomingMessage;
    const taken = takeFields(req, new Set(['x-cert', 'client-cert']));
    expect(Object.fromEntries(taken)).toEqual({ 'x-cert': ['a'], 'client-cert': [':b:'] });
    expect(req.rawHeaders).toEqual(['Host', 'h']);
    expect(req.headers).toEqual({ host: 'h' });
  });
});

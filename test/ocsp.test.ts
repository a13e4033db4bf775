// OCSP against OpenSSL's own responder on 127.0.0.1 (stopped by its pid): good, revoked and
// unknown answers, a responder that is down or slow, shared requests, synchronous cache hits, and
// the strict reader and checks on responses OpenSSL produced.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  clientCert,
  createVerifier,
  encodeClientCert,
  encodeClientCertChain,
  type ClientCertAuditEvent,
  type VerifierOptions,
} from '../src/index';
import { parseCertificate } from '../src/certificate-input';
import { buildOcspRequest, parseOcspResponse } from '../src/x509/ocsp';
import { judgeOcspResponse } from '../src/verify/ocsp';
import { fetchBytes } from '../src/verify/live/fetch';
import { spawn } from 'node:child_process';
import { type Running, freePort, hasBinary } from './e2e/harness';
import { DAY, EKU, makeCert, makeCrl, type TestCert } from './helpers/pki';
import { ia5, oid, seq } from './helpers/der';

const describeIf = hasBinary('openssl') ? describe : describe.skip;
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const keyPem = (c: TestCert): string => c.key.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
/** OpenSSL's index.txt time format. */
const indexTime = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';

/**
 * Starts `openssl ocsp`. Readiness is read from its output, not probed: the responder serves one
 * connection at a time and stalls on a connection that sends nothing.
 */
function startOpensslOcsp(args: string[]): Promise<Running> {
  const child = spawn('openssl', ['ocsp', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const running: Running = {
    pid: child.pid ?? -1,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid as number, 'SIGTERM');
      await exited;
    },
  };
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => void running.stop().then(() => reject(new Error(`openssl ocsp did not start: ${out}`))), 10_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('waiting for OCSP client connections')) {
        clearTimeout(timer);
        resolveStart(running);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openssl ocsp exited with ${code}: ${out}`));
    });
  });
}

describeIf('OCSP with the OpenSSL responder', () => {
  let dir: string;
  let port: number;
  let responder: Running;
  let root: TestCert, ica: TestCert, good: TestCert, revoked: TestCert, unknown: TestCert, delegate: TestCert, noEku: TestCert;
  let rootCrl: string;
  const now = new Date();
  const validity = { notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 30 * DAY) };

  /** Starts `openssl ocsp` answering for `ica`'s certificates, signing with `signer`. */
  async function startResponder(signer: TestCert, extra: string[] = [], at?: number): Promise<{ running: Running; port: number }> {
    const p = at ?? (await freePort());
    writeFileSync(join(dir, `${p}.pem`), signer.pem);
    writeFileSync(join(dir, `${p}.key`), keyPem(signer));
    const files = [
      '-index',
      join(dir, 'index.txt'),
      '-CA',
      join(dir, 'ica.pem'),
      '-rsigner',
      join(dir, `${p}.pem`),
      '-rkey',
      join(dir, `${p}.key`),
    ];
    const args = [...files, '-port', String(p), '-rmd', 'sha256', '-nmin', '5', '-ignore_err', ...extra];
    return { running: await startOpensslOcsp(args), port: p };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecc-ocsp-'));
    port = await freePort();
    const aia = [{ oid: '1.3.6.1.5.5.7.1.1', value: seq(seq(oid('1.3.6.1.5.5.7.48.1'), ia5(`http://127.0.0.1:${port}/`, 0x86))) }];
    root = makeCert({ subject: { O: 'Ocsp', CN: 'Root' }, ca: true, ...validity });
    ica = makeCert({ subject: { O: 'Ocsp', CN: 'ICA' }, issuer: root, ca: true, serial: 0x100, ...validity });
    const client = (cn: string, serial: number) =>
      makeCert({ subject: { O: 'Ocsp', CN: cn }, issuer: ica, serial, extensions: aia, ...validity });
    good = client('good', 0x1001);
    revoked = client('revoked', 0x1002);
    unknown = client('unknown', 0x1003);
    delegate = makeCert({ subject: { O: 'Ocsp', CN: 'responder' }, issuer: ica, serial: 0x2001, eku: [OCSP_SIGNING], ...validity });
    noEku = makeCert({ subject: { O: 'Ocsp', CN: 'not a responder' }, issuer: ica, serial: 0x2002, eku: [EKU.clientAuth], ...validity });
    rootCrl = makeCrl({ issuer: root, thisUpdate: new Date(now.getTime() - 3600_000), nextUpdate: new Date(now.getTime() + DAY) }).pem;
    const expiry = indexTime(validity.notAfter);
    writeFileSync(
      join(dir, 'index.txt'),
      `V\t${expiry}\t\t1001\tunknown\t/O=Ocsp/CN=good\n` +
        `R\t${expiry}\t${indexTime(new Date(now.getTime() - 3600_000))}\t1002\tunknown\t/O=Ocsp/CN=revoked\n`,
    );
    writeFileSync(join(dir, 'ica.pem'), ica.pem);
    responder = (await startResponder(delegate, [], port)).running;
  });

  afterAll(async () => {
    await responder?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = (extra: Partial<VerifierOptions> = {}): VerifierOptions => ({
    trustAnchors: root.pem,
    crls: [rootCrl],
    ocsp: true,
    ...extra,
  });
  const verify = (cert: TestCert, extra: Partial<VerifierOptions> = {}) =>
    createVerifier(options(extra)).verify({ certificate: cert.pem, chain: [ica.pem] });

  it('a good answer (from a delegated responder) accepts; a revoked one refuses in both modes', async () => {
    await expect(verify(good)).resolves.toMatchObject({ subject: 'CN=good,O=Ocsp' });
    for (const revocationMode of ['hard', 'soft'] as const) {
      await expect(verify(revoked, { revocationMode })).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' });
    }
  });

  it('an unknown answer refuses in hard mode and is audited as unknown in soft mode', async () => {
    await expect(verify(unknown)).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'ocsp-unknown' });
    const events: ClientCertAuditEvent[] = [];
    const mw = clientCert({ ...options({ revocationMode: 'soft' }), trustedProxies: 'loopback', onAudit: (e) => events.push(e) });
    const req = fakeRequest(unknown);
    await new Promise<void>((done) => mw(req, {} as ServerResponse, () => done()));
    expect(events[0]).toMatchObject({ outcome: 'accepted', revocationStatus: 'unknown', revocationReason: 'ocsp-unknown' });
  });

  it('the responder down or slow: ocsp-unavailable in hard mode, accepted in soft mode', async () => {
    const closed = await freePort();
    const down = { ocsp: { responder: `http://127.0.0.1:${closed}/` } };
    await expect(verify(good, down)).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'ocsp-unavailable' });
    await expect(verify(good, { ...down, revocationMode: 'soft' })).resolves.toBeDefined();
    // A responder that accepts the connection and never answers is cut off by the timeout.
    const silent = http.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const slow = { ocsp: { responder: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, timeoutMs: 150 } };
      const err = await verify(good, slow).catch((e: unknown) => e);
      expect(err).toMatchObject({ reason: 'ocsp-unavailable', message: expect.stringMatching(/no complete answer within 150 ms/) });
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  it('an oversized answer is cut off: ocsp-unavailable', async () => {
    const big = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/ocsp-response' });
      res.end(Buffer.alloc(70 * 1024, 0x30));
    });
    await new Promise<void>((r) => big.listen(0, '127.0.0.1', r));
    try {
      const err = await verify(good, { ocsp: { responder: `http://127.0.0.1:${(big.address() as AddressInfo).port}/` } }).catch(
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ reason: 'ocsp-unavailable', message: expect.stringMatching(/larger than 65536 bytes/) });
    } finally {
      await new Promise((r) => big.close(r));
    }
  });

  it('concurrent checks of one certificate share one request; later ones are answered from the cache', async () => {
    const v = createVerifier(options());
    const all = await Promise.all(Array.from({ length: 5 }, () => v.verify({ certificate: good.pem, chain: [ica.pem] })));
    expect(all).toHaveLength(5);
    expect(v.status().ocsp).toMatchObject({ requests: 1, cachedAnswers: 1, failures: 0 });
    await v.verify({ certificate: good.pem, chain: [ica.pem] });
    expect(v.status().ocsp?.requests).toBe(1);
  });

  it('only a decision that waits on the responder is asynchronous: an OCSP cache hit calls next synchronously', async () => {
    const mw = clientCert({ ...options(), trustedProxies: 'loopback', cache: false });
    const first = fakeRequest(good);
    await new Promise<void>((done) => mw(first, {} as ServerResponse, () => done()));
    expect((first as { clientCert?: unknown }).clientCert).toBeDefined();
    const second = fakeRequest(good);
    let called = false;
    mw(second, {} as ServerResponse, () => (called = true));
    expect(called).toBe(true);
    expect((second as { clientCert?: unknown }).clientCert).toBeDefined();
  });

  it('an intermediate no CRL covers needs OCSP too: without a responder for it, ocsp-no-responder', async () => {
    await expect(verify(good, { crls: undefined })).rejects.toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'ocsp-no-responder' });
  });

  it('answers signed by the issuer are accepted; by a certificate without id-kp-OCSPSigning, refused', async () => {
    // The issuer signs, naming itself by key hash (ResponderID byKey) rather than by name.
    const byIssuer = await startResponder(ica, ['-resp_key_id']);
    const byNobody = await startResponder(noEku);
    try {
      await expect(verify(good, { ocsp: { responder: `http://127.0.0.1:${byIssuer.port}/` } })).resolves.toBeDefined();
      const err = await verify(good, { ocsp: { responder: `http://127.0.0.1:${byNobody.port}/` } }).catch((e: unknown) => e);
      expect(err).toMatchObject({ reason: 'ocsp-invalid', message: expect.stringMatching(/lacks id-kp-OCSPSigning/) });
    } finally {
      await byIssuer.running.stop();
      await byNobody.running.stop();
    }
  });

  describe('the reader and the checks, on a response OpenSSL produced', () => {
    let der: Uint8Array;
    const check = (cert: TestCert, nowMs = Date.now()) => ({
      cert: parseCertificate(cert.der),
      issuer: parseCertificate(ica.der),
      nowMs,
      toleranceMs: 0,
      allowWeakAlgorithms: false,
    });
    beforeAll(async () => {
      const result = await fetchBytes({
        url: `http://127.0.0.1:${port}/`,
        method: 'POST',
        body: buildOcspRequest(parseCertificate(good.der), parseCertificate(ica.der)),
        headers: { 'content-type': 'application/ocsp-request' },
        timeoutMs: 5000,
        maxBytes: 65536,
      });
      if (result.status !== 200) throw new Error('no response');
      der = new Uint8Array(result.body);
    });

    it('parses it and finds it good for the certificate it names', () => {
      const parsed = parseOcspResponse(der);
      expect(parsed.responseStatus).toBe('successful');
      expect(judgeOcspResponse(parsed, check(good))).toMatchObject({ status: 'good' });
    });

    it('it does not answer for another certificate (CertID)', () => {
      expect(judgeOcspResponse(parseOcspResponse(der), check(revoked))).toMatchObject({ problem: { reason: 'ocsp-invalid' } });
    });

    it('it is stale after nextUpdate, and not yet valid before thisUpdate', () => {
      expect(judgeOcspResponse(parseOcspResponse(der), check(good, Date.now() + 3600_000))).toMatchObject({
        problem: { reason: 'ocsp-stale' },
      });
      expect(judgeOcspResponse(parseOcspResponse(der), check(good, Date.now() - 3600_000))).toMatchObject({
        problem: { reason: 'ocsp-invalid', message: expect.stringMatching(/thisUpdate is in the future/) },
      });
    });

    it('a tampered signature is refused', () => {
      const parsed = parseOcspResponse(der.slice());
      if (parsed.responseStatus !== 'successful') throw new Error('unexpected');
      (parsed.basic.signature as Uint8Array)[10] ^= 0x01;
      expect(judgeOcspResponse(parsed, check(good))).toMatchObject({ problem: { reason: 'ocsp-invalid' } });
    });

    it('refuses trailing bytes, truncation and a wrong outer tag', () => {
      expect(() => parseOcspResponse(new Uint8Array([...der, 0]))).toThrow(/trailing bytes/);
      expect(() => parseOcspResponse(der.subarray(0, der.length - 1))).toThrow();
      const wrongTag = der.slice();
      wrongTag[0] = 0x31;
      expect(() => parseOcspResponse(wrongTag)).toThrow();
    });

    it('reads unsuccessful statuses, and refuses one that carries responseBytes', () => {
      expect(parseOcspResponse(new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x03]))).toEqual({ responseStatus: 'tryLater' });
      expect(() => parseOcspResponse(new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x04]))).toThrow(/unknown OCSP response status/);
      expect(() => parseOcspResponse(new Uint8Array([0x30, 0x05, 0x0a, 0x01, 0x03, 0xa0, 0x00]))).toThrow(/no responseBytes/);
      expect(judgeOcspResponse({ responseStatus: 'tryLater' }, check(good))).toMatchObject({ problem: { reason: 'ocsp-error' } });
    });
  });

  /** A request as node:http gives it, from 127.0.0.1 with the RFC 9440 fields. */
  function fakeRequest(cert: TestCert): IncomingMessage {
    const headers = { 'client-cert': encodeClientCert(cert.pem), 'client-cert-chain': encodeClientCertChain([ica.pem]) };
    const rawHeaders = Object.entries(headers).flat();
    return { headers, rawHeaders, socket: { remoteAddress: '127.0.0.1' }, method: 'GET', url: '/' } as unknown as IncomingMessage;
  }
});

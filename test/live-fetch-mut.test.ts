// fetchBytes (src/verify/live/fetch.ts) against real servers on 127.0.0.1: what it sends (method,
// headers, body), what it returns (body, validators, 304), and each way an exchange fails, with
// the message that names it (status, size limit at its bound, declared or streamed, timeout over
// the whole exchange, a connection cut mid-body, a bad URL or scheme).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FetchError, fetchBytes } from '../src/verify/live/fetch';

interface Seen {
  method: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A server on 127.0.0.1 answering with `handler`; records each request it saw. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks) });
      handler(req, res);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/x`,
    port,
    seen,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

let server: Awaited<ReturnType<typeof serve>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function waitFor(what: string, predicate: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).name).toBe('FetchError');
    return err as FetchError;
  }
  throw new Error('resolved');
}

describe('what is sent and returned', () => {
  it('a GET by default, with the given headers and no body; the body and validators of a 200 come back', async () => {
    server = await serve((_req, res) =>
      res.writeHead(200, { etag: '"v1"', 'last-modified': 'Mon, 01 Jun 2026 12:00:00 GMT' }).end('hello'),
    );
    const result = await fetchBytes({ url: server.url, timeoutMs: 2000, maxBytes: 100, headers: { accept: 'application/x-test' } });
    expect(result).toEqual({ status: 200, body: Buffer.from('hello'), etag: '"v1"', lastModified: 'Mon, 01 Jun 2026 12:00:00 GMT' });
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0].method).toBe('GET');
    expect(server.seen[0].headers.accept).toBe('application/x-test');
    expect(server.seen[0].headers['content-length']).toBeUndefined();
    expect(server.seen[0].body.length).toBe(0);
  });

  it('a POST carries its body and its length', async () => {
    server = await serve((_req, res) => res.writeHead(200).end());
    const body = new Uint8Array([1, 2, 3, 4, 5]);
    const result = await fetchBytes({ url: server.url, method: 'POST', body, timeoutMs: 2000, maxBytes: 100 });
    expect(result).toEqual({ status: 200, body: Buffer.alloc(0), etag: undefined, lastModified: undefined });
    expect(server.seen[0]).toMatchObject({ method: 'POST', body: Buffer.from(body) });
    expect(server.seen[0].headers['content-length']).toBe('5');
  });

  it('a 304 is "not modified", without a body', async () => {
    server = await serve((_req, res) => res.writeHead(304, { etag: '"v1"' }).end());
    expect(await fetchBytes({ url: server.url, timeoutMs: 2000, maxBytes: 100 })).toEqual({ status: 304 });
  });
});

describe('failures, each named', () => {
  it('a status other than 200 and 304', async () => {
    server = await serve((_req, res) => res.writeHead(500).end('boom'));
    expect((await failure(fetchBytes({ url: server.url, timeoutMs: 2000, maxBytes: 100 }))).message).toBe('HTTP status 500');
  });

  it('a declared length over the limit is refused before the body; exactly the limit is read', async () => {
    server = await serve((_req, res) => res.writeHead(200, { 'content-length': '11' }).end('hello world'));
    expect((await failure(fetchBytes({ url: server.url, timeoutMs: 2000, maxBytes: 10 }))).message).toBe(
      'the response is larger than 10 bytes',
    );
    const ok = await fetchBytes({ url: server.url, timeoutMs: 2000, maxBytes: 11 });
    expect(ok).toMatchObject({ status: 200, body: Buffer.from('hello world') });
  });

  it('a streamed body (no declared length) over the limit is cut off; exactly the limit is read', async () => {
    server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('hello');
      setTimeout(() => res.end(' world'), 20);
    });
    expect((await failure(fetchBytes({ url: server.url, timeoutMs: 2000, maxBytes: 10 }))).message).toBe(
      'the response is larger than 10 bytes',
    );
    const ok = await fetchBytes({ url: server.url, timeoutMs: 2000, maxBytes: 11 });
    expect(ok).toMatchObject({ status: 200, body: Buffer.from('hello world') });
  });

  it('no answer within the timeout, and a body that never ends: the whole exchange is timed', async () => {
    server = await serve(() => undefined);
    expect((await failure(fetchBytes({ url: server.url, timeoutMs: 150, maxBytes: 100 }))).message).toBe(
      'no complete answer within 150 ms',
    );
    await server.close();
    server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    expect((await failure(fetchBytes({ url: server.url, timeoutMs: 150, maxBytes: 100 }))).message).toBe(
      'no complete answer within 150 ms',
    );
  });

  it('a failed exchange closes its connection (the server sees it go)', async () => {
    let closed = false;
    server = await serve((req, res) => {
      res.writeHead(200);
      res.write('partial');
      res.on('close', () => (closed = true));
    });
    expect((await failure(fetchBytes({ url: server.url, timeoutMs: 150, maxBytes: 100 }))).message).toBe(
      'no complete answer within 150 ms',
    );
    await waitFor('the connection to close', () => closed);
  });

  it('a connection cut in the middle of the body fails at once, not at the timeout', async () => {
    server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const err = await failure(fetchBytes({ url: server.url, timeoutMs: 5000, maxBytes: 1000 }));
    expect(err.message).not.toMatch(/no complete answer/);
    expect(err.message).toMatch(/aborted|ECONNRESET|socket hang up/);
  });

  it('a refused connection', async () => {
    server = await serve(() => undefined);
    const { url } = server;
    await server.close();
    server = undefined;
    expect((await failure(fetchBytes({ url, timeoutMs: 2000, maxBytes: 100 }))).message).toMatch(/ECONNREFUSED/);
  });

  it('not a URL, or a scheme other than http and https', async () => {
    expect((await failure(fetchBytes({ url: 'nope', timeoutMs: 100, maxBytes: 100 }))).message).toBe('not a URL: nope');
    expect((await failure(fetchBytes({ url: 'ftp://127.0.0.1/x.crl', timeoutMs: 100, maxBytes: 100 }))).message).toBe(
      'unsupported scheme ftp:',
    );
  });

  it('https is spoken over TLS (here to a plain HTTP server: the handshake fails)', async () => {
    server = await serve((_req, res) => res.writeHead(200).end('plain'));
    const err = await failure(fetchBytes({ url: `https://127.0.0.1:${server.port}/x`, timeoutMs: 2000, maxBytes: 100 }));
    expect(err.message).not.toMatch(/unsupported scheme/);
    expect(err.message).toMatch(/wrong version number|EPROTO|SSL|TLS/i);
  });
});

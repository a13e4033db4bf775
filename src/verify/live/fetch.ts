/**
 * One bounded HTTP(S) exchange for trust material: a timeout over the whole exchange, a size
 * limit enforced while reading, and conditional requests. Never on the request path of a client
 * except an OCSP query on a decision-cache miss.
 */
import http from 'node:http';
import https from 'node:https';

/** What to send. */
export interface FetchRequest {
  readonly url: string;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly method?: 'GET' | 'POST';
  readonly body?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What came back: the body of a 200, or "not modified" for a 304. */
export type FetchResult =
  { readonly status: 200; readonly body: Buffer; readonly etag?: string; readonly lastModified?: string } | { readonly status: 304 };

/** A failed exchange; `message` says what failed, never echoing the body. */
export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchError';
  }
}

/** Performs one exchange; rejects with FetchError on a timeout, an oversized body, or a status other than 200/304. */
export function fetchBytes(req: FetchRequest): Promise<FetchResult> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      reject(new FetchError(`not a URL: ${req.url}`));
      return;
    }
    const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!client) {
      reject(new FetchError(`unsupported scheme ${url.protocol}`));
      return;
    }
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(new FetchError(message));
    };
    const headers: Record<string, string> = { ...req.headers };
    if (req.body) headers['content-length'] = String(req.body.length);
    const request = client.request(url, { method: req.method ?? 'GET', headers, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      if (status === 304) {
        res.resume();
        settled = true;
        clearTimeout(timer);
        resolve({ status: 304 });
        return;
      }
      if (status !== 200) {
        res.resume();
        fail(`HTTP status ${status}`);
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > req.maxBytes) {
        fail(`the response is larger than ${req.maxBytes} bytes`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBytes) fail(`the response is larger than ${req.maxBytes} bytes`);
        else chunks.push(chunk);
      });
      res.on('error', (err) => fail(err.message));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const etag = res.headers.etag;
        const lastModified = res.headers['last-modified'];
        resolve({ status: 200, body: Buffer.concat(chunks), etag, lastModified });
      });
    });
    // The whole exchange, not only the connection, must finish in time.
    const timer = setTimeout(() => fail(`no complete answer within ${req.timeoutMs} ms`), req.timeoutMs);
    timer.unref();
    request.on('error', (err) => fail(err.message));
    request.end(req.body ? Buffer.from(req.body) : undefined);
  });
}

/**
 * Intake: reads the `Client-Cert` and `Client-Cert-Chain` field lines and always removes them
 * from the request, so nothing downstream can read a value this library did not vouch for.
 */
import type { IncomingMessage } from 'node:http';

/** The two RFC 9440 field names, lowercase. */
export const CLIENT_CERT = 'client-cert';
export const CLIENT_CERT_CHAIN = 'client-cert-chain';

/** The field lines of both fields, as received. */
export interface ClientCertFields {
  readonly cert: readonly string[];
  readonly chain: readonly string[];
}

function headerLines(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Takes both fields off the request (from `headers` and `rawHeaders`) and returns their field
 * lines. Field lines come from `rawHeaders`, where Node keeps repeated lines apart.
 */
export function takeClientCertFields(req: IncomingMessage): ClientCertFields {
  const cert: string[] = [];
  const chain: string[] = [];
  const raw = req.rawHeaders;
  let sawRaw = false;
  if (Array.isArray(raw)) {
    let write = 0;
    for (let read = 0; read + 1 < raw.length; read += 2) {
      const name = raw[read];
      // Cheap length test first: this loop runs on every request.
      if (name.length === 11 || name.length === 17) {
        const lower = name.toLowerCase();
        if (lower === CLIENT_CERT) {
          cert.push(raw[read + 1]);
          sawRaw = true;
          continue;
        }
        if (lower === CLIENT_CERT_CHAIN) {
          chain.push(raw[read + 1]);
          sawRaw = true;
          continue;
        }
      }
      raw[write++] = name;
      raw[write++] = raw[read + 1];
    }
    if (sawRaw) raw.length = write;
  }
  const headers = req.headers;
  if (!sawRaw) {
    // A request object built by hand (tests, adapters) may have no rawHeaders.
    cert.push(...headerLines(headers[CLIENT_CERT]));
    chain.push(...headerLines(headers[CLIENT_CERT_CHAIN]));
  }
  if (headers[CLIENT_CERT] !== undefined) delete headers[CLIENT_CERT];
  if (headers[CLIENT_CERT_CHAIN] !== undefined) delete headers[CLIENT_CERT_CHAIN];
  return { cert, chain };
}

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
 * Takes the named fields (lowercase) off the request, from `headers` and `rawHeaders`, and
 * returns their field lines by name. Lines come from `rawHeaders`, where Node keeps repeated
 * lines apart.
 */
export function takeFields(req: IncomingMessage, names: ReadonlySet<string>): Map<string, string[]> {
  const taken = new Map<string, string[]>();
  const raw = req.rawHeaders;
  let sawRaw = false;
  let shortest = Infinity;
  for (const name of names) shortest = Math.min(shortest, name.length);
  if (Array.isArray(raw)) {
    let write = 0;
    for (let read = 0; read + 1 < raw.length; read += 2) {
      const name = raw[read];
      // Skip names shorter than any certificate field cheaply: this loop runs on every request.
      if (name.length >= shortest) {
        const lower = name.toLowerCase();
        if (names.has(lower)) {
          const lines = taken.get(lower);
          if (lines) lines.push(raw[read + 1]);
          else taken.set(lower, [raw[read + 1]]);
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
  for (const name of names) {
    const value = headers[name];
    if (value === undefined) continue;
    // A request object built by hand (tests, adapters) may have no rawHeaders.
    if (!sawRaw && !taken.has(name)) taken.set(name, headerLines(value));
    delete headers[name];
  }
  return taken;
}

const RFC9440_FIELDS: ReadonlySet<string> = new Set([CLIENT_CERT, CLIENT_CERT_CHAIN]);

/** Takes the two RFC 9440 fields off the request and returns their field lines. */
export function takeClientCertFields(req: IncomingMessage): ClientCertFields {
  const taken = takeFields(req, RFC9440_FIELDS);
  return { cert: taken.get(CLIENT_CERT) ?? [], chain: taken.get(CLIENT_CERT_CHAIN) ?? [] };
}

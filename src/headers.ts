/**
 * Intake: reads the client-certificate field lines and always removes them from the request, so
 * nothing downstream can read a value this library did not vouch for.
 */
import type { IncomingMessage } from 'node:http';
import { isNumberedField } from './formats/numbered.js';

/** Node's lazily built views of the header lines (`headersDistinct` since Node 18.3). */
type NodeHeaderViews = IncomingMessage & { headersDistinct?: Record<string, string[] | undefined> };

/**
 * Builds Node's lazy header views while `rawHeaders` is still whole. Node builds them from
 * `rawHeaders` and the line count it parsed: built after lines were removed, they would read past
 * the shortened array (a TypeError in the application) or, built before, keep the removed lines.
 */
function materialiseHeaderViews(req: NodeHeaderViews): Record<string, string[] | undefined> | undefined {
  void req.headers;
  const distinct = req.headersDistinct;
  return distinct !== null && typeof distinct === 'object' ? distinct : undefined;
}

function headerLines(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Takes the named fields (lowercase) off the request, from `headers` and `rawHeaders`, and
 * returns their field lines by name. Lines come from `rawHeaders`, where Node keeps repeated
 * lines apart. Numbered fields (a prefix, then digits) are taken too.
 */
export function takeFields(req: IncomingMessage, names: ReadonlySet<string>, prefixes: readonly string[] = []): Map<string, string[]> {
  const taken = new Map<string, string[]>();
  const raw = req.rawHeaders;
  let sawRaw = false;
  let distinct: Record<string, string[] | undefined> | undefined;
  let shortest = Infinity;
  for (const name of names) shortest = Math.min(shortest, name.length);
  for (const prefix of prefixes) shortest = Math.min(shortest, prefix.length + 1);
  const numbered = (lower: string): boolean => {
    for (const prefix of prefixes) if (isNumberedField(lower, prefix)) return true;
    return false;
  };
  if (Array.isArray(raw)) {
    let write = 0;
    for (let read = 0; read + 1 < raw.length; read += 2) {
      const name = raw[read];
      // Skip names shorter than any certificate field cheaply: this loop runs on every request.
      if (name.length >= shortest) {
        const lower = name.toLowerCase();
        if (names.has(lower) || numbered(lower)) {
          // Lines before this one were copied onto themselves: rawHeaders is still whole here.
          if (!sawRaw) distinct = materialiseHeaderViews(req);
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
    if (sawRaw) {
      raw.length = write;
      if (distinct) for (const name of taken.keys()) delete distinct[name];
    }
  }
  const headers = req.headers;
  const take = (name: string): void => {
    const value = headers[name];
    if (value === undefined) return;
    // A request object built by hand (tests, adapters) may have no rawHeaders.
    if (!sawRaw && !taken.has(name)) taken.set(name, headerLines(value));
    delete headers[name];
  };
  for (const name of names) take(name);
  if (prefixes.length) {
    // Numbered names seen in rawHeaders are known; without rawHeaders, look at every name.
    const candidates = Array.isArray(raw) ? [...taken.keys()] : Object.keys(headers);
    for (const name of candidates) if (!names.has(name) && numbered(name)) take(name);
  }
  return taken;
}

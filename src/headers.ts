/**
 * Intake: reads the client-certificate field lines and always removes them from the request, so
 * nothing downstream can read a value this library did not vouch for.
 */
import type { IncomingMessage } from 'node:http';
import { isNumberedField } from './formats/numbered.js';

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
  const lengths = fieldLengths(names);
  let shortestNumbered = Infinity;
  for (const prefix of prefixes) shortestNumbered = Math.min(shortestNumbered, prefix.length + 1);
  // Only names as long as a certificate field (or long enough to be a numbered one) are lowercased
  // and looked up: these loops run on every request, over every header.
  const candidate = (name: string): boolean => (name.length < lengths.length && lengths[name.length]) || name.length >= shortestNumbered;
  const wanted = (lower: string): boolean => {
    if (names.has(lower)) return true;
    for (const prefix of prefixes) if (isNumberedField(lower, prefix)) return true;
    return false;
  };
  if (Array.isArray(raw)) {
    let write = 0;
    for (let read = 0; read + 1 < raw.length; read += 2) {
      const name = raw[read];
      if (candidate(name)) {
        const lower = name.toLowerCase();
        if (wanted(lower)) {
          const lines = taken.get(lower);
          if (lines) lines.push(raw[read + 1]);
          else taken.set(lower, [raw[read + 1]]);
          sawRaw = true;
          continue;
        }
      }
      if (write !== read) {
        raw[write] = name;
        raw[write + 1] = raw[read + 1];
      }
      write += 2;
    }
    if (sawRaw) raw.length = write;
  }
  const headers = req.headers;
  // Over the few keys the request has, not the dozen field names: a look-up of a missing key by a
  // variable name is a slow megamorphic load, and nearly every name is missing.
  for (const name in headers) {
    if (!candidate(name) || !wanted(name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    // A request object built by hand (tests, adapters) may have no rawHeaders.
    if (!sawRaw && !taken.has(name)) taken.set(name, headerLines(value));
    delete headers[name];
  }
  return taken;
}

/** Per set of field names (compiled once per middleware): which name lengths occur. */
const lengthsBySet = new WeakMap<ReadonlySet<string>, readonly boolean[]>();

function fieldLengths(names: ReadonlySet<string>): readonly boolean[] {
  let lengths = lengthsBySet.get(names);
  if (!lengths) {
    const table: boolean[] = [];
    for (const name of names) table[name.length] = true;
    // Filled, so the table is a packed array of booleans.
    for (let i = 0; i < table.length; i++) table[i] = table[i] === true;
    lengths = table;
    lengthsBySet.set(names, lengths);
  }
  return lengths;
}

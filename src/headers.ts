/**
 * Intake: reads the client-certificate field lines and always removes them from the request, so
 * nothing downstream can read a value this library did not vouch for.
 */
import { IncomingMessage } from 'node:http';
import { isNumberedField } from './formats/numbered.js';

/** Node's lazily built views of the header lines (`headersDistinct` since Node 18.3). */
type NodeHeaderViews = IncomingMessage & { headersDistinct?: Record<string, string[] | undefined> };

/**
 * The private slots behind Node's lazy header views: the line count they are built from and the
 * built views. Found once on a throwaway message; undefined on a Node without them.
 */
interface ViewSlots {
  readonly count: symbol;
  readonly headers: symbol;
  readonly distinct: symbol;
}

let slots: ViewSlots | null | undefined;

function viewSlots(): ViewSlots | undefined {
  if (slots === undefined) {
    slots = null;
    try {
      const probe = new IncomingMessage(null as never) as NodeHeaderViews;
      void probe.headers;
      void probe.headersDistinct;
      const byName = new Map(Object.getOwnPropertySymbols(probe).map((s) => [s.description, s]));
      const [count, headers, distinct] = [byName.get('kHeadersCount'), byName.get('kHeaders'), byName.get('kHeadersDistinct')];
      if (count && headers && distinct) slots = { count, headers, distinct };
    } catch {
      // Another runtime: the views are built eagerly instead (below).
    }
  }
  return slots ?? undefined;
}

type Slotted = Record<symbol, unknown>;

/**
 * Builds Node's lazy header views while `rawHeaders` is still whole. Node builds them from
 * `rawHeaders` and the line count it parsed: built after lines were removed, they would read past
 * the shortened array (a TypeError in the application) or, built before, keep the removed lines.
 * Only for a request whose line count cannot be corrected instead (see `takeFields`).
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

/** The field names a middleware strips, compiled once: exact names and numbered-field prefixes. */
export interface FieldSet {
  readonly names: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  /** Length of the shortest name a field can have: shorter names are skipped without lowercasing. */
  readonly shortest: number;
}

/** Compiles field names (lowercase) and numbered-field prefixes for `takeFields`. */
export function compileFieldSet(names: ReadonlySet<string>, prefixes: readonly string[] = []): FieldSet {
  let shortest = Infinity;
  for (const name of names) shortest = Math.min(shortest, name.length);
  for (const prefix of prefixes) shortest = Math.min(shortest, prefix.length + 1);
  return { names, prefixes, shortest };
}

/** True when `lower` (a lowercase name) is one of the fields. */
export function isField(fields: FieldSet, lower: string): boolean {
  if (fields.names.has(lower)) return true;
  for (const prefix of fields.prefixes) if (isNumberedField(lower, prefix)) return true;
  return false;
}

/**
 * Takes the named fields (lowercase) off the request, from `headers` and `rawHeaders`, and
 * returns their field lines by name. Lines come from `rawHeaders`, where Node keeps repeated
 * lines apart. Numbered fields (a prefix, then digits) are taken too.
 *
 * On a request from Node's parser whose views are not built yet, the lines are removed from
 * `rawHeaders` and Node's line count is set to match, so `headers` and `headersDistinct` are
 * later built from what is left: building them here, on every request, would cost more than the
 * rest of a cached request (and add a property to every request object).
 */
export function takeFields(
  req: IncomingMessage,
  fieldSet: FieldSet | ReadonlySet<string>,
  prefixes: readonly string[] = [],
): Map<string, string[]> {
  const fields = fieldSet instanceof Set ? compileFieldSet(fieldSet as ReadonlySet<string>, prefixes) : (fieldSet as FieldSet);
  const taken = new Map<string, string[]>();
  const raw = req.rawHeaders;
  const slot = viewSlots();
  // Node's count of header lines, when it still describes `rawHeaders` (nothing shortened it unseen).
  const counted = slot && Array.isArray(raw) && (req as unknown as Slotted)[slot.count] === raw.length ? slot : undefined;
  let sawRaw = false;
  let distinct: Record<string, string[] | undefined> | undefined;
  const shortest = fields.shortest;
  if (Array.isArray(raw)) {
    let write = 0;
    for (let read = 0; read + 1 < raw.length; read += 2) {
      const name = raw[read];
      // Skip names shorter than any certificate field cheaply: this loop runs on every request.
      if (name.length >= shortest) {
        const lower = name.toLowerCase();
        if (isField(fields, lower)) {
          // Nothing was moved before the first field: rawHeaders is still whole here.
          if (!sawRaw && !counted) distinct = materialiseHeaderViews(req);
          const lines = taken.get(lower);
          if (lines) lines.push(raw[read + 1]);
          else taken.set(lower, [raw[read + 1]]);
          sawRaw = true;
          continue;
        }
      }
      // Nothing moves until the first field is found: most requests carry none from untrusted peers.
      if (sawRaw) {
        raw[write] = name;
        raw[write + 1] = raw[read + 1];
      }
      write += 2;
    }
    if (sawRaw) {
      // Popped, not truncated by setting `length` (a runtime call): the fields usually come last.
      // Counted, and cut after: a hand-built list's own `pop` may not shorten it.
      for (let extra = raw.length - write; extra > 0; extra--) raw.pop();
      if (raw.length > write) raw.length = write;
      if (counted) {
        (req as unknown as Slotted)[counted.count] = write;
        const built = (req as unknown as Slotted)[counted.distinct];
        if (built !== null && typeof built === 'object') distinct = built as Record<string, string[] | undefined>;
      }
      if (distinct) for (const name of taken.keys()) delete distinct[name];
    }
  }
  // Unbuilt, Node's `headers` view will be built from the lines left: nothing to remove from it.
  // Built (Node's server reads `host` from it first), it is read from its slot: the getter is
  // found only at the end of the request's prototype chain.
  const slotView = counted ? ((req as unknown as Slotted)[counted.headers] as IncomingMessage['headers'] | null | undefined) : undefined;
  // A `headers` of the request's own is what downstream reads (a copy of a request spreads Node's
  // slots into it, and shares the built view with the request it was copied from): both are cleaned.
  const ownView = Object.prototype.hasOwnProperty.call(req, 'headers');
  if (counted && !slotView && !ownView) return taken;
  const headers = ownView ? req.headers : (slotView ?? req.headers);
  dropFields(headers, fields, sawRaw ? undefined : taken);
  if (ownView && slotView && slotView !== headers) dropFields(slotView, fields, undefined);
  return taken;
}

/** Removes the fields from a `headers` view; with `taken`, records the lines of fields not seen in `rawHeaders`. */
function dropFields(headers: IncomingMessage['headers'], fields: FieldSet, taken: Map<string, string[]> | undefined): void {
  const shortest = fields.shortest;
  // Every own name of the view is looked at once (a field may have been put there by hand, not
  // parsed): cheaper than looking up each of the many field names, most of them absent.
  // The first two names found are kept in variables: a request nearly always carries at most the
  // two RFC 9440 fields, and a list would be allocated with room for seventeen on every request.
  let first: string | undefined;
  let second: string | undefined;
  let more: string[] | undefined;
  for (const name in headers) {
    if (name.length < shortest || !Object.prototype.hasOwnProperty.call(headers, name) || !isField(fields, name)) continue;
    // A request object built by hand (tests, adapters) may have no rawHeaders.
    if (taken && !taken.has(name)) taken.set(name, headerLines(headers[name]));
    if (first === undefined) first = name;
    else if (second === undefined) second = name;
    else (more ??= []).push(name);
  }
  // Removed after the walk, last added first: deleting an object's newest property keeps it a fast
  // object, where any other deletion turns the view into a slower dictionary for the whole request.
  if (more) for (let i = more.length - 1; i >= 0; i--) delete headers[more[i]];
  if (second !== undefined) delete headers[second];
  if (first !== undefined) delete headers[first];
}

// Intake (src/headers.ts) on request objects built the way Node's parser builds them (no socket):
// which lines are taken, in what order, what is left in rawHeaders, and what Node's lazy views
// show afterwards, whether they were built before, after, or from a line count someone changed.
import { IncomingMessage } from 'node:http';
import { compileFieldSet, isField, takeFields } from '../src/headers';

type ParsedRequest = IncomingMessage & { _addHeaderLines(lines: string[], n: number): void };

/** A request as Node's HTTP parser hands it over: raw lines and their count, views not built yet. */
function parsed(lines: string[]): IncomingMessage {
  const req = new IncomingMessage(null as never) as ParsedRequest;
  req._addHeaderLines(lines, lines.length);
  return req;
}

const FIELDS = compileFieldSet(new Set(['client-cert', 'client-cert-chain', 'ab']), ['x-chain-']);
const entries = (m: Map<string, string[]>) => [...m.entries()];

describe('compileFieldSet and isField', () => {
  it('the shortest name bounds the names worth looking at', () => {
    expect(compileFieldSet(new Set(['abcd', 'ab', 'abc'])).shortest).toBe(2);
    expect(compileFieldSet(new Set(['abcdef']), ['p-']).shortest).toBe(3);
    expect(compileFieldSet(new Set(['abcdef']), ['long-prefix-']).shortest).toBe(6);
    expect(compileFieldSet(new Set()).shortest).toBe(Infinity);
  });

  it('a name or a prefix followed by digits', () => {
    expect(isField(FIELDS, 'client-cert')).toBe(true);
    expect(isField(FIELDS, 'x-chain-12')).toBe(true);
    expect(isField(FIELDS, 'x-chain-')).toBe(false);
    expect(isField(FIELDS, 'x-chain-a')).toBe(false);
    expect(isField(FIELDS, 'client-cert-')).toBe(false);
  });
});

describe('takeFields on a request from the parser, views not built', () => {
  it('takes every line of every field, by lowercase name, and leaves the rest in order', () => {
    const req = parsed([
      'Host',
      'h',
      'Client-Cert',
      ':a:',
      'X-Other',
      'o',
      'client-cert',
      ':b:',
      'AB',
      'short',
      'X-Chain-0',
      'c0',
      'Z',
      'z',
    ]);
    const taken = takeFields(req, FIELDS);
    expect(entries(taken)).toEqual([
      ['client-cert', [':a:', ':b:']],
      ['ab', ['short']],
      ['x-chain-0', ['c0']],
    ]);
    expect(req.rawHeaders).toEqual(['Host', 'h', 'X-Other', 'o', 'Z', 'z']);
    expect(req.headers).toEqual({ host: 'h', 'x-other': 'o', z: 'z' });
    expect(req.headersDistinct).toEqual({ host: ['h'], 'x-other': ['o'], z: ['z'] });
  });

  it('a request without any field is left exactly as it was', () => {
    const req = parsed(['Host', 'h', 'X', 'x']);
    expect(takeFields(req, FIELDS).size).toBe(0);
    expect(req.rawHeaders).toEqual(['Host', 'h', 'X', 'x']);
    expect(req.headersDistinct).toEqual({ host: ['h'], x: ['x'] });
  });

  it('a field as the first and the last line', () => {
    const req = parsed(['Client-Cert', ':a:', 'Host', 'h', 'Client-Cert-Chain', ':c:']);
    expect(entries(takeFields(req, FIELDS))).toEqual([
      ['client-cert', [':a:']],
      ['client-cert-chain', [':c:']],
    ]);
    expect(req.rawHeaders).toEqual(['Host', 'h']);
    expect(req.headers).toEqual({ host: 'h' });
  });

  it('a set of names with a separate prefix list works as the compiled set does', () => {
    const req = parsed(['Host', 'h', 'P-1', 'one', 'Name', 'n']);
    expect(entries(takeFields(req, new Set(['name']), ['p-']))).toEqual([
      ['p-1', ['one']],
      ['name', ['n']],
    ]);
    expect(req.rawHeaders).toEqual(['Host', 'h']);
  });
});

describe('takeFields builds no view Node would build lazily', () => {
  const slot = (req: IncomingMessage, name: string): unknown =>
    (req as unknown as Record<symbol, unknown>)[Object.getOwnPropertySymbols(req).find((s) => s.description === name)!];

  it.each([
    ['with fields', ['Host', 'h', 'Client-Cert', ':a:', 'X-Chain-0', 'c']],
    ['without fields', ['Host', 'h']],
  ])('%s, the views stay unbuilt', (_name, lines) => {
    const req = parsed(lines);
    takeFields(req, FIELDS);
    expect(slot(req, 'kHeaders')).toBeNull();
    expect(slot(req, 'kHeadersCount')).toBe(req.rawHeaders.length);
    expect(req.headers).toEqual({ host: 'h' });
  });
});

describe('takeFields when the views were built first', () => {
  it('removes the fields from the built views too', () => {
    const req = parsed(['Host', 'h', 'Client-Cert', ':a:', 'X-Other', 'o']);
    void req.headers;
    void req.headersDistinct;
    expect(entries(takeFields(req, FIELDS))).toEqual([['client-cert', [':a:']]]);
    expect(req.rawHeaders).toEqual(['Host', 'h', 'X-Other', 'o']);
    expect(req.headers).toEqual({ host: 'h', 'x-other': 'o' });
    expect(req.headersDistinct).toEqual({ host: ['h'], 'x-other': ['o'] });
  });

  it('only the headers view built: the distinct view is built later from what is left', () => {
    const req = parsed(['Host', 'h', 'Client-Cert', ':a:']);
    void req.headers;
    takeFields(req, FIELDS);
    expect(req.headers).toEqual({ host: 'h' });
    expect(req.headersDistinct).toEqual({ host: ['h'] });
  });
});

describe('takeFields when the line count no longer describes rawHeaders', () => {
  it('builds the views while the lines are whole, then removes the fields from them', () => {
    const req = parsed(['Host', 'h', 'Client-Cert', ':a:', 'X-Other', 'o']);
    // Someone appended a line after the parser: Node's count is stale, so it cannot be corrected.
    req.rawHeaders.push('Client-Cert', ':late:');
    expect(entries(takeFields(req, FIELDS))).toEqual([['client-cert', [':a:', ':late:']]]);
    expect(req.rawHeaders).toEqual(['Host', 'h', 'X-Other', 'o']);
    expect(req.headers).toEqual({ host: 'h', 'x-other': 'o' });
    expect(req.headersDistinct).toEqual({ host: ['h'], 'x-other': ['o'] });
  });

  it('the same without any field leaves the views unbuilt and the lines alone', () => {
    const req = parsed(['Host', 'h']);
    req.rawHeaders.push('X', 'x');
    expect(takeFields(req, FIELDS).size).toBe(0);
    expect(req.rawHeaders).toEqual(['Host', 'h', 'X', 'x']);
  });
});

describe('takeFields on a request object built by hand', () => {
  it('without rawHeaders the fields come from the headers view, one line or several', () => {
    const headers: Record<string, string | string[] | undefined> = {
      host: 'h',
      'client-cert': ':a:',
      'x-chain-1': ['c1', 'c2'],
      ab: undefined,
    };
    const req = { headers } as unknown as IncomingMessage;
    expect(entries(takeFields(req, FIELDS))).toStrictEqual([
      ['client-cert', [':a:']],
      ['x-chain-1', ['c1', 'c2']],
      ['ab', []],
    ]);
    expect(Object.keys(headers)).toEqual(['host']);
  });

  it('a field put into the headers view by hand beside rawHeaders is removed, its lines taken from rawHeaders only', () => {
    const headers: Record<string, string> = { host: 'h', 'client-cert': ':view:' };
    const req = { rawHeaders: ['Host', 'h', 'Client-Cert', ':raw:'], headers } as unknown as IncomingMessage;
    expect(entries(takeFields(req, FIELDS))).toEqual([['client-cert', [':raw:']]]);
    expect(headers).toEqual({ host: 'h' });
    expect(req.rawHeaders).toEqual(['Host', 'h']);
  });

  it('a field only in the headers view of a request with other raw lines is taken from the view', () => {
    const headers: Record<string, string> = { host: 'h', 'client-cert': ':view:' };
    const req = { rawHeaders: ['Host', 'h'], headers } as unknown as IncomingMessage;
    expect(entries(takeFields(req, FIELDS))).toEqual([['client-cert', [':view:']]]);
    expect(headers).toEqual({ host: 'h' });
  });

  it('a name without its value at the end of rawHeaders is not a line', () => {
    const req = { rawHeaders: ['Client-Cert', ':a:', 'Client-Cert'], headers: {} } as unknown as IncomingMessage;
    expect(entries(takeFields(req, FIELDS))).toStrictEqual([['client-cert', [':a:']]]);
  });

  it('once lines came from rawHeaders, a field found only in the view is removed but not taken', () => {
    const headers: Record<string, string> = { host: 'h', 'client-cert': ':raw:', 'client-cert-chain': ':view-only:' };
    const req = { rawHeaders: ['Host', 'h', 'Client-Cert', ':raw:'], headers } as unknown as IncomingMessage;
    expect(entries(takeFields(req, FIELDS))).toEqual([['client-cert', [':raw:']]]);
    expect(headers).toEqual({ host: 'h' });
  });

  it('a request without any field keeps even a trailing name without its value', () => {
    const req = { rawHeaders: ['Host', 'h', 'X'], headers: { host: 'h' } } as unknown as IncomingMessage;
    expect(takeFields(req, FIELDS).size).toBe(0);
    expect(req.rawHeaders).toEqual(['Host', 'h', 'X']);
  });

  it('only the fields are deleted from the view: a field named "undefined" is kept', () => {
    const headers: Record<string, string> = { undefined: 'kept', 'client-cert': ':a:', ab: 'b' };
    takeFields({ headers } as unknown as IncomingMessage, FIELDS);
    expect(headers).toEqual({ undefined: 'kept' });
  });

  it('inherited and short names of the view are not fields', () => {
    const proto = { 'client-cert': 'inherited' };
    const headers = Object.assign(Object.create(proto) as Record<string, string>, { a: '1', host: 'h' });
    const req = { headers } as unknown as IncomingMessage;
    expect(takeFields(req, compileFieldSet(new Set(['client-cert', 'a']))).get('a')).toEqual(['1']);
    expect(takeFields(req, FIELDS).size).toBe(0);
    expect(headers['client-cert']).toBe('inherited');
  });
});

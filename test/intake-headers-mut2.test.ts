// The look-up of Node's private header-view slots (src/headers.ts) runs once per module, in the
// first takeFields call: this file's first test is that call, so that what it asserts (the lazy
// views stay unbuilt, their line count corrected) is what decides the look-up's mutants.
import { IncomingMessage } from 'node:http';
import { compileFieldSet, takeFields } from '../src/headers';

type ParsedRequest = IncomingMessage & { _addHeaderLines(lines: string[], n: number): void };

/** A request as Node's HTTP parser hands it over: raw lines and their count, views not built yet. */
function parsed(lines: string[]): IncomingMessage {
  const req = new IncomingMessage(null as never) as ParsedRequest;
  req._addHeaderLines(lines, lines.length);
  return req;
}

const slot = (req: IncomingMessage, name: string): unknown =>
  (req as unknown as Record<symbol, unknown>)[Object.getOwnPropertySymbols(req).find((s) => s.description === name)!];

describe('the first takeFields of the module finds the view slots', () => {
  it('takes the field off a parsed request without building either view, and corrects the line count', () => {
    const req = parsed(['Host', 'h', 'X-Mut2-Cert', ':a:', 'Accept', '*/*']);
    const taken = takeFields(req, compileFieldSet(new Set(['x-mut2-cert'])));
    expect([...taken.entries()]).toEqual([['x-mut2-cert', [':a:']]]);
    expect(slot(req, 'kHeaders')).toBeNull();
    expect(slot(req, 'kHeadersCount')).toBe(4);
    expect(req.rawHeaders).toEqual(['Host', 'h', 'Accept', '*/*']);
    expect(req.headersDistinct).toEqual({ host: ['h'], accept: ['*/*'] });
  });

  it('and a later call finds them again', () => {
    const req = parsed(['X-Mut2-Cert', ':b:', 'Host', 'h']);
    takeFields(req, new Set(['x-mut2-cert']));
    expect(slot(req, 'kHeaders')).toBeNull();
    expect(slot(req, 'kHeadersCount')).toBe(2);
    expect(req.headers).toEqual({ host: 'h' });
  });
});

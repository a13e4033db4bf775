// Where clientCert keeps a request's state: one weak map that every copy of the package finds
// under a registered symbol on node:http's request prototype (the CommonJS and ES module builds,
// and every realm of the process, share it).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { IncomingMessage } from 'node:http';
import { resolve } from 'node:path';
import * as ts from 'typescript';
import type * as RequestStateModule from '../src/request-state';

const KEY = Symbol.for('express-client-cert.request-states@2');
type Registry = Record<symbol, unknown>;

function freshModule(): typeof RequestStateModule {
  let loaded: typeof RequestStateModule | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<typeof RequestStateModule>('../src/request-state');
  });
  return loaded!;
}

describe('request state', () => {
  it('is shared by two copies of the module', () => {
    const a = freshModule();
    const b = freshModule();
    const req = {};
    const state = a.attachRequestState(req, new Map([['client-cert', [':AA==:']]]));
    expect(b.requestState(req)).toBe(state);
  });

  it('is never on the request itself: no key, symbol or own property is added', () => {
    const { attachRequestState } = freshModule();
    const req = { method: 'GET' };
    attachRequestState(req, new Map());
    expect(Reflect.ownKeys(req)).toEqual(['method']);
  });

  it('is registered on the request prototype, where every realm of the process finds it', () => {
    const { attachRequestState } = freshModule();
    const req = {};
    const state = attachRequestState(req, new Map());
    const record = (IncomingMessage.prototype as unknown as Registry)[KEY] as { states: WeakMap<object, unknown> };
    expect(record.states.get(req)).toBe(state);
    // Not on the global object of this realm, and nothing can replace it.
    expect((globalThis as Registry)[KEY]).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(IncomingMessage.prototype, KEY)).toMatchObject({
      writable: false,
      configurable: false,
      enumerable: false,
    });
  });

  /** Loads the module in a fresh process after `preamble`; prints whether a state attached to a request is found again, and where the record went. */
  function loadAfter(preamble: string): unknown {
    const source = readFileSync(resolve(__dirname, '../src/request-state.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    const script = `
      const http = require('node:http');
      const key = Symbol.for('express-client-cert.request-states@2');
      ${preamble}
      const exports = {};
      new Function('exports', 'require', ${JSON.stringify(outputText)})(exports, require);
      const req = {};
      const state = exports.attachRequestState(req, new Map());
      const onPrototype = http.IncomingMessage.prototype[key];
      process.stdout.write(JSON.stringify({
        found: exports.requestState(req) === state,
        onPrototype: typeof onPrototype?.states?.get === 'function' && onPrototype.states.get(req) === state,
        onGlobal: typeof globalThis[key]?.states?.get === 'function' && globalThis[key].states.get(req) === state,
      }));`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15_000 }));
  }

  it('works, unshared, when the registered slot holds something other than a record', () => {
    expect(loadAfter("http.IncomingMessage.prototype[key] = 'not a record';")).toEqual({
      found: true,
      onPrototype: false,
      onGlobal: false,
    });
    expect(loadAfter('http.IncomingMessage.prototype[key] = { states: {}, middlewares: 0 };')).toEqual({
      found: true,
      onPrototype: false,
      onGlobal: false,
    });
  });

  it('is registered on the global object when the request prototype is frozen', () => {
    expect(loadAfter('Object.freeze(http.IncomingMessage.prototype);')).toEqual({ found: true, onPrototype: false, onGlobal: true });
  });
});

// Where clientCert keeps a request's state: one weak map that every copy of the package finds
// under a registered symbol (the CommonJS and ES module builds in one process share it).
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
  const saved = (globalThis as Registry)[KEY];
  afterEach(() => {
    (globalThis as Registry)[KEY] = saved;
  });

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

  it('works, unshared, when the registered slot holds something other than a weak map', () => {
    (globalThis as Registry)[KEY] = 'not a map';
    const { attachRequestState, requestState } = freshModule();
    const req = {};
    const state = attachRequestState(req, new Map());
    expect(requestState(req)).toBe(state);
    expect((globalThis as Registry)[KEY]).toBe('not a map');
  });
});

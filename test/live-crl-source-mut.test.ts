// A CRL source (src/verify/live/crl-source.ts) on its own, with the trust store replaced by
// recording stubs: what a file source loads and refuses (each refusal by its message), when a new
// CRL may replace the one in force (olderThan, another issuer or scope), what the status says
// (the base CRL, the earliest nextUpdate, stale to the millisecond), and when a URL source fetches
// next (jitter, clamps, back-off, conditional requests), read from its nextRefreshAt with the
// jitter source and the clock injected. Servers listen on 127.0.0.1 only.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CRL_MAX_BYTES,
  CrlSource,
  type CrlSourceContext,
  type CrlSourceSpec,
  type TrustEvent,
  olderThan,
} from '../src/verify/live/crl-source';
import { parseCrlDer } from '../src/x509/crl';
import { integer } from './helpers/der';
import { type CrlSpec, NOW, makeCert, makeCrl } from './helpers/pki';

const N = NOW.getTime();
const SEC = 1000;
const root = makeCert({ subject: { O: 'CRL source', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'CRL source', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const iso = (ms: number) => new Date(ms).toISOString();
/** An ICA CRL number `n`, thisUpdate `at` seconds from NOW, valid `validSec` seconds (null: no nextUpdate). */
const crl = (n: number, spec: Partial<CrlSpec> & { at?: number; validSec?: number | null } = {}) =>
  makeCrl({
    issuer: ica,
    crlNumber: n,
    thisUpdate: new Date(N + (spec.at ?? -60) * SEC),
    nextUpdate: spec.validSec === null ? null : new Date(N + (spec.at ?? -60) * SEC + (spec.validSec ?? 3600) * SEC),
    ...spec,
  });

const WALL = Date.parse('2030-01-02T03:04:05.678Z');
const sources: CrlSource[] = [];
afterEach(() => {
  for (const s of sources.splice(0)) s.close();
});

interface Harness {
  source: CrlSource;
  events: TrustEvent[];
  changes: () => number;
  vetted: () => number;
}

function harness(spec: CrlSourceSpec, ctx: Partial<CrlSourceContext> = {}): Harness {
  const events: TrustEvent[] = [];
  let changes = 0;
  let vetted = 0;
  const vet = ctx.vet ?? (() => undefined);
  const source = new CrlSource(spec, {
    now: () => NOW,
    wallClock: () => WALL,
    changed: () => changes++,
    report: (e) => events.push(e),
    random: () => 0.5,
    ...ctx,
    vet: (c) => {
      vetted++;
      return vet(c);
    },
  });
  sources.push(source);
  return { source, events, changes: () => changes, vetted: () => vetted };
}

async function waitFor(what: string, predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('resolved');
}

describe('olderThan', () => {
  const parsed = (n: number | null, at: number) =>
    parseCrlDer(makeCrl({ issuer: ica, crlNumber: n, thisUpdate: new Date(N + at * SEC) }).der);

  it('a lower CRL number is older, whatever its thisUpdate', () => {
    expect(olderThan(parsed(1, 10), parsed(2, 0))).toBe('its CRL number 1 is lower than the current 2');
  });

  it('an earlier thisUpdate is older, whatever its CRL number', () => {
    expect(olderThan(parsed(3, -10), parsed(2, 0))).toBe(`its thisUpdate ${iso(N - 10 * SEC)} is older than the current ${iso(N)}`);
    expect(olderThan(parsed(2, -1), parsed(2, 0))).toBe(`its thisUpdate ${iso(N - SEC)} is older than the current ${iso(N)}`);
  });

  it('the same CRL, or a newer one, is not older', () => {
    expect(olderThan(parsed(2, 0), parsed(2, 0))).toBeUndefined();
    expect(olderThan(parsed(3, 0), parsed(2, 0))).toBeUndefined();
    expect(olderThan(parsed(2, 1), parsed(2, 0))).toBeUndefined();
  });

  it('without a CRL number on either side, only thisUpdate decides', () => {
    expect(olderThan(parsed(null, 0), parsed(2, 0))).toBeUndefined();
    expect(olderThan(parsed(1, 0), parsed(null, 0))).toBeUndefined();
    expect(olderThan(parsed(null, -1), parsed(2, 0))).toBe(`its thisUpdate ${iso(N - SEC)} is older than the current ${iso(N)}`);
  });
});

describe('a file source', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crl-source-'));
    file = join(dir, 'ica.crl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  /** Replaces the file by a rename, as a deployment does. */
  const replace = (bytes: Uint8Array | string) => {
    writeFileSync(`${file}.new`, bytes);
    renameSync(`${file}.new`, file);
  };

  it('is loaded at start: the event, the status, the CRLs in force', async () => {
    const c = crl(3);
    writeFileSync(file, c.der);
    const h = harness({ kind: 'file', file });
    h.source.start();
    await h.source.firstLoad;
    const thisUpdate = iso(N - 60 * SEC);
    expect(h.events).toEqual([
      { type: 'crl-loaded', source: file, message: `loaded CRL number 3 (thisUpdate ${thisUpdate})`, time: iso(WALL) },
    ]);
    expect(h.changes()).toBe(1);
    expect(h.source.crls.map((x) => x.crlNumber)).toEqual([3n]);
    expect(h.source.status()).toEqual({
      source: file,
      kind: 'file',
      loaded: true,
      lastLoadAt: iso(WALL),
      thisUpdate,
      staleAt: iso(N - 60 * SEC + 3600 * SEC),
      stale: false,
      crlNumber: '3',
      lastError: undefined,
      lastErrorAt: undefined,
      nextRefreshAt: undefined,
    });
  });

  it('stale only after nextUpdate, to the millisecond, by the validation clock (the wall clock when it throws)', () => {
    writeFileSync(file, crl(1).der);
    let now = N - 60 * SEC + 3600 * SEC;
    const h = harness({ kind: 'file', file }, { now: () => new Date(now) });
    h.source.start();
    expect(h.source.status().stale).toBe(false);
    now += 1;
    expect(h.source.status().stale).toBe(true);
    now = N;
    expect(h.source.status().stale).toBe(false);
    const broken = harness(
      { kind: 'file', file },
      {
        now: () => {
          throw new Error('clock broken');
        },
      },
    );
    broken.source.start();
    // The wall clock (2030) is past the CRL's nextUpdate.
    expect(broken.source.status().stale).toBe(true);
  });

  it('without nextUpdate: never stale, no staleAt, never reported stale', async () => {
    writeFileSync(file, crl(1, { validSec: null }).der);
    const h = harness({ kind: 'file', file });
    h.source.start();
    expect(h.source.status()).toMatchObject({ loaded: true, staleAt: undefined, stale: false });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.events.map((e) => e.type)).toEqual(['crl-loaded']);
  });

  it('an unchanged file is not read again by the poll', async () => {
    writeFileSync(file, crl(1).der);
    const h = harness({ kind: 'file', file });
    h.source.start();
    await new Promise((r) => setTimeout(r, 1300));
    expect(h.events.map((e) => e.type)).toEqual(['crl-loaded']);
  });

  it.each([
    ['behind nextUpdate', -5000],
    ['exactly at nextUpdate', 0],
  ])('not reported stale while the validation clock is %s', async (_label, offset) => {
    const at = N - 1000;
    writeFileSync(file, crl(1, { at: -61, validSec: 60 }).der);
    let now = N;
    const h = harness({ kind: 'file', file }, { now: () => new Date(now) });
    h.source.start();
    // The stale check was planned for now (nextUpdate passed); by the time it runs, the clock says otherwise.
    now = at + offset;
    await new Promise((r) => setTimeout(r, 100));
    expect(h.events.map((e) => e.type)).toEqual(['crl-loaded']);
  });

  it('a base and a delta CRL: the status shows the base, and the earliest nextUpdate', () => {
    const delta = makeCrl({
      issuer: ica,
      crlNumber: 6,
      thisUpdate: new Date(N - 30 * SEC),
      nextUpdate: new Date(N + 600 * SEC),
      extensions: [{ oid: '2.5.29.27', critical: true, value: integer(5) }],
    });
    const base = crl(5, { validSec: 7200 });
    writeFileSync(file, delta.pem + base.pem);
    const h = harness({ kind: 'file', file });
    h.source.start();
    expect(h.source.crls).toHaveLength(2);
    expect(h.source.status()).toMatchObject({ crlNumber: '5', thisUpdate: iso(N - 60 * SEC), staleAt: iso(N + 600 * SEC) });
    expect(h.events[0].message).toBe(`loaded CRL number 6 (thisUpdate ${iso(N - 30 * SEC)})`);
  });

  it('a missing file: reported once, the first load fails, and the file is taken when it appears', async () => {
    const h = harness({ kind: 'file', file });
    h.source.start();
    expect(await rejection(h.source.firstLoad)).toBe(`${file}: cannot read the file (ENOENT)`);
    expect(h.events).toEqual([{ type: 'crl-error', source: file, message: 'cannot read the file (ENOENT)', time: iso(WALL) }]);
    expect(h.source.status()).toMatchObject({ loaded: false, lastError: 'cannot read the file (ENOENT)', lastErrorAt: iso(WALL) });
    // The poll (every second) looks again without reporting the same absence again.
    await new Promise((r) => setTimeout(r, 1300));
    expect(h.events).toHaveLength(1);
    replace(crl(1).der);
    await waitFor('the file to load', () => h.source.crls.length === 1);
    expect(h.events[1].type).toBe('crl-loaded');
    expect(h.source.status()).toMatchObject({ lastError: undefined, lastErrorAt: undefined });
  });

  it('in a directory that does not exist yet (nothing to watch): the poll picks it up once it appears', async () => {
    const later = join(dir, 'later');
    const inLater = join(later, 'ica.crl');
    const h = harness({ kind: 'file', file: inLater });
    h.source.start();
    expect(await rejection(h.source.firstLoad)).toBe(`${inLater}: cannot read the file (ENOENT)`);
    mkdirSync(later);
    writeFileSync(inLater, crl(1).der);
    await waitFor('the poll to load it', () => h.source.crls.length === 1, 4000);
  });

  it('closed: a replacement is no longer read', async () => {
    writeFileSync(file, crl(1).der);
    const h = harness({ kind: 'file', file });
    h.source.start();
    h.source.close();
    replace(crl(2).der);
    await new Promise((r) => setTimeout(r, 1300));
    expect(h.events).toHaveLength(1);
    expect(h.source.status().crlNumber).toBe('1');
  });

  it.each<[string, () => Uint8Array | string, string]>([
    ['text without a CRL block', () => 'no CRL here\n', 'it holds no "-----BEGIN X509 CRL-----" block'],
    [
      'a CRL with an unrecognised critical extension',
      () => crl(1, { extensions: [{ oid: '1.2.3.4', critical: true, value: integer(0) }] }).der,
      'it has the unrecognised critical extension 1.2.3.4',
    ],
  ])('refused at first load: %s', async (_label, bytes, why) => {
    writeFileSync(file, bytes());
    const h = harness({ kind: 'file', file });
    h.source.start();
    expect(h.events).toEqual([{ type: 'crl-refused', source: file, message: `the CRL was refused: ${why}`, time: iso(WALL) }]);
    expect(await rejection(h.source.firstLoad)).toBe(`${file}: the CRL was refused: ${why}`);
    expect(h.source.crls).toHaveLength(0);
    expect(h.changes()).toBe(0);
  });

  it('refused at first load: a PEM block that is not base64 (named with its reason), DER that does not parse', () => {
    writeFileSync(file, '-----BEGIN X509 CRL-----\n!!!!\n-----END X509 CRL-----\n');
    const pem = harness({ kind: 'file', file });
    pem.source.start();
    expect(pem.events[0].message).toMatch(/^the CRL was refused: .+ \([a-z0-9-]+\)$/);
    writeFileSync(file, new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]));
    const der = harness({ kind: 'file', file });
    der.source.start();
    expect(der.events[0]).toMatchObject({ type: 'crl-refused' });
    expect(der.events[0].message).toMatch(/^the CRL was refused: it does not parse as a CRL \(.+\)$/);
  });

  it('the signature gate comes first; the vetting after it', () => {
    writeFileSync(file, crl(1).der);
    const gated = harness({ kind: 'file', file }, { vetSignature: () => 'not signed by a configured CA' });
    gated.source.start();
    expect(gated.events[0].message).toBe('the CRL was refused: not signed by a configured CA');
    expect(gated.vetted()).toBe(0);
    const passed = harness({ kind: 'file', file }, { vetSignature: () => undefined, vet: () => 'its issuer is not configured' });
    passed.source.start();
    expect(passed.events[0].message).toBe('the CRL was refused: its issuer is not configured');
  });

  it('a file over the size limit is refused unread', () => {
    writeFileSync(file, Buffer.alloc(CRL_MAX_BYTES + 1, 0x30));
    const h = harness({ kind: 'file', file });
    h.source.start();
    expect(h.events[0]).toMatchObject({
      type: 'crl-refused',
      message: `the CRL was refused: the file is larger than ${CRL_MAX_BYTES} bytes`,
    });
    writeFileSync(file, Buffer.alloc(CRL_MAX_BYTES, 0x30));
    const atLimit = harness({ kind: 'file', file });
    atLimit.source.start();
    expect(atLimit.events[0].message).toMatch(/does not parse as a CRL/);
  });

  it('a vetting that throws is reported, and the source goes on', () => {
    writeFileSync(file, crl(1).der);
    const h = harness(
      { kind: 'file', file },
      {
        vet: () => {
          throw new Error('boom');
        },
      },
    );
    h.source.start();
    expect(h.events).toEqual([{ type: 'crl-error', source: file, message: 'the CRL could not be processed (boom)', time: iso(WALL) }]);
  });

  describe('replacements', () => {
    let h: Harness;
    let vetOld = true;
    // ECDSA signatures differ each time: the same bytes are these bytes.
    const inForce = crl(2);
    beforeEach(async () => {
      vetOld = true;
      writeFileSync(file, inForce.der);
      h = harness({ kind: 'file', file }, { vet: (c) => (c.crlNumber === 2n && !vetOld ? 'its CA is no longer configured' : undefined) });
      h.source.start();
      await h.source.firstLoad;
    });

    it('a newer CRL replaces it', async () => {
      replace(crl(3, { at: -30 }).der);
      await waitFor('the new CRL', () => h.events.length === 2);
      expect(h.events[1]).toMatchObject({ type: 'crl-loaded', message: `loaded CRL number 3 (thisUpdate ${iso(N - 30 * SEC)})` });
      expect(h.changes()).toBe(2);
      expect(h.source.status().crlNumber).toBe('3');
    });

    it('an older one is refused and the last good one kept, until a good one comes', async () => {
      replace(crl(1).der);
      await waitFor('the refusal', () => h.events.length === 2);
      const why =
        'a new CRL was refused and the last good one kept: it is older than the CRL in force: its CRL number 1 is lower than the current 2';
      expect(h.events[1]).toMatchObject({ type: 'crl-refused', message: why });
      expect(h.source.status()).toMatchObject({ crlNumber: '2', lastError: why, lastErrorAt: iso(WALL) });
      replace(crl(3).der);
      await waitFor('the new CRL', () => h.events.length === 3);
      expect(h.source.status()).toMatchObject({ crlNumber: '3', lastError: undefined, lastErrorAt: undefined });
    });

    it('the same bytes again: vetted again, unchanged, not read again', async () => {
      const before = h.vetted();
      replace(inForce.der);
      await waitFor('the unchanged event', () => h.events.length === 2);
      expect(h.events[1]).toMatchObject({ type: 'crl-unchanged', message: 'the CRL is unchanged' });
      expect(h.changes()).toBe(1);
      expect(h.vetted()).toBe(before + 1);
    });

    it('the same bytes, now refused by the vetting: refused', async () => {
      vetOld = false;
      replace(inForce.der);
      await waitFor('the refusal', () => h.events.length === 2);
      expect(h.events[1]).toMatchObject({
        type: 'crl-refused',
        message: 'a new CRL was refused and the last good one kept: its CA is no longer configured',
      });
    });

    it("another issuer's CRL does not succeed it, unless the CA in force is no longer configured", async () => {
      const other = makeCert({ subject: { O: 'CRL source', CN: 'Other' }, issuer: root, ca: true, serial: 101 });
      replace(makeCrl({ issuer: other, crlNumber: 9 }).der);
      await waitFor('the refusal', () => h.events.length === 2);
      expect(h.events[1]).toMatchObject({
        type: 'crl-refused',
        message:
          'a new CRL was refused and the last good one kept: it does not succeed the CRL in force (CRL number 2): it is a CRL of another issuer or scope',
      });
      vetOld = false;
      replace(makeCrl({ issuer: other, crlNumber: 10 }).der);
      await waitFor('the new CRL', () => h.events.length === 3);
      expect(h.events[2]).toMatchObject({ type: 'crl-loaded' });
    });

    it('a delta CRL joins the base; the base alone then does not succeed them (the delta would be dropped)', async () => {
      const delta = makeCrl({
        issuer: ica,
        crlNumber: 3,
        thisUpdate: new Date(N - 30 * SEC),
        extensions: [{ oid: '2.5.29.27', critical: true, value: integer(2) }],
      });
      replace(inForce.pem + delta.pem);
      await waitFor('the delta', () => h.events.length === 2);
      expect(h.events[1]).toMatchObject({ type: 'crl-loaded', message: `loaded CRL number 2 (thisUpdate ${iso(N - 60 * SEC)})` });
      expect(h.source.crls.map((c) => c.crlNumber)).toEqual([2n, 3n]);
      replace(inForce.der);
      await waitFor('the refusal', () => h.events.length === 3);
      expect(h.events[2].message).toBe(
        'a new CRL was refused and the last good one kept: it does not succeed the CRL in force (CRL number 3): it is a CRL of another issuer or scope',
      );
    });
  });

  describe("two CRLs in one file (the root's and the ICA's)", () => {
    const rootCrl = makeCrl({ issuer: root, crlNumber: 7 });
    // ECDSA signatures differ each time: the same bytes are these bytes.
    const icaCrl = crl(2);
    let h: Harness;
    let rootTrusted = true;
    beforeEach(async () => {
      rootTrusted = true;
      writeFileSync(file, rootCrl.pem + icaCrl.pem);
      h = harness(
        { kind: 'file', file },
        { vet: (c) => (c.crlNumber === 7n && !rootTrusted ? 'its CA is no longer configured' : undefined) },
      );
      h.source.start();
      await h.source.firstLoad;
    });

    it('a newer CRL for one of them is taken, though the other is the same bytes', async () => {
      // Taking only files where every CRL changed would keep the ICA's old CRL, and what it now revokes would pass.
      replace(rootCrl.pem + crl(3, { at: -30 }).pem);
      await waitFor('the new CRL', () => h.events.length === 2);
      expect(h.events[1]).toMatchObject({ type: 'crl-loaded' });
      expect(h.source.crls.map((c) => c.crlNumber)).toEqual([7n, 3n]);
      expect(h.changes()).toBe(2);
    });

    it('the same bytes again, one of them now refused by the vetting: refused, not kept as unchanged', async () => {
      rootTrusted = false;
      replace(rootCrl.pem + icaCrl.pem);
      await waitFor('the refusal', () => h.events.length === 2);
      expect(h.events[1]).toMatchObject({
        type: 'crl-refused',
        message: 'a new CRL was refused and the last good one kept: its CA is no longer configured',
      });
    });
  });

  it('a CRL already past its nextUpdate is reported stale', async () => {
    writeFileSync(file, crl(1, { at: -120, validSec: 60 }).der);
    const h = harness({ kind: 'file', file });
    h.source.start();
    await waitFor('the stale report', () => h.events.length === 2);
    expect(h.events[1]).toEqual({
      type: 'crl-stale',
      source: file,
      message: `the CRL went stale at ${iso(N - 60 * SEC)} and was not replaced`,
      time: iso(WALL),
    });
  });

  it('closed before it loaded: the first load fails, naming the source', async () => {
    const h = harness({ kind: 'file', file });
    h.source.close();
    expect(await rejection(h.source.firstLoad)).toBe(`${file}: closed before it loaded`);
  });
});

describe('a URL source', () => {
  interface Served {
    status: number;
    body?: Uint8Array;
    headers?: Record<string, string>;
  }
  let answer: () => Served;
  let seen: http.IncomingHttpHeaders[];
  /** When set, the next answer waits for it. */
  let holdNext: Promise<void> | undefined;
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      const a = answer();
      const hold = holdNext;
      holdNext = undefined;
      void (hold ?? Promise.resolve()).then(() => res.writeHead(a.status, a.headers ?? {}).end(a.body ? Buffer.from(a.body) : undefined));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ica.crl`;
  });
  afterAll(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  beforeEach(() => {
    seen = [];
  });

  /** Starts a source, waits for its first attempt, and returns how long until it fetches again. */
  async function firstDelay(served: Served, ctx: Partial<CrlSourceContext> = {}): Promise<{ h: Harness; delay: number }> {
    answer = () => served;
    const h = harness({ kind: 'url', url }, ctx);
    h.source.start();
    await h.source.firstLoad.catch(() => undefined);
    await waitFor('the schedule', () => h.source.status().nextRefreshAt !== undefined);
    const now = ctx.now ? ctx.now().getTime() : N;
    return { h, delay: Date.parse(h.source.status().nextRefreshAt as string) - now };
  }

  it.each([
    [0, 500_000],
    [0.5, 650_000],
    [1, 800_000],
  ])('after a load, between half and 80 %% of the time left (random %f: %i ms)', async (r, expected) => {
    const served = { status: 200, body: crl(1, { at: 0, validSec: 1000 }).der };
    const { h, delay } = await firstDelay(served, { random: () => r });
    expect(delay).toBe(expected);
    expect(h.source.status()).toMatchObject({ source: url, kind: 'url', loaded: true });
    expect(h.events[0]).toMatchObject({ type: 'crl-loaded', source: url });
  });

  it('at most an hour, however far nextUpdate is, and an hour without one', async () => {
    expect((await firstDelay({ status: 200, body: crl(1, { at: 0, validSec: 100_000 }).der })).delay).toBe(3_600_000);
    expect((await firstDelay({ status: 200, body: crl(1, { at: 0, validSec: null }).der })).delay).toBe(3_600_000);
  });

  it('at least 200 ms, however close nextUpdate is', async () => {
    const now = N + 1000 - 300;
    const { delay } = await firstDelay(
      { status: 200, body: crl(1, { at: 0, validSec: 1 }).der },
      { now: () => new Date(now), random: () => 0 },
    );
    expect(delay).toBe(200);
  });

  it('a failure backs off from one second, jittered (75 % to 125 %), and doubles on the next', async () => {
    const { h, delay } = await firstDelay({ status: 500 }, { random: () => 0 });
    expect(delay).toBe(750);
    expect(h.events[0]).toEqual({ type: 'crl-error', source: url, message: 'the download failed: HTTP status 500', time: iso(WALL) });
    expect(await rejection(h.source.firstLoad)).toBe(`${url}: the download failed: HTTP status 500`);
    await waitFor('the retry', () => h.events.length === 2, 3000);
    await waitFor('the next schedule', () => Date.parse(h.source.status().nextRefreshAt as string) - N === 1500);
    expect((await firstDelay({ status: 500 }, { random: () => 1 })).delay).toBe(1250);
  });

  it('a success after a failure plans from nextUpdate again, not by back-off', async () => {
    let first = true;
    answer = () => {
      if (first) {
        first = false;
        return { status: 500 };
      }
      return { status: 200, body: crl(1, { at: 0, validSec: 1000 }).der };
    };
    const h = harness({ kind: 'url', url }, { random: () => 0 });
    h.source.start();
    await waitFor('the retry to load', () => h.events.some((e) => e.type === 'crl-loaded'), 4000);
    await waitFor('the schedule', () => Date.parse(h.source.status().nextRefreshAt as string) - N === 500_000);
    expect(h.source.status()).toMatchObject({ loaded: true, lastError: undefined });
  });

  it('a server that still serves a stale CRL is asked again after about a second, not in a loop', async () => {
    const stale = crl(1, { at: -120, validSec: 60 }).der;
    expect((await firstDelay({ status: 200, body: stale }, { random: () => 0 })).delay).toBe(750);
    // Stale from the millisecond of its nextUpdate.
    const endsNow = crl(1, { at: -60, validSec: 60 }).der;
    expect((await firstDelay({ status: 200, body: endsNow }, { now: () => NOW, random: () => 0 })).delay).toBe(750);
  });

  it('a 304 after a failure is a recovery: the error cleared, the load time renewed, no back-off', async () => {
    // Valid for one second from 300 ms before its end: fetches are 200 ms apart until a failure.
    const now = N + 1000 - 300;
    let wall = WALL;
    const replies: Served[] = [
      { status: 200, body: crl(1, { at: 0, validSec: 1 }).der, headers: { etag: '"one"' } },
      { status: 500 },
      { status: 304 },
    ];
    answer = () => replies.shift() ?? { status: 304 };
    const h = harness({ kind: 'url', url }, { now: () => new Date(now), wallClock: () => wall, random: () => 0 });
    h.source.start();
    await h.source.firstLoad;
    wall += 60_000;
    await waitFor('the failure', () => h.events.length === 2);
    expect(h.source.status()).toMatchObject({ lastError: 'the download failed: HTTP status 500' });
    wall += 60_000;
    await waitFor('the 304', () => h.events.length === 3, 3000);
    expect(h.events[2]).toMatchObject({ type: 'crl-unchanged', message: 'not modified (304)' });
    expect(h.source.status()).toMatchObject({ lastError: undefined, lastLoadAt: iso(wall), loaded: true });
    expect(Date.parse(h.source.status().nextRefreshAt as string) - now).toBe(200);
  });

  it('asks conditionally once it holds a CRL; a 304 keeps it', async () => {
    // Valid for one second from 300 ms before its end: the next fetch is 200 ms away.
    const now = N + 1000 - 300;
    const served = {
      status: 200,
      body: crl(1, { at: 0, validSec: 1 }).der,
      headers: { etag: '"one"', 'last-modified': 'Mon, 01 Jun 2026 12:00:00 GMT' },
    };
    const { h } = await firstDelay(served, { now: () => new Date(now), random: () => 0 });
    answer = () => ({ status: 304 });
    await waitFor('the conditional request', () => h.events.length === 2);
    expect(seen[0]['if-none-match']).toBeUndefined();
    expect(seen[0]['if-modified-since']).toBeUndefined();
    expect(seen[0].accept).toBe('application/pkix-crl, application/x-pkcs7-crl, */*');
    expect(seen[1]['if-none-match']).toBe('"one"');
    expect(seen[1]['if-modified-since']).toBe('Mon, 01 Jun 2026 12:00:00 GMT');
    expect(h.events[1]).toEqual({ type: 'crl-unchanged', source: url, message: 'not modified (304)', time: iso(WALL) });
    expect(h.source.status()).toMatchObject({ loaded: true, crlNumber: '1' });
  });

  it('the validators of a refused CRL are not kept: the next request asks with those of the CRL in force', async () => {
    const now = N + 1000 - 300;
    const served = { status: 200, body: crl(2, { at: 0, validSec: 1 }).der, headers: { etag: '"two"' } };
    const { h } = await firstDelay(served, { now: () => new Date(now), random: () => 0 });
    answer = () => ({ status: 200, body: crl(1, { at: 0, validSec: 1 }).der, headers: { etag: '"one"' } });
    await waitFor('the refusal', () => h.events.length === 2);
    expect(h.events[1].type).toBe('crl-refused');
    answer = () => ({ status: 304 });
    await waitFor('the next request', () => seen.length === 3, 3000);
    expect(seen[2]['if-none-match']).toBe('"two"');
  });

  it.each([
    ['a CRL', { status: 200, body: crl(1).der }],
    ['a failure', { status: 500 }],
  ])('closed while a download is in flight: its answer (%s) is dropped, unreported', async (_label, served) => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    answer = () => served;
    const h = harness({ kind: 'url', url: `${url}?held` }, {});
    holdNext = held;
    h.source.start();
    await waitFor('the request', () => seen.length === 1);
    h.source.close();
    release();
    await new Promise((r) => setTimeout(r, 200));
    expect(h.events).toEqual([]);
    expect(h.source.status()).toMatchObject({ loaded: false, nextRefreshAt: undefined });
  });

  it('closed before it loaded: the first load fails, naming the URL', async () => {
    const h = harness({ kind: 'url', url });
    h.source.close();
    expect(await rejection(h.source.firstLoad)).toBe(`${url}: closed before it loaded`);
  });
});

// The live trust store (src/verify/live/trust.ts) through createVerifier: which CRLs a source may
// bring (signed by a configured CA that may sign CRLs and chains to an anchor), that they count
// in decisions, ready() naming every source that failed, what update() replaces and what it
// keeps, and how events reach the hook or, without one, one process warning per source and kind.
import { sign } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVerifier, type TrustEvent } from '../src/index';
import { bitString, elements, ia5, oid, seq } from './helpers/der';
import { ocspResponses } from './helpers/ocsp-response';
import { NOW, makeCert, makeCrl } from './helpers/pki';
import { verdictOf } from './helpers/refusal';

const root = makeCert({ subject: { O: 'Live trust', CN: 'Root' }, ca: true });
const ica = makeCert({ subject: { O: 'Live trust', CN: 'ICA' }, issuer: root, ca: true, serial: 100 });
const leaf = makeCert({ subject: { O: 'Live trust', CN: 'leaf' }, issuer: ica, serial: 7 });
const input = { certificate: leaf.pem, chain: [ica.pem] };
const NOT_SIGNED = 'it is not signed by a configured trust anchor or intermediate (configure the CA that issues it in `intermediates`)';

let dir: string;
const verifiers: { close(): void }[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'live-trust-'));
});
afterEach(() => {
  for (const v of verifiers.splice(0)) v.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `bytes` to a file of the test directory (by a rename, as a deployment does) and returns its path. */
function crlFile(name: string, bytes: Uint8Array | string): string {
  const file = join(dir, name);
  writeFileSync(`${file}.new`, bytes);
  renameSync(`${file}.new`, file);
  return file;
}

function verifier(options: Omit<Parameters<typeof createVerifier>[0], 'now'>) {
  const v = createVerifier({ now: () => NOW, ...options });
  verifiers.push(v);
  return v;
}

async function waitFor(what: string, predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('which CRLs a source may bring', () => {
  const rootCrl = makeCrl({ issuer: root }).pem;

  it('one signed by the configured intermediate counts in decisions', async () => {
    const file = crlFile('ica.crl', makeCrl({ issuer: ica, revoked: [{ serial: 7 }] }).der);
    const v = verifier({ trustAnchors: root.pem, intermediates: ica.pem, crls: [rootCrl, { file }], onTrustEvent: () => undefined });
    await v.ready();
    expect(await verdictOf(v.verify(input))).toEqual({ code: 'ERR_CLIENT_CERT_REVOKED', reason: 'revoked' });
    expect(v.status().sources[0]).toMatchObject({ loaded: true, lastError: undefined });
  });

  it('one signed by an anchor counts too', async () => {
    const file = crlFile('root.crl', makeCrl({ issuer: root, revoked: [{ serial: 100 }] }).der);
    const icaCrl = makeCrl({ issuer: ica }).pem;
    const v = verifier({ trustAnchors: root.pem, intermediates: ica.pem, crls: [icaCrl, { file }], onTrustEvent: () => undefined });
    await v.ready();
    expect(await verdictOf(v.verify(input))).toMatchObject({ code: 'ERR_CLIENT_CERT_REVOKED' });
  });

  it.each([
    ['a forger of the same name', () => makeCrl({ issuer: makeCert({ subject: { O: 'Live trust', CN: 'ICA' }, ca: true }) }).der],
    [
      'a CA of the right key that may not sign CRLs',
      () =>
        makeCrl({
          issuer: makeCert({ subject: { O: 'Live trust', CN: 'ICA' }, key: ica.key, issuer: root, ca: true, keyUsage: ['keyCertSign'] }),
        }).der,
    ],
  ])('one signed by %s is refused, naming what to configure', async (_label, bytes) => {
    const events: TrustEvent[] = [];
    const file = crlFile('ica.crl', bytes());
    const noCrlSign = makeCert({
      subject: { O: 'Live trust', CN: 'ICA' },
      key: ica.key,
      issuer: root,
      ca: true,
      serial: 100,
      keyUsage: ['keyCertSign'],
    });
    const configured = _label.includes('may not') ? noCrlSign : ica;
    const v = verifier({ trustAnchors: root.pem, intermediates: configured.pem, crls: [{ file }], onTrustEvent: (e) => events.push(e) });
    await expect(v.ready()).rejects.toThrow(`createVerifier(): CRL sources did not load: ${file}: the CRL was refused: ${NOT_SIGNED}`);
    expect(events).toEqual([expect.objectContaining({ type: 'crl-refused', source: file, message: `the CRL was refused: ${NOT_SIGNED}` })]);
  });

  describe('the signature gate refuses before the entries are read (here an entry that does not parse)', () => {
    /** The CRL of `issuer`, signed by its key, with one revoked entry whose serial is not an INTEGER. */
    function brokenEntry(issuer: Parameters<typeof makeCrl>[0]['issuer']): Uint8Array {
      const [tbs, alg] = elements(makeCrl({ issuer, revoked: [{ serial: 0x77 }] }).der);
      const broken = new Uint8Array(tbs);
      broken[Buffer.from(tbs).indexOf(Buffer.from([0x02, 0x01, 0x77]))] = 0x04;
      return seq(broken, alg, bitString(new Uint8Array(sign('sha256', broken, issuer.key.privateKey))));
    }
    const noCrlSign = makeCert({ subject: { O: 'Live trust', CN: 'ICA' }, issuer: root, ca: true, serial: 300, keyUsage: ['keyCertSign'] });

    it.each([
      ['a forger', () => brokenEntry(makeCert({ subject: { O: 'Live trust', CN: 'ICA' }, ca: true })), ica],
      ['the key of a configured CA of another name', () => brokenEntry({ ...root, subjectName: ica.subjectName }), ica],
      ['a configured CA of that name that may not sign CRLs', () => brokenEntry(noCrlSign), noCrlSign],
    ])('signed by %s', async (_label, bytes, configured) => {
      const events: TrustEvent[] = [];
      const file = crlFile('ica.crl', bytes());
      const v = verifier({ trustAnchors: root.pem, intermediates: configured.pem, crls: [{ file }], onTrustEvent: (e) => events.push(e) });
      await v.ready().catch(() => undefined);
      expect(events).toEqual([expect.objectContaining({ type: 'crl-refused', message: `the CRL was refused: ${NOT_SIGNED}` })]);
    });

    it('while one the configured CA signed is read, and its entry refused', async () => {
      const events: TrustEvent[] = [];
      const file = crlFile('ica.crl', brokenEntry(ica));
      const v = verifier({ trustAnchors: root.pem, intermediates: ica.pem, crls: [{ file }], onTrustEvent: (e) => events.push(e) });
      await v.ready().catch(() => undefined);
      expect(events[0].message).toMatch(/^the CRL was refused: it does not parse as a CRL \(/);
    });
  });

  it('one signed by a configured intermediate that chains to no anchor is refused', async () => {
    const otherRoot = makeCert({ subject: { O: 'Live trust', CN: 'Other Root' }, ca: true });
    const orphan = makeCert({ subject: { O: 'Live trust', CN: 'Orphan' }, issuer: otherRoot, ca: true });
    const file = crlFile('orphan.crl', makeCrl({ issuer: orphan }).der);
    const v = verifier({ trustAnchors: root.pem, intermediates: [ica.pem, orphan.pem], crls: [{ file }], onTrustEvent: () => undefined });
    await expect(v.ready()).rejects.toThrow(`${file}: the CRL was refused: ${NOT_SIGNED}`);
    // The same CA, chained to an anchor, may.
    const chained = verifier({
      trustAnchors: [root.pem, otherRoot.pem],
      intermediates: orphan.pem,
      crls: [{ file }],
      onTrustEvent: () => undefined,
    });
    await chained.ready();
  });

  it('ready() names every source that failed', async () => {
    const a = join(dir, 'a.crl');
    const b = join(dir, 'b.crl');
    const v = verifier({ trustAnchors: root.pem, crls: [{ file: a }, { file: b }], onTrustEvent: () => undefined });
    await expect(v.ready()).rejects.toThrow(
      `createVerifier(): CRL sources did not load: ${a}: cannot read the file (ENOENT); ${b}: cannot read the file (ENOENT)`,
    );
    await expect(verifier({ trustAnchors: root.pem }).ready()).resolves.toBeUndefined();
  });
});

describe('update()', () => {
  it('keeps a source that stays (not loaded again), starts a new one, and the generation moves on', async () => {
    const events: TrustEvent[] = [];
    const kept = crlFile('kept.crl', makeCrl({ issuer: ica }).der);
    const v = verifier({ trustAnchors: root.pem, intermediates: ica.pem, crls: [{ file: kept }], onTrustEvent: (e) => events.push(e) });
    await v.ready();
    const generation = v.status().generation;
    const added = crlFile('added.crl', makeCrl({ issuer: root }).der);
    v.update({ crls: [{ file: kept }, { file: added }] });
    expect(v.status().generation).toBeGreaterThan(generation);
    await v.ready();
    expect(events.filter((e) => e.source === kept && e.type === 'crl-loaded')).toHaveLength(1);
    expect(events.filter((e) => e.source === added && e.type === 'crl-loaded')).toHaveLength(1);
    expect(v.status().sources.map((s) => [s.source, s.loaded])).toEqual([
      [kept, true],
      [added, true],
    ]);
    // The kept source is still running: it follows its file.
    crlFile('kept.crl', makeCrl({ issuer: ica, crlNumber: 2 }).der);
    await waitFor('the kept source to load again', () => v.status().sources[0].crlNumber === '2');
  });

  it('replaces a source by another of another name (file or URL), and what it removes or keeps works on accordingly', async () => {
    const events: TrustEvent[] = [];
    const a = crlFile('a.crl', makeCrl({ issuer: root }).der);
    const b = crlFile('b.crl', makeCrl({ issuer: root }).der);
    const v = verifier({ trustAnchors: root.pem, crls: [{ file: a }], onTrustEvent: (e) => events.push(e) });
    await v.ready();
    v.update({ crls: [{ file: b }] });
    await v.ready();
    expect(v.status().sources.map((s) => [s.source, s.loaded])).toEqual([[b, true]]);
    // The kept source still follows its file; the removed one no longer does.
    crlFile('a.crl', makeCrl({ issuer: root, crlNumber: 2 }).der);
    crlFile('b.crl', makeCrl({ issuer: root, crlNumber: 2 }).der);
    await waitFor('b to load again', () => v.status().sources[0].crlNumber === '2');
    await new Promise((r) => setTimeout(r, 1300));
    expect(events.filter((e) => e.source === a).map((e) => e.type)).toEqual(['crl-loaded']);

    const urlA = 'http://127.0.0.1:1/a.crl';
    const urlB = 'http://127.0.0.1:1/b.crl';
    v.update({ crls: [{ url: urlA }] });
    v.update({ crls: [{ url: urlB }] });
    expect(v.status().sources.map((s) => s.source)).toEqual([urlB]);
  });

  it('does not start again a URL source it keeps', async () => {
    let hits = 0;
    const server = http.createServer((req, res) => {
      hits++;
      req.resume();
      res.writeHead(200).end(Buffer.from(makeCrl({ issuer: root }).der));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/root.crl`;
      const v = verifier({ trustAnchors: root.pem, crls: [{ url }], onTrustEvent: () => undefined });
      await v.ready();
      expect(hits).toBe(1);
      v.update({ crls: [{ url }, { file: crlFile('other.crl', makeCrl({ issuer: root }).der) }] });
      await v.ready();
      await new Promise((r) => setTimeout(r, 300));
      expect(hits).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('close() stops the sources', async () => {
    const events: TrustEvent[] = [];
    const file = crlFile('ica.crl', makeCrl({ issuer: root }).der);
    const v = verifier({ trustAnchors: root.pem, crls: [{ file }], onTrustEvent: (e) => events.push(e) });
    await v.ready();
    v.close();
    crlFile('ica.crl', makeCrl({ issuer: root, crlNumber: 2 }).der);
    await new Promise((r) => setTimeout(r, 1300));
    expect(events).toHaveLength(1);
  });

  it('after close(), a new source is not started', async () => {
    const file = crlFile('late.crl', makeCrl({ issuer: root }).der);
    const v = verifier({ trustAnchors: root.pem, onTrustEvent: () => undefined });
    v.close();
    v.update({ crls: [{ file }] });
    expect(v.status().sources).toEqual([expect.objectContaining({ source: file, loaded: false, lastError: undefined })]);
  });

  describe('and the OCSP client', () => {
    const respond = ocspResponses(ica);
    let answer: 'good' | 'revoked' = 'good';
    let server: http.Server;
    let url: string;
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(200).end(Buffer.from(respond({ singles: [{ status: answer }] }))));
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));
    afterEach(() => {
      answer = 'good';
    });

    it('at most four rounds of OCSP answers per decision: each revoked issuer leads to the next', async () => {
      answer = 'revoked';
      const aia = [{ oid: '1.3.6.1.5.5.7.1.1', value: seq(seq(oid('1.3.6.1.5.5.7.48.1'), ia5(url, 0x86))) }];
      const asked = makeCert({ subject: { O: 'Live trust', CN: 'leaf' }, issuer: ica, serial: 7, extensions: aia });
      // Issuers of one name and key: the leaf chains through each, and OCSP says revoked through each.
      const issuers = [1, 2, 3, 4, 5].map((k) =>
        makeCert({ subject: { O: 'Live trust', CN: 'ICA' }, key: ica.key, issuer: root, ca: true, serial: 200 + k }),
      );
      const judge = (n: number) => {
        const v = verifier({ trustAnchors: root.pem, crls: [makeCrl({ issuer: root }).pem], ocsp: {} });
        return verdictOf(v.verify({ certificate: asked.pem, chain: issuers.slice(0, n).map((c) => c.pem) }));
      };
      expect(await judge(4)).toMatchObject({ reason: 'revoked' });
      expect(await judge(5)).toMatchObject({ reason: 'ocsp-unavailable' });
      const v = verifier({ trustAnchors: root.pem, crls: [makeCrl({ issuer: root }).pem], ocsp: {} });
      await expect(v.verify({ certificate: asked.pem, chain: issuers.map((c) => c.pem) })).rejects.toThrow(
        'Revocation status is unknown: too many OCSP rounds for one decision',
      );
    });

    it('answers are judged with the clock tolerance', async () => {
      const aia = [{ oid: '1.3.6.1.5.5.7.1.1', value: seq(seq(oid('1.3.6.1.5.5.7.48.1'), ia5(url, 0x86))) }];
      const asked = makeCert({ subject: { O: 'Live trust', CN: 'leaf' }, issuer: ica, serial: 7, extensions: aia });
      // The responder's answer holds until NOW + 1 h (+ 999 ms); the clock is 10 s past that.
      const late = () => new Date(NOW.getTime() + 3_600_000 + 10_999);
      const options = { trustAnchors: root.pem, crls: [makeCrl({ issuer: root }).pem], ocsp: {}, now: late };
      const strict = createVerifier(options);
      const lenient = createVerifier({ ...options, clockToleranceSec: 10 });
      verifiers.push(strict, lenient);
      const chainInput = { certificate: asked.pem, chain: [ica.pem] };
      expect(await verdictOf(strict.verify(chainInput))).toMatchObject({ reason: 'ocsp-stale' });
      expect(await verdictOf(lenient.verify(chainInput))).toBe('ACCEPTED');
    });

    it('is replaced only when the update names ocsp', async () => {
      const aia = [{ oid: '1.3.6.1.5.5.7.1.1', value: seq(seq(oid('1.3.6.1.5.5.7.48.1'), ia5(url, 0x86))) }];
      const asked = makeCert({ subject: { O: 'Live trust', CN: 'leaf' }, issuer: ica, serial: 7, extensions: aia });
      const v = verifier({ trustAnchors: root.pem, crls: [makeCrl({ issuer: root }).pem], ocsp: {} });
      expect(v.status().ocsp).toMatchObject({ requests: 0 });
      await v.verify({ certificate: asked.pem, chain: [ica.pem] });
      expect(v.status().ocsp).toMatchObject({ requests: 1, cachedAnswers: 1 });
      v.update({ trustAnchors: root.pem });
      expect(v.status().ocsp).toMatchObject({ requests: 1, cachedAnswers: 1 });
      v.update({ ocsp: {} });
      expect(v.status().ocsp).toMatchObject({ requests: 0, cachedAnswers: 0 });
      v.update({ ocsp: false });
      expect(v.status().ocsp).toBeUndefined();
    });
  });
});

describe('events', () => {
  it('a hook that throws does not stop the source', async () => {
    const file = crlFile('ica.crl', makeCrl({ issuer: ica }).der);
    const v = verifier({
      trustAnchors: root.pem,
      intermediates: ica.pem,
      crls: [{ file }],
      onTrustEvent: () => {
        throw new Error('hook failed');
      },
    });
    await v.ready();
    expect(v.status().sources[0].loaded).toBe(true);
  });

  describe('without a hook: one process warning per source and kind, until the source recovers', () => {
    let warnings: { message: string; code: unknown }[];
    let spy: jest.SpyInstance;
    beforeEach(() => {
      warnings = [];
      spy = jest.spyOn(process, 'emitWarning').mockImplementation(((message: string, options?: { code?: string }) => {
        warnings.push({ message, code: options?.code });
      }) as never);
    });
    afterEach(() => spy.mockRestore());

    it('with a hook, no warning', async () => {
      const file = crlFile('bad.crl', 'no CRL\n');
      const events: TrustEvent[] = [];
      const v = verifier({ trustAnchors: root.pem, crls: [{ file }], onTrustEvent: (e) => events.push(e) });
      await v.ready().catch(() => undefined);
      expect(events).toHaveLength(1);
      expect(warnings).toEqual([]);
    });

    it('a CRL confirmed unchanged is a recovery too', async () => {
      const good = makeCrl({ issuer: root }).der;
      const file = crlFile('root.crl', good);
      const v = verifier({ trustAnchors: root.pem, crls: [{ file }] });
      await v.ready();
      crlFile('root.crl', 'no CRL\n');
      await waitFor('the first warning', () => warnings.length === 1);
      const before = v.status().sources[0].lastLoadAt;
      await new Promise((r) => setTimeout(r, 5));
      crlFile('root.crl', good);
      await waitFor('the unchanged CRL', () => v.status().sources[0].lastLoadAt !== before);
      expect(warnings).toHaveLength(1);
      crlFile('root.crl', 'no CRL again\n');
      await waitFor('the second warning', () => warnings.length === 2);
      expect(warnings[1].message).toBe(
        `express-client-cert: ${file}: a new CRL was refused and the last good one kept: it holds no "-----BEGIN X509 CRL-----" block`,
      );
    });

    it('warns once for repeated refusals, again after a load, and not for another source whose name starts alike', async () => {
      const a = join(dir, 'a.crl');
      const ab = join(dir, 'a.crl2');
      crlFile('a.crl', 'no CRL\n');
      crlFile('a.crl2', 'no CRL\n');
      const v = verifier({ trustAnchors: root.pem, intermediates: ica.pem, crls: [{ file: a }, { file: ab }] });
      await v.ready().catch(() => undefined);
      const refused = 'the CRL was refused: it holds no "-----BEGIN X509 CRL-----" block';
      expect(warnings).toEqual([
        { message: `express-client-cert: ${a}: ${refused}`, code: 'EXPRESS_CLIENT_CERT_TRUST' },
        { message: `express-client-cert: ${ab}: ${refused}`, code: 'EXPRESS_CLIENT_CERT_TRUST' },
      ]);
      // Refused again, both: no new warning.
      const failedAt = v.status().sources.map((s) => s.lastErrorAt);
      await new Promise((r) => setTimeout(r, 5));
      crlFile('a.crl', 'still no CRL\n');
      crlFile('a.crl2', 'still no CRL\n');
      await waitFor('the second refusals', () => v.status().sources.every((s, i) => s.lastErrorAt !== failedAt[i]));
      expect(warnings).toHaveLength(2);
      // a.crl recovers, then is refused again: warned again; a.crl2 refused again: still not.
      crlFile('a.crl', makeCrl({ issuer: ica }).der);
      await waitFor('a.crl to load', () => v.status().sources[0].loaded);
      const before = v.status().sources[1].lastErrorAt;
      await new Promise((r) => setTimeout(r, 5));
      crlFile('a.crl', 'broken again\n');
      crlFile('a.crl2', 'broken again\n');
      await waitFor('both refused again', () => warnings.length >= 3 && v.status().sources[1].lastErrorAt !== before);
      expect(warnings).toHaveLength(3);
      expect(warnings[2].message).toBe(
        `express-client-cert: ${a}: a new CRL was refused and the last good one kept: it holds no "-----BEGIN X509 CRL-----" block`,
      );
    });
  });
});

// The decision cache's key and the shape of what it holds: a SHA-256 digest of the framed field
// values (never the values themselves, never a fast hash), and identities that share their getters.
import { createHash } from 'node:crypto';
import express from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { createDecisionKey } from '../src/cache';
import { clientCert, encodeClientCert, encodeClientCertChain, type ClientCertAuditEvent } from '../src/index';
import { NOW, makeCert, makePki } from './helpers/pki';

const { root, intermediate, leaf } = makePki('CacheKey');

describe('decision cache key', () => {
  it('is the SHA-256 digest of the format and the framed field lines, not the values', () => {
    const key = createDecisionKey();
    const cert = `:${'A'.repeat(3000)}:`;
    const got = key('rfc9440', [cert], []);
    const expected = createHash('sha256').update(`rfc9440\u00031\u00030\u0003\u0000${cert.length}:${cert}`).digest('binary');
    expect(got).toBe(expected);
    // The digest's 32 bytes, one Latin-1 character each: the shortest string that holds them.
    expect(got).toHaveLength(32);
  });

  it.each([
    ['ASCII', `:${'B'.repeat(700)}:`],
    ['Latin-1', 'caf\u00e9 \u00ff'],
    ['astral', 'a\ud83d\ude00b'],
    ['longer than the assembly buffer', 'C'.repeat(40_000)],
  ])('one %s line: the digest of exactly the framed text, whichever way it is assembled', (_, line) => {
    const chain = [':chain:'];
    const chainDigest = createHash('sha256').update(`\u0000${chain[0].length}:${chain[0]}`).digest('base64');
    const expected = createHash('sha256').update(`rfc9440\u00031\u00031\u0003${chainDigest}\u0000${line.length}:${line}`).digest('binary');
    expect(createDecisionKey()('rfc9440', [line], chain)).toBe(expected);
  });

  it('frames lines by length: lines split differently never share a key', () => {
    const key = createDecisionKey();
    // With lines joined by a separator these two framed to the same text.
    expect(key('rfc9440', ['a\nb'], [])).not.toBe(key('rfc9440', ['a', 'b'], []));
    expect(key('rfc9440', ['a'], ['b'])).not.toBe(key('rfc9440', ['a\u0000b'], []));
    expect(key('rfc9440', ['a'], ['b', 'c'])).not.toBe(key('rfc9440', ['a'], ['b\u0000\u00001:c']));
    expect(key('rfc9440', ['a'], [])).not.toBe(key('envoy-xfcc', ['a'], []));
  });

  it('remembers the chain digest only for the exact chain value', () => {
    const key = createDecisionKey();
    const fresh = createDecisionKey();
    const first = key('rfc9440', ['leaf'], [':chain-a:']);
    expect(key('rfc9440', ['leaf'], [':chain-b:'])).toBe(fresh('rfc9440', ['leaf'], [':chain-b:']));
    expect(key('rfc9440', ['leaf'], [':chain-a:'])).toBe(first);
    expect(first).not.toBe(fresh('rfc9440', ['leaf'], [':chain-b:']));
  });

  it('gives every line its own key when remembered lines share a slot, a format or a chain', () => {
    // Lines of one length that differ only before the characters the slot is chosen by share a slot.
    const tail = `${'Q'.repeat(40)}:`;
    const sameSlot = ['A', 'B', 'C'].map((c) => `:${c}${tail}`);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            format: fc.constantFrom('rfc9440', 'envoy-xfcc'),
            line: fc.constantFrom(...sameSlot, ':x:', 'short', `:${'A'.repeat(300)}:`),
            chain: fc.constantFrom<string[]>([], [':c1:'], [':c2:'], [':c1:', ':c2:']),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (calls) => {
          const remembering = createDecisionKey();
          for (const { format, line, chain } of calls) {
            expect(remembering(format, [line], chain)).toBe(createDecisionKey()(format, [line], chain));
          }
        },
      ),
      { seed: 9440, numRuns: 300 },
    );
  });

  it('finds a remembered line again only when it is equal in full', () => {
    const key = createDecisionKey();
    const a = `:${'A'.repeat(100)}B${'C'.repeat(20)}:`;
    const b = `:${'A'.repeat(100)}X${'C'.repeat(20)}:`;
    const first = key('rfc9440', [a], []);
    expect(key('rfc9440', [b], [])).toBe(createDecisionKey()('rfc9440', [b], []));
    expect(key('rfc9440', [b], [])).not.toBe(first);
    // The same text in a new string (as every request brings) is found.
    expect(key('rfc9440', [`${a} `.trimEnd()], [])).toBe(first);
  });

  it('gives no key (no caching) for a line with a lone surrogate, which UTF-8 would fold into U+FFFD', () => {
    const key = createDecisionKey();
    expect(key('rfc9440', ['\ud800'], [])).toBeUndefined();
    expect(key('rfc9440', ['a'], ['\udc00'])).toBeUndefined();
    expect(key('rfc9440', ['\ufffd'], [])).toHaveLength(32);
  });

  it('never serves a decision made with one chain for the same leaf with another chain', async () => {
    const events: ClientCertAuditEvent[] = [];
    const a = express();
    a.use(clientCert({ trustedProxies: 'loopback', trustAnchors: root.pem, now: () => NOW, onAudit: (e) => events.push(e) }));
    a.get('/', (req, res) => res.json({ subject: req.clientCert?.subject ?? null, reason: req.clientCertError?.reason ?? null }));
    const withChain = { 'Client-Cert': encodeClientCert(leaf.der), 'Client-Cert-Chain': encodeClientCertChain(intermediate.der) };
    const withoutChain = { 'Client-Cert': encodeClientCert(leaf.der) };
    await request(a).get('/').set(withChain).expect(200, { subject: 'CN=alice,O=CacheKey', reason: null });
    const refused = await request(a).get('/').set(withoutChain).expect(200);
    expect(refused.body.subject).toBeNull();
    await request(a).get('/').set(withChain).expect(200, { subject: 'CN=alice,O=CacheKey', reason: null });
    expect(events.map((e) => e.cached)).toEqual([false, false, true]);
  });
});

describe('cached identities', () => {
  async function identities(): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    const a = express();
    a.use(clientCert({ trustedProxies: 'loopback', trustAnchors: root.pem, now: () => NOW }));
    a.get('/', (req, res) => {
      out.push(req.clientCert as unknown as Record<string, unknown>);
      res.end();
    });
    const bob = makeCert({ subject: 'bob', issuer: intermediate });
    for (const cert of [leaf, bob]) {
      await request(a)
        .get('/')
        .set({ 'Client-Cert': encodeClientCert(cert.der), 'Client-Cert-Chain': encodeClientCertChain(intermediate.der) });
    }
    return out;
  }

  it('share their copying getters instead of holding closures of their own', async () => {
    const [one, two] = await identities();
    expect(one).toBeDefined();
    expect(two).toBeDefined();
    for (const name of ['der', 'notBefore', 'notAfter']) {
      const a = Object.getOwnPropertyDescriptor(one, name);
      const b = Object.getOwnPropertyDescriptor(two, name);
      expect(a?.enumerable).toBe(true);
      expect(typeof a?.get).toBe('function');
      expect(a?.get).toBe(b?.get);
    }
  });

  it('still hand out fresh copies, seen by JSON and spreading', async () => {
    const [one] = await identities();
    const id = one as unknown as { der: Uint8Array; notAfter: Date; chain: { der: Uint8Array }[] };
    id.der[0] = 0;
    expect(id.der[0]).toBe(0x30);
    expect(id.der).not.toBe(id.der);
    expect(id.chain[0].der).toEqual(id.der);
    expect(Object.keys({ ...one })).toEqual(expect.arrayContaining(['der', 'notBefore', 'notAfter']));
    expect(JSON.parse(JSON.stringify(one)).notAfter).toBe(id.notAfter.toISOString());
  });
});
